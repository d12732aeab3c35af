## Words for codes: durations, time zones, kinds of scheduled work and messages

words-before-days = { $n } { $n ->
    [one] day
   *[other] days
} before
words-before-hours = { $n } { $n ->
    [one] hour
   *[other] hours
} before
words-before-minutes = { $n } { $n ->
    [one] minute
   *[other] minutes
} before
zone-europe-kaliningrad = Kaliningrad
zone-europe-moscow = Moscow
zone-europe-samara = Samara
zone-asia-yekaterinburg = Yekaterinburg
zone-asia-omsk = Omsk
zone-asia-krasnoyarsk = Krasnoyarsk
zone-asia-irkutsk = Irkutsk
zone-asia-yakutsk = Yakutsk
zone-asia-vladivostok = Vladivostok
zone-asia-magadan = Magadan
zone-asia-kamchatka = Kamchatka
kind-other = Housekeeping
kind-forget-abandoned-conversations = Clearing abandoned conversations
kind-event-reminder = Event reminder
kind-event-attendance = “Did you attend?” question
kind-event-announcement = Event announcement
kind-event-announcement-chat = Event announcement to a school chat
kind-event-cancelled = Event cancelled
kind-event-changed = Event changed
kind-event-promoted = Seat from the waiting list
kind-task-chase = Task reminder
kind-task-escalate = Overdue task escalation
kind-task-assigned = New task
kind-task-assigned-chat = New task to a school chat
kind-task-reminder = Task reminder
kind-task-escalation = Overdue task escalation
kind-task-problem = Problem with a task
kind-task-verify = Completion check
kind-task-weekly-digest = Weekly digest for a coordinator
kind-task-daily-digest = Daily digest
kind-broadcast-send = Broadcast
kind-broadcast = Broadcast
kind-channel-post = Channel post
kind-channel-announcement = Channel announcement
kind-channel-post-release = Channel post-release
kind-delivery-daily-summary = Summary of messages over the cap
kind-survey-open = Survey opening
kind-survey-reminder = Survey reminder
kind-survey-close = Survey closing
kind-survey-invitation = Survey invitation
kind-subscriptions-defaults = Default subscriptions
kind-registration-approval-request = Registration request to a coordinator
kind-registration-approval-verdict = Decision shown on a coordinator's request
kind-registration-decision = Answer to a registration request
