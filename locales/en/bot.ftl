## Commands (menu descriptions)
command-start = Start or come back
command-events = Upcoming events
command-calendar = My events in the phone’s calendar
command-profile = My profile and settings
command-help = What the bot can do
command-stop = Stop sending me messages
command-delete-me = Delete my data
command-cancel = Cancel the current dialogue

## Start
start-greeting = Hello! I am Mayak, the bot of the regional school support programme. Here you will get webinar and seminar announcements, deadline reminders, surveys and confirmations.
start-welcome-back = Welcome back, { $name }! Commands: /profile for your profile and settings, /help for help.
start-pending = Your registration is still waiting for the coordinator's approval. I will write as soon as it is approved.
start-resumed = I will send you messages again. To turn them off: /stop.
start-deactivated = Your account has been switched off by an administrator. If this is a mistake, contact your municipal coordinator.
start-already-registered = You are already registered; the invitation was not needed.

## Registration
consent-request = To register, I need your consent to the processing of personal data (Federal Law 152-FZ): full name, workplace, position, subjects and Telegram id.
    Operator: { $operator }.
    Policy: <a href="{ $url }">{ $url }</a>
    The data are stored in Russia; you can withdraw consent and erase them at any time with /delete_me.
consent-yes = ✅ I agree
consent-no = I do not agree
consent-declined = All right. Without consent I cannot register you, and I have kept nothing about you. Announcements are on the institute's website and channel. If you change your mind, send /start.
registration-without-invite = You can register without an invitation: send /start. The coordinator of your municipality will approve it.
registration-municipality = Choose your municipality (district or city) or type part of its name.
registration-municipality-matches = Here is what I found. Choose one or type differently.
registration-school-type = Type part of your school's name or its number, e.g. "СОШ 5" or "Лицей".
registration-school-pick = Choose your school or type part of its name.
registration-no-school = I do not work at a school
registration-nothing-found = Nothing found. Try typing it differently, shorter.
registration-role = Who are you?
registration-subjects = Which subjects do you teach? Tick them all and press "Done".
registration-subjects-done = Done
registration-subjects-empty = Tick at least one subject.
registration-full-name = Type your full name (surname, first name, patronymic), e.g. Иванова Мария Петровна.
registration-full-name-too-short = Too short. Type your surname, first name and patronymic.
registration-full-name-too-long = Too long: at most 120 characters.
registration-full-name-not-a-name = That does not look like a full name. I need at least two words of letters, e.g. Иванова Мария Петровна.
registration-summary = Please check:
    <b>{ $name }</b>
    Municipality: { $municipality }
    School: { $school }
    Role: { $role }
    Subjects: { $subjects }
registration-send = Send
registration-again = Start over
registration-done-pending = Your registration has been sent to the municipal coordinator. I will write when it is approved.
registration-done-active = Done, you are registered! Announcements, reminders and surveys will come here. Settings: /profile.
registration-in-progress = Registration is in progress. Answer the question above or send /cancel to cancel.
registration-press-button = Please press one of the buttons above.
registration-type-or-press = Press a button above or type your answer.
registration-approved = Your registration is approved! You will now get announcements, reminders and surveys. Settings: /profile.
registration-rejected = Unfortunately your registration was rejected. Reason: { $reason }. If this is a mistake, contact your municipal coordinator or send /start to apply again.

## Approvals (coordinators)
approval-request = New registration request:
    <b>{ $name }</b>
    { $role }, { $school }
    { $municipality }
    Subjects: { $subjects }
approval-approve = ✅ Approve
approval-reject = Reject
approval-approved = ✅ Approved: <b>{ $name }</b>, { $role }, { $school }
approval-rejected = ❌ Rejected: <b>{ $name }</b>, { $role }, { $school }
approval-verdict = { $approved ->
        [yes] ✅ Approved
       *[no] ❌ Rejected
    }{ $where ->
        [panel] {" "}in the panel
        [bot] {" "}in the bot
        [api] {" "}through the API
       *[other] {""}
    } by { $who }
