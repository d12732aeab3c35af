/**
 * In-process fake of the Telegram Bot API (the HTTP server grammY talks to).
 *
 * Used by end-to-end tests and the benchmark (to observe and perturb what the bot does)
 * and by the sandbox mode (no BOT_TOKEN: the product runs against this server and a
 * web chat page plays the user). Built on bare `node:http` to stay fast and dependency-free.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The fake bot's @username: invite links made for the sandbox point at it. */
export const sandboxBotUsername = 'mayak_sandbox_bot';

export interface RecordedCall {
  seq: number;
  method: string;
  token: string;
  params: Record<string, unknown>;
  /** Date.now() when the request was received. */
  at: number;
  /** What was answered: the `result` on success, the error body on failure, `undefined` if no answer was sent (dropped connection, aborted long poll). */
  response: unknown;
}

export interface FakeMessage {
  message_id: number;
  chat_id: number;
  text?: string | undefined;
  caption?: string | undefined;
  reply_markup?: unknown;
  parse_mode?: string | undefined;
  /** Unix time in seconds, like Telegram. */
  date: number;
  edited?: boolean;
  deleted?: boolean;
  from_bot: boolean;
  /** The Bot API method that created the message, or 'userSends' for the user's own messages. */
  method: string;
  /** Who wrote a user's message in a group (a private chat's user is the chat itself). */
  from_id?: number;
}

/** A channel's admin rights for the bot (Telegram's can_post_messages, can_edit_messages, can_delete_messages). */
export interface ChannelRights {
  post: boolean;
  edit: boolean;
  delete: boolean;
}

/** A file the fake keeps (uploaded by the bot or sent by a user), so getFile and the download answer its bytes. */
interface StoredFile {
  bytes: Buffer;
  name?: string | undefined;
}

export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

type Params = Record<string, unknown>;
type Update = Record<string, unknown>;
type Json = Record<string, unknown>;

/** Extra state needed to answer with realistic Message objects; invisible through the FakeMessage type. */
interface StoredMessage extends FakeMessage {
  entities?: unknown;
  caption_entities?: unknown;
  media?: Json | undefined;
  forward_origin?: Json;
  edit_date?: number;
  media_group_id?: string;
}

interface ChatState {
  messages: StoredMessage[];
  byId: Map<number, StoredMessage>;
  nextMessageId: number;
}

interface Fault {
  /**
   * 'drop': close the connection without handling the call; 'deliver-drop': handle it (the message is delivered),
   * then close the connection instead of answering; 'hang': never answer; 502–504: a gateway's HTML error page.
   */
  kind: 429 | 500 | 502 | 503 | 504 | 'drop' | 'deliver-drop' | 'hang';
  method: string;
  remaining: number;
  retryAfter: number;
}

/** `payload === null` means: close the connection without answering. */
type Settle = (status: number, payload: Json | null, response: unknown) => void;

interface Poll {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout | undefined;
  settle: Settle;
}

class BotApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
    readonly parameters?: Json,
  ) {
    super(description);
  }

  body(): Json {
    const body: Json = { ok: false, error_code: this.code, description: this.message };
    if (this.parameters) body['parameters'] = this.parameters;
    return body;
  }
}

const badRequest = (what: string): BotApiError => new BotApiError(400, `Bad Request: ${what}`);

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const ROUTE = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/;
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

