## Admin panel: registration requests and invite links

## Approvals
approvals-title = Заявки на регистрацию
approvals-hint = Заявки тех, кто зарегистрировался в боте без приглашения, — сначала самые давние. Человек получит ответ в боте на своём языке; координаторы, которым заявка пришла в Telegram, увидят там, что решение уже принято.
approvals-total = Ждут решения: { $total }
approvals-shown = Показаны первые { $shown }.
approvals-empty = Новых заявок нет.
approvals-requested-at = Когда
approvals-approve = Одобрить
approvals-reject = Отклонить
approvals-reason = Причина отказа — её увидит человек
approvals-reason-placeholder = Например: в этой школе нет такого учителя
approvals-read-only = Ваша роль позволяет только смотреть: решения принимают координаторы и редакторы.
approvals-already-decided = Решение по заявке «{ $name }» уже принято: { $status }.
flash-registration-approved = Заявка одобрена. Человеку придёт сообщение в боте.
flash-registration-rejected = Заявка отклонена. Человеку придёт сообщение с причиной.
validation-reason-required = Укажите причину отказа
validation-reason-too-short = Слишком коротко: не меньше 3 знаков
validation-reason-too-long = Слишком длинно: не больше 500 знаков

## Invites
invites-title = Приглашения
invites-hint = Кто регистрируется по ссылке-приглашению, тому одобрение не нужно: роль и школа (или муниципалитет) берутся из приглашения.
invites-new = Новое приглашение
invites-place-hint = Учителю и управленческой команде — школа; куратору, координатору и сотруднику института — муниципалитет.
invites-no-school = — без школы —
invites-no-municipality = — по школе —
invites-max-uses = Сколько человек может зарегистрироваться
invites-valid-days = Срок действия, дней
invites-create = Создать ссылку
invites-cannot-create = Ваша роль позволяет только смотреть приглашения.
invites-link = Ссылка-приглашение
invites-link-telegram = Ссылка-приглашение в Telegram
invites-link-max = Ссылка-приглашение в MAX
invites-link-hint = Отправьте её тем, кого приглашаете. По ссылке регистрируются без одобрения — не публикуйте её открыто.
invites-link-hidden = Ссылку видят только те, кто может создавать такие приглашения.
invites-copy = Скопировать
invites-copied = Скопировано
invites-place = Школа или муниципалитет
invites-uses = Использовано
invites-uses-of = { $uses } из { $max }
invites-expires = Действует до
invites-created-by = Создал(а)
invites-created-at = Создано
invites-revoked-at = Отозвано
invites-status-active = действует
invites-status-expired = срок истёк
invites-status-used-up = исчерпано
invites-status-revoked = отозвано
invites-revoke = Отозвать
invites-revoke-hint = Ссылка перестанет работать сразу; кто уже зарегистрировался, останется.
invites-empty = Приглашений нет.
invites-bad-filter = Фильтр содержит неверные значения и не применён.
invites-card-title = Приглашение № { $id }
invites-registered = Зарегистрировались по приглашению
invites-registered-none = По этому приглашению ещё никто не зарегистрировался.
invites-all = ← Все приглашения
flash-invite-created = Приглашение создано. Скопируйте ссылку и отправьте её.
flash-invite-revoked = Приглашение отозвано: ссылка больше не работает.
flash-invite-already-revoked = Приглашение уже было отозвано.
validation-role-not-allowed = Приглашения с этой ролью создают владелец или редактор панели
validation-no-such-municipality = Такого муниципалитета нет
validation-school-not-in-municipality = Эта школа не из выбранного муниципалитета

## Audit actions
audit-registration-approve = заявка одобрена
audit-registration-reject = заявка отклонена
audit-invite-create = создано приглашение
audit-invite-revoke = приглашение отозвано
