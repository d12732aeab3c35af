## API tokens page (owners only)
nav-api-tokens = API tokens
api-tokens-title = API tokens
api-tokens-intro = A token gives another regional system access to Mayak's data through the JSON API. It acts with the chosen role, like an admin: a viewer only reads, a coordinator sees and changes only their municipalities. Changes are logged as "api:name".
api-tokens-docs = API description (OpenAPI 3.1):
api-tokens-usage = Send the token in the header
api-tokens-token = token
api-tokens-created = Token "{ $name }" created. Copy it now: it is shown once, Mayak keeps only its fingerprint.
api-tokens-empty = No tokens yet.
api-tokens-name = Name
api-tokens-name-hint = Who will use the token, e.g. "Education GIS". Names are unique.
api-tokens-role = Role
api-tokens-municipalities = Municipalities
api-tokens-municipalities-hint = coordinators only
api-tokens-all-municipalities = all
api-tokens-created-at = Created
api-tokens-last-used = Last used
api-tokens-status = Status
api-tokens-active = active
api-tokens-revoked = revoked { $date }
api-tokens-revoke = Revoke
api-tokens-new = New token
api-tokens-create = Create token
flash-api-token-revoked = Token revoked: requests with it are no longer accepted.
validation-token-name-taken = A token with this name already exists
validation-token-needs-municipality = Tick the coordinator's municipalities
audit-api-token-create = API token created
audit-api-token-revoke = API token revoked

## JSON API (/api/v1): error messages
api-error-unauthorized = An API token is required in the header Authorization: Bearer <token>. Owners issue tokens in the panel, section "API tokens".
api-error-invalid-token = The API token is unknown or revoked.
api-error-not-json = The request body must be JSON with Content-Type: application/json (got: { $type }).
api-error-invalid-json = The request body is not valid JSON: { $detail }
api-error-payload-too-large = The request body is larger than { $limit } MB.
api-error-method-not-allowed = Method { $method } is not supported at this address; allowed: { $allowed }.
api-error-no-such-route = No such address in the API. The operations are listed at /api/v1/openapi.json.
api-error-not-found = Not found (or outside the token's municipalities).
api-error-not-allowed = The token's role does not allow this action.
api-error-invalid-input = The data did not pass validation: see issues for each field.
api-error-already-decided = This registration has already been decided.
api-error-too-many-attempts = Too many requests, try again later.
api-error-refused = Request refused ({ $code }).
api-error-internal = Internal server error. Try again later; if it persists, tell Mayak's administrator.
api-issue-invalid-type = Wrong type or missing: expected { $expected }
api-issue-unrecognized-keys = Unknown field
api-issue-not-json = JSON expected
api-issue-invalid-json = Cannot be parsed as JSON: { $detail }

## Start-up chores page (owners only)
setup-title = Bot setup in Telegram
setup-intro = Asks Telegram for the bot's name and remembers it, sets the command menus and the webhook's address (in Telegram and, when connected, in MAX), and schedules the daily clean-up. Safe to repeat; do it after changing the token or the panel's address.
setup-run = Run the setup
setup-done = Done: the bot @{ $bot } is set up.
setup-failed = It failed: { $problem }
setup-webhook = Telegram sends updates to { $url }
setup-polling = No webhook: the bot fetches its updates itself (long polling).
setup-max-webhook = MAX sends updates to { $url }
