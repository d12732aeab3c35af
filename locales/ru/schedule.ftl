## The schedule page and the emergency stop

nav-schedule = Расписание
schedule-title = Расписание отправки
schedule-intro = Всё, что бот отправит { $days ->
    [one] в ближайший { $days } день
    [few] в ближайшие { $days } дня
   *[many] в ближайшие { $days } дней
} (время — { $zone }): задания планировщика и сообщения, ждущие своего часа.
schedule-empty = В ближайшие дни ничего не запланировано.
schedule-col-when = Когда
schedule-col-kind = Вид
schedule-col-what = Что
schedule-col-recipients = Получателей
schedule-paused = на паузе
schedule-action-pause = Пауза
schedule-action-resume = Продолжить
schedule-action-cancel = Отменить
schedule-action-send-now = Срочно, сейчас
schedule-event-reminder = Напоминание { $offset }: { $title }
schedule-event-attendance = «Были на мероприятии?»: { $title }
schedule-daily-summary = Утренняя сводка сообщений сверх дневного лимита
schedule-stop-title = Экстренная остановка
schedule-stop-off = Отправка идёт как обычно.
schedule-stop-on = Вся отправка остановлена с { $since } ({ $by }). Ответы людям на их собственные сообщения продолжают идти.
schedule-stop = Остановить всю отправку
schedule-resume = Возобновить отправку
schedule-stop-banner = Экстренная остановка: бот ничего не рассылает, пока отправку не возобновят.
schedule-settings-title = Тихие часы и лимит
schedule-settings-intro = Для всего региона; человек может выбрать свои тихие часы в /profile. Обычные сообщения в тихие часы ждут утра по времени получателя; сверх лимита в день — приходят одной сводкой на следующее утро.
schedule-quiet-from = Тихие часы с
schedule-quiet-to = до
schedule-daily-cap = Не больше обычных сообщений в день
schedule-settings-save = Сохранить
flash-schedule-stopped = Вся отправка остановлена.
flash-schedule-already-stopped = Отправка уже была остановлена.
flash-schedule-resumed = Отправка возобновлена.
flash-schedule-not-stopped = Отправка и так идёт.
flash-schedule-item-pause = Поставлено на паузу.
flash-schedule-item-resume = Снято с паузы.
flash-schedule-item-cancel = Отменено.
flash-schedule-item-send-now = Отправляется сейчас, как срочное.
flash-schedule-settings-saved = Настройки сохранены.
validation-quiet-hours-empty = Начало и конец тихих часов совпадают.
schedule-col-actions = Действия
