## Commands (menu descriptions)
command-start = Начать или вернуться
command-events = Ближайшие мероприятия
command-calendar = Мои мероприятия в календаре телефона
command-profile = Мой профиль и настройки
command-help = Что умеет бот
command-stop = Не присылать сообщения
command-delete-me = Удалить мои данные
command-cancel = Отменить текущий диалог

## Start
start-greeting = Здравствуйте! Я Маяк — бот региональной программы поддержки школ. Здесь будут анонсы вебинаров и семинаров, напоминания о сроках, опросы и подтверждения.
start-welcome-back = С возвращением, { $name }! Команды: /profile — профиль и настройки, /help — справка.
start-pending = Ваша заявка на регистрацию ещё на рассмотрении у координатора. Я напишу, как только её одобрят.
start-resumed = Снова присылаю вам сообщения. Отключить — /stop.
start-deactivated = Ваша учётная запись отключена администратором. Если это ошибка, обратитесь к координатору муниципалитета.
start-already-registered = Вы уже зарегистрированы, приглашение не понадобилось.

## Registration
consent-request = Чтобы зарегистрироваться, нужно ваше согласие на обработку персональных данных (152-ФЗ): ФИО, место работы, должность, предметы и идентификатор Telegram.
    Оператор: { $operator }.
    Политика обработки: <a href="{ $url }">{ $url }</a>
    Данные хранятся в России; отозвать согласие и удалить данные можно в любой момент командой /delete_me.
consent-yes = ✅ Согласен(на)
consent-no = Не согласен(на)
consent-declined = Хорошо. Без согласия я не могу вас зарегистрировать и ничего о вас не сохранил. Анонсы можно читать на сайте и в канале института. Передумаете — отправьте /start.
registration-without-invite = Можно зарегистрироваться без приглашения: отправьте /start. Заявку одобрит координатор вашего муниципалитета.
registration-municipality = Выберите ваш муниципалитет (район или городской округ) или напишите часть названия.
registration-municipality-matches = Вот что нашлось. Выберите или напишите иначе.
registration-school-type = Напишите часть названия вашей школы или её номер, например «СОШ 5» или «Лицей».
registration-school-pick = Выберите вашу школу или напишите часть названия.
registration-no-school = Я не работаю в школе
registration-nothing-found = Ничего не нашлось. Попробуйте написать иначе, короче.
registration-role = Кто вы?
registration-subjects = Какие предметы вы ведёте? Отметьте все и нажмите «Готово».
registration-subjects-done = Готово
registration-subjects-empty = Отметьте хотя бы один предмет.
registration-full-name = Напишите фамилию, имя и отчество полностью, например: Иванова Мария Петровна.
registration-full-name-too-short = Слишком коротко. Напишите фамилию, имя и отчество.
registration-full-name-too-long = Слишком длинно: не больше 120 знаков.
registration-full-name-not-a-name = Похоже, это не ФИО. Нужны хотя бы два слова из букв, например: Иванова Мария Петровна.
registration-summary = Проверьте:
    <b>{ $name }</b>
    Муниципалитет: { $municipality }
    Школа: { $school }
    Роль: { $role }
    Предметы: { $subjects }
registration-send = Отправить
registration-again = Заполнить заново
registration-done-pending = Заявка отправлена координатору муниципалитета. Я напишу, когда её одобрят.
registration-done-active = Готово, вы зарегистрированы! Здесь будут анонсы, напоминания и опросы. Настройки — /profile.
registration-in-progress = Сейчас идёт регистрация. Ответьте на вопрос выше или отправьте /cancel, чтобы отменить.
registration-press-button = Пожалуйста, нажмите одну из кнопок выше.
registration-type-or-press = Нажмите кнопку выше или напишите текстом.
registration-approved = Ваша регистрация одобрена! Теперь вы будете получать анонсы, напоминания и опросы. Настройки — /profile.
registration-rejected = К сожалению, заявка на регистрацию отклонена. Причина: { $reason }. Если это ошибка, свяжитесь с координатором муниципалитета или отправьте /start, чтобы подать заявку заново.

## Approvals (coordinators)
approval-request = Новая заявка на регистрацию:
    <b>{ $name }</b>
    { $role }, { $school }
    { $municipality }
    Предметы: { $subjects }
approval-approve = ✅ Одобрить
approval-reject = Отклонить
approval-approved = ✅ Одобрено: <b>{ $name }</b>, { $role }, { $school }
approval-rejected = ❌ Отклонено: <b>{ $name }</b>, { $role }, { $school }
approval-verdict = { $approved ->
        [yes] ✅ Одобрено
       *[no] ❌ Отклонено
    }{ $where ->
        [panel] {" "}в панели
        [bot] {" "}в боте
        [api] {" "}через API
       *[other] {""}
    }: { $who }
