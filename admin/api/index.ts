import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { assertCanWrite, type Actor } from '../../core/admins/access.js';
import { actorFromBearer } from '../../core/admins/api-tokens.js';
import type { Core } from '../../core/core.js';
import { localeFromLanguageCode, type TranslateArgs } from '../../locales/translator.js';
import { ApiError, describeError, errorBody, validate } from './errors.js';
import { eventsOperations } from './events.js';
import { invitesOperations } from './invites.js';
import { openApiDocument } from './openapi.js';
import { peopleOperations } from './people.js';
import { placesOperations } from './places.js';
import { honoPath, type Operation } from './registry.js';
import { registrationsOperations } from './registrations.js';

/** Every operation of /api/v1: mounted by `apiRoutes` and described by openapi.json from this one list. */
export const operations: readonly Operation[] = [
  ...peopleOperations,
  ...placesOperations,
  ...registrationsOperations,
  ...invitesOperations,
  ...eventsOperations,
];

export const maxBodyBytes = 1024 * 1024;

interface ApiEnv {
  Variables: { actor: Actor };
}

/** Messages follow Accept-Language: English when the client asks for it first, Russian otherwise. */
function translator(core: Core, c: Context) {
  const locale = localeFromLanguageCode(c.req.header('accept-language')?.split(',')[0]?.trim());
  return (key: string, args?: TranslateArgs) => core.translate(locale, key, args);
}

/**
 * The JSON API for the region's other systems, under /api/v1. Bearer tokens from the panel act with their role and
 * municipal scope exactly as an admin would; every answer, errors included, is JSON.
 */
export function apiRoutes(core: Core, options: { log?: (message: string) => void } = {}) {
  const log = options.log ?? console.error;
  const app = new Hono<ApiEnv>();
  let document: Record<string, unknown> | undefined;

  app.onError((error, c) => {
    const t = translator(core, c);
    const known = describeError(error, t);
    if (known) return c.json(known.body, known.status, known.headers);
    log(`api ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json(errorBody('internal', t('api-error-internal'), [], t), 500);
  });

  app.get('/openapi.json', (c) => c.json((document ??= openApiDocument(operations))));

  const authenticate = createMiddleware<ApiEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new ApiError(401, 'unauthorized', {}, [], { 'www-authenticate': 'Bearer realm="mayak"' });
    const [, token] = /^Bearer\s+(\S+)\s*$/i.exec(header) ?? [];
    const actor = token ? await actorFromBearer(core, token) : undefined;
    if (!actor) throw new ApiError(401, 'invalid-token', {}, [], { 'www-authenticate': 'Bearer realm="mayak", error="invalid_token"' });
    c.set('actor', actor);
    await next();
  });
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new ApiError(413, 'payload-too-large', { limit: maxBodyBytes / 1024 / 1024 });
    },
  });

  for (const op of operations) {
    app.on(op.method.toUpperCase(), honoPath(op.path), authenticate, limitBody, async (c) => {
      const actor = c.get('actor');
      if (op.write) assertCanWrite(actor);
      const params = op.params ? validate(op.params, c.req.param(), 'path') : undefined;
      const query = op.query ? validate(op.query, filledQuery(c), 'query') : undefined;
      const body = op.body ? validate(op.body, await readJson(c), 'body') : undefined;
      const result = await op.handler({ core, actor, params, query, body });
      return c.json(result as object, (op.status ?? 200) as ContentfulStatusCode);
    });
  }

  // A known address with another method is a 405 naming the allowed ones; anything else under /api/v1 is a JSON 404.
  for (const path of new Set(operations.map((op) => op.path))) {
    const allowed = operations
      .filter((op) => op.path === path)
      .map((op) => op.method.toUpperCase())
      .join(', ');
    app.all(honoPath(path), (c) => {
      throw new ApiError(405, 'method-not-allowed', { method: c.req.method, allowed }, [], { allow: allowed });
    });
  }
  app.all('*', () => {
    throw new ApiError(404, 'no-such-route');
  });
  return app;
}

/** Query-string fields; an empty value (`?q=`) counts as absent, as in the panel's filters. */
function filledQuery(c: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
}

/** The body as JSON; an empty body is `{}`. Anything else than JSON is refused with what was wrong. */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw new ApiError(400, 'not-json', { type: type || '—' }, [{ field: 'body', reason: 'not-json' }]);
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, 'invalid-json', { detail }, [{ field: 'body', reason: 'invalid-json', params: { detail } }]);
  }
}
