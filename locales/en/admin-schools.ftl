## Schools and municipalities (admin panel)

schools-title = Schools
schools-new = Add a school
schools-search = Search by name
schools-no-lead = No school lead
schools-total = Schools found: { $total }
schools-people = People (active and pending)
schools-leads = School leads
schools-bad-filter = The filter has invalid values and was not applied.

school-short-name = Short name
school-full-name = Full name
school-names = Name
school-code = Code
school-code-hint = Optional: the school's official code (e.g. its INN), used to match imports. Codes are unique.
school-tags = Tags
school-free-tags = Own tags
school-free-tags-placeholder = e.g. rural, small
school-free-tags-hint = Comma-separated; lower-case letters, digits, "_" and "-", up to 40 characters each.
school-create = Create the school
school-people-link = People of the school: { $count }
school-created-at = since { $date }
school-curators = Curators
school-no-curators = No curators yet.
school-unassign = Remove
school-assign-curator = Assign a curator
school-assign = Assign
school-history = History of changes
school-history-empty = No changes yet.

municipalities-title = Municipalities
municipalities-schools = Schools
municipalities-people = People (active and pending)
municipalities-pending = Registrations pending
municipalities-empty = No municipalities yet.
municipality-new = New municipality
municipality-name = Name
municipality-create = Create the municipality
municipality-timezone = Time zone
municipality-timezone-hint = Only if it differs from the region's, e.g. Asia/Yekaterinburg. Empty means the region's zone.
municipality-timezone-region = the region's ({ $zone })
municipality-schools-link = Schools: { $count }
municipality-people-link = People: { $count }
municipality-pending-link = Registrations pending: { $count }
municipality-created-at = since { $date }
municipality-history = History of changes

flash-school-created = The school was added.
flash-curator-assigned = The curator was assigned.
flash-curator-unassigned = The curator was removed from the school.
flash-municipality-created = The municipality was created.

validation-free-tag-format = Tag "{ $value }": only lower-case letters, digits, "_" and "-"
validation-free-tag-too-long = Tag "{ $value }" is longer than 40 characters
validation-too-many-free-tags = Too many tags: at most 20
validation-single-line = One line only, without line breaks or control characters
validation-school-code-format = Code: only letters, digits and ".", "_", "/", "-", no spaces
validation-school-code-taken = A school with this code already exists
validation-school-municipality-unknown = No such municipality
validation-municipality-name-taken = A municipality with this name already exists
validation-curator-not-active = The curator is not active: only an active curator can be assigned
validation-curator-not-assigned = This person is not a curator of this school

audit-school-create = school added
audit-school-rename = name changed
audit-school-tags = tags changed
audit-municipality-create = municipality created
audit-municipality-rename = municipality changed
