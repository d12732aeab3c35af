## Schools and municipalities (admin panel)

schools-title = Школы
schools-new = Добавить школу
schools-search = Поиск по названию
schools-no-lead = Без руководителя
schools-total = Найдено школ: { $total }
schools-people = Участники (активные и ожидающие)
schools-leads = Руководители
schools-bad-filter = Фильтр содержит неверные значения и не применён.

school-short-name = Краткое название
school-full-name = Полное название
school-names = Название
school-code = Код
school-code-hint = Необязательно: официальный код школы (например, ИНН) — по нему сверяется импорт. Код не может повторяться.
school-tags = Метки
school-free-tags = Свои метки
school-free-tags-placeholder = например, сельская, малокомплектная
school-free-tags-hint = Через запятую; строчные буквы, цифры, «_» и «-», до 40 знаков каждая.
school-create = Создать школу
school-people-link = Люди школы: { $count }
school-created-at = в системе с { $date }
school-curators = Кураторы
school-no-curators = Кураторов пока нет.
school-unassign = Снять
school-assign-curator = Назначить куратора
school-assign = Назначить
school-history = История изменений
school-history-empty = Изменений пока не было.

municipalities-title = Муниципалитеты
municipalities-schools = Школы
municipalities-people = Участники (активные и ожидающие)
municipalities-pending = Заявки ждут решения
municipalities-empty = Муниципалитетов пока нет.
municipality-new = Новый муниципалитет
municipality-name = Название
municipality-create = Создать муниципалитет
municipality-timezone = Часовой пояс
municipality-timezone-hint = Только если отличается от пояса региона, например Asia/Yekaterinburg. Пусто — пояс региона.
municipality-timezone-region = как у региона ({ $zone })
municipality-schools-link = Школ: { $count }
municipality-people-link = Участников: { $count }
municipality-pending-link = Заявок ждут решения: { $count }
municipality-created-at = в системе с { $date }
municipality-history = История изменений

flash-school-created = Школа добавлена.
flash-curator-assigned = Куратор назначен.
flash-curator-unassigned = Куратор снят со школы.
flash-municipality-created = Муниципалитет создан.

validation-free-tag-format = Метка «{ $value }»: только строчные буквы, цифры, «_» и «-»
validation-free-tag-too-long = Метка «{ $value }» длиннее 40 знаков
validation-too-many-free-tags = Слишком много меток: не больше 20
validation-single-line = Только одна строка, без переводов строки и служебных символов
validation-school-code-format = Код: только буквы, цифры и знаки «.», «_», «/», «-», без пробелов
validation-school-code-taken = Школа с таким кодом уже есть
validation-school-municipality-unknown = Такого муниципалитета нет
validation-municipality-name-taken = Муниципалитет с таким названием уже есть
validation-curator-not-active = Куратор не активен: назначить можно только активного
validation-curator-not-assigned = Этот человек не куратор этой школы

audit-school-create = школа добавлена
audit-school-rename = изменено название
audit-school-tags = изменены метки
audit-municipality-create = муниципалитет создан
audit-municipality-rename = муниципалитет изменён
