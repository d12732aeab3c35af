## The sandbox web chat (/sandbox, only without BOT_TOKEN): the page, its script and its JSON API

sandbox-page-title = Песочница · Маяк
sandbox-note = Песочница: Telegram имитируется внутри процесса. Ничего никуда не отправляется.
sandbox-people-label = От чьего имени писать
sandbox-people-heading = Кто вы?
sandbox-people-hint = Демо-люди уже зарегистрированы в демо-области. Выберите, от чьего имени писать боту.
sandbox-newcomer-heading = Новый человек
sandbox-newcomer-hint = Получит свежий Telegram id: бот его ещё не знает, можно пройти регистрацию с начала.
sandbox-newcomer-name = Имя в Telegram
sandbox-newcomer-create = Создать
# The role line of a newcomer in the person picker.
sandbox-newcomer-role = Новый человек · id { $id }
sandbox-back-to-panel = ← Панель
sandbox-toggle-people = Выбрать, от чьего имени писать
# The letter on the bot's avatar and the chat's title.
sandbox-bot-initial = М
sandbox-bot-name = Маяк
sandbox-who-none = бот · выберите, от чьего имени писать
sandbox-offline = Нет связи с сервером, пробую снова…
sandbox-empty-pick = Выберите человека в списке, чтобы написать боту от его имени.
sandbox-empty-start = Здесь пока пусто.
sandbox-start = Запустить (/start)
sandbox-commands = Команды бота
sandbox-message = Сообщение
sandbox-send = Отправить
sandbox-alert-ok = OK
# The tooltip of a link in a bot message that Telegram would not open (javascript:, a relative link…).
sandbox-bad-link = Ссылка, которую Telegram не откроет

## Texts of the page's script

sandbox-client-server-error = Ошибка сервера ({ $status })
sandbox-client-offline = Нет связи с сервером
sandbox-client-who = бот · вы: { $name }
sandbox-client-who-role = бот · вы: { $name } ({ $role })
sandbox-client-dead-button = Такая кнопка в песочнице не работает
sandbox-client-forwarded = Пересланное сообщение
sandbox-client-photo = 🖼 Фотография
sandbox-client-document = 📎 { $name }
sandbox-client-document-unnamed = 📎 Документ
sandbox-client-edited = изменено { $time }
sandbox-client-pick-first = Сначала выберите, от чьего имени писать
sandbox-client-no-commands = Бот не задал команд

## Errors of the sandbox's JSON API, shown as "<field>: <text>"

sandbox-id-chat = id чата
sandbox-id-message = id сообщения
sandbox-error-required = обязательное поле
sandbox-error-id-not-a-number = ожидается число ({ $what })
sandbox-error-id-not-an-integer = ожидается целое число ({ $what })
sandbox-error-id-not-positive = ожидается положительное число ({ $what })
sandbox-error-id-too-big = слишком большое число ({ $what })
sandbox-error-not-a-number = ожидается число
sandbox-error-not-an-integer = ожидается целое число
sandbox-error-negative = не меньше 0
sandbox-error-too-big = слишком большое число
sandbox-error-not-a-string = ожидается строка
sandbox-error-not-an-object = ожидается объект JSON
sandbox-error-empty-name = пустое имя
sandbox-error-too-long = не больше 64 символов
sandbox-error-empty-text = пустое сообщение
sandbox-error-text-too-long = сообщение длиннее { $limit } { $limit ->
    [one] символа
   *[other] символов
}, Telegram такое не пропустит
sandbox-error-empty-data = пустые данные кнопки
sandbox-error-bad-request = неверный запрос
sandbox-error-not-json = ожидается JSON (Content-Type: application/json)
sandbox-error-bad-json = не удалось разобрать JSON
sandbox-error-body-too-large = слишком большой запрос
sandbox-error-no-such-path = нет такого адреса в песочнице
sandbox-error-no-such-message = нет такого сообщения бота в этом чате
sandbox-error-no-such-button = у сообщения нет такой кнопки (возможно, клавиатура уже сменилась)
# The fake Telegram refused the button press; $detail is its own explanation.
sandbox-error-press-refused = { $detail }

## Groups, channels, files
sandbox-error-not-a-sandbox-person = песочница действует только за своих демо-людей и новичков, созданных в ней
sandbox-error-not-a-sandbox-chat = такого чата в песочнице нет
sandbox-error-not-a-member = этого человека нет в группе
sandbox-error-not-a-group-admin = это могут только администраторы группы
sandbox-error-already-supergroup = группа уже супергруппа
sandbox-error-no-such-demo-file = нет такого демо-файла
sandbox-error-empty-file = пустой файл
sandbox-error-file-too-big = файл больше 2 МБ
sandbox-error-not-your-chat = переслать можно только из своих чатов
sandbox-error-bad-media-kind = ожидается photo или document
sandbox-error-bad-action = неизвестное действие
sandbox-error-no-such-file = такого файла нет
sandbox-error-not-a-boolean = ожидается true или false
sandbox-chats-heading = Чаты
sandbox-members = Участники
sandbox-status-creator = создатель
sandbox-status-administrator = администратор
sandbox-status-member = участник
sandbox-status-left = не в группе
sandbox-add-bot = Добавить бота
sandbox-remove-bot = Удалить бота
sandbox-promote = Назначить администратором
sandbox-demote = Снять права администратора
sandbox-migrate = Сделать супергруппой
sandbox-channel-rights = Бот в канале
sandbox-channel-admin = администратор
sandbox-channel-post = публикует
sandbox-channel-edit = редактирует
sandbox-channel-delete = удаляет
sandbox-channel-readonly = Канал: писать сюда может только бот (и администраторы).
sandbox-attach = Прикрепить фото или документ
sandbox-attach-photo = Своё фото…
sandbox-attach-document = Свой документ…
sandbox-forward = Переслать боту
sandbox-open-file = Открыть

## MAX beside Telegram in the sandbox

sandbox-note-max = Песочница: Telegram и MAX имитируются внутри процесса. Ничего никуда не отправляется.
sandbox-messenger-label = Мессенджер
# MAX's button that starts a dialog with a bot.
sandbox-max-start = Начать
sandbox-max-chat-title = Маяк в MAX
sandbox-max-bad-link = Ссылка, которую MAX не откроет
sandbox-error-bad-channel = ожидается telegram или max
