## Admin panel: frame and shared words
app-name = Mayak
nav-dashboard = Home
nav-people = People
nav-schools = Schools
nav-municipalities = Municipalities
nav-approvals = Requests
nav-invites = Invitations
nav-import = Import
nav-audit = Audit log
nav-admins = Administrators
nav-logout = Sign out
admin-role-owner = owner
admin-role-editor = editor
admin-role-coordinator = coordinator
admin-role-viewer = viewer
any = all
save = Save
filter-apply = Show
filter-reset = Reset
pager-next = Next →
pager-first = ← First page
back-home = Home
field-full-name = Full name
field-role = Role
field-roles = Roles
field-school = School
field-municipality = Municipality
field-subject = Subject
field-subjects = Subjects
field-status = Status
field-tag = School tag
tag-shnor = Low results (ШНОР)
tag-shnsu = Adverse conditions (ШНСУ)
tag-500plus = 500+
tag-risk_zone = Risk zone
http-401 = Your session has expired: sign in again
http-403 = Access denied
http-404 = Not found
http-409 = Already done
http-400 = Please check the data
http-413 = The upload is too large: at most 8 MB
http-429 = Too many attempts
http-500 = Something went wrong. Try again; if it repeats, tell the administrator.
flash-saved = Saved.
flash-activated = The person receives messages again.
flash-deactivated = The person is deactivated: no more messages are sent to them.

## Validation (reasons next to a field)
validation-invalid = Invalid value ({ $reason })
validation-too-small = Too small: at least { $minimum }
validation-too-big = Too big: at most { $maximum }
validation-invalid-type = Please fill this in
validation-invalid-value = Choose a value from the list
validation-invalid-format = Wrong format
validation-choose-at-least-one = Choose at least one
validation-no-such-school = No such school
validation-person-erased = This person's data were erased at their request
validation-not-a-curator = This person has no curator role
validation-unknown-timezone = Unknown time zone
validation-school-or-municipality-required = Give a school or a municipality
validation-role-needs-school = This role needs a school

## Sign-in
login-title = Sign in to the panel
login-email = E-mail
login-password = Password
login-submit = Sign in
login-invalid = Wrong e-mail or password.
login-too-many = Too many failed attempts. Wait 15 minutes and try again.
login-form-expired = The sign-in form has expired or was not opened on this site. Enter your e-mail and password again.
login-try-again-shortly = There were many failed sign-ins from this address. Wait { $seconds } seconds and try again.
login-sandbox-hint = Sandbox: talk to the bot without Telegram:
login-sandbox-account = Sandbox panel sign-in: owner@sandbox.local, password mayak-sandbox.

## Dashboard
dashboard-title = Home

## People
people-title = People
calendar-show = Show
calendar-show-both = Events and task deadlines
calendar-show-events = Events only
calendar-show-deadlines = Task deadlines only
calendar-deadline = task deadline
title-search = Search by title
people-search = Search by name
people-search-placeholder = E.g. Ivanova
people-total = Found: { $total }
people-bad-filter = The filter has invalid values and was not applied.
person-erased = (data erased)
person-registered-at = in the system since { $date }
person-no-school = (not at a school)
person-municipality-without-school = Municipality (if not at a school)
person-activate = Activate again
person-deactivate = Deactivate
person-history = Change history
person-history-empty = No changes yet.
person-contacts = How to reach them
person-contacts-none = No messenger at all: messages do not reach them.
person-contact-user = ID in the messenger
person-contact-status = State
person-contact-active = reachable
person-contact-blocked = blocked the bot
person-contact-preferred = preferred
person-contact-make-preferred = Make preferred
person-contact-preferred-hint = Messages go to the preferred messenger; if the bot is blocked there, to another one.
channel-column = Channel
channel-telegram = Telegram
channel-max = MAX

## Audit actions
audit-person-edit = data changed
audit-person-activate = activated
audit-person-preferred-contact = preferred messenger chosen
audit-person-deactivate = deactivated
audit-curator-assign = curator assigned
audit-curator-unassign = curator removed
preview-failed = The preview did not update: the server did not answer. Check the connection; saving the form shows every error.

## Telegram unreachable (banner, dashboard)
telegram-outage-banner = Telegram has been unreachable since { $since }. Waiting to be sent: { $waiting }. The panel works; the messages go out when the connection is back.
dashboard-telegram-outage = waiting to be sent: Telegram unreachable since { $since }
dashboard-backup-ok = last backup ({ $size })
dashboard-backup-stale = the last backup ({ $size }) is over two days old: check the schedule and BACKUP_DIR
dashboard-backup-failed = the backup failed: { $reason }
dashboard-backup-never = no backups yet (npm run cli -- backup)
body-too-large = The request is too large: at most { $max }.

## Confirmations before an action that tells people something or cannot be undone
confirm-event-publish = Publish? The announcement goes to the whole audience at once.
confirm-event-cancel = Cancel the event? Everyone signed up is told; this cannot be undone.
confirm-event-discard = Discard the draft? This cannot be undone.
confirm-broadcast-cancel = Stop the broadcast? Those who have not received it yet will not.
confirm-broadcast-resend = Send again to those it did not reach?
confirm-broadcast-send = Send the broadcast? It goes to every recipient.
confirm-task-publish = Publish the task? Assignees get it in Telegram at once.
confirm-survey-publish = Publish the survey? Invitations go to the whole audience.
confirm-schedule-stop = Stop all sending? The bot sends nothing until it is resumed.
confirm-schedule-resume = Resume sending? Everything held goes out.
confirm-channel-post-delete = Delete the post from the channel? This cannot be undone.
confirm-topic-delete = Delete the topic? Its subscriptions are lost.
confirm-broadcast-discard = Discard the broadcast draft? This cannot be undone.
confirm-invite-revoke = Revoke the invite? The link stops working; this cannot be undone.
confirm-admin-sessions = End all of this admin's sessions? They will have to sign in again.
confirm-approval-reject = Reject the request? The person gets a message with the reason.
confirm-api-token-revoke = Revoke the token? Programs using it lose access at once; this cannot be undone.
nav-menu = Menu
nav-group-work = Work
nav-group-messages = Messages
nav-group-directory = Directory
nav-group-admin = Administration
