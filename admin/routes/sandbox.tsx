import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { z } from 'zod';
import { toFieldIssue, type FieldIssue } from '../../core/errors.js';
import { demoChannels, demoGroups, demoTelegramIdBase } from '../../core/directory/demo.js';
import type { FakeBotApi, FakeMessage, FakeUser, RecordedCall } from '../../runtime/fake-bot-api.js';
import { sandboxClientScript } from '../assets/sandbox-client.js';
import type { AdminEnv } from '../env.js';
import { describeIssue } from '../kit.js';
import { telegramHtml } from '../../core/text/telegram-preview.js';
import { roleLabel, SandboxPage, telegramNames, type SandboxPerson, type SandboxTranslate } from '../views/sandbox-page.js';

/** What the sandbox web chat needs of the in-process fake Telegram, plus the demo people to talk as. */
export interface SandboxChat {
  api: Pick<
    FakeBotApi,
    | 'userSends'
    | 'userPresses'
    | 'chat'
    | 'onCall'
    | 'calls'
    | 'pushUpdate'
    | 'buildGroupText'
    | 'buildPressIn'
    | 'buildMyChatMember'
    | 'buildMigration'
    | 'buildMedia'
    | 'buildForward'
    | 'addGroup'
    | 'setMemberStatus'
    | 'addChannel'
    | 'setChannelRights'
    | 'setBotAdmin'
    | 'channelState'
    | 'groupState'
    | 'memberStatus'
    | 'botUserId'
    | 'file'
  >;
  people: { telegramId: number; name: string; roles: string[] }[];
}

/** A chat the web chat lists for a person: their private chat with the bot, their groups, the channels. */
export interface ChatView {
  id: number;
  kind: 'private' | 'group' | 'supergroup' | 'channel';
  title: string;
  /** Groups: the members with their status, the bot first; what the person may do there. */
  members?: { id: number; name: string; status: string; bot: boolean }[];
  /** The person administers the group: may add or remove the bot, promote, turn it into a supergroup. */
  canManage?: boolean;
  /** Channels: whether the bot is an administrator and with which rights. */
  bot?: { admin: boolean; post: boolean; edit: boolean; delete: boolean };
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
  media?: { kind: 'photo' | 'document'; name?: string; fileId?: string; size?: number };
  /** Who wrote a member's message in a group. */
  author?: string;
  /** An album: the first message shows every photo or document of it, as Telegram groups them. */
  album?: NonNullable<MessageView['media']>[];
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

const pressSchema = jsonObject({
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

const newcomerSchema = jsonObject({ firstName: nameField });

/** A group or channel id (negative, as Telegram's are). */
const chatField = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d{1,16}\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'id-not-a-number') })
    .int('id-not-an-integer')
    .min(-Number.MAX_SAFE_INTEGER, 'id-too-big')
    .max(Number.MAX_SAFE_INTEGER, 'id-too-big'),
);

const person = { chat: idField, firstName: nameField, lastName: lastNameField };
const inField = { in: chatField.optional() };

const mediaSchema = jsonObject({
  ...person,
  ...inField,
  kind: z.enum(['photo', 'document'], { error: 'bad-media-kind' }),
  demo: z.string().max(64).optional(),
  name: z.string().trim().min(1, 'empty-name').max(128, 'too-long').optional(),
  data: z.string().max(3_000_000, 'file-too-big').optional(),
  caption: z.string().trim().max(1024, 'too-long').optional(),
});

const forwardSchema = jsonObject({ ...person, from: chatField, messageId: idField });

const groupActionSchema = jsonObject({
  ...person,
  group: chatField,
  action: z.enum(['add-bot', 'remove-bot', 'promote', 'demote', 'migrate'], { error: 'bad-action' }),
  member: idField.optional(),
});

const channelSchema = jsonObject({
  ...person,
  channel: chatField,
  admin: z.boolean({ error: 'not-a-boolean' }),
  post: z.boolean({ error: 'not-a-boolean' }),
  edit: z.boolean({ error: 'not-a-boolean' }),
  delete: z.boolean({ error: 'not-a-boolean' }),
});

const chatsQuery = z.object({ person: idField });
const fileQuery = z.object({ id: z.string().min(1).max(128) });