// Form, multipart and query values arrive as strings; these are coerced so recorded params look like JSON ones.
const OBJECT_PARAMS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'commands',
  'scope',
  'allowed_updates',
  'link_preview_options',
  'reply_parameters',
  'menu_button',
  'media',
]);
const INT_PARAMS = new Set([
  'chat_id',
  'from_chat_id',
  'message_id',
  'user_id',
  'offset',
  'limit',
  'timeout',
  'reply_to_message_id',
  'message_thread_id',
  'cache_time',
  'max_connections',
]);
const BOOL_PARAMS = new Set([
  'disable_notification',
  'protect_content',
  'show_alert',
  'drop_pending_updates',
  'disable_web_page_preview',
  'allow_sending_without_reply',
]);

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];

  private readonly botId: number;
  private readonly botUsername: string;
  private latencyMs: number;
  private server: Server | undefined;
  private root: string | undefined;
  private seq = 0;
  private nextUpdateId = 1;
  private callbackSeq = 0;
  private queue: Update[] = [];
  private flushScheduled = false;
  private readonly polls = new Set<Poll>();
  private readonly delayed = new Map<NodeJS.Timeout, ServerResponse>();
  private readonly listeners = new Set<(call: RecordedCall) => void>();
  private readonly chats = new Map<number, ChatState>();
  private readonly users = new Map<number, FakeUser>();
  private readonly blocked = new Set<number>();
  /** Channels made with addChannel: their titles, and whether the bot is an admin there. */
  private readonly channels = new Map<number, { title: string; botIsAdmin: boolean; rights: ChannelRights }>();
  /** Group chats the tests made (type and title), and members' statuses where they are not "administrator". */
  private readonly groups = new Map<number, { type: 'group' | 'supergroup'; title: string }>();
  private readonly memberStatuses = new Map<string, string>();
  private readonly migrated = new Set<number>();
  private readonly migratedTo = new Map<number, number>();
  private readonly commands = new Map<string, unknown>();
  private faults: Fault[] = [];
  /** Every nth call of a method is handled and then its answer dropped (0: none). */
  private dropEvery = { method: '', n: 0, seen: 0 };
  /** Calls that will never be answered ('hang'), ended by close(). */
  private readonly hung = new Set<ServerResponse>();
  /** While refusing connections: nothing listens on the port, as when Telegram cannot be reached at all. */
  private refusing: { port: number } | undefined;
  private webhookUrl = '';
  private fileSeq = 0;
  private readonly files = new Map<string, StoredFile>();
  // Keep-alive for webhook posts (benchmarks send many); idle agent sockets are unref'd, so they never hold the process.
  private readonly agent = new Agent({ keepAlive: true });

  private readonly handlers: ReadonlyMap<string, (p: Params) => unknown> = new Map<string, (p: Params) => unknown>([
    [
      'getMe',
      () => ({
        ...this.botUser(),
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      }),
    ],
    [
      'setWebhook',
      (p) => {
        this.webhookUrl = requiredString(p, 'url');
        if (p['drop_pending_updates'] === true) this.queue = [];
        return true;
      },
    ],
    [
      'deleteWebhook',
      (p) => {
        this.webhookUrl = '';
        if (p['drop_pending_updates'] === true) this.queue = [];
        return true;
      },
    ],
    ['getWebhookInfo', () => ({ url: this.webhookUrl, has_custom_certificate: false, pending_update_count: this.queue.length })],
    [
      'setMyCommands',
      (p) => {
        if (!Array.isArray(p['commands'])) throw badRequest('commands is empty');
        this.commands.set(commandsKey(p), p['commands']);
        return true;
      },
    ],
    ['getMyCommands', (p) => this.commands.get(commandsKey(p)) ?? []],
    [
      'deleteMyCommands',
      (p) => {
        this.commands.delete(commandsKey(p));
        return true;
      },
    ],
    [
      'sendMessage',
      (p) => {
        const chatId = this.targetChat(p);
        const text = messageText(p);
        return this.toMessage(
          this.store(chatId, 'sendMessage', {
            text,
            entities: p['entities'],
            parse_mode: optString(p, 'parse_mode'),
            reply_markup: p['reply_markup'],
          }),
        );
      },
    ],
    [
      'getFile',
      (p) => {
        const fileId = requiredString(p, 'file_id');
        const size = this.files.get(fileId)?.bytes.length ?? 16;
        return { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: size, file_path: `files/${encodeURIComponent(fileId)}` };
      },
    ],
    ['sendPhoto', (p) => this.sendMedia(p, 'sendPhoto', 'photo')],
    ['sendDocument', (p) => this.sendMedia(p, 'sendDocument', 'document')],
    [
      'sendMediaGroup',
      (p) => {
        const chatId = this.targetChat(p);
        const items = p['media'];
        if (!Array.isArray(items) || items.length < 2 || items.length > 10) throw badRequest('wrong number of media in the album: 2 to 10 expected');
        const group = `album-${++this.fileSeq}`;
        return items.map((raw: unknown) => {
          const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Params;
          const kind = item['type'] === 'document' ? 'document' : 'photo';
          const input = item['media'];
          const upload = typeof input === 'string' && input.startsWith('attach://') ? p[input.slice('attach://'.length)] : input;
          const fileId = typeof upload === 'string' && upload !== '' ? upload : `fake-${kind}-${++this.fileSeq}`;
          if (isUpload(upload) && upload.bytes) this.files.set(fileId, { bytes: upload.bytes, name: upload.filename });
          const file = { file_id: fileId, file_unique_id: `u-${fileId}` };
          const media: Json =
            kind === 'photo'
              ? { photo: [{ ...file, width: 800, height: 600, file_size: 1024 }] }
              : { document: { ...file, file_name: isUpload(upload) ? upload.filename : undefined, file_size: 1024 } };
          const caption = optString(item, 'caption');
          return this.toMessage(this.store(chatId, 'sendMediaGroup', { caption, parse_mode: optString(item, 'parse_mode'), media, media_group_id: group }));
        });
      },
    ],
    [
      'copyMessage',
      (p) => {
        const chatId = this.targetChat(p);
        const source = this.sourceMessage(p, 'copy');
        const caption = optString(p, 'caption');
        const copy = this.store(chatId, 'copyMessage', {
          text: source.text,
          entities: source.entities,
          caption: caption ?? source.caption,
          caption_entities: caption === undefined ? source.caption_entities : p['caption_entities'],
          parse_mode: optString(p, 'parse_mode'),
          media: source.media,
          reply_markup: p['reply_markup'],
        });
        return { message_id: copy.message_id };
      },
    ],
    [
      'forwardMessage',
      (p) => {
        const chatId = this.targetChat(p);
        const source = this.sourceMessage(p, 'forward');
        const origin: Json = source.from_bot
          ? { type: 'user', sender_user: this.botUser(), date: source.date }
          : { type: 'user', sender_user: this.userOf(source.chat_id), date: source.date };
        return this.toMessage(
          this.store(chatId, 'forwardMessage', {
            text: source.text,
            entities: source.entities,
            caption: source.caption,
            caption_entities: source.caption_entities,
            media: source.media,
            forward_origin: origin,
          }),
        );
      },
    ],
    [
      'editMessageText',
      (p) => {
        const text = messageText(p);
        const m = this.editTarget(p);
        if (!m) return true;
        if (m.text === undefined) throw badRequest('there is no text in the message to edit');
        if (m.text === text && sameJson(m.reply_markup, p['reply_markup'])) throw badRequest(NOT_MODIFIED);
        m.text = text;
        m.entities = p['entities'];
        m.parse_mode = optString(p, 'parse_mode');
        m.reply_markup = p['reply_markup']; // Telegram drops the keyboard when the edit carries none
        return this.markEdited(m);
      },
    ],
    [
      'editMessageReplyMarkup',
      (p) => {
        const m = this.editTarget(p);
        if (!m) return true;
        if (sameJson(m.reply_markup, p['reply_markup'])) throw badRequest(NOT_MODIFIED);
        m.reply_markup = p['reply_markup'];
        return this.markEdited(m);
      },
    ],
    [
      'editMessageCaption',
      (p) => {
        const caption = optString(p, 'caption');
        if (caption !== undefined && caption.length > MAX_CAPTION) throw badRequest('message caption is too long');
        const m = this.editTarget(p);
        if (!m) return true;
        if (m.media === undefined) throw badRequest('there is no caption in the message to edit');
        if (m.caption === caption && sameJson(m.reply_markup, p['reply_markup'])) throw badRequest(NOT_MODIFIED);
        m.caption = caption;
        m.caption_entities = p['caption_entities'];
        m.parse_mode = optString(p, 'parse_mode');
        m.reply_markup = p['reply_markup'];
        return this.markEdited(m);
      },
    ],
    [
      'deleteMessage',
      (p) => {
        const m = this.message(requiredInt(p, 'chat_id'), requiredInt(p, 'message_id'));
        if (!m) throw badRequest('message to delete not found');
        m.deleted = true;
        return true;
      },
    ],
    [
      'answerCallbackQuery',
      (p) => {
        requiredString(p, 'callback_query_id');
        return true;
      },
    ],
    [
      'sendChatAction',
      (p) => {
        this.targetChat(p);
        requiredString(p, 'action');
        return true;
      },
    ],
    ['getChat', (p) => ({ ...this.chatOf(this.knownChat(p)), accent_color_id: 0, max_reaction_count: 11 })],
    [
      'getChatMember',
      (p) => {
        const chatId = this.knownChat(p);
        const userId = requiredInt(p, 'user_id');
        const member = this.memberUser(userId);
        const channel = this.channels.get(chatId);
        if (userId === this.botId && channel?.botIsAdmin === false) return { status: 'left', user: member };
        if (userId === this.botId && channel) return channelAdministrator(member, channel.rights);
        const status = this.memberStatuses.get(`${chatId}:${userId}`);
        return status ? { status, user: member } : administrator(member);
      },
    ],
    [
      'getChatAdministrators',
      (p) => {
        const chatId = requiredInt(p, 'chat_id');
        const channel = this.channels.get(chatId);
        if (channel) return channel.botIsAdmin ? [channelAdministrator(this.botUser(), channel.rights)] : [];
        // A group whose members were set answers with exactly its administrators and creator.
        const set = [...this.memberStatuses].filter(([key]) => key.startsWith(`${chatId}:`));
        if (set.length > 0) {
          return set
            .filter(([, status]) => status === 'administrator' || status === 'creator')
            .map(([key, status]) => {
              const user = this.memberUser(Number(key.slice(key.indexOf(':') + 1)));
              return status === 'creator' ? { status, user, is_anonymous: false } : administrator(user);
            });
        }
        return [this.botUser(), ...[...this.users.keys()].map((id) => this.userOf(id))].map(administrator);
      },
    ],
    [
      'leaveChat',
      (p) => {
        requiredInt(p, 'chat_id');
        return true;
      },
    ],
    ['setChatMenuButton', () => true],
  ]);

  // Telegram method names are case-insensitive.
  private readonly canonical = new Map([...this.handlers.keys(), 'getUpdates'].map((name) => [name.toLowerCase(), name] as const));

  constructor(options: { botUsername?: string; botId?: number; latencyMs?: number } = {}) {
    this.botId = options.botId ?? 7_000_000_001;
    this.botUsername = options.botUsername ?? sandboxBotUsername;
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Starts listening on 127.0.0.1 at `port` (0 = random). Returns the apiRoot (no trailing slash) for grammY's `client: { apiRoot }`. */
  async listen(port = 0): Promise<string> {
    if (this.server) throw new Error('FakeBotApi is already listening');
    const server = createServer((req, res) => this.onRequest(req, res));
    // grammY keeps connections alive without an idle limit; a server-side idle timeout would race with reuse (ECONNRESET).
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.root;
  }

  /** Stops the server; pending long polls are answered with [] first so pollers see a clean end. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.root = undefined;
    const polls = [...this.polls];
    const answered = polls.map((poll) => new Promise<void>((resolve) => poll.res.once('close', () => resolve())));
    for (const poll of polls) this.endPoll(poll, []);
    for (const [timer, res] of this.delayed) {
      clearTimeout(timer);
      res.destroy();
    }
    this.delayed.clear();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    await Promise.all(answered);
    if (this.refusing) this.refusing = undefined;
    else {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    }
    this.agent.destroy();
  }

  get apiRoot(): string {
    if (this.root === undefined) throw new Error('FakeBotApi is not listening; call listen() first');
    return this.root;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Messages of this chat in order: the bot's (edits applied in place) and the user's own (from_bot=false). */
  chat(chatId: number): FakeMessage[] {
    return this.chats.get(chatId)?.messages.slice() ?? [];
  }

  /** The latest bot message in this chat that has not been deleted. */
  lastBotMessage(chatId: number): FakeMessage | undefined {
    const messages = this.chats.get(chatId)?.messages ?? [];
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      if (m?.from_bot && !m.deleted) return m;
    }
    return undefined;
  }

  /** Queues a raw update (assigning update_id if missing) and wakes a pending long poll. */
  pushUpdate(update: Record<string, unknown>): Record<string, unknown> {
    const id = update['update_id'];
    if (typeof id === 'number') this.nextUpdateId = Math.max(this.nextUpdateId, id + 1);
    else update['update_id'] = this.nextUpdateId++;
    this.queue.push(update);
    // Deferred to a microtask so a burst of pushes is delivered as one batch, like Telegram does.
    if (this.polls.size > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flushPolls());
    }
    return update;
  }

  userSends(user: FakeUser, text: string): Record<string, unknown> {
    return this.pushUpdate(this.buildText(user, text));
  }

  userPresses(user: FakeUser, messageId: number, data: string): Record<string, unknown> {
    return this.pushUpdate(this.buildPress(user, messageId, data));
  }

  /** Builds a private-chat text message update and records the message in chat(user.id); does not queue it. */
  buildText(user: FakeUser, text: string): Record<string, unknown> {
    this.users.set(user.id, user);
    const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/.exec(text);
    const m = this.store(
      user.id,
      'userSends',
      {
        text,
        entities: command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined,
      },
      false,
    );
    return { update_id: this.nextUpdateId++, message: this.toMessage(m) };
  }

  /** Builds a callback_query update for an inline button of a stored bot message; throws if no such button exists. */
  buildPress(user: FakeUser, messageId: number, data: string): Record<string, unknown> {
    const m = this.message(user.id, messageId);
    if (!m || !m.from_bot) throw new Error(`FakeBotApi: no bot message ${messageId} in chat ${user.id}`);
    const available = callbackData(m.reply_markup);
    if (!available.includes(data)) {
      throw new Error(`FakeBotApi: message ${messageId} has no button with callback_data ${JSON.stringify(data)}; it has ${JSON.stringify(available)}`);
    }
    this.users.set(user.id, user);
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: String(++this.callbackSeq),
        from: toUser(user),
        message: this.toMessage(m),
        chat_instance: String(user.id),
        data,
      },
    };
  }

  /** Makes a group (or supergroup) chat known, so its messages and getChat carry its type and title. */
  addGroup(chatId: number, type: 'group' | 'supergroup' = 'group', title = `Group ${chatId}`): void {
    this.groups.set(chatId, { type, title });
  }

  /** What getChatMember answers for this user in this chat ('member', 'left'…); administrator by default. */
  setMemberStatus(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member' | 'left' | 'kicked'): void {
    this.memberStatuses.set(`${chatId}:${userId}`, status);
  }

  /** A text message by `user` in a group chat (recorded in chat(chatId)); does not queue it. */
  buildGroupText(chatId: number, user: FakeUser, text: string): Record<string, unknown> {
    this.users.set(user.id, user);
    const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/.exec(text);
    const m = this.store(
      chatId,
      'userSends',
      { text, entities: command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined, from_id: user.id },
      false,
    );
    return { update_id: this.nextUpdateId++, message: { ...this.toMessage(m), from: toUser(user) } };
  }

  /** A press by `user` on a bot message in any chat (a group's too). */
  buildPressIn(chatId: number, user: FakeUser, messageId: number, data: string): Record<string, unknown> {
    const m = this.message(chatId, messageId);
    if (!m || !m.from_bot) throw new Error(`FakeBotApi: no bot message ${messageId} in chat ${chatId}`);
    if (!callbackData(m.reply_markup).includes(data)) throw new Error(`FakeBotApi: message ${messageId} has no button ${JSON.stringify(data)}`);
    this.users.set(user.id, user);
    return {
      update_id: this.nextUpdateId++,
      callback_query: { id: String(++this.callbackSeq), from: toUser(user), message: this.toMessage(m), chat_instance: String(chatId), data },
    };
  }

  /** The bot's own membership changed in a chat (added: 'member'/'administrator'; removed: 'left'/'kicked'). */
  buildMyChatMember(chatId: number, by: FakeUser, status: 'member' | 'administrator' | 'left' | 'kicked'): Record<string, unknown> {
    const old = status === 'left' || status === 'kicked' ? 'member' : 'left';
    return {
      update_id: this.nextUpdateId++,
      my_chat_member: {
        chat: this.chatOf(chatId),
        from: toUser(by),
        date: nowSeconds(),
        old_chat_member: { status: old, user: this.botUser() },
        new_chat_member: { status, user: this.botUser() },
      },
    };
  }

  /**
   * A group became a supergroup: the old chat's service message naming the new id (as Telegram sends it). The new
   * chat is known as a supergroup from then on; sending to the old id answers 400 "group chat was upgraded".
   */
  buildMigration(fromChatId: number, toChatId: number, by: FakeUser): Record<string, unknown> {
    const title = this.groups.get(fromChatId)?.title ?? `Group ${fromChatId}`;
    this.groups.set(toChatId, { type: 'supergroup', title });
    this.migrated.add(fromChatId);
    this.migratedTo.set(fromChatId, toChatId);
    // The members and their statuses carry over to the supergroup.
    for (const [key, status] of [...this.memberStatuses]) {
      if (key.startsWith(`${fromChatId}:`)) this.memberStatuses.set(`${toChatId}:${key.slice(key.indexOf(':') + 1)}`, status);
    }
    return {
      update_id: this.nextUpdateId++,
      message: { message_id: 1_000_000 + this.nextUpdateId, date: nowSeconds(), chat: this.chatOf(fromChatId), from: toUser(by), migrate_to_chat_id: toChatId },
    };
  }

  /** A member left a group (the service message the bot sees). */
  buildMemberLeft(chatId: number, who: FakeUser): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      message: { message_id: 2_000_000 + this.nextUpdateId, date: nowSeconds(), chat: this.chatOf(chatId), from: toUser(who), left_chat_member: toUser(who) },
    };
  }

  /** POSTs an update to a webhook (http only) the way Telegram does; resolves with the HTTP status. */
  postToWebhook(url: string, update: Record<string, unknown>, secretToken?: string): Promise<number> {
    const body = JSON.stringify(update);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = secretToken;
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent: this.agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  failWith429(retryAfterSeconds: number, options: { method?: string; times?: number } = {}): void {
    this.addFault(429, options, retryAfterSeconds);
  }

  failWith500(options: { method?: string; times?: number } = {}): void {
    this.addFault(500, options, 0);
  }

  dropConnection(options: { method?: string; times?: number } = {}): void {
    this.addFault('drop', options, 0);
  }

  /** Handles the call (a message is delivered) and then closes the connection instead of answering: a lost answer. */
  dropAnswer(options: { method?: string; times?: number } = {}): void {
    this.addFault('deliver-drop', options, 0);
  }

  /** Every nth call of `method` is delivered and its answer lost (n = 0 stops it). */
  dropEveryNthAnswer(n: number, method = 'sendMessage'): void {
    this.dropEvery = { method, n, seen: 0 };
  }

  /** Reads the call and never answers (until close()): a hung connection. `times: Infinity` for a while. */
  hang(options: { method?: string; times?: number } = {}): void {
    this.addFault('hang', options, 0);
  }

  /** Answers as the gateway in front of the Bot API does when it is down: an HTML page with 502, 503 or 504. */
  failWithGateway(status: 502 | 503 | 504, options: { method?: string; times?: number } = {}): void {
    this.addFault(status, options, 0);
  }

  /** Forgets the faults not yet met (an outage made with `times: Infinity` ends). */
  clearFaults(): void {
    this.faults = [];
    this.dropEvery = { method: '', n: 0, seen: 0 };
  }

  /** Every answer from now on takes this long (a round trip to a distant or throttled Telegram). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * Stops listening and drops every open connection: calls now fail with "connection refused", as when Telegram
   * cannot be reached at all. `acceptConnections()` listens again on the same port.
   */
  async refuseConnections(): Promise<void> {
    const server = this.server;
    if (!server || this.refusing) return;
    this.refusing = { port: (server.address() as AddressInfo).port };
    for (const poll of [...this.polls]) poll.res.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    // Let clients see their idle keep-alive connections close, as they would long before a real outage is noticed.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async acceptConnections(): Promise<void> {
    const server = this.server;
    const refusing = this.refusing;
    if (!server || !refusing) return;
    this.refusing = undefined;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(refusing.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /**
   * A channel (negative id) the bot knows: getChat answers with its title and type 'channel', getChatMember says
   * whether the bot is an admin. Sending to it while the bot is not an admin answers 403, as Telegram does.
   */
  addChannel(chatId: number, title: string, options: { botIsAdmin?: boolean; rights?: Partial<ChannelRights> } = {}): void {
    this.channels.set(chatId, { title, botIsAdmin: options.botIsAdmin ?? true, rights: { post: true, edit: true, delete: true, ...options.rights } });
  }

  /** The bot's admin rights in a channel (the sandbox's switches); the next rights check and post see them. */
  setChannelRights(chatId: number, rights: Partial<ChannelRights>): void {
    const channel = this.channels.get(chatId);
    if (!channel) throw new Error(`no channel ${chatId}: addChannel first`);
    channel.rights = { ...channel.rights, ...rights };
  }

  /** A channel's title, whether the bot is its admin and with which rights; undefined for an unknown chat. */
  channelState(chatId: number): { title: string; botIsAdmin: boolean; rights: ChannelRights } | undefined {
    const channel = this.channels.get(chatId);
    return channel && { ...channel, rights: { ...channel.rights } };
  }

  /** A group's type and title (a supergroup after a migration), undefined for an unknown chat. */
  groupState(chatId: number): { type: 'group' | 'supergroup'; title: string; migratedTo?: number } | undefined {
    const group = this.groups.get(chatId);
    if (!group) return undefined;
    const migratedTo = this.migratedTo.get(chatId);
    return migratedTo === undefined ? { ...group } : { ...group, migratedTo };
  }

  /** What getChatMember would say of this user in this chat, if it was set. */
  memberStatus(chatId: number, userId: number): string | undefined {
    return this.memberStatuses.get(`${chatId}:${userId}`);
  }

  /** The bot's own id, as getMe answers it. */
  get botUserId(): number {
    return this.botId;
  }

  /**
   * A user's photo or document in any chat (their private chat with the bot or a group): the bytes are kept, so
   * getFile and the download give them back. Recorded in chat(chatId); does not queue it.
   */
  buildMedia(
    chatId: number,
    user: FakeUser,
    file: { kind: 'photo' | 'document'; name: string; bytes: Buffer; caption?: string | undefined },
  ): Record<string, unknown> {
    this.users.set(user.id, user);
    const fileId = `user-${file.kind}-${++this.fileSeq}`;
    this.files.set(fileId, { bytes: file.bytes, name: file.name });
    const meta = { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: file.bytes.length };
    const media: Json = file.kind === 'photo' ? { photo: [{ ...meta, width: 800, height: 600 }] } : { document: { ...meta, file_name: file.name } };
    const m = this.store(chatId, 'userSends', { caption: file.caption, media, from_id: user.id }, false);
    return { update_id: this.nextUpdateId++, message: { ...this.toMessage(m), from: toUser(user) } };
  }

  /** A user forwards a message of another chat to the bot (Telegram keeps its content and names the origin). */
  buildForward(user: FakeUser, fromChatId: number, messageId: number): Record<string, unknown> {
    const source = this.message(fromChatId, messageId);
    if (!source) throw new Error(`FakeBotApi: no message ${messageId} in chat ${fromChatId}`);
    this.users.set(user.id, user);
    const channel = this.channels.get(fromChatId);
    const origin: Json = channel
      ? { type: 'channel', chat: this.chatOf(fromChatId), message_id: messageId, date: source.date }
      : { type: 'user', sender_user: source.from_bot ? this.botUser() : this.userOf(source.from_id ?? source.chat_id), date: source.date };
    const m = this.store(
      user.id,
      'userSends',
      {
        text: source.text,
        entities: source.entities,
        caption: source.caption,
        caption_entities: source.caption_entities,
        media: source.media,
        forward_origin: origin,
      },
      false,
    );
    return { update_id: this.nextUpdateId++, message: this.toMessage(m) };
  }

  /** The bytes and name of a kept file (sent by a user, or uploaded by the bot). */
  file(fileId: string): { bytes: Buffer; name?: string | undefined } | undefined {
    return this.files.get(fileId);
  }

  setBotAdmin(chatId: number, botIsAdmin: boolean): void {
    const channel = this.channels.get(chatId);
    if (!channel) throw new Error(`no channel ${chatId}: addChannel first`);
    channel.botIsAdmin = botIsAdmin;
  }

  blockChat(chatId: number): void {
    this.blocked.add(chatId);
  }

  unblockChat(chatId: number): void {
    this.blocked.delete(chatId);
  }

  /** Resolves once `predicate(calls)` holds (re-checked on every new call); rejects after timeoutMs listing the last 10 calls. */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        const last = this.calls.slice(-10).map(describeCall).join('\n');
        reject(new Error(`FakeBotApi.waitFor timed out after ${timeoutMs} ms; last calls:\n${last || '(none)'}`));
      }, timeoutMs);
      const unsubscribe = this.onCall(() => {
        let done: boolean;
        try {
          done = predicate(this.calls);
        } catch (err) {
          clearTimeout(timer);
          unsubscribe();
          reject(err);
          return;
        }
        if (done) {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        }
      });
    });
  }

  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Forgets calls, messages, users, commands, webhook, queued updates and faults. update_id keeps growing so a running poller's offset stays valid. */
  reset(): void {
    this.calls.length = 0;
    this.chats.clear();
    this.users.clear();
    this.groups.clear();
    this.memberStatuses.clear();
    this.migrated.clear();
    this.migratedTo.clear();
    this.files.clear();
    this.commands.clear();
    this.blocked.clear();
    this.channels.clear();
    this.queue = [];
    this.faults = [];
    this.dropEvery = { method: '', n: 0, seen: 0 };
    this.webhookUrl = '';
  }

  // --- HTTP plumbing ---

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const at = Date.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const route = ROUTE.exec(q === -1 ? url : url.slice(0, q));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // File downloads (after getFile): the bytes are the file_id itself, so a test can tell which file came back.
      const file = /^\/file\/bot[^/]+\/files\/(.+)$/.exec(url);
      if (file) {
        const fileId = decodeURIComponent(file[1]!);
        const kept = this.files.get(fileId);
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(kept ? kept.bytes : `file:${fileId}`);
        return;
      }
      if (!route) {
        this.answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      const body = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
      this.dispatch(route[1] ?? '', route[2] ?? '', req, body, q === -1 ? '' : url.slice(q + 1), at, res);
    });
  }

  private dispatch(token: string, name: string, req: IncomingMessage, body: Buffer, query: string, at: number, res: ServerResponse): void {
    const method = this.canonical.get(name.toLowerCase()) ?? name;
    let params: Params = {};
    const settle: Settle = (status, payload, response) => {
      this.record({ seq: ++this.seq, method, token, params, at, response });
      this.answer(res, status, payload);
    };
    try {
      params = parseParams(req.headers['content-type'] ?? '', body, query);
      const fault = this.takeFault(method);
      if (fault?.kind === 'drop') return settle(0, null, undefined);
      if (fault?.kind === 'hang') {
        this.record({ seq: ++this.seq, method, token, params, at, response: undefined });
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      if (fault?.kind === 502 || fault?.kind === 503 || fault?.kind === 504) {
        this.record({ seq: ++this.seq, method, token, params, at, response: undefined });
        const page = `<html><head><title>${fault.kind} Bad Gateway</title></head><body><center><h1>${fault.kind}</h1></center><hr><center>nginx</center></body></html>`;
        return this.answerRaw(res, fault.kind, page);
      }
      const dropAnswer =
        fault?.kind === 'deliver-drop' || (this.dropEvery.n > 0 && method === this.dropEvery.method && ++this.dropEvery.seen % this.dropEvery.n === 0);
      if (fault?.kind === 429) {
        throw new BotApiError(429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter });
      }
      if (fault?.kind === 500) throw new BotApiError(500, 'Internal Server Error');
      if (method === 'getUpdates') return this.getUpdates(params, res, settle);
      const handler = this.handlers.get(method);
      if (!handler) throw new BotApiError(404, 'Not Found: method not found');
      const result = handler(params);
      if (dropAnswer) return settle(0, null, undefined);
      settle(200, { ok: true, result }, result);
    } catch (err) {
      // Anything but a BotApiError is a bug in this fake; surface it to the caller instead of hanging.
      const error = err instanceof BotApiError ? err : new BotApiError(500, `Internal Server Error: ${String(err)}`);
      const errorBody = error.body();
      settle(error.code, errorBody, errorBody);
    }
  }

  private answer(res: ServerResponse, status: number, payload: Json | null): void {
    const write = (): void => {
      if (res.destroyed) return;
      if (payload === null) {
        res.destroy();
        return;
      }
      const json = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
    };
    // Once closing, answer at once so nothing outlives close().
    if (this.latencyMs <= 0 || !this.server) return write();
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      write();
    }, this.latencyMs);
    this.delayed.set(timer, res);
  }

  /** A non-JSON answer (what a gateway in front of the Bot API sends), after the same latency. */
  private answerRaw(res: ServerResponse, status: number, html: string): void {
    const write = (): void => {
      if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) }).end(html);
    };
    if (this.latencyMs <= 0 || !this.server) return write();
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      write();
    }, this.latencyMs);
    this.delayed.set(timer, res);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch (err) {
        // A broken observer must not turn into a failed Bot API call for the bot.
        console.error('FakeBotApi: onCall listener failed', err);
      }
    }
  }

  private addFault(kind: Fault['kind'], options: { method?: string; times?: number }, retryAfter: number): void {
    this.faults.push({ kind, method: options.method ?? '*', remaining: options.times ?? 1, retryAfter });
  }

  private takeFault(method: string): Fault | undefined {
    // '*' skips getUpdates: a background poller would otherwise swallow faults meant for the bot's own calls.
    const i = this.faults.findIndex((f) => f.method === method || (f.method === '*' && method !== 'getUpdates'));
    const fault = this.faults[i];
    if (fault && --fault.remaining <= 0) this.faults.splice(i, 1);
    return fault;
  }

  // --- getUpdates ---

  private getUpdates(p: Params, res: ServerResponse, settle: Settle): void {
    if (this.webhookUrl !== '') {
      throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = optInt(p, 'offset');
    if (offset !== undefined) {
      // Positive offset confirms (forgets) older updates; negative means "the last -offset updates".
      this.queue = offset < 0 ? this.queue.slice(offset) : this.queue.filter((u) => (u['update_id'] as number) >= offset);
    }
    const limit = Math.min(100, Math.max(1, optInt(p, 'limit') ?? 100));
    const timeout = Math.max(0, optInt(p, 'timeout') ?? 0);
    if (this.queue.length > 0 || timeout === 0) {
      const result = this.queue.slice(0, limit);
      return settle(200, { ok: true, result }, result);
    }
    const poll: Poll = { res, limit, timer: undefined, settle };
    poll.timer = setTimeout(() => this.endPoll(poll, []), timeout * 1000);
    // grammY aborts the pending poll on bot.stop(); forget it so it does not eat the next update.
    res.on('close', () => {
      if (!this.polls.delete(poll)) return;
      clearTimeout(poll.timer);
      settle(0, null, undefined);
    });
    this.polls.add(poll);
  }

  private flushPolls(): void {
    this.flushScheduled = false;
    for (const poll of this.polls) {
      if (this.queue.length === 0) return;
      this.endPoll(poll, this.queue.slice(0, poll.limit));
    }
  }

  private endPoll(poll: Poll, updates: Update[]): void {
    this.polls.delete(poll);
    clearTimeout(poll.timer);
    poll.settle(200, { ok: true, result: updates }, updates);
  }

  // --- chats and messages ---

  private store(chatId: number, method: string, fields: Partial<StoredMessage>, fromBot = true): StoredMessage {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { messages: [], byId: new Map(), nextMessageId: 1 };
      this.chats.set(chatId, chat);
    }
    // `fields` is always a fresh literal from the caller, so it is completed in place rather than copied.
    const m: StoredMessage = Object.assign(fields, {
      message_id: chat.nextMessageId++,
      chat_id: chatId,
      date: nowSeconds(),
      from_bot: fromBot,
      method,
    });
    chat.messages.push(m);
    chat.byId.set(m.message_id, m);
    return m;
  }

  private message(chatId: number, messageId: number): StoredMessage | undefined {
    const m = this.chats.get(chatId)?.byId.get(messageId);
    return m?.deleted ? undefined : m;
  }

  /** Resolves chat_id of a sending/editing call; a blocked chat answers 403 like Telegram. */
  private targetChat(p: Params): number {
    const chatId = requiredInt(p, 'chat_id');
    if (this.blocked.has(chatId)) throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
    if (this.migrated.has(chatId)) throw new BotApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat');
    const channel = this.channels.get(chatId);
    if (channel?.botIsAdmin === false) throw new BotApiError(403, 'Forbidden: bot is not a member of the channel chat');
    if (channel && !channel.rights.post) throw badRequest('need administrator rights in the channel chat');
    const botStatus = this.memberStatuses.get(`${chatId}:${this.botId}`);
    if (botStatus === 'left' || botStatus === 'kicked') throw new BotApiError(403, 'Forbidden: bot is not a member of the group chat');
    return chatId;
  }

  /** chat_id of a chat lookup: a channel-style id (-100…) never added with addChannel or as a group is unknown. */
  private knownChat(p: Params): number {
    const chatId = requiredInt(p, 'chat_id');
    if (chatId < -1_000_000_000_000 && !this.channels.has(chatId) && !this.groups.has(chatId)) throw badRequest('chat not found');
    return chatId;
  }

  private sourceMessage(p: Params, verb: string): StoredMessage {
    const m = this.message(requiredInt(p, 'from_chat_id'), requiredInt(p, 'message_id'));
    if (!m) throw badRequest(`message to ${verb} not found`);
    return m;
  }

  /** undefined = an inline message (not stored in any chat); Telegram answers `true` for those. */
  private editTarget(p: Params): StoredMessage | undefined {
    if (p['inline_message_id'] !== undefined) return undefined;
    const m = this.message(this.targetChat(p), requiredInt(p, 'message_id'));
    if (!m) throw badRequest('message to edit not found');
    if (!m.from_bot) throw badRequest("message can't be edited");
    return m;
  }

  private markEdited(m: StoredMessage): Json {
    m.edited = true;
    m.edit_date = nowSeconds();
    return this.toMessage(m);
  }

  private sendMedia(p: Params, method: string, kind: 'photo' | 'document'): Json {
    const chatId = this.targetChat(p);
    const input = p[kind];
    if (input === undefined || input === '') throw badRequest(`there is no ${kind} in the request`);
    const caption = optString(p, 'caption');
    if (caption !== undefined && caption.length > MAX_CAPTION) throw badRequest('message caption is too long');
    const fileId = typeof input === 'string' ? input : `fake-${kind}-${++this.fileSeq}`;
    if (isUpload(input) && input.bytes) this.files.set(fileId, { bytes: input.bytes, name: input.filename });
    const file = { file_id: fileId, file_unique_id: `u-${fileId}` };
    const filename = isUpload(input) ? input.filename : undefined;
    const media: Json =
      kind === 'photo' ? { photo: [{ ...file, width: 800, height: 600, file_size: 1024 }] } : { document: { ...file, file_name: filename, file_size: 1024 } };
    return this.toMessage(
      this.store(chatId, method, {
        caption,
        caption_entities: p['caption_entities'],
        parse_mode: optString(p, 'parse_mode'),
        reply_markup: p['reply_markup'],
        media,
      }),
    );
  }

  /** A Telegram Message object for a stored message. */
  private toMessage(m: StoredMessage): Json {
    return {
      message_id: m.message_id,
      from: m.from_bot ? this.botUser() : this.userOf(m.chat_id),
      chat: this.chatOf(m.chat_id),
      date: m.date,
      edit_date: m.edit_date,
      forward_origin: m.forward_origin,
      media_group_id: m.media_group_id,
      text: m.text,
      entities: m.entities,
      ...m.media,
      caption: m.caption,
      caption_entities: m.caption_entities,
      // Telegram only echoes inline keyboards; reply keyboards are not part of the returned message.
      reply_markup: isInlineKeyboard(m.reply_markup) ? m.reply_markup : undefined,
    };
  }

  private botUser(): Json {
    return { id: this.botId, is_bot: true, first_name: 'Маяк', username: this.botUsername };
  }

  private userOf(id: number): Json {
    const user = this.users.get(id);
    return user ? toUser(user) : { id, is_bot: false, first_name: 'User' };
  }

  private memberUser(id: number): Json {
    return id === this.botId ? this.botUser() : this.userOf(id);
  }

  private chatOf(id: number): Json {
    const channel = this.channels.get(id);
    if (channel) return { id, type: 'channel', title: channel.title };
    const group = this.groups.get(id);
    if (group) return { id, ...group };
    if (id < 0) return { id, type: 'supergroup', title: `Chat ${id}` };
    const user = this.users.get(id);
    return {
      id,
      type: 'private',
      first_name: user?.first_name ?? 'User',
      last_name: user?.last_name,
      username: user?.username,
    };
  }
}

