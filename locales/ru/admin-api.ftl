## API tokens page (owners only)
nav-api-tokens = Токены API
api-tokens-title = Токены API
api-tokens-intro = Токен даёт другой системе региона доступ к данным Маяка через JSON API. Он действует с выбранной ролью, как администратор: наблюдатель только читает, координатор видит и меняет только свои муниципалитеты. Изменения попадают в журнал от имени «api:название».
api-tokens-docs = Описание API (OpenAPI 3.1):
api-tokens-usage = Токен передаётся в заголовке
api-tokens-token = токен
api-tokens-created = Токен «{ $name }» создан. Скопируйте его сейчас: он показывается один раз, в Маяке хранится только его отпечаток.
api-tokens-empty = Токенов пока нет.
api-tokens-name = Название
api-tokens-name-hint = Кто будет пользоваться токеном, например «ГИС Образование». Названия не повторяются.
api-tokens-role = Роль
api-tokens-municipalities = Муниципалитеты
api-tokens-municipalities-hint = только для координатора
api-tokens-all-municipalities = все
api-tokens-created-at = Создан
api-tokens-last-used = Последнее обращение
api-tokens-status = Состояние
api-tokens-active = действует
api-tokens-revoked = отозван { $date }
api-tokens-revoke = Отозвать
api-tokens-new = Новый токен
api-tokens-create = Создать токен
flash-api-token-revoked = Токен отозван: запросы с ним больше не принимаются.
validation-token-name-taken = Токен с таким названием уже есть
validation-token-needs-municipality = Отметьте муниципалитеты координатора
audit-api-token-create = создан API-токен
audit-api-token-revoke = отозван API-токен

## JSON API (/api/v1): error messages
api-error-unauthorized = Нужен токен API в заголовке Authorization: Bearer <токен>. Токены выпускает владелец в панели, раздел «Токены API».
api-error-invalid-token = Токен API неизвестен или отозван.
api-error-not-json = Тело запроса должно быть JSON с заголовком Content-Type: application/json (получено: { $type }).
api-error-invalid-json = Тело запроса — не корректный JSON: { $detail }
api-error-payload-too-large = Тело запроса больше { $limit } МБ.
api-error-method-not-allowed = Метод { $method } по этому адресу не поддерживается; допустимы: { $allowed }.
api-error-no-such-route = Такого адреса в API нет. Список операций — /api/v1/openapi.json.
api-error-not-found = Не найдено (или находится вне муниципалитетов токена).
api-error-not-allowed = Роль токена не позволяет это действие.
api-error-invalid-input = Данные не прошли проверку: ошибки по полям перечислены в issues.
api-error-already-decided = Решение по этой заявке уже принято.
api-error-too-many-attempts = Слишком много запросов, повторите позже.
api-error-refused = Запрос отклонён ({ $code }).
api-error-internal = Внутренняя ошибка сервера. Повторите запрос позже; если повторится — сообщите администратору Маяка.
api-issue-invalid-type = Неверный тип или поле не заполнено: ожидается { $expected }
api-issue-unrecognized-keys = Неизвестное поле
api-issue-not-json = Ожидается JSON
api-issue-invalid-json = Не разбирается как JSON: { $detail }

## Start-up chores page (owners only)
setup-title = Настройка бота в Telegram
setup-intro = Узнаёт у Telegram имя бота и запоминает его, задаёт меню команд и адрес вебхука (в Telegram и, если подключён, в MAX), ставит в расписание ежедневную очистку. Повторять можно сколько угодно: после смены токена или адреса панели — обязательно.
setup-run = Выполнить настройку
setup-done = Готово. Бот: @{ $bot }.
setup-failed = Не получилось: { $problem }
setup-webhook = Telegram присылает обновления на { $url }
setup-polling = Вебхук не задан: бот получает обновления сам (long polling).
setup-max-webhook = MAX присылает обновления на { $url }
