import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { z } from 'zod';
import { toFieldIssue, type FieldIssue } from '../../core/errors.js';
import type { FakeBotApi, FakeMessage, FakeUser, RecordedCall } from '../../runtime/fake-bot-api.js';
import { sandboxClientScript } from '../assets/sandbox-client.js';
import type { AdminEnv } from '../env.js';
import { describeIssue } from '../kit.js';
import { roleLabel, SandboxPage, telegramHtml, telegramNames, type SandboxPerson, type SandboxTranslate } from '../views/sandbox-page.js';

/** What the sandbox web chat needs of the in-process fake Telegram, plus the demo people to talk as. */
export interface SandboxChat {
  api: Pick<FakeBotApi, 'userSends' | 'userPresses' | 'chat' | 'onCall' | 'calls'>;
  people: { telegramId: number; name: string; roles: string[] }[];
}

/** What the sandbox needs on the context: only the translator, which the panel sets before mounting it. */
export interface SandboxEnv {
  Variables: Pick<AdminEnv['Variables'], 't'>;
}

/** Newcomers get ids here: below the demo people's 900 000 000, far from anything real in a sandbox. */
export const newcomerIdBase = 700_000_000;

const TEXT_LIMIT = 4096;

// --- what the page gets ---

export interface ButtonView {
  text: string;
  kind: 'callback' | 'url' | 'other';
  data?: string;
  url?: string;
}

export interface MessageView {
  id: number;
  fromBot: boolean;
  /** Safe to put into the page as is (see telegramHtml). */
  html: string;
  buttons: ButtonView[][];
  edited: boolean;
  forwarded: boolean;
  media?: { kind: 'photo' | 'document'; name?: string };
  /** Unix seconds. */
  date: number;
}

export interface MessagesResponse {
  chat: number;
  /** Changes once per process: a client that sees another value has stale messages and starts over. */
  instance: string;
  /** Pass back as `after` to get only what appeared or changed since. */
  seq: number;
  /** true: `messages` is the whole chat (after=0); false: only new and changed ones. */
  full: boolean;
  messages: MessageView[];
  deleted: number[];
  /** answerCallbackQuery texts for presses in this chat since `after`. */
  toasts: { text: string; alert: boolean }[];
  /** The reply keyboard the bot last set in this chat, as rows of button texts; null if none. */
  replyKeyboard: string[][] | null;
}

// --- input ---
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

const sendSchema = jsonObject({
  chat: idField,
  firstName: nameField,
  lastName: lastNameField,
  text: z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : 'not-a-string') })
    .trim()
    .min(1, 'empty-text')
    .max(TEXT_LIMIT, 'text-too-long'),
});

const pressSchema = jsonObject({
  chat: idField,
  firstName: nameField,
  lastName: lastNameField,
  messageId: idField,
  data: z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : 'not-a-string') })
    .min(1, 'empty-data')
    .max(64, 'too-long'),
});

const newcomerSchema = jsonObject({ firstName: nameField });

const messagesQuery = z.object({
  chat: idField,
  after: z.preprocess(
    (v) => (v === undefined || v === '' ? 0 : typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v),
    z.number({ error: 'not-a-number' }).int('not-an-integer').min(0, 'negative').max(Number.MAX_SAFE_INTEGER, 'too-big'),
  ),
});

const chatQuery = z.object({ chat: idField });

/** A refusal of the API, already in words: answered as `{ error: "<field>: <reason>" }` with status 400. */
class BadInput extends Error {}

/** The words for one problem with the input. */
function describe(t: SandboxTranslate, issue: FieldIssue): string {
  const key = `sandbox-error-${issue.reason}`;
  const what = issue.field === 'messageId' ? t('sandbox-id-message') : t('sandbox-id-chat');
  const text = t(key, { what, limit: String(TEXT_LIMIT), ...issue.params });
  return text === key ? describeIssue(issue, t) : text;
}

function badInput(c: Context<SandboxEnv>, field: string, reason: string, params?: FieldIssue['params']): BadInput {
  return new BadInput(`${field}: ${describe(c.get('t'), { field, reason, ...(params ? { params } : {}) })}`);
}

