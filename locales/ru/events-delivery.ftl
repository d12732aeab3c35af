## Events: reminder offsets (core/events/reminders.ts), refusals of the panel and the API

validation-reminder-after-start = Напоминание должно приходить до начала мероприятия
validation-reminder-too-close = Напоминание — не позже чем за 5 минут до начала
validation-reminder-too-early = Напоминание — не раньше чем за 30 дней до начала
validation-too-many-reminders = Не больше 5 напоминаний
validation-reminder-format = Напоминания пишите так: 1 д, 3 ч, 30 мин