approval-verdict-reason = Причина: { $reason }

## Profile
profile-card = <b>{ $name }</b>
    Роль: { $role }
    Школа: { $school }
    Муниципалитет: { $municipality }
    Предметы: { $subjects }
    Статус: { $status }
    Язык: { $language }
    Часовой пояс: { $timezone }
profile-edit-subjects = Предметы
profile-edit-notifications = Уведомления
profile-switch-language = English
profile-edit-timezone = Часовой пояс
profile-link-open = 🔗 Подключить другой мессенджер
profile-link-code =
    Откройте Маяк в другом мессенджере (Telegram или MAX) и отправьте боту:
    <code>{ $command }</code>
    Код действует 15 минут и подходит один раз. Сообщения будут приходить в основной мессенджер, а если он недоступен — в другой.
link-linked = Готово: этот мессенджер подключён к вашему профилю в Маяке.
link-invalid = Код не подошёл: он неверный, уже использован или устарел. Получите новый в /profile в другом мессенджере.
link-taken = Этот аккаунт уже зарегистрирован в Маяке отдельно; подключить его к другому профилю нельзя.
profile-back = « Назад
profile-subjects-title = Отметьте предметы, которые вы ведёте:
profile-notifications-title = Что присылать (сроки по вашей школе приходят всегда):
profile-notify-reminders = Напоминания о мероприятиях
profile-notify-announcements = Анонсы и новости
profile-timezone-title = Выберите часовой пояс — напоминания придут по вашему времени:

## Stop and delete
stop-done = Больше не буду присылать сообщения. Вернуться — /start.
delete-me-confirm = Удалить ваши персональные данные? ФИО и связь с мессенджерами будут стёрты безвозвратно; в статистике останутся только обезличенные цифры.
delete-me-yes = Да, удалить
delete-me-no = Нет, оставить
delete-me-done = Ваши данные удалены. Спасибо, что были с нами. Чтобы зарегистрироваться снова, отправьте /start.
delete-me-kept = Хорошо, ничего не удаляю.

## Help and fallbacks
help-newcomer = Я Маяк — бот программы поддержки школ. Отправьте /start, чтобы зарегистрироваться.
help-registered = Команды:
cancel-done = Отменено. Начать регистрацию заново — /start.
cancel-done-task = Отменено. Задание осталось в списке — /tasks.
cancel-done-registered = Отменено. Что можно сделать дальше — /help.
cancel-nothing = Отменять нечего. Команды — /help.
unknown-command = Не знаю такой команды. Список команд — /help.
fallback-registered = Я пока понимаю только команды и кнопки. Список команд — /help.
fallback-newcomer = Чтобы начать, отправьте /start.
button-outdated = Эта кнопка уже не действует.
not-registered = Вы ещё не зарегистрированы. Отправьте /start.

## Errors
error-unexpected = Что-то пошло не так. Попробуйте ещё раз чуть позже; если повторится — /cancel и /start.
error-invite-not-found = Приглашение не найдено или отозвано.
error-invite-expired = Срок действия приглашения истёк.
error-invite-used-up = Приглашение уже использовано максимальное число раз.
error-already-registered = Вы уже зарегистрированы. Профиль — /profile.
error-already-decided = Решение по этой заявке уже принято.
error-not-allowed = У вас нет прав на это действие.
error-not-found = Не найдено.
error-invalid-input = Проверьте введённые данные.
error-invalid-credentials = Неверная почта или пароль.
error-too-many-attempts = Слишком много попыток, подождите.
error-demo-refused = Демо-данные можно загрузить только в пустую базу.

## Vocabulary
role-teacher = Учитель
role-school_lead = Управленческая команда школы
role-curator = Куратор
role-coordinator = Муниципальный координатор
role-editor = Сотрудник института
status-pending = ожидает одобрения
status-active = активен
status-stopped = сообщения отключены
status-blocked = бот заблокирован
status-deleted = удалён
status-deactivated = деактивирован
status-rejected = заявка отклонена
language-ru = русский
language-en = английский
subject-math = Математика
subject-russian = Русский язык
subject-literature = Литература
subject-physics = Физика
subject-chemistry = Химия
subject-biology = Биология
subject-history = История
subject-social = Обществознание
subject-geography = География
subject-informatics = Информатика
subject-english = Английский язык
subject-foreign = Другой иностранный язык
subject-primary = Начальные классы
subject-pe = Физкультура
subject-art = ИЗО
subject-music = Музыка
subject-technology = Труд (технология)
subject-safety = ОБЗР

## MAX
