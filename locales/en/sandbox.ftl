## The sandbox web chat (/sandbox, only without BOT_TOKEN): the page, its script and its JSON API

sandbox-page-title = Sandbox · Mayak
sandbox-note = Sandbox: Telegram is simulated inside the process. Nothing is sent anywhere.
sandbox-people-label = Who to write as
sandbox-people-heading = Who are you?
sandbox-people-hint = The demo people are already registered in the demo region. Choose who to write to the bot as.
sandbox-newcomer-heading = New person
sandbox-newcomer-hint = Gets a fresh Telegram id: the bot does not know it yet, so registration can be gone through from the start.
sandbox-newcomer-name = Name in Telegram
sandbox-newcomer-create = Create
# The role line of a newcomer in the person picker.
sandbox-newcomer-role = New person · id { $id }
sandbox-back-to-panel = ← Panel
sandbox-toggle-people = Choose who to write as
# The letter on the bot's avatar and the chat's title.
sandbox-bot-initial = M
sandbox-bot-name = Mayak
sandbox-who-none = bot · choose who to write as
sandbox-offline = No connection to the server, trying again…
sandbox-empty-pick = Choose a person in the list to write to the bot as them.
sandbox-empty-start = Nothing here yet.
sandbox-start = Start (/start)
sandbox-commands = Bot commands
sandbox-message = Message
sandbox-send = Send
sandbox-alert-ok = OK
# The tooltip of a link in a bot message that Telegram would not open (javascript:, a relative link…).
sandbox-bad-link = A link Telegram would not open

## Texts of the page's script

sandbox-client-server-error = Server error ({ $status })
sandbox-client-offline = No connection to the server
sandbox-client-who = bot · you: { $name }
sandbox-client-who-role = bot · you: { $name } ({ $role })
sandbox-client-dead-button = This kind of button does not work in the sandbox
sandbox-client-forwarded = Forwarded message
sandbox-client-photo = 🖼 Photo
sandbox-client-document = 📎 { $name }
sandbox-client-document-unnamed = 📎 Document
sandbox-client-edited = edited { $time }
sandbox-client-pick-first = First choose who to write as
sandbox-client-no-commands = The bot has set no commands

## Errors of the sandbox's JSON API, shown as "<field>: <text>"

sandbox-id-chat = chat id
sandbox-id-message = message id
sandbox-error-required = required field
sandbox-error-id-not-a-number = a number expected ({ $what })
sandbox-error-id-not-an-integer = an integer expected ({ $what })
sandbox-error-id-not-positive = a positive number expected ({ $what })
sandbox-error-id-too-big = number too big ({ $what })
sandbox-error-not-a-number = a number expected
sandbox-error-not-an-integer = an integer expected
sandbox-error-negative = at least 0
sandbox-error-too-big = number too big
sandbox-error-not-a-string = a string expected
sandbox-error-not-an-object = a JSON object expected
sandbox-error-empty-name = empty name
sandbox-error-too-long = at most 64 characters
sandbox-error-empty-text = empty message
sandbox-error-text-too-long = message longer than { $limit } characters, Telegram would not let it through
sandbox-error-empty-data = empty button data
sandbox-error-bad-request = bad request
sandbox-error-not-json = JSON expected (Content-Type: application/json)
sandbox-error-bad-json = could not parse the JSON
sandbox-error-body-too-large = request too large
sandbox-error-no-such-path = no such address in the sandbox
sandbox-error-no-such-message = no such bot message in this chat
sandbox-error-no-such-button = the message has no such button (perhaps the keyboard has changed)
# The fake Telegram refused the button press; $detail is its own explanation.
sandbox-error-press-refused = { $detail }

## Groups, channels, files
sandbox-error-not-a-sandbox-person = the sandbox acts only for its own demo people and the newcomers made in it
sandbox-error-not-a-sandbox-chat = no such chat in the sandbox
sandbox-error-not-a-member = this person is not in the group
sandbox-error-not-a-group-admin = only the group's administrators may do this
sandbox-error-already-supergroup = the group is a supergroup already
sandbox-error-no-such-demo-file = no such demo file
sandbox-error-empty-file = empty file
sandbox-error-file-too-big = file larger than 2 MB
sandbox-error-not-your-chat = only your own chats can be forwarded from
sandbox-error-bad-media-kind = photo or document expected
sandbox-error-bad-action = unknown action
sandbox-error-no-such-file = no such file
sandbox-error-not-a-boolean = true or false expected
sandbox-chats-heading = Chats
sandbox-members = Members
sandbox-status-creator = owner
sandbox-status-administrator = administrator
sandbox-status-member = member
sandbox-status-left = not in the group
sandbox-add-bot = Add the bot
sandbox-remove-bot = Remove the bot
sandbox-promote = Make administrator
sandbox-demote = Remove admin rights
sandbox-migrate = Make a supergroup
sandbox-channel-rights = The bot in the channel
sandbox-channel-admin = administrator
sandbox-channel-post = posts
sandbox-channel-edit = edits
sandbox-channel-delete = deletes
sandbox-channel-readonly = A channel: only the bot (and admins) write here.
sandbox-attach = Attach a photo or a document
sandbox-attach-photo = My own photo…
sandbox-attach-document = My own document…
sandbox-forward = Forward to the bot
sandbox-open-file = Open

## MAX beside Telegram in the sandbox

sandbox-note-max = Sandbox: Telegram and MAX are simulated inside the process. Nothing is sent anywhere.
sandbox-messenger-label = Messenger
# MAX's button that starts a dialog with a bot.
sandbox-max-start = Start
sandbox-max-chat-title = Mayak on MAX
sandbox-max-bad-link = A link MAX would not open
sandbox-error-bad-channel = expected telegram or max
