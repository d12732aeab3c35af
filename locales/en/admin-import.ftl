## Admin panel: CSV import of the directory

import-title = Directory import
import-intro = Upload a table in CSV format, as Excel saves it ("File → Save as → CSV"). The panel first checks the whole file and shows what would change; nothing is written until you press "Import".
import-kind = What to load
import-kind-municipalities = Municipalities
import-kind-schools = Schools
import-kind-people = People
import-file = CSV file (at most { $max } MB, up to { $rows } rows)
import-check = Check the file
import-confirm = Import
import-upload-another = Upload another file
import-formats = Files in UTF-8 (with or without a BOM) and in Windows-1251 are accepted, with ";" or "," between fields. The first row holds the column headers: our names (as in the templates) or the Russian ones listed below. Case, ё/е and punctuation in headers do not matter. Separate lists inside a cell (roles, subjects, tags) with commas or semicolons.
import-template = Download a template
import-columns-for = Columns of a "{ $kind }" file
import-column = Column
import-column-aliases = Also accepted as
import-column-required = required
import-column-optional = optional
import-column-meaning = What it holds
import-key-municipalities = A municipality is matched by its name (ignoring case, ё/е and quotes). A new one is created; for an existing one only the time zone changes. Owners and editors may load municipalities.
import-key-schools = A school is matched by its code. A new one is created; an existing one gets its names, municipality and tags updated. The municipality must already be in the directory.
import-key-people = A person is matched by telegram_id when given, otherwise by full name at the same school (or, without a school, in the same municipality). People loaded without a telegram_id get the status "imported": the bot cannot write to them. When a later file gives them a telegram_id, they become active.
import-col-municipalities-name = The municipality's name as it should appear in the directory.
import-col-municipalities-timezone = The time zone if it differs from the region's: Europe/Moscow, Asia/Yekaterinburg or МСК+2. Empty means the region's.
import-col-schools-code = The school's code (e.g. its INN): letters, digits, ".", "_", "/", "-", up to 40 characters.
import-col-schools-full_name = The full official name.
import-col-schools-short_name = The short name; if empty, a new school gets the full name and an existing one keeps its current short name.
import-col-schools-municipality = The municipality's name from the directory.
import-col-schools-tags = Tags: ШНОР, ШНСУ, 500+, risk zone and your own (lower-case letters, digits, "-"). An empty cell removes the tags.
import-col-people-full_name = Surname, first name, patronymic.
import-col-people-role = Role: teacher, school lead, curator, coordinator, institute staff (English codes or Russian words). Several are allowed.
import-col-people-school_code = A school code from the directory; required for teachers and school leads.
import-col-people-municipality = The municipality; needed when there is no school (curators, coordinators).
import-col-people-subjects = Subjects: математика, русский язык… or codes math, russian… An empty cell clears the list; without the column, subjects stay as they are.
import-col-people-telegram_id = The numeric Telegram id. Format the column as text in Excel, or a long number turns into 1.23E+11.
import-preview-title = File check
import-file-info = File "{ $file }": encoding { $encoding }, delimiter { $delimiter }, data rows: { $rows }.
import-columns-found = Columns recognized: { $columns }.
import-delimiter-comma = ","
import-delimiter-semicolon = ";"
import-delimiter-tab = tab
import-count-create = To create
import-count-update = To update
import-count-unchanged = Unchanged
import-count-problems = Problems
import-problems-title = Problems in the file: { $count }. Nothing was written: fix the file and upload it again.
import-warnings-title = Notes
import-changes-title = What will change
import-changes-row = Row
import-changes-action = Action
import-changes-what = Record
import-change-create = create
import-change-update = update: { $fields }
import-changes-more = …and { $count } more
import-nothing-to-do = Every row matches what the directory already holds: nothing to change.
import-clean = No problems. Press "Import" to write the changes.
import-done = Import done: { $created } created, { $updated } updated, { $unchanged } unchanged.
import-done-nothing = Import done: there was nothing to change.
import-open-list = Open the list
import-stale = The directory changed while you were looking at the check. Here is a new check: please review it again.
validation-import-no-file = Choose a file.
validation-import-too-large = The file is larger than { $max } MB. Split it and upload the parts one by one.
validation-import-bad-kind = Choose what to load: municipalities, schools or people.
import-bad-confirm = The confirmation form is damaged or out of date. Upload the file again.
import-conflict = Someone else added the same records while the import ran. Nothing was written: check the file again.
import-problem-at-cell = row { $row }, column { $column }: { $text }
import-problem-at-row = row { $row }: { $text }
import-problem-at-column = column { $column }: { $text }
import-problem-too-large = the file is larger than { $max } MB
import-problem-empty-file = the file is empty
import-problem-excel-file = this is an Excel workbook (.xlsx or .xls), not CSV. Open it in Excel and save it as "CSV (Comma delimited)" or "CSV UTF-8"
import-problem-binary-file = this is not a text CSV file
import-problem-csv-syntax = the file cannot be read as CSV near line { $line }: { $detail ->
    [quote-not-closed] a quote is opened and never closed
    [record-too-big] a row is too long
   *[other] the format is broken
  }
import-problem-too-many-rows = the file has more than { $max } rows. Split it into parts
import-problem-no-data-rows = the file holds only the header row, no data
import-problem-missing-column = a required column is missing (it may also be called: { $aliases })
import-problem-duplicate-column = this column already appears in the file
import-problem-unknown-column = unknown column: its values are not loaded
import-problem-wrong-kind = this looks like a file of another kind: { $kind ->
    [municipalities] municipalities
    [schools] schools
   *[people] people
  }. Choose it under "What to load"
import-problem-required = empty
import-problem-bad-characters = forbidden control characters
import-problem-too-short = too short: at least { $min } { $min ->
    [one] character
   *[other] characters
}
import-problem-too-long = too long: at most { $max } characters
import-problem-duplicate-key = repeats row { $first }
import-problem-duplicate-person = the same person as in row { $first } (if they are different people, give both a telegram_id)
import-problem-unknown-timezone = unknown time zone "{ $value }" (e.g. Europe/Moscow or МСК+2)
import-problem-no-such-municipality = no municipality "{ $value }"
import-problem-ambiguous-municipality = several municipalities are called "{ $value }"
import-problem-out-of-scope = outside your area
import-problem-school-code-format = a code may hold only letters, digits, ".", "_", "/" and "-"
import-problem-tag-too-long = tag "{ $value }" is longer than { $max } characters
import-problem-tag-format = tag "{ $value }": only lower-case letters, digits, "_" and "-"
import-problem-too-many-tags = more than { $max } own tags
import-problem-unknown-role = unknown role "{ $value }" (accepted: teacher, school_lead, curator, coordinator, editor or the Russian words)
import-problem-unknown-subject = unknown subject "{ $value }"
import-problem-telegram-id-exponent = Excel wrote the number as "{ $value }": format the column as text and enter the id again
import-problem-bad-telegram-id = telegram_id is a number, not "{ $value }"
import-problem-no-such-school = no school with code { $value }
import-problem-role-needs-school = teachers and school leads need a school code
import-problem-school-or-municipality-required = give a school code or a municipality
import-problem-municipality-mismatch = school { $code } belongs to the municipality "{ $municipality }"
import-problem-ambiguous-person = the directory holds { $count } people with this name at this school: give a telegram_id
status-imported = imported from a file
audit-import-municipalities = municipalities import
audit-import-schools = schools import
audit-import-people = people import
audit-field-created = created
audit-field-updated = updated
audit-field-unchanged = unchanged
audit-field-file-name = file