approval-verdict-reason = Reason: { $reason }

## Profile
profile-card = <b>{ $name }</b>
    Role: { $role }
    School: { $school }
    Municipality: { $municipality }
    Subjects: { $subjects }
    Status: { $status }
    Language: { $language }
    Time zone: { $timezone }
profile-edit-subjects = Subjects
profile-edit-notifications = Notifications
profile-switch-language = Русский
profile-edit-timezone = Time zone
profile-link-open = 🔗 Connect another messenger
profile-link-code =
    Open Маяк in your other messenger (Telegram or MAX) and send the bot:
    <code>{ $command }</code>
    The code works once, for 15 minutes. Messages go to your preferred messenger, and to the other one when it is unreachable.
link-linked = Done: this messenger is now connected to your Маяк profile.
link-invalid = The code did not work: it is wrong, used or expired. Get a new one with /profile in your other messenger.
link-taken = This account is registered in Маяк on its own; it cannot be connected to another profile.
profile-back = « Back
profile-subjects-title = Tick the subjects you teach:
profile-notifications-title = What to send (deadlines for your school always come):
profile-notify-reminders = Event reminders
profile-notify-announcements = Announcements and news
profile-timezone-title = Choose your time zone; reminders will come at your local time:

## Stop and delete
stop-done = I will not send you messages any more. To come back: /start.
delete-me-confirm = Delete your personal data? Your name and messenger links will be erased for good; only anonymous figures stay in the statistics.
delete-me-yes = Yes, delete
delete-me-no = No, keep
delete-me-done = Your data have been deleted. Thank you for being with us. To register again, send /start.
delete-me-kept = All right, nothing deleted.

## Help and fallbacks
help-newcomer = I am Mayak, the bot of the school support programme. Send /start to register.
help-registered = Commands:
cancel-done = Cancelled. To register again: /start.
cancel-done-task = Cancelled. The task is still on your list: /tasks.
cancel-done-registered = Cancelled. What you can do next: /help.
cancel-nothing = Nothing to cancel. Commands: /help.
unknown-command = I do not know that command. Commands: /help.
fallback-registered = For now I understand only commands and buttons. Commands: /help.
fallback-newcomer = To begin, send /start.
button-outdated = This button no longer works.
not-registered = You are not registered yet. Send /start.

## Errors
error-unexpected = Something went wrong. Please try again a bit later; if it repeats, /cancel and /start.
error-invite-not-found = The invitation was not found or has been revoked.
error-invite-expired = The invitation has expired.
error-invite-used-up = The invitation has been used the maximum number of times.
error-already-registered = You are already registered. Profile: /profile.
error-already-decided = This request has already been decided.
error-not-allowed = You are not allowed to do this.
error-not-found = Not found.
error-invalid-input = Please check what you entered.
error-invalid-credentials = Wrong e-mail or password.
error-too-many-attempts = Too many attempts; please wait.
error-demo-refused = Demo data can only be loaded into an empty database.

## Vocabulary
role-teacher = Teacher
role-school_lead = School leadership team
role-curator = Curator
role-coordinator = Municipal coordinator
role-editor = Institute staff
status-pending = waiting for approval
status-active = active
status-stopped = messages turned off
status-blocked = bot blocked
status-deleted = deleted
status-deactivated = deactivated
status-rejected = registration rejected
language-ru = Russian
language-en = English
subject-math = Mathematics
subject-russian = Russian
subject-literature = Literature
subject-physics = Physics
subject-chemistry = Chemistry
subject-biology = Biology
subject-history = History
subject-social = Social studies
subject-geography = Geography
subject-informatics = Computer science
subject-english = English
subject-foreign = Another foreign language
subject-primary = Primary school
subject-pe = Physical education
subject-art = Art
subject-music = Music
subject-technology = Technology
subject-safety = Safety (OBZR)

## MAX