/** A few files to send without a file of one's own: a photo of a school's stand, a plan, a protocol. */
const demoFiles: { id: string; kind: 'photo' | 'document'; name: string; bytes: () => Buffer }[] = [
  { id: 'stand', kind: 'photo', name: 'стенд-школы.svg', bytes: () => Buffer.from(demoPicture('Стенд школы', '#3390ec')) },
  { id: 'visit', kind: 'photo', name: 'посещение.svg', bytes: () => Buffer.from(demoPicture('Посещение школы', '#54cb68')) },
  { id: 'plan', kind: 'document', name: 'План работы ШНОР.pdf', bytes: () => Buffer.from('%PDF-1.4\n% Демо-файл песочницы Маяка: план работы школы\n%%EOF\n') },
  { id: 'protocol', kind: 'document', name: 'Протокол педсовета.txt', bytes: () => Buffer.from('Протокол педсовета (демо-файл песочницы Маяка)\n') },
];

function demoPicture(title: string, colour: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240"><rect width="400" height="240" rx="16" fill="${colour}"/><text x="200" y="130" font-family="sans-serif" font-size="26" fill="#fff" text-anchor="middle">${title}</text></svg>`;
}

const messagesQuery = z.object({
  chat: z.unknown(),
  after: z.preprocess(
    (v) => (v === undefined || v === '' ? 0 : typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v),
    z.number({ error: 'not-a-number' }).int('not-an-integer').min(0, 'negative').max(Number.MAX_SAFE_INTEGER, 'too-big'),
  ),
});

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
  if (Array.isArray(media['photo'])) {
    const largest = media['photo'].at(-1);
    const fileId = isRecord(largest) && typeof largest['file_id'] === 'string' ? largest['file_id'] : undefined;
    return fileId ? { kind: 'photo', fileId } : { kind: 'photo' };
  }
  if (isRecord(media['document'])) {
    const doc = media['document'];
    const view: NonNullable<MessageView['media']> = { kind: 'document' };
    if (typeof doc['file_name'] === 'string') view.name = doc['file_name'];
    if (typeof doc['file_id'] === 'string') view.fileId = doc['file_id'];
    if (typeof doc['file_size'] === 'number') view.size = doc['file_size'];
    return view;
  }
  return undefined;
}

/** The album a message belongs to (Telegram's media_group_id), if any. */
function albumOf(m: FakeMessage): string | undefined {
  const id = (m as FakeMessage & { media_group_id?: unknown }).media_group_id;
  return typeof id === 'string' ? id : undefined;
}

/** Changed messages, with a changed album member standing for its album's first message (which shows them all). */
function albums(all: FakeMessage[], changed: FakeMessage[]): FakeMessage[] {
  const out = new Map<number, FakeMessage>();
  for (const m of changed) {
    const album = albumOf(m);
    const first = album === undefined ? m : (all.find((other) => albumOf(other) === album && !other.deleted) ?? m);
    out.set(first.message_id, first);
  }
  return [...out.values()];
}

export function messageView(m: FakeMessage, t: SandboxTranslate, authorOf?: (id: number) => string | undefined, chat?: FakeMessage[]): MessageView {
  const view: MessageView = {
    id: m.message_id,
    fromBot: m.from_bot,
    html: telegramHtml(m.text ?? m.caption ?? '', (m.from_bot && m.parse_mode) || null, t('sandbox-bad-link')),
    buttons: m.from_bot ? buttonsOf(m.reply_markup) : [],
    edited: m.edited === true,
    forwarded: isRecord((m as FakeMessage & { forward_origin?: unknown }).forward_origin),
    date: m.date,
  };
  const media = mediaOf(m);
  if (media) view.media = media;
  const author = m.from_id !== undefined && m.from_id !== m.chat_id ? authorOf?.(m.from_id) : undefined;
  if (author) view.author = author;
  const album = albumOf(m);
  if (album !== undefined && chat) {
    const members = chat.filter((other) => albumOf(other) === album && !other.deleted);
    view.album = members.flatMap((other) => mediaOf(other) ?? []);
    delete view.media;
    // Telegram shows the album's one caption under it.
    const caption = members.find((other) => other.caption)?.caption;
    if (caption !== undefined) view.html = telegramHtml(caption, members.find((other) => other.caption)?.parse_mode ?? null, t('sandbox-bad-link'));
  }
  return view;
}

