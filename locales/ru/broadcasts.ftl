## Broadcasts: the panel's composer and report

nav-broadcasts = Рассылки
broadcasts-title = Рассылки
broadcasts-new = Новая рассылка
broadcasts-empty = Рассылок пока нет.
broadcasts-telegram-link = Мой Telegram для проверки и /broadcast
broadcasts-col-text = Текст
broadcasts-col-status = Состояние
broadcasts-col-when = Когда
broadcasts-col-recipients = Получателей
broadcast-status-draft = черновик
broadcast-status-scheduled = запланирована
broadcast-status-sending = отправляется
broadcast-status-sent = отправлена
broadcast-status-cancelled = отменена
broadcast-draft-title = Рассылка № { $id } (черновик)
broadcast-report-title = Рассылка № { $id }
broadcast-field-text = Текст
broadcast-text-hint = Оформление как в Telegram: <b>жирный</b>, <i>курсив</i>, <u>подчёркнутый</u>, <a href="https://…">ссылка</a>. До 4096 знаков, подпись к фото или файлу — до 1024.
broadcast-field-attachment = Фото или файл
broadcast-attachment-none = без вложения
broadcast-attachment-photo = фото
broadcast-attachment-document = файл (документ)
broadcast-field-file = Адрес https:// или идентификатор файла в Telegram
broadcast-field-buttons = Кнопки
broadcast-buttons-hint = Надпись и ссылка — или надпись и номер мероприятия (кнопка откроет его карточку в боте).
broadcast-button-text = Надпись
broadcast-button-event = № мероприятия
broadcast-field-municipality = Чья рассылка
broadcast-region-wide = Вся область
broadcast-field-send-at = Отправить в (время { $zone })
broadcast-send-at-hint = Пусто — сразу после нажатия «Отправить».
broadcast-save = Сохранить черновик
broadcast-test = Проверить на себе
broadcast-test-needs-link = Чтобы проверить на себе, укажите свой Telegram.
broadcast-send = Отправить
broadcast-discard = Отменить черновик
broadcast-preview-title = Так увидят в Telegram
broadcast-preview-hint = Предпросмотр обновляется по мере ввода.
broadcast-preview-copy = Пересланное сообщение, как есть
broadcast-scheduled-at = начнётся { $at }
broadcast-eta = { $minutes ->
    [0] { $seconds } с
   *[other] { $minutes } мин { $seconds } с
}
broadcast-progress-summary = Отправлено { $sent } из { $recipients } · { NUMBER($rate, minimumFractionDigits: 1, maximumFractionDigits: 1) } в секунду · осталось { $eta }
broadcast-count-sent = отправлено
broadcast-count-failed = ошибка
broadcast-count-blocked = заблокировали бота
broadcast-count-skipped = пропущено
broadcast-count-uncertain = неизвестно
broadcast-count-remaining = в очереди
broadcast-uncertain-hint = «Неизвестно» — сообщение уходило в момент сбоя: возможно, оно дошло. Само оно не повторяется, чтобы никто не получил его дважды.
broadcast-cancel = Остановить рассылку
broadcast-cancel-hint = Уже отправленное останется, остальным не уйдёт.
broadcast-resend = Отправить ещё раз тем, кому не ушло ({ $count })
broadcast-resend-uncertain = и тем, чья отправка неизвестна ({ $count }; кто-то может получить дважды)
broadcast-message = Сообщение
broadcast-failed-title = Кому не доставлено
broadcast-failed-none = Пока всем доставлено.
broadcast-failed-csv = Скачать список (CSV)
broadcast-failed-person = Получатель
broadcast-failed-status = Состояние
broadcast-failed-reason = Причина
broadcast-telegram-hint = Числовой id вашего аккаунта Telegram (его покажет, например, @userinfobot). На него приходят проверочные отправки, и с него можно делать рассылки командой /broadcast в боте.
broadcast-telegram-id = Telegram id
broadcast-telegram-save = Сохранить
broadcast-telegram-others = Другие администраторы
delivery-status-pending = в очереди
delivery-status-sending = отправляется
delivery-status-sent = отправлено
delivery-status-failed = ошибка
delivery-status-blocked = заблокировал бота
delivery-status-skipped = пропущено
delivery-status-uncertain = неизвестно
delivery-reason-cancelled = рассылка остановлена
delivery-reason-in-flight-at-crash = уходило в момент сбоя
delivery-reason-recipient-blocked = заблокировал бота
delivery-reason-recipient-stopped = отписался (/stop)
delivery-reason-recipient-deleted = удалил свои данные
delivery-reason-recipient-no-contact = нет ни одного мессенджера
delivery-reason-recipient-deactivated = отключён
delivery-reason-recipient-no-consent = ещё не дал согласие
delivery-reason-too-late = опоздало: уже не нужно (событие началось, запись закрыта)
delivery-reason-no-answer = Telegram не ответил: могло дойти
flash-broadcast-saved = Черновик сохранён.
flash-broadcast-started = Рассылка запущена.
flash-broadcast-cancelled = Рассылка остановлена.
flash-broadcast-resent = Недоставленные снова в очереди.
flash-broadcast-nothing-to-resend = Повторять некому.
flash-broadcast-test-sent = Проверочное сообщение отправлено вам в Telegram.
flash-telegram-linked = Telegram сохранён.
validation-broadcast-empty = Напишите текст (или приложите фото или файл)
validation-html-unclosed-tag = Тег <{ $tag }> не закрыт: Telegram не примет такое сообщение
validation-html-unknown-tag = Telegram не знает тег <{ $tag }>: можно <b>, <i>, <u>, <s>, <a>, <code>, <pre>, <blockquote>
validation-html-stray-close = Закрывающий тег </{ $tag }> без открывающего
validation-html-misnested-tag = Теги перепутаны: </{ $tag }> закрыт раньше вложенного
validation-html-stray-bracket = Знак «<» не из тега: напишите &lt;
validation-html-stray-ampersand = Знак «&» не из сущности: напишите &amp;
validation-html-bad-link = У ссылки нет адреса https:// (или tg://)
validation-text-too-long = Слишком длинно для одного сообщения: { $length } { $length ->
    [one] знак
    [few] знака
   *[many] знаков
} из { $maximum }
validation-caption-too-long = Слишком длинная подпись к фото или файлу: { $length } { $length ->
    [one] знак
    [few] знака
   *[many] знаков
} из { $maximum }
validation-attachment-file = Нужен адрес https://… или идентификатор файла в Telegram
validation-send-at-past = Это время уже прошло
validation-broadcast-not-draft = Менять можно только черновик
validation-broadcast-finished = Рассылка уже закончена
validation-broadcast-not-sent = Рассылка ещё не отправлялась
validation-telegram-id-taken = Этот Telegram уже связан с другим администратором
validation-telegram-not-linked = Сначала укажите свой Telegram («Мой Telegram»)

