import { z } from 'zod';
import type { Actor } from '../../core/admins/access.js';
import type { Core } from '../../core/core.js';

/**
 * Schemas that appear in the OpenAPI document under their own name (components.schemas). Requests are described
 * as clients write them (zod's input: defaults optional, coerced numbers), responses as the server sends them.
 * Every request body and response of an operation must be named here: the document refers to it by that name.
 */
export const requestSchemas = z.registry<{ id: string; description?: string }>();
export const responseSchemas = z.registry<{ id: string; description?: string }>();

export const named = {
  request: <S extends z.ZodType>(id: string, schema: S, description?: string): S => nameIn(requestSchemas, id, schema, description),
  response: <S extends z.ZodType>(id: string, schema: S, description?: string): S => nameIn(responseSchemas, id, schema, description),
};

function nameIn<S extends z.ZodType>(registry: typeof requestSchemas, id: string, schema: S, description?: string): S {
  (schema as z.ZodType).register(registry, { id, ...(description ? { description } : {}) });
  return schema;
}

export type Method = 'get' | 'post' | 'patch';
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface OperationInput<P, Q, B> {
  core: Core;
  actor: Actor;
  params: P;
  query: Q;
  body: B;
}

export interface OperationSpec<P extends z.ZodObject | undefined, Q extends z.ZodObject | undefined, B extends z.ZodType | undefined, R extends z.ZodType> {
  method: Method;
  /** OpenAPI-style: `/people/{id}`; every `{name}` needs a field in `params`. */
  path: `/${string}`;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** Changes data: refused to read-only (viewer) tokens with 403 before anything else is looked at. */
  write?: boolean;
  /** May answer 409 (a decision already taken). */
  conflict?: boolean;
  params?: P;
  /** Query-string fields; empty values count as absent, unknown names are refused. */
  query?: Q;
  /** A JSON body; an empty body is read as `{}`. */
  body?: B;
  response: R;
  status?: 200 | 201;
  /** Gets validated input and returns the response as the schema describes it (checked by the compiler). */
  handler: (input: OperationInput<Out<P>, Out<Q>, Out<B>>) => Promise<z.input<R>>;
}

/** One operation of /api/v1 with its types erased, as the router and the OpenAPI document read it. */
export interface Operation {
  method: Method;
  path: `/${string}`;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  write?: boolean;
  conflict?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status?: 200 | 201;
  handler: (input: OperationInput<unknown, unknown, unknown>) => Promise<unknown>;
}

/**
 * Declares an operation once: `apiRoutes` mounts it and `openApiDocument` describes it from the same object,
 * so the published document cannot drift from what the server does.
 */
export function defineOperation<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: OperationSpec<P, Q, B, R>): Operation {
  for (const name of spec.path.matchAll(/\{([^}]+)\}/g)) {
    if (!spec.params || !(name[1]! in spec.params.shape)) throw new Error(`${spec.operationId}: path parameter {${name[1]}} has no schema in params`);
  }
  return spec as unknown as Operation;
}

/** `/people/{id}` → `/people/:id`, Hono's way to write the same path. */
export function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}
