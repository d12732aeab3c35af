## Road maps in the bot: executors asked before a deadline and chased after it

roadmap-ask-head = 📋 <b>A plan's deadline is near</b>
roadmap-ask-overdue-head = ⏰ <b>A plan's deadline has passed</b>
roadmap-ask-plan = Plan: { $plan }
roadmap-ask-due = Due: { $due }
roadmap-ask-as = You are named as its executor ({ $executor }). Mark how it goes.
roadmap-button-done = ✅ Done
roadmap-button-move = 📅 Postpone
roadmap-button-problem = ⚠️ A problem
roadmap-answer-done = Marked done. Send the result in one message (a link, a text) or a file: it goes into the execution report.
roadmap-answer-move = Marked postponed. Write the new date and the reason in one message.
roadmap-answer-prob = Write in one message what the problem is: it will be seen in the panel.
roadmap-answer-saved = Thank you, it is in the execution report.
roadmap-not-found = This row of the plan is no longer tracked.
roadmap-not-executor = You are not named as an executor of this row.

## Drafts made from a plan's row, and the execution report
roadmap-draft-source-numbered = { $plan }, item { $number }
roadmap-draft-due = Due: { $due }
roadmap-draft-responsible = Responsible: { $names }
roadmap-draft-result = Result: { $result }
roadmap-draft-date-to-confirm = Confirm the date: the plan gives only the month.
roadmap-report-quarter = Q{ $quarter } { $year }
roadmap-report-sheet = Execution