## Channels

channels-title = Каналы
channels-empty = Каналов пока нет.
channel-add = Добавить канал
channel-add-hint = Сначала добавьте бота в администраторы канала с правом публиковать, редактировать и удалять сообщения.
channel-field-chat = Канал: @имя или числовой id (-100…)
channel-ready = Бот — администратор, можно публиковать.
channel-checked = проверено { $at }
channel-check = Проверить ещё раз
channel-problem-not-admin = Бот не администратор канала
channel-problem-not-found = Telegram не нашёл канал
channel-problem-unreachable = Telegram не ответил
channel-fix-not-admin = Откройте канал → Управление каналом → Администраторы → Добавить администратора, найдите бота и включите «Публикация», «Редактирование» и «Удаление сообщений». Затем нажмите «Проверить ещё раз».
channel-fix-not-found = Проверьте @имя или id канала и что бот добавлен в канал.
channel-fix-unreachable = Попробуйте проверить чуть позже.
channel-announce-event = Анонс мероприятия
channel-release-event = Пост-релиз прошедшего мероприятия
channel-propose = Подготовить текст
channel-post-kind-post = Публикация
channel-post-kind-announcement = Анонс мероприятия
channel-post-kind-post-release = Пост-релиз
channel-field-post-at = Опубликовать в (время { $zone }; пусто — сразу)
channel-post-submit = Опубликовать
channel-posts = Публикации
channel-posts-empty = Публикаций пока нет.
channel-post-state-scheduled = запланирована
channel-post-state-pending = в очереди
channel-post-state-sending = отправляется
channel-post-state-sent = опубликована
channel-post-state-failed = не опубликована
channel-post-state-blocked = бот не может публиковать
channel-post-state-skipped = отменена
channel-post-state-uncertain = неизвестно (сбой при отправке)
channel-post-state-deleted = удалена из канала
channel-post-state-cancelled = отменена
channel-post-edited = изменена
channel-post-edit = Сохранить изменения в канале
channel-post-delete = Удалить
channel-sign-up-button = Записаться
channel-release-heading = Состоялось
channel-release-attended = Участников: { $count }
channel-release-rating = Средняя оценка участников: { NUMBER($average, minimumFractionDigits: 1, maximumFractionDigits: 1) } из 5
channel-release-placeholder = Расскажите, что было главным, и приложите фото.
flash-channel-added = Канал добавлен, бот может публиковать.
flash-channel-added-problem = Канал добавлен, но публиковать бот пока не может: см. как исправить.
flash-channel-ok = Всё в порядке: бот может публиковать.
flash-channel-still-problem = Бот всё ещё не может публиковать.
flash-channel-post-scheduled = Публикация поставлена в очередь.
flash-channel-post-edited = Публикация изменена.
flash-channel-post-deleted = Публикация удалена.
validation-channel-id-format = Укажите @имя канала или его id вида -100…
validation-channel-exists = Этот канал уже добавлен
validation-channel-not-found = Telegram не знает такого канала, или бота в нём нет
validation-channel-unreachable = Telegram не ответил, попробуйте позже
validation-channel-unknown = Такого канала нет
validation-channel-not-ready = Бот не может публиковать в этом канале: откройте канал в панели и исправьте
validation-post-gone = Публикация удалена
validation-post-not-sent-yet = Публикация ещё не ушла: дождитесь отправки
validation-telegram-refused = Telegram отказал: { $reason }
validation-event-not-published = Мероприятие не опубликовано

