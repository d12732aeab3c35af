## The home page: what needs the admin now

dashboard-pending = { $n ->
    [one] заявка ждёт решения
    [few] заявки ждут решения
   *[many] заявок ждут решения
}
dashboard-schools-without-lead = { $n ->
    [one] школа
    [few] школы
   *[many] школ
} без зарегистрированного руководителя (всего { $total })
dashboard-blocked = { $n ->
    [one] человек заблокировал бота
    [few] человека заблокировали бота
   *[many] человек заблокировали бота
}
dashboard-events = Ближайшие мероприятия
dashboard-events-empty = Опубликованных мероприятий впереди нет.
dashboard-events-all = Все мероприятия
dashboard-going = { $n ->
    [one] { $n } записался
    [few] { $n } записались
   *[many] { $n } записались
}
dashboard-going-of = { $n } из { $capacity } { $capacity ->
    [one] места
   *[other] мест
}
dashboard-overdue = Просроченные задания по муниципалитетам
dashboard-overdue-empty = Просроченных заданий нет.
dashboard-overdue-n = { $n ->
    [one] { $n } просрочено
    [few] { $n } просрочено
   *[many] { $n } просрочено
}
dashboard-silent = Школы, которые молчат
dashboard-silent-intro = Больше всего открытых заданий после срока.
dashboard-surveys = Открытые опросы
dashboard-surveys-empty = Открытых опросов нет.
dashboard-survey-rate = ответили { $done } из { $invited } ({ $percent } %), до { $closes }
dashboard-broadcasts = Рассылки в работе
dashboard-broadcasts-empty = Сейчас ничего не рассылается.
dashboard-broadcast-title = Рассылка № { $id }
dashboard-broadcast-sending = отправлено { $sent } из { $recipients }
dashboard-broadcast-scheduled = запланирована на { $at }
dashboard-trends = { $weeks ->
    [one] За последнюю неделю
    [few] За последние { $weeks } недели
   *[many] За последние { $weeks } недель
}
dashboard-trend-answers = Ответы на опросы
dashboard-trend-signups = Записи на мероприятия
dashboard-trend-confirmations = Выполненные задания
dashboard-trend-sent = Отправленные сообщения
dashboard-trend-total = всего { $n }, по неделям
dashboard-trend-week = неделя с { $from }: { $n }
