## Broadcasts: the panel's composer and report

nav-broadcasts = Broadcasts
broadcasts-title = Broadcasts
broadcasts-new = New broadcast
broadcasts-empty = No broadcasts yet.
broadcasts-telegram-link = My Telegram for tests and /broadcast
broadcasts-col-text = Text
broadcasts-col-status = Status
broadcasts-col-when = When
broadcasts-col-recipients = Recipients
broadcast-status-draft = draft
broadcast-status-scheduled = scheduled
broadcast-status-sending = sending
broadcast-status-sent = sent
broadcast-status-cancelled = cancelled
broadcast-draft-title = Broadcast #{ $id } (draft)
broadcast-report-title = Broadcast #{ $id }
broadcast-field-text = Text
broadcast-text-hint = Telegram formatting: <b>bold</b>, <i>italic</i>, <u>underline</u>, <a href="https://…">link</a>. Up to 4096 characters, a caption up to 1024.
broadcast-field-attachment = Photo or file
broadcast-attachment-none = no attachment
broadcast-attachment-photo = photo
broadcast-attachment-document = file (document)
broadcast-field-file = An https:// address or a Telegram file_id
broadcast-field-buttons = Buttons
broadcast-buttons-hint = A label and a link, or a label and an event number (the button opens its card in the bot).
broadcast-button-text = Label
broadcast-button-event = Event no.
broadcast-field-municipality = Whose broadcast
broadcast-region-wide = The whole region
broadcast-field-send-at = Send at ({ $zone } time)
broadcast-send-at-hint = Empty: right after "Send".
broadcast-save = Save draft
broadcast-test = Send me a test
broadcast-test-needs-link = To test on yourself, set your Telegram.
broadcast-send = Send
broadcast-discard = Discard draft
broadcast-preview-title = As Telegram shows it
broadcast-preview-hint = The preview follows what you type.
broadcast-preview-copy = A forwarded message, as it is
broadcast-scheduled-at = starts { $at }
broadcast-eta = { $minutes ->
    [0] { $seconds } s
   *[other] { $minutes } min { $seconds } s
}
broadcast-progress-summary = Sent { $sent } of { $recipients } · { NUMBER($rate, minimumFractionDigits: 1, maximumFractionDigits: 1) } per second · { $eta } left
broadcast-count-sent = sent
broadcast-count-failed = failed
broadcast-count-blocked = blocked the bot
broadcast-count-skipped = skipped
broadcast-count-uncertain = uncertain
broadcast-count-remaining = queued
broadcast-uncertain-hint = "Uncertain": the message was in flight at a crash and may have arrived. It is not repeated by itself, so nobody gets it twice.
broadcast-cancel = Stop the broadcast
broadcast-cancel-hint = What was sent stays; the rest will not go.
broadcast-resend = Resend to those it did not reach ({ $count })
broadcast-resend-uncertain = and to the uncertain ({ $count }; some may get it twice)
broadcast-message = Message
broadcast-failed-title = Not delivered
broadcast-failed-none = Delivered to everyone so far.
broadcast-failed-csv = Download the list (CSV)
broadcast-failed-person = Recipient
broadcast-failed-status = Status
broadcast-failed-reason = Reason
broadcast-telegram-hint = Your Telegram account's numeric id (e.g. from @userinfobot). Test sends go there, and from it you can broadcast with /broadcast in the bot.
broadcast-telegram-id = Telegram id
broadcast-telegram-save = Save
broadcast-telegram-others = Other admins
delivery-status-pending = queued
delivery-status-sending = sending
delivery-status-sent = sent
delivery-status-failed = failed
delivery-status-blocked = blocked the bot
delivery-status-skipped = skipped
delivery-status-uncertain = uncertain
delivery-reason-cancelled = broadcast stopped
delivery-reason-in-flight-at-crash = in flight at a crash
delivery-reason-recipient-blocked = blocked the bot
delivery-reason-recipient-stopped = unsubscribed (/stop)
delivery-reason-recipient-deleted = erased their data
delivery-reason-recipient-no-contact = has no messenger at all
delivery-reason-recipient-deactivated = deactivated
delivery-reason-recipient-no-consent = has not consented yet
delivery-reason-too-late = too late: of no use any more (the event began, sign-up closed)
delivery-reason-no-answer = Telegram did not answer: may have arrived
flash-broadcast-saved = Draft saved.
flash-broadcast-started = Broadcast started.
flash-broadcast-cancelled = Broadcast stopped.
flash-broadcast-resent = The undelivered are queued again.
flash-broadcast-nothing-to-resend = Nobody to resend to.
flash-broadcast-test-sent = A test message was sent to your Telegram.
flash-telegram-linked = Telegram saved.
validation-broadcast-empty = Write a text (or attach a photo or file)
validation-html-unclosed-tag = The tag <{ $tag }> is not closed: Telegram would refuse the message
validation-html-unknown-tag = Telegram does not know <{ $tag }>: use <b>, <i>, <u>, <s>, <a>, <code>, <pre>, <blockquote>
validation-html-stray-close = A closing </{ $tag }> without an opening tag
validation-html-misnested-tag = Tags overlap: </{ $tag }> closes before a tag inside it
validation-html-stray-bracket = A "<" that is not a tag: write &lt;
validation-html-stray-ampersand = An "&" that is not an entity: write &amp;
validation-html-bad-link = A link without an https:// (or tg://) address
validation-text-too-long = Too long for one message: { $length } of { $maximum } characters
validation-caption-too-long = Caption too long: { $length } of { $maximum } characters
validation-attachment-file = An https://… address or a Telegram file_id is needed
validation-send-at-past = That time has passed
validation-broadcast-not-draft = Only a draft can be changed
validation-broadcast-finished = The broadcast has finished
validation-broadcast-not-sent = The broadcast has not been sent
validation-telegram-id-taken = This Telegram is linked to another admin
validation-telegram-not-linked = Set your Telegram first ("My Telegram")

