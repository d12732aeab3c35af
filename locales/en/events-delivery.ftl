## Events: reminder offsets (core/events/reminders.ts), refusals of the panel and the API

validation-reminder-after-start = A reminder must come before the event starts
validation-reminder-too-close = A reminder must come at least 5 minutes before the start
validation-reminder-too-early = A reminder can come at most 30 days before the start
validation-too-many-reminders = At most 5 reminders
validation-reminder-format = Write reminders like: 1 d, 3 h, 30 min
