import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { DomainError, toFieldIssue, type FieldIssue } from '../core/errors.js';
import type { AdminEnv } from './env.js';
import { describeFields, type PanelContext } from './kit.js';

/** A form body as the browser sent it: strings, and string lists for repeated names (checkboxes). */
export type FormValues = Record<string, string | string[]>;
/** Form field → the message shown next to it. */
export type FieldErrors = Record<string, string>;

export interface FormSpec {
  /** Draws the form again with what was typed and a message next to each field (the middleware answers 400). */
  view: (c: PanelContext, values: FormValues, errors: FieldErrors) => Response | Promise<Response>;
  /** A domain field (or the start of one, `reminderPlan.`) → the form field its message goes next to. */
  fields?: Record<string, string>;
  /**
   * Run when the form's own check failed: the domain's check of what could be read, so every problem is named at once.
   * It throws the domain's `invalid-input`; problems of fields the form already named are left out.
   */
  alsoCheck?: (c: PanelContext, values: FormValues) => unknown;
}

/**
 * A panel form's validator. `schema` reads the body (strings) into what the handler needs; its messages are reasons
 * said in the field's own words and unit (`validation-<reason>` in locales/, with the typed `value` and the issue's
 * params). When it fails, or when the handler throws the domain's `invalid-input`, `spec.view` draws the form again,
 * answering 400, with every field's message next to that field. Any other error goes on to the app's `onError`.
 */
export function validForm<S extends z.ZodType>(schema: S, spec: FormSpec) {
  const validate = zValidator('form', schema, async (result, context) => {
    if (result.success) return;
    const c = context as unknown as PanelContext;
    const values = formValues(result.data as Record<string, unknown>);
    const issues = result.error.issues.map((issue) => formIssue(issue, values));
    if (spec.alsoCheck) {
      const named = new Set(issues.map((i) => i.field));
      const more = await domainIssues(() => spec.alsoCheck!(c, values));
      issues.push(...more.map((i) => ({ ...i, field: formField(i.field, spec.fields) })).filter((i) => !named.has(i.field)));
    }
    return rerender(c, spec, values, issues);
  });
  const middleware: MiddlewareHandler<AdminEnv> = async (c, next) =>
    validate(c as never, async () => {
      await next();
      // The handler's error was already answered by onError; a domain's verdict on the fields replaces that answer.
      if (c.error instanceof DomainError && c.error.code === 'invalid-input') {
        const issues = c.error.issues.map((i) => ({ ...i, field: formField(i.field, spec.fields) }));
        c.error = undefined;
        c.res = undefined;
        c.res = await rerender(c, spec, formValues(await c.req.parseBody({ all: true })), issues);
      }
    });
  return middleware as MiddlewareHandler<AdminEnv, string, { in: { form: z.input<S> }; out: { form: z.output<S> } }>;
}

async function rerender(c: PanelContext, spec: FormSpec, values: FormValues, issues: FieldIssue[]): Promise<Response> {
  const response = await spec.view(c, values, describeFields(issues, c.get('t')));
  return new Response(response.body, { status: 400, headers: response.headers });
}

/** A zod issue of the form: a kebab-case message is the reason; the field's typed value goes along for the words. */
function formIssue(issue: z.core.$ZodIssue, values: FormValues): FieldIssue {
  const base = toFieldIssue(issue);
  const typed = values[String(issue.path[0] ?? '')];
  const own = issue.code === 'custom' ? (issue.params as Record<string, string | number> | undefined) : undefined;
  const value = Array.isArray(typed) ? typed.join(', ') : (typed ?? '');
  return { ...base, params: { value, ...base.params, ...own } };
}

function formField(field: string, fields: FormSpec['fields'] = {}): string {
  for (const [from, to] of Object.entries(fields)) if (field === from || field.startsWith(`${from}.`)) return to;
  return field;
}

async function domainIssues(check: () => unknown): Promise<FieldIssue[]> {
  try {
    await check();
    return [];
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid-input') return error.issues;
    throw error;
  }
}

/** Strings and string lists only: the CSRF token and any file are not form values. */
function formValues(body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** A urlencoded form body as zod sees it; an area's schema refines it with the checks only the form can make. */
export const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