## Channels

channels-title = Channels
channels-empty = No channels yet.
channel-add = Add a channel
channel-add-hint = First make the bot an admin of the channel with the rights to post, edit and delete messages.
channel-field-chat = Channel: @name or numeric id (-100…)
channel-ready = The bot is an admin: posting works.
channel-checked = checked { $at }
channel-check = Check again
channel-problem-not-admin = The bot is not an admin of the channel
channel-problem-not-found = Telegram does not know the channel
channel-problem-unreachable = Telegram did not answer
channel-fix-not-admin = Open the channel → Manage channel → Administrators → Add admin, find the bot and allow "Post", "Edit" and "Delete messages". Then press "Check again".
channel-fix-not-found = Check the channel's @name or id and that the bot was added to it.
channel-fix-unreachable = Try checking again a little later.
channel-announce-event = Event announcement
channel-release-event = Post-release of a past event
channel-propose = Prepare the text
channel-post-kind-post = Post
channel-post-kind-announcement = Event announcement
channel-post-kind-post-release = Post-release
channel-field-post-at = Post at ({ $zone } time; empty: now)
channel-post-submit = Post
channel-posts = Posts
channel-posts-empty = No posts yet.
channel-post-state-scheduled = scheduled
channel-post-state-pending = queued
channel-post-state-sending = sending
channel-post-state-sent = posted
channel-post-state-failed = not posted
channel-post-state-blocked = the bot cannot post
channel-post-state-skipped = cancelled
channel-post-state-uncertain = uncertain (crash while sending)
channel-post-state-deleted = deleted from the channel
channel-post-state-cancelled = cancelled
channel-post-edited = edited
channel-post-edit = Save the changes in the channel
channel-post-delete = Delete
channel-sign-up-button = Sign up
channel-release-heading = It took place
channel-release-attended = Participants: { $count }
channel-release-rating = Participants' average rating: { NUMBER($average, minimumFractionDigits: 1, maximumFractionDigits: 1) } of 5
channel-release-placeholder = Tell what mattered most and attach a photo.
flash-channel-added = Channel added; the bot can post.
flash-channel-added-problem = Channel added, but the bot cannot post yet: see how to fix it.
flash-channel-ok = All fine: the bot can post.
flash-channel-still-problem = The bot still cannot post.
flash-channel-post-scheduled = The post is queued.
flash-channel-post-edited = The post was changed.
flash-channel-post-deleted = The post was deleted.
validation-channel-id-format = Give the channel's @name or its id like -100…
validation-channel-exists = This channel is already added
validation-channel-not-found = Telegram does not know this channel, or the bot is not in it
validation-channel-unreachable = Telegram did not answer, try later
validation-channel-unknown = No such channel
validation-channel-not-ready = The bot cannot post in this channel: open it in the panel and fix it
validation-post-gone = The post was deleted
validation-post-not-sent-yet = The post has not gone yet: wait for it
validation-telegram-refused = Telegram refused: { $reason }
validation-event-not-published = The event is not published

## Broadcasts in the bot (/broadcast, for editors)

broadcast-bot-not-editor = Broadcasts from the bot are for the panel's editors and coordinators whose Telegram is set in the panel ("Broadcasts" → "My Telegram").
broadcast-bot-ask = Send the broadcast's text (Telegram formatting is kept) or forward a message to send as it is. Leave with /cancel.
broadcast-bot-media = (attachment)
broadcast-bot-audience = Who should get it? In brackets: how many people.
broadcast-bot-everyone = Everyone in my scope
broadcast-bot-press-button = Choose with a button above, or /cancel.
broadcast-bot-nobody = Nobody is in this audience right now. Start again: /broadcast
broadcast-bot-preview = Recipients will see this:
broadcast-bot-confirm = Send to { $count } { $count ->
    [one] recipient
   *[other] recipients
} ({ $audience })?
broadcast-bot-send = Send
broadcast-bot-cancel = Cancel
broadcast-bot-cancelled = Broadcast cancelled; nothing was sent.
broadcast-bot-refused = It did not work: { $reason }
broadcast-bot-started = Broadcast #{ $id } started: { $count } { $count ->
    [one] recipient
   *[other] recipients
}. Follow it in the panel, "Broadcasts".

## The schedule page: what broadcast and channel jobs will send
broadcast-schedule-send = Broadcast: { $title }
channel-schedule-post = Post in the channel “{ $channel }”: { $text }
telegram-link-code = The code to link this Telegram to the Mayak panel: <b>{ $code }</b>. It is valid for { $minutes } minutes. If you did not ask for it, do not tell it to anyone.
telegram-code-hint = The bot sent a code to Telegram { $id }. Enter it here (or ask the holder of that Telegram for the code). If no code arrived, that account has not opened the bot yet: open the bot and save the id again.
telegram-code = Code from Telegram
telegram-code-confirm = Confirm
flash-telegram-code-sent = The code was sent to Telegram: enter it below.
validation-telegram-code-expired = The code has expired or was never requested: save the Telegram id again to get a new one
validation-telegram-code-wrong = Wrong code
validation-telegram-code-too-many = Too many wrong attempts: ask for a new code