// --- parameter parsing ---

function parseParams(contentType: string, body: Buffer, query: string): Params {
  const loose: Params = {};
  if (query !== '') for (const [k, v] of new URLSearchParams(query)) loose[k] = v;
  let json: Params | undefined;
  if (body.length > 0) {
    if (contentType.includes('application/json')) {
      try {
        json = JSON.parse(body.toString('utf8')) as Params;
      } catch {
        throw badRequest("can't parse JSON");
      }
    } else if (contentType.includes('multipart/form-data')) {
      parseMultipart(body, /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType), loose);
    } else {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) loose[k] = v;
    }
  }
  for (const [k, v] of Object.entries(loose)) if (typeof v === 'string') loose[k] = coerce(k, v);
  return json ? Object.assign(loose, json) : loose;
}

function coerce(key: string, value: string): unknown {
  if (OBJECT_PARAMS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value; // left as sent; the handler treats it like any other value
    }
  }
  if (INT_PARAMS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (BOOL_PARAMS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Text fields become strings, file parts `{ file: true, filename }`; `attach://id` references are resolved to their file part. */
function parseMultipart(body: Buffer, boundaryMatch: RegExpExecArray | null, into: Params): void {
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (boundary === undefined) throw badRequest('multipart boundary is missing');
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length + 2; // skip CRLF after the delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) break; // the closing "--boundary--" has no following delimiter
    const part = body.subarray(start, next - 2); // the CRLF before a delimiter belongs to it
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
      if (name !== undefined) {
        // The bytes ride along unlisted, so recorded params stay small and comparable.
        into[name] =
          filename !== undefined
            ? Object.defineProperty({ file: true, filename }, 'bytes', { value: Buffer.from(part.subarray(headerEnd + 4)), enumerable: false })
            : part.subarray(headerEnd + 4).toString('utf8');
      }
    }
    pos = next;
  }
  for (const [key, value] of Object.entries(into)) {
    if (typeof value !== 'string' || !value.startsWith('attach://')) continue;
    const id = value.slice('attach://'.length);
    if (isUpload(into[id])) {
      into[key] = into[id];
      delete into[id];
    }
  }
}

