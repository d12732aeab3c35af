## Road maps in the bot: executors asked before a deadline and chased after it

roadmap-ask-head = 📋 <b>Срок по плану приближается</b>
roadmap-ask-overdue-head = ⏰ <b>Срок по плану прошёл</b>
roadmap-ask-plan = План: { $plan }
roadmap-ask-due = Срок: { $due }
roadmap-ask-as = Вы указаны исполнителем ({ $executor }). Отметьте, как идёт исполнение.
roadmap-button-done = ✅ Выполнено
roadmap-button-move = 📅 Перенести
roadmap-button-problem = ⚠️ Есть проблема
roadmap-answer-done = Отмечено: выполнено. Пришлите одним сообщением результат (ссылку, текст) или файл — он попадёт в отчёт об исполнении.
roadmap-answer-move = Отмечено: перенесено. Напишите одним сообщением новый срок и причину.
roadmap-answer-prob = Напишите одним сообщением, в чём проблема: её увидят в панели.
roadmap-answer-saved = Спасибо, записано в отчёт об исполнении.
roadmap-not-found = Эта строка плана больше не исполняется.
roadmap-not-executor = Вы не указаны исполнителем этой строки плана.

## Drafts made from a plan's row, and the execution report
roadmap-draft-source-numbered = { $plan }, п. { $number }
roadmap-draft-due = Срок: { $due }
roadmap-draft-responsible = Ответственные: { $names }
roadmap-draft-result = Результат: { $result }
roadmap-draft-date-to-confirm = Уточнить дату: в плане указан только месяц.
roadmap-report-quarter = { $quarter ->
    [1] I
    [2] II
    [3] III
   *[4] IV
} квартал { $year }
roadmap-report-sheet = Исполнение
