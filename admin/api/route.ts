import { createRoute, type RouteConfig, type RouteHandler, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { assertCanWrite, type Actor } from '../../core/admins/access.js';
import { actorFromBearer } from '../../core/admins/api-tokens.js';
import type { Core } from '../../core/core.js';
import { ApiError } from './errors.js';

export interface ApiEnv {
  Variables: { core: Core; actor: Actor };
}

export const maxBodyBytes = 1024 * 1024;

/** The error answers every operation may give, as components of the document: name and description. */
export const errorResponses = {
  400: ['BadRequest', 'Неверные данные: поля с ошибками перечислены в issues; тело не JSON'],
  401: ['Unauthorized', 'Нет токена, токен неизвестен или отозван'],
  403: ['Forbidden', 'Роль токена не позволяет это действие (наблюдатель только читает)'],
  404: ['NotFound', 'Не найдено или вне муниципалитетов токена'],
  409: ['Conflict', 'Уже сделано: решение по заявке уже принято'],
  413: ['PayloadTooLarge', 'Тело запроса больше 1 МБ'],
  500: ['InternalError', 'Внутренняя ошибка сервера'],
} as const;
type ErrorStatus = keyof typeof errorResponses;

/** The success answer of an operation: its JSON schema, named in the document by `.openapi(name)`. */
export function ok<S extends z.ZodType>(schema: S) {
  return { description: 'Успешно', content: { 'application/json': { schema } } };
}

/** A JSON request body: required, so an empty one is validated as `{}` (see `jsonBody`). */
export function jsonRequest<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

const authenticate = createMiddleware<ApiEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (!header) throw new ApiError(401, 'unauthorized', {}, [], { 'www-authenticate': 'Bearer realm="mayak"' });
  const [, token] = /^Bearer\s+(\S+)\s*$/i.exec(header) ?? [];
  const actor = token ? await actorFromBearer(c.get('core'), token) : undefined;
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

/** Read-only (viewer) tokens are refused with 403 before anything else of the request is looked at. */
const canWrite = createMiddleware<ApiEnv>(async (c, next) => {
  assertCanWrite(c.get('actor'));
  await next();
});

/** An empty query value (`?q=`) counts as absent, as in the panel's filters. */
const dropEmptyQuery = createMiddleware<ApiEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const empty = [...url.searchParams].filter(([, value]) => value === '').map(([name]) => name);
  if (empty.length) {
    for (const name of empty) url.searchParams.delete(name);
    c.req.raw = new Request(url, { method: c.req.method, headers: c.req.raw.headers });
  }
  await next();
});

/**
 * Before the body's validator: anything else than JSON is refused with what was wrong (the validator alone would
 * skip a body of another type); an empty body becomes no body, which the validator reads as `{}`.
 */
const jsonBody = createMiddleware<ApiEnv>(async (c, next) => {
  const text = await c.req.text();
  if (text.trim() === '') {
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-type');
    c.req.raw = new Request(c.req.url, { method: c.req.method, headers });
  } else {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw new ApiError(400, 'not-json', { type: type || '—' }, [{ field: 'body', reason: 'not-json' }]);
    try {
      JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ApiError(400, 'invalid-json', { detail }, [{ field: 'body', reason: 'invalid-json', params: { detail } }]);
    }
  }
  await next();
});

/** One operation of /api/v1: its route (what the document says and the validators check) and its handler. */
export interface Operation {
  route: RouteConfig;
  handler: RouteHandler<RouteConfig, ApiEnv>;
}

/**
 * Declares an operation once with `createRoute`: the token check, the body limit, the write check and the JSON
 * reading go in front of its validators, and the error answers it may give are added to its responses (400 when it
 * takes input, 403 when it writes, 404 when it names something, 409 on `conflict`, 413 when it takes a body).
 */
export function operation<R extends RouteConfig>(declared: R, options: { write?: boolean; conflict?: boolean }, handler: RouteHandler<R, ApiEnv>): Operation {
  const { params, query, body } = declared.request ?? {};
  const errors: ErrorStatus[] = [401, 500];
  if (params || query || body) errors.push(400);
  if (options.write) errors.push(403);
  if (params) errors.push(404);
  if (options.conflict) errors.push(409);
  if (body) errors.push(413);
  errors.sort((a, b) => a - b);
  const middleware: MiddlewareHandler<ApiEnv>[] = [authenticate, limitBody];
  if (options.write) middleware.push(canWrite);
  if (query) middleware.push(dropEmptyQuery);
  if (body) middleware.push(jsonBody);
  const route = createRoute({
    ...declared,
    middleware,
    responses: {
      ...declared.responses,
      ...Object.fromEntries(errors.map((status) => [status, { $ref: `#/components/responses/${errorResponses[status][0]}` }])),
    },
  });
  return { route, handler: handler as unknown as Operation['handler'] };
}