/** The first problem zod found. */
function problem(c: Context<SandboxEnv>, error: z.ZodError): BadInput {
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

async function parseBody<T extends z.ZodType>(c: Context<SandboxEnv>, schema: T): Promise<z.output<T>> {
  const result = schema.safeParse(await jsonBody(c));
  if (!result.success) throw problem(c, result.error);
  return result.data;
}

function parseQuery<T extends z.ZodType>(c: Context<SandboxEnv>, schema: T): z.output<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw problem(c, result.error);
  return result.data;
}

// --- bot messages → views ---

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function buttonsOf(markup: unknown): ButtonView[][] {
  if (!isRecord(markup) || !Array.isArray(markup['inline_keyboard'])) return [];
  return markup['inline_keyboard']
    .filter(Array.isArray)
    .map((row: unknown[]) =>
      row.filter(isRecord).map((button): ButtonView => {
        const text = typeof button['text'] === 'string' ? button['text'] : '';
        if (typeof button['callback_data'] === 'string') return { text, kind: 'callback', data: button['callback_data'] };
        const url = typeof button['url'] === 'string' ? safeHref(button['url']) : undefined;
        return url ? { text, kind: 'url', url } : { text, kind: 'other' };
      }),
    )
    .filter((row) => row.length > 0);
}

function safeHref(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    return ['http:', 'https:', 'tg:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The media the fake keeps with a stored message (not part of the FakeMessage type, read defensively). */
function mediaOf(m: FakeMessage): MessageView['media'] {
  const media = (m as FakeMessage & { media?: unknown }).media;
  if (!isRecord(media)) return undefined;
  if (Array.isArray(media['photo'])) return { kind: 'photo' };
  if (isRecord(media['document'])) {
    const name = media['document']['file_name'];
    return typeof name === 'string' ? { kind: 'document', name } : { kind: 'document' };
  }
  return undefined;
}

export function messageView(m: FakeMessage, t: SandboxTranslate): MessageView {
  const view: MessageView = {
    id: m.message_id,
    fromBot: m.from_bot,
    html: telegramHtml(m.text ?? m.caption ?? '', m.from_bot ? m.parse_mode : undefined, t('sandbox-bad-link')),
    buttons: m.from_bot ? buttonsOf(m.reply_markup) : [],
    edited: m.edited === true,
    forwarded: isRecord((m as FakeMessage & { forward_origin?: unknown }).forward_origin),
    date: m.date,
  };
  const media = mediaOf(m);
  if (media) view.media = media;
  return view;
}

function replyKeyboardOf(messages: FakeMessage[]): string[][] | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const markup = messages[i]?.reply_markup;
    if (!messages[i]?.from_bot || !isRecord(markup)) continue;
    if (markup['remove_keyboard'] === true) return null;
    if (Array.isArray(markup['keyboard'])) {
      return markup['keyboard'].filter(Array.isArray).map((row: unknown[]) =>
        row.map((b) => (typeof b === 'string' ? b : isRecord(b) && typeof b['text'] === 'string' ? b['text'] : '')).filter((t) => t !== ''),
      );
    }
  }
  return null;
}

function fingerprint(m: FakeMessage): string {
  return JSON.stringify([m.text, m.caption, m.parse_mode, m.reply_markup, m.edited === true, m.deleted === true]);
}

function succeeded(call: RecordedCall): boolean {
  return call.response !== undefined && !(isRecord(call.response) && call.response['ok'] === false);
}

/** The menu Telegram would show this chat: the most specific scope and language the bot set commands for. */
function commandsFor(calls: readonly RecordedCall[], chatId: number, language = 'ru'): { command: string; description: string }[] {
  const scopes = [`chat:${chatId}`, 'all_private_chats', 'default'];
  const wanted = scopes.flatMap((scope) => [`${scope}|${language}`, `${scope}|`]);
  const latest = new Map<string, RecordedCall>();
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i]!;
    if ((call.method !== 'setMyCommands' && call.method !== 'deleteMyCommands') || !succeeded(call)) continue;
    const scope = isRecord(call.params['scope']) ? call.params['scope'] : { type: 'default' };
    const scopeKey = scope['type'] === 'chat' ? `chat:${String(scope['chat_id'])}` : String(scope['type']);
    const key = `${scopeKey}|${typeof call.params['language_code'] === 'string' ? call.params['language_code'] : ''}`;
    if (!latest.has(key)) latest.set(key, call);
  }
  for (const key of wanted) {
    const call = latest.get(key);
    if (!call) continue;
    if (call.method === 'deleteMyCommands' || !Array.isArray(call.params['commands'])) return [];
    return call.params['commands'].filter(isRecord).map((c) => ({ command: String(c['command'] ?? ''), description: String(c['description'] ?? '') }));
  }
  return [];
}

