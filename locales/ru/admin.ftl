## Admin panel: frame and shared words
app-name = Маяк
nav-dashboard = Главная
nav-people = Люди
nav-schools = Школы
nav-municipalities = Муниципалитеты
nav-approvals = Заявки
nav-invites = Приглашения
nav-import = Импорт
nav-audit = Журнал
nav-admins = Администраторы
nav-logout = Выйти
admin-role-owner = владелец
admin-role-editor = редактор
admin-role-coordinator = координатор
admin-role-viewer = наблюдатель
any = все
save = Сохранить
filter-apply = Показать
filter-reset = Сбросить
pager-next = Дальше →
pager-first = ← В начало
back-home = На главную
field-full-name = ФИО
field-role = Роль
field-roles = Роли
field-school = Школа
field-municipality = Муниципалитет
field-subject = Предмет
field-subjects = Предметы
field-status = Статус
field-tag = Метка школы
tag-shnor = ШНОР
tag-shnsu = ШНСУ
tag-500plus = 500+
tag-risk_zone = Зона риска
http-401 = Сеанс истёк — войдите снова
http-403 = Нет доступа
http-404 = Не найдено
http-409 = Уже сделано
http-400 = Проверьте данные
http-413 = Файл слишком большой: не больше 8 МБ
http-429 = Слишком много попыток
http-500 = Что-то пошло не так. Попробуйте ещё раз; если повторится — сообщите администратору.
flash-saved = Сохранено.
flash-activated = Человек снова получает сообщения.
flash-deactivated = Человек деактивирован: сообщения ему больше не отправляются.

## Validation (reasons next to a field)
validation-invalid = Неверное значение ({ $reason })
validation-too-small = Слишком мало: не меньше { $minimum }
validation-too-big = Слишком много: не больше { $maximum }
validation-invalid-type = Заполните поле
validation-invalid-value = Выберите значение из списка
validation-invalid-format = Неверный формат
validation-choose-at-least-one = Выберите хотя бы одно значение
validation-no-such-school = Такой школы нет
validation-person-erased = Данные этого человека удалены по его просьбе
validation-not-a-curator = У человека нет роли куратора
validation-unknown-timezone = Неизвестный часовой пояс
validation-school-or-municipality-required = Укажите школу или муниципалитет
validation-role-needs-school = Для этой роли нужна школа

## Sign-in
login-title = Вход в панель
login-email = Электронная почта
login-password = Пароль
login-submit = Войти
login-invalid = Неверная почта или пароль.
login-too-many = Слишком много неудачных попыток. Подождите 15 минут и попробуйте снова.
login-form-expired = Форма входа устарела или открыта не с этого сайта. Введите почту и пароль ещё раз.
login-try-again-shortly = С этого адреса было много неудачных попыток входа. Подождите { $seconds ->
    [one] { $seconds } секунду
    [few] { $seconds } секунды
   *[many] { $seconds } секунд
} и попробуйте снова.
login-sandbox-hint = Песочница: поговорить с ботом без Telegram —
login-sandbox-account = Вход в панель песочницы: owner@sandbox.local, пароль mayak-sandbox.

## Dashboard
dashboard-title = Главная

## People
people-title = Люди
calendar-show = Показывать
calendar-show-both = Мероприятия и сроки задач
calendar-show-events = Только мероприятия
calendar-show-deadlines = Только сроки задач
calendar-deadline = срок задачи
title-search = Поиск по названию
people-search = Поиск по ФИО
people-search-placeholder = Например, Иванова
people-total = Найдено: { $total }
people-bad-filter = Фильтр содержит неверные значения и не применён.
person-erased = (данные удалены)
person-registered-at = в системе с { $date }
person-no-school = — не в школе —
person-municipality-without-school = Муниципалитет (если не в школе)
person-activate = Активировать снова
person-deactivate = Деактивировать
person-history = История изменений
person-history-empty = Изменений пока не было.
person-contacts = Как с ним связаться
person-contacts-none = Ни одного мессенджера: сообщения не доходят.
person-contact-user = ID в мессенджере
person-contact-status = Состояние
person-contact-active = доступен
person-contact-blocked = заблокировал бота
person-contact-preferred = основной
person-contact-preferred-column = Основной
person-contact-make-preferred = Сделать основным
person-contact-preferred-hint = Сообщения идут в основной мессенджер; если там бот заблокирован — в другой.
validation-link-code-invalid = Код привязки не подошёл или устарел: получите новый в /profile.
channel-column = Канал
channel-telegram = Telegram
channel-max = MAX

