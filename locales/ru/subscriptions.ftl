## Subscriptions in the bot

command-subscriptions = Мои подписки на темы
subscriptions-title = <b>Ваши подписки.</b> Отметьте темы, о которых хотите получать сообщения:
subscriptions-none = <b>Ваши подписки.</b> Тем для подписки пока нет.
subscriptions-required = Отключить нельзя: сообщения, адресованные вам по роли, школе или муниципалитету (сроки, задания школы, обязательные опросы), — они касаются вашей работы, поэтому приходят всегда.
subscriptions-subscribed = Подписка включена
subscriptions-unsubscribed = Подписка отключена
subscriptions-topic-gone = Этой темы больше нет — вот ваши подписки сейчас.
subscriptions-open = Подписки
subscriptions-defaults = Вы подписаны на темы: { $topics }. Изменить — /subscriptions
subscriptions-defaults-none = Вы можете подписаться на интересные темы — /subscriptions
subscriptions-quiet-open = Тихие часы
subscriptions-quiet-title = <b>Тихие часы</b>: в это время (по вашему часовому поясу) обычные сообщения ждут утра; срочные и напоминания о начинающихся мероприятиях приходят сразу. Сейчас: { $hours }.
subscriptions-quiet-region = как в регионе, { $hours }
subscriptions-quiet-saved = Тихие часы сохранены
delivery-summary-title = <b>Пока вы отдыхали, { $count ->
    [one] пришло ещё { $count } сообщение
    [few] пришло ещё { $count } сообщения
   *[many] пришло ещё { $count } сообщений
}</b> (больше дневного лимита), коротко:
delivery-summary-more = …и ещё { $count }.

## School team chats

school-chat-linked = Готово: этот чат привязан к школе «{ $school }». Выберите, что сюда присылать:
school-chat-scope-all = Всё для школы
school-chat-scope-events = Только мероприятия
school-chat-scope-tasks = Только задания
error-chat-not-group = Команда /link работает в групповом чате школьной команды: добавьте бота в группу и отправьте /link там.
error-not-school-lead = Привязать чат может только зарегистрированный руководитель школы (роль «руководитель школы» в боте).
error-not-chat-admin = Привязать чат может только администратор этой группы.
error-chat-already-linked = Этот чат уже привязан к школе, ничего не изменилось.
error-school-linked-elsewhere = Ваша школа уже привязана к другому чату. Ничего не изменилось.

## Topics in the panel

audience-topics = Подписчики тем
audience-topics-hint = Без отметок сообщение обязательное: его получат все выбранные, даже отписавшиеся.

nav-topics = Темы
topics-title = Темы и подписки
topics-intro = Темы — то, что люди выбирают сами сверх обязательного (предмет, вид мероприятий, программа, дайджест). По умолчанию тема включена для отмеченных ролей, пока человек не решит иначе.
topics-empty = Тем пока нет.
topics-new = Новая тема
topics-edit = Изменить тему
topics-save = Сохранить
topics-delete = Удалить тему
topics-field-name = Название
topics-field-description = Описание
topics-field-kind = Вид
topics-field-defaults = Включена по умолчанию для ролей
topics-kind-subject = Предмет
topics-kind-event_kind = Вид мероприятий
topics-kind-programme = Программа
topics-kind-digest = Дайджест
topics-col-subscribers = Подписчики
topics-subscribers = Подписчиков: { $count }
topics-no-municipality = Без муниципалитета
topics-export = Выгрузить подписчиков
topics-list-cut = Показаны первые { $shown }; все — в выгрузке.
topics-remove-chosen = Отписать отмеченных
topics-add-people = Подписать людей (номера через запятую)
topics-add = Подписать
topics-person-title = Подписки: { $name }
topics-person-link = Подписки на темы и их история
topics-by-default = по умолчанию для роли
topics-history = История изменений
topics-history-empty = Изменений не было.
topics-history-on = подписка на «{ $topic }»
topics-history-off = отписка от «{ $topic }»
topics-history-by-person = сам(а) в боте
topics-history-by-admin = администратор { $actor }
topics-week = Подписки за неделю: +{ $gained } / −{ $lost }
flash-topic-saved = Тема сохранена.
flash-topic-deleted = Тема удалена.
flash-topic-people-added = Люди подписаны.
flash-topic-people-removed = Люди отписаны.
validation-topic-name-taken = Тема с таким названием уже есть.
validation-nobody-chosen = Отметьте хотя бы одного человека.

## Why a required message came despite unsubscription (once per kind)
required-note-event = Это анонс для всех по вашей роли, школе или муниципалитету: он приходит и тем, кто отписался от тем (/subscriptions).
required-note-task = Это задание для всех по вашей роли или школе: оно приходит и тем, кто отписался от тем, потому что касается вашей работы.
required-note-survey = Это обязательный опрос для всех по вашей роли, школе или муниципалитету: он приходит и тем, кто отписался от тем.
required-note-broadcast = Это сообщение для всех по вашей роли, школе или муниципалитету: оно приходит и тем, кто отписался от тем (/subscriptions).
