## Admin panel: CSV import of the directory

import-title = Импорт справочника
import-intro = Загрузите таблицу в формате CSV — так её сохраняет Excel («Файл → Сохранить как → CSV»). Сначала панель проверит весь файл и покажет, что изменится; в базу ничего не записывается, пока вы не нажмёте «Импортировать».
import-kind = Что загружаем
import-kind-municipalities = Муниципалитеты
import-kind-schools = Школы
import-kind-people = Люди
import-file = Файл CSV (не больше { $max } МБ, до { $rows } { $rows ->
    [one] строки
   *[other] строк
})
import-check = Проверить файл
import-confirm = Импортировать
import-upload-another = Загрузить другой файл
import-formats = Подходят файлы в UTF-8 (с BOM или без) и в Windows-1251, с разделителем «;» или «,». Первая строка — заголовки столбцов: наши названия (как в образцах) или русские, перечисленные ниже. Регистр, ё/е и знаки препинания в заголовках не важны. Списки внутри ячейки (роли, предметы, метки) разделяйте запятой или точкой с запятой.
import-template = Скачать образец
import-columns-for = Столбцы файла «{ $kind }»
import-column = Столбец
import-column-aliases = Можно назвать и так
import-column-required = обязательный
import-column-optional = необязательный
import-column-meaning = Что в нём
import-key-municipalities = Муниципалитет узнаётся по названию (без учёта регистра, ё/е и кавычек). Новый — создаётся, у существующего меняется только часовой пояс. Загружать муниципалитеты могут владелец и редакторы.
import-key-schools = Школа узнаётся по коду (code). Новая — создаётся, у существующей обновляются названия, муниципалитет и метки. Муниципалитет должен уже быть в справочнике.
import-key-people = Человек узнаётся по id в Telegram, если он указан, иначе — по ФИО в той же школе (а без школы — в том же муниципалитете). Кто загружен без id в Telegram, получает статус «загружен из файла»: бот не может ему писать. Когда в следующем файле у него появится id в Telegram, он станет активным.
import-col-municipalities-name = Название муниципалитета, как оно должно выглядеть в справочнике.
import-col-municipalities-timezone = Часовой пояс, если он не как у региона: Europe/Moscow, Asia/Yekaterinburg или МСК+2. Пусто — как у региона.
import-col-schools-code = Код школы (например, ИНН): буквы, цифры, «.», «_», «/», «-», до 40 знаков.
import-col-schools-full_name = Полное наименование.
import-col-schools-short_name = Краткое название; пусто — у новой школы будет полное, у существующей останется прежнее.
import-col-schools-municipality = Название муниципалитета из справочника.
import-col-schools-tags = Метки: ШНОР, ШНСУ, 500+, зона риска и свои (строчные буквы, цифры, «-»). Пустая ячейка снимает метки.
import-col-people-full_name = Фамилия, имя, отчество.
import-col-people-role = Роль: учитель, руководитель (управленческая команда), куратор, координатор, сотрудник института. Можно несколько.
import-col-people-school_code = Код школы из справочника; обязателен для учителей и управленческой команды.
import-col-people-municipality = Муниципалитет; нужен, если школы нет (кураторы, координаторы).
import-col-people-subjects = Предметы: математика, русский язык, физика… (или коды math, russian…). Пустая ячейка очищает список; нет столбца — предметы не меняются.
import-col-people-telegram_id = Числовой id в Telegram. Отформатируйте столбец в Excel как текстовый, иначе длинное число превратится в 1,23E+11.
import-preview-title = Проверка файла
import-file-info = Файл «{ $file }»: кодировка { $encoding }, разделитель { $delimiter }, строк с данными: { $rows }.
import-columns-found = Распознанные столбцы: { $columns }.
import-delimiter-comma = «,»
import-delimiter-semicolon = «;»
import-delimiter-tab = табуляция
import-count-create = Будет создано
import-count-update = Будет обновлено
import-count-unchanged = Без изменений
import-count-problems = Ошибок
import-problems-title = Ошибки в файле: { $count }. Ничего не записано — исправьте файл и загрузите его снова.
import-warnings-title = Замечания
import-changes-title = Что изменится
import-changes-row = Строка
import-changes-action = Действие
import-changes-what = Запись
import-change-create = создать
import-change-update = обновить: { $fields }
import-changes-more = …и ещё { $count }
import-nothing-to-do = Все строки совпадают с тем, что уже есть в справочнике: менять нечего.
import-clean = Ошибок нет. Нажмите «Импортировать», чтобы записать изменения.
import-done = Импорт выполнен: создано { $created }, обновлено { $updated }, без изменений { $unchanged }.
import-done-nothing = Импорт выполнен: менять было нечего.
import-open-list = Открыть список
import-stale = Пока вы смотрели проверку, данные в справочнике изменились. Вот новая проверка — посмотрите её ещё раз.
validation-import-no-file = Выберите файл.
validation-import-too-large = Файл больше { $max } МБ. Разделите его на части и загрузите по очереди.
validation-import-bad-kind = Выберите, что загружаем: муниципалитеты, школы или людей.
import-bad-confirm = Форма подтверждения повреждена или устарела. Загрузите файл снова.
import-conflict = Пока шёл импорт, кто-то другой добавил те же записи. Ничего не записано — проверьте файл снова.
import-problem-at-cell = строка { $row }, столбец { $column }: { $text }
import-problem-at-row = строка { $row }: { $text }
import-problem-at-column = столбец { $column }: { $text }
import-problem-too-large = файл больше { $max } МБ
import-problem-empty-file = файл пуст
import-problem-excel-file = это книга Excel (.xlsx или .xls), а не CSV. Откройте её в Excel и сохраните как «CSV (разделители — запятые)» или «CSV UTF-8»
import-problem-binary-file = это не текстовый CSV-файл
import-problem-csv-syntax = файл не читается как CSV около строки { $line }: { $detail ->
    [quote-not-closed] кавычка открыта и не закрыта
    [record-too-big] слишком длинная строка
   *[other] нарушен формат
  }
