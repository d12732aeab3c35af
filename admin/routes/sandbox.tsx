import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { z } from 'zod';
import type { FakeBotApi, FakeMessage, FakeUser, RecordedCall } from '../../runtime/fake-bot-api.js';
import { sandboxClientScript } from '../assets/sandbox-client.js';
import { roleLabel, SandboxPage, telegramHtml, telegramNames, type SandboxPerson } from '../views/sandbox-page.js';

/** What the sandbox web chat needs of the in-process fake Telegram, plus the demo people to talk as. */
export interface SandboxChat {
  api: Pick<FakeBotApi, 'userSends' | 'userPresses' | 'chat' | 'onCall' | 'calls'>;
  people: { telegramId: number; name: string; roles: string[] }[];
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

const idField = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d{1,16}\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'обязательное поле' : `ожидается число (${what})`) })
      .int(`ожидается целое число (${what})`)
      .positive(`ожидается положительное число (${what})`)
      .max(Number.MAX_SAFE_INTEGER, `слишком большое число (${what})`),
  );

const nameField = z
  .string({ error: (issue) => (issue.input === undefined ? 'обязательное поле' : 'ожидается строка') })
  .trim()
  .min(1, 'пустое имя')
  .max(64, 'не больше 64 символов');

const lastNameField = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string({ error: 'ожидается строка' }).trim().max(64, 'не больше 64 символов').optional());

const sendSchema = z.object({
  chat: idField('id чата'),
  firstName: nameField,
  lastName: lastNameField,
  text: z
    .string({ error: (issue) => (issue.input === undefined ? 'обязательное поле' : 'ожидается строка') })
    .trim()
    .min(1, 'пустое сообщение')
    .max(TEXT_LIMIT, `сообщение длиннее ${TEXT_LIMIT} символов, Telegram такое не пропустит`),
});

const pressSchema = z.object({
  chat: idField('id чата'),
  firstName: nameField,
  lastName: lastNameField,
  messageId: idField('id сообщения'),
  data: z
    .string({ error: (issue) => (issue.input === undefined ? 'обязательное поле' : 'ожидается строка') })
    .min(1, 'пустые данные кнопки')
    .max(64, 'не больше 64 символов'),
});

const newcomerSchema = z.object({ firstName: nameField });

const messagesQuery = z.object({
  chat: idField('id чата'),
  after: z.preprocess(
    (v) => (v === undefined || v === '' ? 0 : typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v),
    z.number({ error: 'ожидается число' }).int('ожидается целое число').min(0, 'не меньше 0').max(Number.MAX_SAFE_INTEGER, 'слишком большое число'),
  ),
});

const chatQuery = z.object({ chat: idField('id чата') });

class BadInput extends Error {}

/** `{ error: "<field>: <reason>" }` for the first problem zod found. */
function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'body: неверный запрос';
  return `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`;
}

async function jsonBody(c: Context): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) {
    throw new BadInput('body: ожидается JSON (Content-Type: application/json)');
  }
  try {
    return await c.req.json<unknown>();
  } catch {
    throw new BadInput('body: не удалось разобрать JSON');
  }
}

async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const result = schema.safeParse(await jsonBody(c));
  if (!result.success) throw new BadInput(problem(result.error));
  return result.data;
}

function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw new BadInput(problem(result.error));
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

export function messageView(m: FakeMessage): MessageView {
  const view: MessageView = {
    id: m.message_id,
    fromBot: m.from_bot,
    html: telegramHtml(m.text ?? m.caption ?? '', m.from_bot ? m.parse_mode : undefined),
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
export function sandboxRoutes(sandbox: SandboxChat): Hono {
  const { api } = sandbox;
  const instance = Math.random().toString(36).slice(2, 10);
  const people: SandboxPerson[] = sandbox.people.map((p) => ({ telegramId: p.telegramId, name: p.name, ...telegramNames(p.name), role: roleLabel(p.roles) }));
  const newcomers: SandboxPerson[] = [];
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

  function fakeUser(body: { chat: number; firstName: string; lastName?: string | undefined }): FakeUser {
    const user: FakeUser = { id: body.chat, first_name: body.firstName, language_code: 'ru' };
    if (body.lastName) user.last_name = body.lastName;
    return user;
  }

  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof BadInput) return c.json({ error: error.message }, 400);
    console.error('sandbox:', error);
    return c.json({ error: `server: ${error instanceof Error ? error.message : String(error)}` }, 500);
  });
  app.notFound((c) => c.json({ error: 'path: нет такого адреса в песочнице' }, 404));

  app.get('/', (c) => {
    const base = new URL(c.req.url).pathname.replace(/\/+$/, '');
    c.header('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    c.header('referrer-policy', 'no-referrer');
    c.header('cache-control', 'no-store');
    return c.html(html`<!DOCTYPE html>${<SandboxPage base={base} botUsername={botUsernameOf(api.calls)} people={people} newcomers={newcomers} />}`);
  });

  app.get('/assets/sandbox.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(sandboxClientScript);
  });

  app.use('/api/*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: 'body: слишком большой запрос' }, 400) }));
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
      messages: changed.filter((m) => !m.deleted).map(messageView),
      deleted: full ? [] : changed.filter((m) => m.deleted).map((m) => m.message_id),
      toasts: full ? [] : toasts.filter((t) => t.chat === query.chat && t.seq > query.after).map(({ text, alert }) => ({ text, alert })),
      replyKeyboard: replyKeyboardOf(messages),
    };
    return c.json(response);
  });

  app.post('/api/send', async (c) => {
    const body = await parseBody(c, sendSchema);
    const update = api.userSends(fakeUser(body), body.text);
    const message = isRecord(update['message']) ? update['message'] : {};
    return c.json({ ok: true, updateId: update['update_id'], messageId: message['message_id'] });
  });

  app.post('/api/press', async (c) => {
    const body = await parseBody(c, pressSchema);
    const message = api.chat(body.chat).find((m) => m.message_id === body.messageId && !m.deleted);
    if (!message || !message.from_bot) throw new BadInput('messageId: нет такого сообщения бота в этом чате');
    const buttons = buttonsOf(message.reply_markup).flat();
    if (!buttons.some((b) => b.kind === 'callback' && b.data === body.data)) throw new BadInput('data: у сообщения нет такой кнопки (возможно, клавиатура уже сменилась)');
    let update: Record<string, unknown>;
    try {
      update = api.userPresses(fakeUser(body), body.messageId, body.data);
    } catch (error) {
      throw new BadInput(`messageId: ${error instanceof Error ? error.message : String(error)}`);
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
    const person: SandboxPerson = { telegramId: newcomerIdBase + n, name: body.firstName, firstName: body.firstName, role: `Новый человек · id ${newcomerIdBase + n}`, newcomer: true };
    newcomers.push(person);
    return c.json(person);
  });

  app.get('/api/commands', (c) => {
    const query = parseQuery(c, chatQuery);
    return c.json({ commands: commandsFor(api.calls, query.chat) });
  });

  return app;
}
