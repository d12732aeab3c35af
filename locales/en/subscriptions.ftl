## Subscriptions in the bot

command-subscriptions = My topic subscriptions
subscriptions-title = <b>Your subscriptions.</b> Tick the topics you want to hear about:
subscriptions-none = <b>Your subscriptions.</b> There are no topics yet.
subscriptions-required = You cannot switch off messages addressed to you by your role, school or municipality (deadlines, your school's tasks, required surveys): they concern your work, so they always arrive.
subscriptions-subscribed = Subscribed
subscriptions-unsubscribed = Unsubscribed
subscriptions-topic-gone = This topic no longer exists; here are your subscriptions now.
subscriptions-open = Subscriptions
subscriptions-defaults = You follow these topics: { $topics }. To change: /subscriptions
subscriptions-defaults-none = You can follow topics you care about: /subscriptions
subscriptions-quiet-open = Quiet hours
subscriptions-quiet-title = <b>Quiet hours</b>: during them (in your time zone) ordinary messages wait until morning; urgent ones and reminders of events about to start arrive at once. Now: { $hours }.
subscriptions-quiet-region = the region's, { $hours }
subscriptions-quiet-saved = Quiet hours saved
delivery-summary-title = <b>{ $count ->
    [one] { $count } more message came
   *[other] { $count } more messages came
} while you rested</b> (over the daily limit), in short:
delivery-summary-more = …and { $count } more.

## School team chats

school-chat-linked = Done: this chat is linked to the school “{ $school }”. Choose what to send here:
school-chat-scope-all = Everything for the school
school-chat-scope-events = Only events
school-chat-scope-tasks = Only tasks
error-chat-not-group = /link works in the school team's group chat: add the bot to the group and send /link there.
error-not-school-lead = Only a registered school lead can link a chat.
error-not-chat-admin = Only an admin of this group can link it.
error-chat-already-linked = This chat is already linked to a school; nothing changed.
error-school-linked-elsewhere = Your school is already linked to another chat. Nothing changed.

## Topics in the panel

audience-topics = Subscribers of topics
audience-topics-hint = With none ticked the message is required: everyone chosen gets it, even those who unsubscribed.

nav-topics = Topics
topics-title = Topics and subscriptions
topics-intro = Topics are what people choose to hear beyond what is required (a subject, a kind of event, a programme, a digest). A topic is on for the ticked roles until a person decides otherwise.
topics-empty = No topics yet.
topics-new = New topic
topics-edit = Edit topic
topics-save = Save
topics-delete = Delete topic
topics-field-name = Name
topics-field-description = Description
topics-field-kind = Kind
topics-field-defaults = On by default for roles
topics-kind-subject = Subject
topics-kind-event_kind = Kind of event
topics-kind-programme = Programme
topics-kind-digest = Digest
topics-col-subscribers = Subscribers
topics-subscribers = Subscribers: { $count }
topics-no-municipality = No municipality
topics-export = Export subscribers
topics-list-cut = The first { $shown } are shown; the export has all.
topics-remove-chosen = Unsubscribe the ticked
topics-add-people = Subscribe people (ids, comma-separated)
topics-add = Subscribe
topics-person-title = Subscriptions: { $name }
topics-person-link = Topic subscriptions and their history
topics-by-default = role default
topics-history = History of changes
topics-history-empty = No changes.
topics-history-on = subscribed to “{ $topic }”
topics-history-off = unsubscribed from “{ $topic }”
topics-history-by-person = themselves in the bot
topics-history-by-admin = admin { $actor }
topics-week = Subscriptions this week: +{ $gained } / −{ $lost }
flash-topic-saved = Topic saved.
flash-topic-deleted = Topic deleted.
flash-topic-people-added = People subscribed.
flash-topic-people-removed = People unsubscribed.
validation-topic-name-taken = A topic with this name exists.
validation-nobody-chosen = Tick at least one person.

## Why a required message came despite unsubscription (once per kind)
required-note-event = This announcement is for everyone of your role, school or municipality: it comes even if you unsubscribed from topics (/subscriptions).
required-note-task = This task is for everyone of your role or school: it comes even if you unsubscribed from topics, because it concerns your work.
required-note-survey = This survey is required for everyone of your role, school or municipality: it comes even if you unsubscribed from topics.
required-note-broadcast = This message is for everyone of your role, school or municipality: it comes even if you unsubscribed from topics (/subscriptions).