import-problem-too-many-rows = в файле больше { $max } { $max ->
    [one] строки
   *[other] строк
}. Разделите его на части
import-problem-no-data-rows = в файле только строка заголовков, данных нет
import-problem-missing-column = обязательный столбец отсутствует (его можно назвать и так: { $aliases })
import-problem-duplicate-column = такой столбец уже есть в файле
import-problem-unknown-column = неизвестный столбец — его значения не загружаются
import-problem-wrong-kind = похоже, это файл другого вида: { $kind ->
    [municipalities] муниципалитеты
    [schools] школы
   *[people] люди
  }. Выберите его в списке «Что загружаем»
import-problem-required = не заполнено
import-problem-bad-characters = недопустимые управляющие символы
import-problem-too-short = слишком коротко: не меньше { $min } { $min ->
    [one] знака
   *[other] знаков
}
import-problem-too-long = слишком длинно: не больше { $max } { $max ->
    [one] знака
   *[other] знаков
}
import-problem-duplicate-key = повторяет строку { $first }
import-problem-duplicate-person = тот же человек, что в строке { $first } (если это разные люди, укажите telegram_id обоим)
import-problem-unknown-timezone = неизвестный часовой пояс «{ $value }» (пример: Europe/Moscow или МСК+2)
import-problem-no-such-municipality = нет муниципалитета «{ $value }»
import-problem-ambiguous-municipality = несколько муниципалитетов называются «{ $value }»
import-problem-out-of-scope = вне вашей зоны
import-problem-school-code-format = код может содержать только буквы, цифры, «.», «_», «/» и «-»
import-problem-tag-too-long = метка «{ $value }» длиннее { $max } { $max ->
    [one] знака
   *[other] знаков
}
import-problem-tag-format = метка «{ $value }»: только строчные буквы, цифры, «_» и «-»
import-problem-too-many-tags = больше { $max } { $max ->
    [one] своей метки
   *[other] своих меток
}
import-problem-unknown-role = неизвестная роль «{ $value }» (подходят: учитель, руководитель, куратор, координатор, сотрудник института)
import-problem-unknown-subject = неизвестный предмет «{ $value }»
import-problem-telegram-id-exponent = Excel записал число как «{ $value }» — отформатируйте столбец как текстовый и введите id заново
import-problem-bad-telegram-id = telegram_id — это число, а не «{ $value }»
import-problem-no-such-school = нет школы с кодом { $value }
import-problem-role-needs-school = для учителя и управленческой команды нужен код школы
import-problem-school-or-municipality-required = укажите код школы или муниципалитет
import-problem-municipality-mismatch = школа { $code } относится к муниципалитету «{ $municipality }»
import-problem-ambiguous-person = в справочнике { $count } { $count ->
    [one] человек
    [few] человека
   *[many] человек
  } с таким ФИО в этой школе — укажите telegram_id
status-imported = загружен из файла
audit-import-municipalities = импорт муниципалитетов
audit-import-schools = импорт школ
audit-import-people = импорт людей
audit-field-created = создано
audit-field-updated = обновлено
audit-field-unchanged = без изменений
audit-field-file-name = файл
