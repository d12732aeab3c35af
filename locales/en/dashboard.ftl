## The home page: what needs the admin now

dashboard-pending = { $n ->
    [one] registration request waiting
   *[other] registration requests waiting
}
dashboard-schools-without-lead = { $n ->
    [one] school
   *[other] schools
} without a registered leader (of { $total })
dashboard-blocked = { $n ->
    [one] person blocked the bot
   *[other] people blocked the bot
}
dashboard-events = Next events
dashboard-events-empty = No published events ahead.
dashboard-events-all = All events
dashboard-going = { $n ->
    [one] { $n } signed up
   *[other] { $n } signed up
}
dashboard-going-of = { $n } of { $capacity } seats
dashboard-overdue = Overdue tasks by municipality
dashboard-overdue-empty = No overdue tasks.
dashboard-overdue-n = { $n ->
    [one] { $n } overdue
   *[other] { $n } overdue
}
dashboard-silent = Silent schools
dashboard-silent-intro = The most open tasks past their due time.
dashboard-surveys = Open surveys
dashboard-surveys-empty = No open surveys.
dashboard-survey-rate = { $done } of { $invited } answered ({ $percent } %), until { $closes }
dashboard-broadcasts = Broadcasts in progress
dashboard-broadcasts-empty = Nothing is being broadcast.
dashboard-broadcast-title = Broadcast No. { $id }
dashboard-broadcast-sending = { $sent } of { $recipients } sent
dashboard-broadcast-scheduled = scheduled for { $at }
dashboard-trends = { $weeks ->
    [one] The last week
   *[other] The last { $weeks } weeks
}
dashboard-trend-answers = Survey answers
dashboard-trend-signups = Event sign-ups
dashboard-trend-confirmations = Tasks done
dashboard-trend-sent = Messages sent
dashboard-trend-total = { $n } in all, by week
dashboard-trend-week = week of { $from }: { $n }
