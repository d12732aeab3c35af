import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Core } from '../../core/core.js';
import { localeFromLanguageCode, type TranslateArgs } from '../../locales/translator.js';
import { ApiError, describeError, errorBody, refuseInvalid } from './errors.js';
import { eventsOperations } from './events.js';
import { invitesOperations } from './invites.js';
import { serveOpenApiDocument } from './openapi.js';
import { peopleOperations } from './people.js';
import { placesOperations } from './places.js';
import { registrationsOperations } from './registrations.js';
import type { ApiEnv, Operation } from './route.js';

const all: readonly Operation[] = [...peopleOperations, ...placesOperations, ...registrationsOperations, ...invitesOperations, ...eventsOperations];

type JsonContent = { content?: { 'application/json'?: { schema: z.ZodType } } } | undefined;
const jsonSchemaOf = (part: unknown) => (part as JsonContent)?.content?.['application/json']?.schema;

/** Every operation of /api/v1 as its route declares it: method, path, id, and the schemas of its body and success answer. */
export const operations = all.map(({ route }) => ({
  method: route.method,
  path: route.path,
  operationId: route.operationId!,
  body: jsonSchemaOf(route.request?.body),
  response: jsonSchemaOf(route.responses[200] ?? route.responses[201])!,
}));

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
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: refuseInvalid });

  app.onError((error, c) => {
    const t = translator(core, c);
    // The body's media-type gate of @hono/zod-openapi: a body of another type than the declared JSON.
    const refused =
      error instanceof HTTPException && error.status === 415 ? new ApiError(400, 'not-json', { type: c.req.header('content-type') ?? '—' }) : error;
    const known = describeError(refused, t);
    if (known) return c.json(known.body, known.status, known.headers);
    log(`api ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json(errorBody('internal', t('api-error-internal'), [], t), 500);
  });
  app.use(async (c, next) => {
    c.set('core', core);
    await next();
  });

  for (const { route, handler } of all) app.openapi(route, handler);
  serveOpenApiDocument(app, '/openapi.json');

  // A known address with another method is a 405 naming the allowed ones; anything else under /api/v1 is a JSON 404.
  for (const path of new Set(operations.map((op) => op.path))) {
    const allowed = operations
      .filter((op) => op.path === path)
      .map((op) => op.method.toUpperCase())
      .join(', ');
    app.all(path.replace(/\{([^}]+)\}/g, ':$1'), (c) => {
      throw new ApiError(405, 'method-not-allowed', { method: c.req.method, allowed }, [], { allow: allowed });
    });
  }
  app.all('*', () => {
    throw new ApiError(404, 'no-such-route');
  });
  return app;
}
