## Surveys: answering in the bot

command-surveys = Открытые опросы
survey-invitation-head = 📋 Опрос
survey-invitation-facts = Вопросов: { $upTo ->
        [yes] до { $count }
       *[no] { $count }
    } · ответить до { $until }
survey-invitation-anonymous = 🔒 Опрос анонимный: ответы хранятся без вашего имени.
survey-reminder = ⏰ Напоминание: опрос <b>{ $title }</b> закрывается { $until }. Ответы займут несколько минут.
survey-reminder-started = ⏰ Вы начали опрос <b>{ $title }</b>, но ещё не отправили ответы. Он закрывается { $until } — продолжите с того же места.
survey-button-start = ▶️ Начать
survey-button-continue = ▶️ Продолжить
survey-button-later = 🕓 Позже
survey-button-back = ⬅️ Назад
survey-button-skip = ⏭ Пропустить
survey-button-done = ✔️ Готово
survey-button-send = 📨 Отправить
survey-button-edit = ✏️ Изменить
survey-postponed = Хорошо, напомним позже. Вернуться к опросу можно командой /surveys.
survey-question-head = Вопрос { $number } из { $total }
survey-hint-single = Выберите один вариант.
survey-hint-multiple = Отметьте все подходящие варианты и нажмите «Готово».
survey-hint-yes_no = Выберите «Да» или «Нет».
survey-hint-scale = Оцените от 1 до { $max }: 1 — { $minLabel }, { $max } — { $maxLabel }.
survey-hint-number = Напишите число.
survey-hint-number-between = Напишите число от { $min } до { $max }.
survey-hint-text = Напишите ответ (до { $max } { $max ->
    [one] знака
   *[other] знаков
}).
survey-optional = Вопрос необязательный — можно пропустить.
survey-current-answer = Сейчас: { $answer }
survey-yes = Да
survey-no = Нет
survey-other = Другое
survey-other-ask = Напишите свой вариант одним сообщением.
# A number answered, as the reader writes it (3,5 / 3.5).
survey-number-answer = { NUMBER($value, maximumFractionDigits: 6) }
survey-skipped = — (пропущено)
survey-summary-head = 📝 Проверьте ответы: <b>{ $title }</b>
survey-summary-hint = Всё верно? Нажмите «Отправить». Чтобы исправить ответ, нажмите «Изменить».
survey-pick-to-change = Какой вопрос изменить? Выберите номер.
survey-thanks = ✅ Спасибо! Ответы на опрос <b>{ $title }</b> отправлены.
survey-thanks-anonymous = ✅ Спасибо! Ответы на опрос <b>{ $title }</b> отправлены анонимно.
survey-invalid-choose = Пожалуйста, выберите вариант кнопкой под вопросом.
survey-invalid-choose-one = Здесь можно выбрать только один вариант.
survey-invalid-not-a-number = Нужно число, например 12 или 3,5. Попробуйте ещё раз.
survey-invalid-too-small = Слишком мало: нужно не меньше { $minimum }. Попробуйте ещё раз.
survey-invalid-too-big = Слишком много: нужно не больше { $maximum }. Попробуйте ещё раз.
survey-invalid-too-long = Ответ слишком длинный: можно до { $maximum } { $maximum ->
    [one] знака
   *[other] знаков
}. Сократите, пожалуйста, и пришлите ещё раз.
survey-invalid-empty = Ответ пустой. Напишите, пожалуйста, текстом.
survey-press-button = Здесь нужно выбрать ответ кнопкой под вопросом.
survey-type-text = Пришлите, пожалуйста, ответ текстом или кнопкой.
survey-button-outdated = Это кнопка другого вопроса. Ответьте, пожалуйста, на последний вопрос.
survey-resumed = Продолжаем опрос с того места, где вы остановились.
survey-finish-other-first = Сначала закончите начатый диалог или отмените его командой /cancel.
survey-not-found = Опрос не найден или предназначен не вам.
survey-none = Открытых опросов для вас сейчас нет.
survey-list-title = 📋 Открытые опросы
survey-list-new = { $n }. <b>{ $title }</b> — до { $until }
survey-list-started = { $n }. <b>{ $title }</b> — до { $until } (начат)
survey-list-start = { $n }. Начать
survey-list-continue = { $n }. Продолжить
error-survey-closed = Опрос уже закрыт, ответы больше не принимаются.
error-survey-not-open = Опрос ещё не открыт.
error-survey-done = Вы уже ответили на этот опрос. Спасибо!
error-survey-unfinished = Ответьте, пожалуйста, на все обязательные вопросы.