function replyKeyboardOf(messages: FakeMessage[]): string[][] | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const markup = messages[i]?.reply_markup;
    if (!messages[i]?.from_bot || !isRecord(markup)) continue;
    if (markup['remove_keyboard'] === true) return null;
    if (Array.isArray(markup['keyboard'])) {
      return markup['keyboard']
        .filter(Array.isArray)
        .map((row: unknown[]) =>
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
  const scopes = chatId < 0 ? [`chat:${chatId}`, 'all_group_chats', 'default'] : [`chat:${chatId}`, 'all_private_chats', 'default'];
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
  const newcomerPerson = (p: Omit<SandboxPerson, 'role'>, t: SandboxTranslate): SandboxPerson => ({
    ...p,
    role: t('sandbox-newcomer-role', { id: String(p.telegramId) }),
  });
  let lastNewcomer = 0;
  const nameOf = (id: number): string | undefined => people.find((p) => p.telegramId === id)?.name ?? newcomers.find((p) => p.telegramId === id)?.name;
  /** The sandbox acts only for its own people: the demo ones and newcomers made here (never anyone else's id). */
  const isSandboxPerson = (id: number): boolean => people.some((p) => p.telegramId === id) || newcomers.some((p) => p.telegramId === id);
  const world = setUpWorld(api);

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

  function fakeUser(c: Context<SandboxEnv>, body: { chat: number; firstName: string; lastName?: string | undefined }): FakeUser {
    if (!isSandboxPerson(body.chat)) throw badInput(c, 'chat', 'not-a-sandbox-person');
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
    c.header(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
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

  const tooLarge = (c: Context<SandboxEnv>) => c.json({ error: `body: ${c.get('t')('sandbox-error-body-too-large')}` }, 400);
  const smallBody = bodyLimit({ maxSize: 64 * 1024, onError: tooLarge });
  // A photo or document (base64) may be up to about 2 MB.
  const mediaBody = bodyLimit({ maxSize: 3 * 1024 * 1024, onError: tooLarge });
  app.use('/api/*', (c, next) => (c.req.path.endsWith('/api/media') ? mediaBody(c, next) : smallBody(c, next)));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.get('/api/messages', (c) => {
    const query = parseQuery(c, messagesQuery);
    const chatId = sandboxChat(c, query.chat);
    const { messages, stamps } = observe(chatId);
    // After a restart of the process a client may come back with a seq from the old one: give it everything.
    const full = query.after === 0 || query.after > seq;
    const changed = messages.filter((m) => full || (stamps.get(m.message_id)?.seq ?? 0) > query.after);
    const response: MessagesResponse = {
      chat: chatId,
      instance,
      seq,
      full,
      messages: albums(
        messages,
        changed.filter((m) => !m.deleted),
      ).map((m) => messageView(m, c.get('t'), nameOf, messages)),
      deleted: full ? [] : changed.filter((m) => m.deleted).map((m) => m.message_id),
      toasts: full ? [] : toasts.filter((t) => t.chat === chatId && t.seq > query.after).map(({ text, alert }) => ({ text, alert })),
      replyKeyboard: replyKeyboardOf(messages),
    };
    return c.json(response);
  });

  app.post('/api/send', async (c) => {
    const body = await parseBody(c, sendSchema);
    const from = fakeUser(c, body);
    const update =
      body.in === undefined ? api.userSends(from, body.text) : api.pushUpdate(api.buildGroupText(memberGroup(c, body.in, from.id), from, body.text));
    const message = isRecord(update['message']) ? update['message'] : {};
    return c.json({ ok: true, updateId: update['update_id'], messageId: message['message_id'] });
  });

  app.post('/api/press', async (c) => {
    const body = await parseBody(c, pressSchema);
    const from = fakeUser(c, body);
    const chatId = body.in === undefined ? body.chat : memberGroup(c, body.in, from.id);
    const message = api.chat(chatId).find((m) => m.message_id === body.messageId && !m.deleted);
    if (!message || !message.from_bot) throw badInput(c, 'messageId', 'no-such-message');
    const buttons = buttonsOf(message.reply_markup).flat();
    if (!buttons.some((b) => b.kind === 'callback' && b.data === body.data)) throw badInput(c, 'data', 'no-such-button');
    let update: Record<string, unknown>;
    try {
      // In a group the press is the member's own: the bot sees who pressed, as in Telegram.
      update =
        body.in === undefined ? api.userPresses(from, body.messageId, body.data) : api.pushUpdate(api.buildPressIn(chatId, from, body.messageId, body.data));
    } catch (error) {
      throw badInput(c, 'messageId', 'press-refused', { detail: error instanceof Error ? error.message : String(error) });
    }
    const query = isRecord(update['callback_query']) ? update['callback_query'] : {};
    const id = String(query['id'] ?? '');
    presses.set(id, chatId);
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
    const query = parseQuery(c, z.object({ chat: z.unknown() }));
    return c.json({ commands: commandsFor(api.calls, sandboxChat(c, query.chat)) });
  });

  /** A chat id the sandbox knows: one of its people's private chats, its groups (before or after migration), its channels. */
  function sandboxChat(c: Context<SandboxEnv>, raw: unknown): number {
    const parsed = chatField.safeParse(raw);
    if (!parsed.success) {
      const { reason, params } = toFieldIssue(parsed.error.issues[0]!);
      throw badInput(c, 'chat', reason, params);
    }
    const id = parsed.data;
    if (id > 0 ? isSandboxPerson(id) : world.groups.has(id) || world.channels.has(id)) return id;
    throw badInput(c, 'chat', 'not-a-sandbox-chat');
  }

  /** The group's current id (a migrated group lives on as its supergroup), if `userId` is a member there. */
  function memberGroup(c: Context<SandboxEnv>, raw: unknown, userId: number): number {
    const id = currentGroup(sandboxChat(c, raw));
    const status = api.memberStatus(id, userId);
    if (!world.groups.has(id) || status === undefined || status === 'left' || status === 'kicked') throw badInput(c, 'in', 'not-a-member');
    return id;
  }

  function currentGroup(id: number): number {
    let current = id;
    for (let next = api.groupState(current)?.migratedTo; next !== undefined; next = api.groupState(current)?.migratedTo) current = next;
    return current;
  }

  function chatsOf(personId: number, t: SandboxTranslate): ChatView[] {
    const chats: ChatView[] = [{ id: personId, kind: 'private', title: t('sandbox-bot-name') }];
    for (const id of world.groups) {
      const group = api.groupState(id);
      const status = api.memberStatus(id, personId);
      if (!group || group.migratedTo !== undefined || status === undefined || status === 'left' || status === 'kicked') continue;
      const members = [api.botUserId, ...world.members].flatMap((member) => {
        const memberStatus = api.memberStatus(id, member);
        if (memberStatus === undefined) return [];
        const bot = member === api.botUserId;
        return [{ id: member, name: bot ? t('sandbox-bot-name') : (nameOf(member) ?? String(member)), status: memberStatus, bot }];
      });
      chats.push({ id, kind: group.type, title: group.title, members, canManage: status === 'creator' || status === 'administrator' });
    }
    for (const id of world.channels) {
      const channel = api.channelState(id);
      if (channel) chats.push({ id, kind: 'channel', title: channel.title, bot: { admin: channel.botIsAdmin, ...channel.rights } });
    }
    return chats;
  }

  app.get('/api/chats', (c) => {
    const query = parseQuery(c, chatsQuery);
    if (!isSandboxPerson(query.person)) throw badInput(c, 'person', 'not-a-sandbox-person');
    return c.json({ chats: chatsOf(query.person, c.get('t')) });
  });

  app.get('/api/demo-files', (c) => c.json({ files: demoFiles.map(({ id, kind, name }) => ({ id, kind, name })) }));

  app.post('/api/media', async (c) => {
    const body = await parseBody(c, mediaSchema);
    const from = fakeUser(c, body);
    const chatId = body.in === undefined ? from.id : memberGroup(c, body.in, from.id);
    let file: { name: string; bytes: Buffer };
    if (body.demo !== undefined) {
      const demo = demoFiles.find((f) => f.id === body.demo);
      if (!demo) throw badInput(c, 'demo', 'no-such-demo-file');
      file = { name: demo.name, bytes: demo.bytes() };
    } else {
      if (body.data === undefined || body.name === undefined) throw badInput(c, 'data', 'required');
      const bytes = Buffer.from(body.data, 'base64');
      if (bytes.length === 0) throw badInput(c, 'data', 'empty-file');
      file = { name: body.name, bytes };
    }
    const update = api.pushUpdate(api.buildMedia(chatId, from, { kind: body.kind, name: file.name, bytes: file.bytes, caption: body.caption || undefined }));
    return c.json({ ok: true, updateId: update['update_id'] });
  });

  app.post('/api/forward', async (c) => {
    const body = await parseBody(c, forwardSchema);
    const from = fakeUser(c, body);
    const source = body.from > 0 ? sandboxChat(c, body.from) : world.channels.has(body.from) ? body.from : memberGroup(c, body.from, from.id);
    if (source > 0 && source !== from.id) throw badInput(c, 'from', 'not-your-chat');
    if (!api.chat(source).some((m) => m.message_id === body.messageId && !m.deleted)) throw badInput(c, 'messageId', 'no-such-message');
    const update = api.pushUpdate(api.buildForward(from, source, body.messageId));
    return c.json({ ok: true, updateId: update['update_id'] });
  });

  app.post('/api/group', async (c) => {
    const body = await parseBody(c, groupActionSchema);
    const from = fakeUser(c, body);
    const group = memberGroup(c, body.group, from.id);
    const status = api.memberStatus(group, from.id);
    // As in Telegram: only the group's administrators add the bot, promote or upgrade the group.
    if (status !== 'creator' && status !== 'administrator') throw badInput(c, 'group', 'not-a-group-admin');
    const bot = api.botUserId;
    switch (body.action) {
      case 'add-bot':
        api.setMemberStatus(group, bot, 'administrator');
        api.pushUpdate(api.buildMyChatMember(group, from, 'administrator'));
        break;
      case 'remove-bot':
        api.setMemberStatus(group, bot, 'left');
        api.pushUpdate(api.buildMyChatMember(group, from, 'left'));
        break;
      case 'promote':
      case 'demote': {
        const member = body.member;
        const current = member === undefined ? undefined : api.memberStatus(group, member);
        if (member === undefined || current === undefined || current === 'left' || current === 'creator' || member === bot)
          throw badInput(c, 'member', 'not-a-member');
        api.setMemberStatus(group, member, body.action === 'promote' ? 'administrator' : 'member');
        break;
      }
      case 'migrate': {
        if (api.groupState(group)?.type !== 'group') throw badInput(c, 'group', 'already-supergroup');
        const to = -1_000_000_000_000 + group;
        api.pushUpdate(api.buildMigration(group, to, from));
        world.groups.add(to);
        break;
      }
    }
    return c.json({ ok: true, chats: chatsOf(from.id, c.get('t')) });
  });

  app.post('/api/channel', async (c) => {
    const body = await parseBody(c, channelSchema);
    const from = fakeUser(c, body);
    if (!world.channels.has(body.channel)) throw badInput(c, 'channel', 'not-a-sandbox-chat');
    api.setBotAdmin(body.channel, body.admin);
    api.setChannelRights(body.channel, { post: body.post, edit: body.edit, delete: body.delete });
    return c.json({ ok: true, chats: chatsOf(from.id, c.get('t')) });
  });

  /** A kept file's bytes (a photo in the chat, a document or .ics to open). */
  app.get('/api/file', (c) => {
    const query = parseQuery(c, fileQuery);
    const file = api.file(query.id);
    if (!file) return c.json({ error: `id: ${c.get('t')('sandbox-error-no-such-file')}` }, 404);
    const name = file.name ?? query.id;
    const type = name.endsWith('.svg')
      ? 'image/svg+xml'
      : name.endsWith('.ics')
        ? 'text/calendar; charset=utf-8'
        : name.endsWith('.pdf')
          ? 'application/pdf'
          : /\.(png)$/i.test(name)
            ? 'image/png'
            : /\.(jpe?g)$/i.test(name)
              ? 'image/jpeg'
              : 'application/octet-stream';
    c.header('content-type', type);
    c.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
    c.header('x-content-type-options', 'nosniff');
    // An SVG opened on its own must not run anything.
    c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return c.body(new Uint8Array(file.bytes));
  });

  return app;
}

/** The sandbox's groups and channels, made known to the fake Telegram once, with their members as in demo.ts. */
function setUpWorld(api: SandboxChat['api']): { groups: Set<number>; channels: Set<number>; members: number[] } {
  const groups = new Set<number>();
  const members = new Set<number>();
  for (const group of demoGroups) {
    groups.add(group.chatId);
    if (api.groupState(group.chatId)) continue;
    api.addGroup(group.chatId, 'group', group.title);
    api.setMemberStatus(group.chatId, api.botUserId, group.botInGroup ? 'administrator' : 'left');
    for (const member of group.members) {
      const id = demoTelegramIdBase + member.person + 1;
      members.add(id);
      api.setMemberStatus(group.chatId, id, member.status);
    }
  }
  for (const group of demoGroups) for (const member of group.members) members.add(demoTelegramIdBase + member.person + 1);
  const channels = new Set<number>();
  for (const channel of demoChannels) {
    channels.add(channel.chatId);
    if (!api.channelState(channel.chatId)) api.addChannel(channel.chatId, channel.title, { rights: channel.rights });
  }
  return { groups, channels, members: [...members] };
}