function botUsernameOf(calls: readonly RecordedCall[]): string {
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i]!;
    if (call.method === 'getMe' && isRecord(call.response) && typeof call.response['username'] === 'string') return call.response['username'];
  }
  return '';
}

// --- the sub-app ---

interface Toast {
  chat: number;
  seq: number;
  text: string;
  alert: boolean;
}

/**
 * The sandbox web chat, mounted at /sandbox: the page, its script and a small JSON API over the fake Telegram.
 * Updates the page sends are queued in the fake, where the bot's long polling picks them up like Telegram's.
 */
export function sandboxRoutes(sandbox: SandboxChat): Hono<SandboxEnv> {
  const { api } = sandbox;
  const instance = Math.random().toString(36).slice(2, 10);
  // The role line is put into words per request, with the request's translator.
  const people = sandbox.people.map((p) => ({ telegramId: p.telegramId, name: p.name, ...telegramNames(p.name), roles: p.roles }));
  const newcomers: Omit<SandboxPerson, 'role'>[] = [];
  const demoPerson = ({ roles, ...p }: (typeof people)[number], t: SandboxTranslate): SandboxPerson => ({ ...p, role: roleLabel(roles, t) });
  const newcomerPerson = (p: Omit<SandboxPerson, 'role'>, t: SandboxTranslate): SandboxPerson => ({ ...p, role: t('sandbox-newcomer-role', { id: String(p.telegramId) }) });
  let lastNewcomer = 0;

  // One counter for everything a poll can learn; each message keeps the value at which it last looked different.
  let seq = 0;
  const seen = new Map<number, Map<number, { fingerprint: string; seq: number }>>();
  const toasts: Toast[] = [];
  const presses = new Map<string, number>(); // callback_query id → chat

  api.onCall((call) => {
    if (call.method !== 'answerCallbackQuery' || !succeeded(call)) return;
    const id = String(call.params['callback_query_id'] ?? '');
    const chat = presses.get(id);
    if (chat === undefined) return;
    presses.delete(id);
    const text = typeof call.params['text'] === 'string' ? call.params['text'].trim() : '';
    if (text === '') return;
    toasts.push({ chat, seq: ++seq, text, alert: call.params['show_alert'] === true || call.params['show_alert'] === 'true' });
    if (toasts.length > 100) toasts.splice(0, toasts.length - 100);
  });

  /** Stamps what changed in this chat since the last look with a new seq. */
  function observe(chatId: number): { messages: FakeMessage[]; stamps: Map<number, { fingerprint: string; seq: number }> } {
    const messages = api.chat(chatId);
    let stamps = seen.get(chatId);
    if (!stamps) {
      stamps = new Map();
      seen.set(chatId, stamps);
    }
    for (const m of messages) {
      const print = fingerprint(m);
      const stamp = stamps.get(m.message_id);
      if (stamp?.fingerprint !== print) stamps.set(m.message_id, { fingerprint: print, seq: ++seq });
    }
    return { messages, stamps };
  }

  const demoIds = new Set(sandbox.people.map((p) => p.telegramId));
  /** The web chat speaks only as the sandbox's own people: a demo person or a newcomer's id, never anyone else's. */
  function assertSandboxPerson(c: Context<SandboxEnv>, chat: number): void {
    if (!demoIds.has(chat) && !(chat >= newcomerIdBase && chat < newcomerIdBase + 100_000_000)) throw badInput(c, 'chat', 'not-a-sandbox-person');
  }

  function fakeUser(body: { chat: number; firstName: string; lastName?: string | undefined }): FakeUser {
    const user: FakeUser = { id: body.chat, first_name: body.firstName, language_code: 'ru' };
    if (body.lastName) user.last_name = body.lastName;
    return user;
  }

  const app = new Hono<SandboxEnv>();

  app.onError((error, c) => {
    if (error instanceof BadInput) return c.json({ error: error.message }, 400);
    console.error('sandbox:', error);
    return c.json({ error: `server: ${error instanceof Error ? error.message : String(error)}` }, 500);
  });
  app.notFound((c) => c.json({ error: `path: ${c.get('t')('sandbox-error-no-such-path')}` }, 404));

  app.get('/', (c) => {
    const base = new URL(c.req.url).pathname.replace(/\/+$/, '');
    c.header('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    c.header('referrer-policy', 'no-referrer');
    c.header('cache-control', 'no-store');
    const t = c.get('t');
    return c.html(
      html`<!DOCTYPE html>${<SandboxPage base={base} botUsername={botUsernameOf(api.calls)} people={people.map((p) => demoPerson(p, t))} newcomers={newcomers.map((p) => newcomerPerson(p, t))} t={t} />}`,
    );
  });

  app.get('/assets/sandbox.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(sandboxClientScript);
  });

  app.use('/api/*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: `body: ${c.get('t')('sandbox-error-body-too-large')}` }, 400) }));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.get('/api/messages', (c) => {
    const query = parseQuery(c, messagesQuery);
    const { messages, stamps } = observe(query.chat);
    // After a restart of the process a client may come back with a seq from the old one: give it everything.
    const full = query.after === 0 || query.after > seq;
    const changed = messages.filter((m) => full || (stamps.get(m.message_id)?.seq ?? 0) > query.after);
    const response: MessagesResponse = {
      chat: query.chat,
      instance,
      seq,
      full,
      messages: changed.filter((m) => !m.deleted).map((m) => messageView(m, c.get('t'))),
      deleted: full ? [] : changed.filter((m) => m.deleted).map((m) => m.message_id),
      toasts: full ? [] : toasts.filter((t) => t.chat === query.chat && t.seq > query.after).map(({ text, alert }) => ({ text, alert })),
      replyKeyboard: replyKeyboardOf(messages),
    };
    return c.json(response);
  });

  app.post('/api/send', async (c) => {
    const body = await parseBody(c, sendSchema);
    assertSandboxPerson(c, body.chat);
    const update = api.userSends(fakeUser(body), body.text);
    const message = isRecord(update['message']) ? update['message'] : {};
    return c.json({ ok: true, updateId: update['update_id'], messageId: message['message_id'] });
  });

  app.post('/api/press', async (c) => {
    const body = await parseBody(c, pressSchema);
    assertSandboxPerson(c, body.chat);
    const message = api.chat(body.chat).find((m) => m.message_id === body.messageId && !m.deleted);
    if (!message || !message.from_bot) throw badInput(c, 'messageId', 'no-such-message');
    const buttons = buttonsOf(message.reply_markup).flat();
    if (!buttons.some((b) => b.kind === 'callback' && b.data === body.data)) throw badInput(c, 'data', 'no-such-button');
    let update: Record<string, unknown>;
    try {
      update = api.userPresses(fakeUser(body), body.messageId, body.data);
    } catch (error) {
      throw badInput(c, 'messageId', 'press-refused', { detail: error instanceof Error ? error.message : String(error) });
    }
    const query = isRecord(update['callback_query']) ? update['callback_query'] : {};
    const id = String(query['id'] ?? '');
    presses.set(id, body.chat);
    if (presses.size > 1000) presses.delete(presses.keys().next().value!);
    return c.json({ ok: true, updateId: update['update_id'], callbackQueryId: id });
  });

  app.post('/api/newcomer', async (c) => {
    const body = await parseBody(c, newcomerSchema);
    // Ids from the clock, so a newcomer is new even to a database kept from an earlier run of the sandbox.
    let n = Math.max(lastNewcomer + 1, Math.floor(Date.now() / 1000) % 100_000_000);
    while (api.chat(newcomerIdBase + n).length > 0) n++;
    lastNewcomer = n;
    const newcomer = { telegramId: newcomerIdBase + n, name: body.firstName, firstName: body.firstName, newcomer: true };
    newcomers.push(newcomer);
    return c.json(newcomerPerson(newcomer, c.get('t')));
  });

  app.get('/api/commands', (c) => {
    const query = parseQuery(c, chatQuery);
    return c.json({ commands: commandsFor(api.calls, query.chat) });
  });

  return app;
}
