/**
 * What the sandbox's JSON API accepts, checked with zod, and how it refuses: `{ error: "<field>: <reason>" }` with
 * status 400, the reason in words from locales/.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { toFieldIssue, type FieldIssue } from '../../../core/errors.js';
import type { AdminEnv } from '../../env.js';
import { describeIssue } from '../../kit.js';
import type { SandboxTranslate } from '../../views/sandbox/page.js';

/** What the sandbox needs on the context: only the translator, which the panel sets before mounting it. */
export interface SandboxEnv {
  Variables: Pick<AdminEnv['Variables'], 't'>;
}

export const TEXT_LIMIT = 4096;

// Zod's messages here are reason codes: `sandbox-error-<reason>` in locales/ (else the panel's `validation-<reason>`).

const idField = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d{1,16}\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'id-not-a-number') })
    .int('id-not-an-integer')
    .positive('id-not-positive')
    .max(Number.MAX_SAFE_INTEGER, 'id-too-big'),
);

const nameField = z
  .string({ error: (issue) => (issue.input === undefined ? 'required' : 'not-a-string') })
  .trim()
  .min(1, 'empty-name')
  .max(64, 'too-long');

const lastNameField = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string({ error: 'not-a-string' }).trim().max(64, 'too-long').optional());

/** An object schema whose input must be a JSON object in the first place. */
const jsonObject = <S extends z.ZodRawShape>(shape: S) => z.object(shape, { error: 'not-an-object' });

export const sendSchema = jsonObject({
  in: z.unknown().optional(),
  chat: idField,
  firstName: nameField,
  lastName: lastNameField,
  text: z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : 'not-a-string') })
    .trim()
    .min(1, 'empty-text')
    .max(TEXT_LIMIT, 'text-too-long'),
});

export const pressSchema = jsonObject({
  in: z.unknown().optional(),
  chat: idField,
  firstName: nameField,
  lastName: lastNameField,
  messageId: idField,
  data: z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : 'not-a-string') })
    .min(1, 'empty-data')
    .max(64, 'too-long'),
});

export const newcomerSchema = jsonObject({ firstName: nameField });

/** A group or channel id (negative, as Telegram's are). */
export const chatField = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d{1,16}\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'id-not-a-number') })
    .int('id-not-an-integer')
    .min(-Number.MAX_SAFE_INTEGER, 'id-too-big')
    .max(Number.MAX_SAFE_INTEGER, 'id-too-big'),
);

const person = { chat: idField, firstName: nameField, lastName: lastNameField };
const inField = { in: chatField.optional() };

export const mediaSchema = jsonObject({
  ...person,
  ...inField,
  kind: z.enum(['photo', 'document'], { error: 'bad-media-kind' }),
  demo: z.string().max(64).optional(),
  name: z.string().trim().min(1, 'empty-name').max(128, 'too-long').optional(),
  data: z.string().max(3_000_000, 'file-too-big').optional(),
  caption: z.string().trim().max(1024, 'too-long').optional(),
});

export const forwardSchema = jsonObject({ ...person, from: chatField, messageId: idField });

export const groupActionSchema = jsonObject({
  ...person,
  group: chatField,
  action: z.enum(['add-bot', 'remove-bot', 'promote', 'demote', 'migrate'], { error: 'bad-action' }),
  member: idField.optional(),
});

export const channelSchema = jsonObject({
  ...person,
  channel: chatField,
  admin: z.boolean({ error: 'not-a-boolean' }),
  post: z.boolean({ error: 'not-a-boolean' }),
  edit: z.boolean({ error: 'not-a-boolean' }),
  delete: z.boolean({ error: 'not-a-boolean' }),
});

export const chatsQuery = z.object({ person: idField });
export const fileQuery = z.object({ id: z.string().min(1).max(128) });

export const messagesQuery = z.object({
  chat: z.unknown(),
  after: z.preprocess(
    (v) => (v === undefined || v === '' ? 0 : typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v),
    z.number({ error: 'not-a-number' }).int('not-an-integer').min(0, 'negative').max(Number.MAX_SAFE_INTEGER, 'too-big'),
  ),
});

/** A refusal of the API, already in words: answered as `{ error: "<field>: <reason>" }` with status 400. */
export class BadInput extends Error {}

/** The words for one problem with the input. */
function describe(t: SandboxTranslate, issue: FieldIssue): string {
  const key = `sandbox-error-${issue.reason}`;
  const what = issue.field === 'messageId' ? t('sandbox-id-message') : t('sandbox-id-chat');
  const text = t(key, { what, limit: String(TEXT_LIMIT), ...issue.params });
  return text === key ? describeIssue(issue, t) : text;
}

export function badInput(c: Context<SandboxEnv>, field: string, reason: string, params?: FieldIssue['params']): BadInput {
  return new BadInput(`${field}: ${describe(c.get('t'), { field, reason, ...(params ? { params } : {}) })}`);
}

/** The first problem zod found. */
export function problem(c: Context<SandboxEnv>, error: z.ZodError): BadInput {
  const issue = error.issues[0];
  if (!issue) return badInput(c, 'body', 'bad-request');
  const { reason, params } = toFieldIssue(issue);
  return badInput(c, issue.path.map(String).join('.') || 'body', reason, params);
}

async function jsonBody(c: Context<SandboxEnv>): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) {
    throw badInput(c, 'body', 'not-json');
  }
  try {
    return await c.req.json<unknown>();
  } catch {
    throw badInput(c, 'body', 'bad-json');
  }
}

export async function parseBody<T extends z.ZodType>(c: Context<SandboxEnv>, schema: T): Promise<z.output<T>> {
  const result = schema.safeParse(await jsonBody(c));
  if (!result.success) throw problem(c, result.error);
  return result.data;
}

export function parseQuery<T extends z.ZodType>(c: Context<SandboxEnv>, schema: T): z.output<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw problem(c, result.error);
  return result.data;
}

/** A chat id from a query or a body (a person's, a group's or a channel's), or the refusal naming `chat`. */
export function chatIdOf(c: Context<SandboxEnv>, raw: unknown): number {
  const parsed = chatField.safeParse(raw);
  if (parsed.success) return parsed.data;
  const { reason, params } = toFieldIssue(parsed.error.issues[0]!);
  throw badInput(c, 'chat', reason, params);
}