## Audit actions
audit-person-edit = изменение данных
audit-person-activate = активация
audit-person-preferred-contact = выбран основной мессенджер
audit-person-deactivate = деактивация
audit-curator-assign = назначен куратор
audit-curator-unassign = снят куратор
preview-failed = Предпросмотр не обновился: сервер не ответил. Проверьте соединение; сохранение формы покажет все ошибки.

## Telegram unreachable (banner, dashboard)
telegram-outage-banner = Telegram недоступен с { $since }. Ждут отправки: { $waiting }. Панель работает; сообщения уйдут, когда связь вернётся.
dashboard-telegram-outage = ждут отправки: Telegram недоступен с { $since }
dashboard-backup-ok = последняя резервная копия ({ $size })
dashboard-backup-stale = последняя резервная копия ({ $size }) старше двух дней: проверьте расписание и BACKUP_DIR
dashboard-backup-failed = резервная копия не сделана: { $reason }
dashboard-backup-never = резервных копий ещё нет (npm run cli -- backup)
body-too-large = Слишком большой запрос: не больше { $max }.

## Confirmations before an action that tells people something or cannot be undone
confirm-event-publish = Опубликовать? Анонс сразу уйдёт всем из аудитории.
confirm-event-cancel = Отменить мероприятие? Всем записавшимся придёт сообщение об отмене; вернуть нельзя.
confirm-event-discard = Отменить черновик? Вернуть нельзя.
confirm-broadcast-cancel = Остановить рассылку? Кто ещё не получил сообщение, уже не получит.
confirm-broadcast-resend = Отправить ещё раз тем, кому не дошло?
confirm-broadcast-send = Отправить рассылку? Сообщение уйдёт всем получателям.
confirm-task-publish = Опубликовать задание? Исполнители сразу получат его в Telegram.
confirm-survey-publish = Опубликовать опрос? Приглашения уйдут всей аудитории.
confirm-schedule-stop = Остановить всю отправку? Бот перестанет рассылать, пока отправку не возобновят.
confirm-schedule-resume = Возобновить отправку? Всё задержанное уйдёт.
confirm-channel-post-delete = Удалить публикацию из канала? Вернуть нельзя.
confirm-topic-delete = Удалить тему? Подписки на неё пропадут.
confirm-broadcast-discard = Отменить черновик рассылки? Вернуть нельзя.
confirm-invite-revoke = Отозвать приглашение? Ссылка перестанет работать; вернуть нельзя.
confirm-admin-sessions = Завершить все сеансы этого администратора? Ему придётся войти заново.
confirm-approval-reject = Отклонить заявку? Человеку придёт сообщение с причиной.
confirm-api-token-revoke = Отозвать токен? Программы с ним сразу потеряют доступ; вернуть нельзя.
confirm-task-close = Закрыть задачу? Исполнители больше не смогут отметить выполнение, напоминания прекратятся; вернуть нельзя.
confirm-survey-close = Закрыть опрос? Ответы больше не принимаются, напоминания не уйдут; вернуть нельзя.
confirm-survey-question-delete = Удалить вопрос? Вернуть нельзя.
confirm-roadmap-delete = Удалить загруженный план вместе с разбором? Вернуть нельзя — файл придётся загрузить заново.
confirm-audience-archive = Убрать аудиторию в архив? Из списка она исчезнет, вернуть её нельзя; рассылки, уже отправленные по ней, не изменятся.
nav-menu = Меню
nav-group-work = Мероприятия и задачи
nav-group-messages = Сообщения
nav-group-directory = Люди и школы
nav-group-admin = Настройки
nav-group-reports = Отчёты
nav-tasks-matrix = Выполнение задач
