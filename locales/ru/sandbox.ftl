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
