## Surveys: answering in the bot

command-surveys = Open surveys
survey-invitation-head = 📋 Survey
survey-invitation-facts = Questions: { $upTo ->
        [yes] up to { $count }
       *[no] { $count }
    } · answer by { $until }
survey-invitation-anonymous = 🔒 This survey is anonymous: answers are kept without your name.
survey-reminder = ⏰ Reminder: the survey <b>{ $title }</b> closes { $until }. It takes a few minutes.
survey-reminder-started = ⏰ You started the survey <b>{ $title }</b> but have not sent it yet. It closes { $until } — continue where you left off.
survey-button-start = ▶️ Start
survey-button-continue = ▶️ Continue
survey-button-later = 🕓 Later
survey-button-back = ⬅️ Back
survey-button-skip = ⏭ Skip
survey-button-done = ✔️ Done
survey-button-send = 📨 Send
survey-button-edit = ✏️ Change
survey-postponed = Fine, we will remind you later. /surveys brings you back.
survey-question-head = Question { $number } of { $total }
survey-hint-single = Choose one option.
survey-hint-multiple = Tick every option that fits and press “Done”.
survey-hint-yes_no = Choose “Yes” or “No”.
survey-hint-scale = Rate from 1 to { $max }: 1 — { $minLabel }, { $max } — { $maxLabel }.
survey-hint-number = Type a number.
survey-hint-number-between = Type a number from { $min } to { $max }.
survey-hint-text = Type your answer (up to { $max } characters).
survey-optional = This question is optional — you may skip it.
survey-current-answer = Now: { $answer }
survey-yes = Yes
survey-no = No
survey-other = Other
survey-other-ask = Type your own option in one message.
# A number answered, as the reader writes it (3,5 / 3.5).
survey-number-answer = { NUMBER($value, maximumFractionDigits: 6) }
survey-skipped = — (skipped)
survey-summary-head = 📝 Check your answers: <b>{ $title }</b>
survey-summary-hint = All correct? Press “Send”. To fix an answer, press “Change”.
survey-pick-to-change = Which question do you want to change? Pick its number.
survey-thanks = ✅ Thank you! Your answers to <b>{ $title }</b> are sent.
survey-thanks-anonymous = ✅ Thank you! Your answers to <b>{ $title }</b> are sent anonymously.
survey-invalid-choose = Please choose an option with a button under the question.
survey-invalid-choose-one = Only one option can be chosen here.
survey-invalid-not-a-number = A number is needed, e.g. 12 or 3.5. Please try again.
survey-invalid-too-small = Too small: at least { $minimum }. Please try again.
survey-invalid-too-big = Too big: at most { $maximum }. Please try again.
survey-invalid-too-long = The answer is too long: up to { $maximum } characters. Please shorten it and send again.
survey-invalid-empty = The answer is empty. Please type it.
survey-press-button = Please answer with a button under the question.
survey-type-text = Please send your answer as text or with a button.
survey-button-outdated = That button belongs to another question. Please answer the latest one.
survey-resumed = Continuing the survey where you stopped.
survey-finish-other-first = Finish the dialog in progress first, or leave it with /cancel.
survey-not-found = Survey not found, or it is not for you.
survey-none = No open surveys for you right now.
survey-list-title = 📋 Open surveys
survey-list-new = { $n }. <b>{ $title }</b> — until { $until }
survey-list-started = { $n }. <b>{ $title }</b> — until { $until } (started)
survey-list-start = { $n }. Start
survey-list-continue = { $n }. Continue
error-survey-closed = The survey is closed; answers are no longer taken.
error-survey-not-open = The survey is not open yet.
error-survey-done = You have already answered this survey. Thank you!
error-survey-unfinished = Please answer every required question.
