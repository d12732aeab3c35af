## Tasks in the panel

nav-tasks = Tasks and deadlines
tasks-title = Tasks and deadlines
tasks-new = New task
tasks-matrix-link = Completion matrix
tasks-empty = No tasks yet.
tasks-col-title = Task
tasks-col-due = Due
tasks-col-status = State
tasks-col-open = Not done
tasks-col-municipality = Municipality
tasks-col-school = School
task-state-draft = Draft
task-state-published = Published
task-state-closed = Closed
tasks-matrix-title = Completion matrix
tasks-matrix-empty = No published tasks with schools.
tasks-rates-title = Completion by municipality
tasks-rates-empty = Nothing to count yet.
task-cell-pending = Not started
task-cell-overdue = Overdue
task-cell-problem = Problem
task-cell-returned = Returned
task-cell-confirmed = Confirmed
task-cell-verified = Verified
tasks-digest-title = Weekly digest to coordinators
tasks-digest-weekday = Weekday
tasks-digest-hour = Time (region's)
tasks-weekday-1 = Monday
tasks-weekday-2 = Tuesday
tasks-weekday-3 = Wednesday
tasks-weekday-4 = Thursday
tasks-weekday-5 = Friday
tasks-weekday-6 = Saturday
tasks-weekday-7 = Sunday
task-publish = Publish and send
task-close = Close the task
task-field-title = Title
task-field-instructions = Instructions (<b>, <i>, <a href> allowed)
task-field-due = Due
task-field-assignment = Who confirms
task-assignment-school = Each school once (any of its audience)
task-assignment-person = Each person
task-field-evidence = Evidence
task-evidence-kind-none = None
task-evidence-kind-text = Comment
task-evidence-kind-link = Link
task-evidence-kind-photo = Photo
task-evidence-kind-document = Document
task-evidence-kind-any = Any of these
task-evidence-kind-visit = Curator's visit
task-field-verifier = Who verifies
task-verifier-none = Nobody
task-verifier-curator = The school's curator
task-verifier-coordinator = The municipal coordinator
task-field-remind-before = Remind (days before, comma-separated; 0 = on the day)
task-field-overdue-every = When overdue, remind every (days)
task-field-overdue-times = at most (times)
task-field-escalate = Tell the curator and coordinator after (days overdue; empty = never)
task-region-wide = The whole region
task-assignees = Assignees
task-open-evidence-photo = Open the photo
task-open-evidence-file = Download the file
validation-days-positive = Enter a number of days above zero, e.g. 1 or 0.5
validation-not-days = “{ $value }” is not a number of days: e.g. 2
validation-not-duration = “{ $value }” is not a duration: enter days as numbers separated by commas, e.g. 7, 1, 0
validation-days-not-negative = The number of days cannot be below zero (0 means right after the deadline)
validation-days-at-most = At most { $maximum } { $maximum ->
    [one] day
   *[other] days
}
task-status-reason = Reason
task-status-change = Change
tasks-timeline-title = Tasks and visits
tasks-timeline-empty = No tasks or visits yet.
tasks-timeline-visit = Visit ({ $kind }), curator { $curator }
flash-task-created = Task draft created.
flash-task-saved = Task saved.
flash-task-published = Task published and sent.
flash-task-closed = Task closed.
flash-task-status-changed = Status changed and logged.
flash-task-digest-saved = Digest schedule saved.

## The schedule page: what task jobs will send
task-schedule-chase = Task reminder { $point }: { $title }
task-schedule-chase-overdue = Overdue task reminder (no. { $point }): { $title }
task-schedule-escalate = Overdue task escalation: { $title }
task-schedule-weekly-digest = Coordinators' weekly digest of overdue tasks
task-schedule-daily-digest = Daily digest of open tasks (for those who chose it)
