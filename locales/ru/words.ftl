## Words for codes: durations, time zones, kinds of scheduled work and messages

words-before-days = за { $n } { $n ->
    [one] день
    [few] дня
   *[many] дней
}
words-before-hours = за { $n } { $n ->
    [one] час
    [few] часа
   *[many] часов
}
words-before-minutes = за { $n } { $n ->
    [one] минуту
    [few] минуты
   *[many] минут
}
zone-europe-kaliningrad = Калининград
zone-europe-moscow = Москва
zone-europe-samara = Самара
zone-asia-yekaterinburg = Екатеринбург
zone-asia-omsk = Омск
zone-asia-krasnoyarsk = Красноярск
zone-asia-irkutsk = Иркутск
zone-asia-yakutsk = Якутск
zone-asia-vladivostok = Владивосток
zone-asia-magadan = Магадан
zone-asia-kamchatka = Камчатка
kind-other = Служебная задача
kind-forget-abandoned-conversations = Очистка брошенных диалогов
kind-event-reminder = Напоминание о мероприятии
kind-event-attendance = Вопрос «Были на мероприятии?»
kind-event-announcement = Анонс мероприятия
kind-event-announcement-chat = Анонс мероприятия в чат школы
kind-event-cancelled = Отмена мероприятия
kind-event-changed = Изменение мероприятия
kind-event-promoted = Место из листа ожидания
kind-task-chase = Напоминание о задании
kind-task-escalate = Эскалация просроченного задания
kind-task-assigned = Новое задание
kind-task-assigned-chat = Новое задание в чат школы
kind-task-reminder = Напоминание о задании
kind-task-escalation = Эскалация просроченного задания
kind-task-problem = Проблема с заданием
kind-task-verify = Проверка выполнения
kind-task-weekly-digest = Еженедельная сводка координатору
kind-task-daily-digest = Ежедневная сводка
kind-broadcast-send = Рассылка
kind-broadcast = Рассылка
kind-channel-post = Публикация в канале
kind-channel-announcement = Анонс в канале
kind-channel-post-release = Пост-релиз в канале
kind-delivery-daily-summary = Сводка сообщений сверх лимита
kind-survey-open = Открытие опроса
kind-survey-reminder = Напоминание об опросе
kind-survey-close = Закрытие опроса
kind-survey-invitation = Приглашение в опрос
kind-subscriptions-defaults = Подписки по умолчанию
kind-registration-approval-request = Заявка на регистрацию координатору
kind-registration-approval-verdict = Решение по заявке в сообщении координатора
kind-registration-decision = Ответ на заявку на регистрацию