function optInt(p: Params, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  // Usernames like "@channel" are not modelled; Telegram says the same for unknown chats.
  if (!Number.isSafeInteger(n)) throw badRequest(name.endsWith('chat_id') ? 'chat not found' : `${name} is invalid`);
  return n;
}

function requiredInt(p: Params, name: string): number {
  const n = optInt(p, name);
  if (n === undefined) throw badRequest(`${name} is empty`);
  return n;
}

function optString(p: Params, name: string): string | undefined {
  const v = p[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function requiredString(p: Params, name: string): string {
  const v = optString(p, name);
  if (v === undefined || v === '') throw badRequest(`${name} is empty`);
  return v;
}

function messageText(p: Params): string {
  const text = optString(p, 'text');
  if (text === undefined || text === '') throw badRequest('message text is empty');
  if (text.length > MAX_TEXT) throw badRequest('message is too long');
  return text;
}

// --- small helpers ---

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function toUser(user: FakeUser): Json {
  return { ...user, is_bot: false };
}

function administrator(user: Json): Json {
  return {
    status: 'administrator',
    user,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
  };
}

function channelAdministrator(user: Json, rights: ChannelRights): Json {
  return {
    status: 'administrator',
    user,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_post_messages: rights.post,
    can_edit_messages: rights.edit,
    can_delete_messages: rights.delete,
    can_manage_video_chats: false,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
  };
}

function commandsKey(p: Params): string {
  return JSON.stringify([p['scope'] ?? { type: 'default' }, p['language_code'] ?? '']);
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function isUpload(value: unknown): value is { file: true; filename: string; bytes?: Buffer } {
  return typeof value === 'object' && value !== null && (value as { file?: unknown }).file === true;
}

function isInlineKeyboard(markup: unknown): markup is { inline_keyboard: unknown[][] } {
  return typeof markup === 'object' && markup !== null && Array.isArray((markup as { inline_keyboard?: unknown }).inline_keyboard);
}

function callbackData(markup: unknown): string[] {
  if (!isInlineKeyboard(markup)) return [];
  return markup.inline_keyboard.flat().flatMap((button) => {
    const data = typeof button === 'object' && button !== null ? (button as { callback_data?: unknown }).callback_data : undefined;
    return typeof data === 'string' ? [data] : [];
  });
}

function describeCall(call: RecordedCall): string {
  const line = `#${call.seq} ${call.method} ${JSON.stringify(call.params)} -> ${call.response === undefined ? '(no answer)' : JSON.stringify(call.response)}`;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