## Broadcasts in the bot (/broadcast, for editors)

broadcast-bot-not-editor = Рассылки из бота доступны редакторам и координаторам панели, чей Telegram указан в панели («Рассылки» → «Мой Telegram»).
broadcast-bot-ask = Пришлите текст рассылки (оформление Telegram сохранится) или перешлите сообщение, которое нужно разослать как есть. Выйти — /cancel.
broadcast-bot-media = (вложение)
max-broadcast-bot-not-editor = Рассылки из бота доступны редакторам и координаторам панели, чей Telegram указан в панели («Рассылки» → «Мой Telegram»). В MAX — тем из них, кто подключил MAX к этому Telegram в «Маяке» (/profile в Telegram → «Подключить другой мессенджер»).
max-broadcast-bot-ask = Пришлите текст рассылки (оформление MAX сохранится). Выйти — /cancel.
broadcast-bot-audience = Кому отправить? В скобках — сколько человек получат.
broadcast-bot-everyone = Все в моей зоне
broadcast-bot-press-button = Выберите вариант кнопкой выше или /cancel.
broadcast-bot-nobody = В этой аудитории сейчас никого нет. Начните заново: /broadcast
broadcast-bot-preview = Так увидят получатели:
broadcast-bot-confirm = Отправить { $count } { $count ->
    [one] получателю
   *[other] получателям
} ({ $audience })?
broadcast-bot-send = Отправить
broadcast-bot-cancel = Отмена
broadcast-bot-cancelled = Рассылка отменена, ничего не отправлено.
broadcast-bot-refused = Не получилось: { $reason }
broadcast-bot-started = Рассылка № { $id } запущена: { $count } { $count ->
    [one] получатель
    [few] получателя
   *[many] получателей
}. Ход отправки — в панели, раздел «Рассылки».

## The schedule page: what broadcast and channel jobs will send
broadcast-schedule-send = Рассылка: { $title }
channel-schedule-post = Публикация в канале «{ $channel }»: { $text }
telegram-link-code = Код для привязки этого Telegram к панели «Маяка»: <b>{ $code }</b>. Он действует { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
   *[many] { $minutes } минут
}. Если вы его не запрашивали, никому его не сообщайте.
telegram-code-hint = Бот отправил код в Telegram { $id }. Введите его здесь (или попросите владельца этого Telegram сообщить код). Если код не пришёл, этот аккаунт ещё не открывал бота: откройте бота и сохраните id снова.
telegram-code = Код из Telegram
telegram-code-confirm = Подтвердить
flash-telegram-code-sent = Код отправлен в Telegram: введите его ниже.
validation-telegram-code-expired = Код устарел или не запрашивался: сохраните Telegram id ещё раз, чтобы получить новый
validation-telegram-code-wrong = Код неверен
validation-telegram-code-too-many = Слишком много неверных попыток: запросите новый код
