/**
 * What the fake Telegram knows: the chats and their messages, the users it has seen, groups, channels, members'
 * statuses, blocked chats, the bot's commands. It answers with realistic Message, User and Chat objects.
 */
import { BotApiError, badRequest, nowSeconds, requiredInt, type Json, type Params } from './params.js';

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

export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** Extra state needed to answer with realistic Message objects; invisible through the FakeMessage type. */
export interface StoredMessage extends FakeMessage {
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

export interface ChannelState {
  title: string;
  botIsAdmin: boolean;
  rights: ChannelRights;
}

export interface GroupState {
  type: 'group' | 'supergroup';
  title: string;
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'left' | 'kicked';

export class TelegramState {
  private readonly chats = new Map<number, ChatState>();
  readonly users = new Map<number, FakeUser>();
  private readonly blocked = new Set<number>();
  /** Channels made with addChannel: their titles, and whether the bot is an admin there. */
  readonly channels = new Map<number, ChannelState>();
  /** Group chats the tests made (type and title), and members' statuses ("chat:user") where they are not "administrator". */
  readonly groups = new Map<number, GroupState>();
  readonly memberStatuses = new Map<string, string>();
  private readonly migrated = new Set<number>();
  private readonly migratedTo = new Map<number, number>();
  /** The bot's commands by scope and language (see commandsKey). */
  readonly commands = new Map<string, unknown>();

  constructor(
    readonly botId: number,
    readonly botUsername: string,
  ) {}

  // --- messages ---

  store(chatId: number, method: string, fields: Partial<StoredMessage>, fromBot = true): StoredMessage {
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

  message(chatId: number, messageId: number): StoredMessage | undefined {
    const m = this.chats.get(chatId)?.byId.get(messageId);
    return m?.deleted ? undefined : m;
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

  /** Resolves chat_id of a sending/editing call; a blocked chat answers 403 like Telegram. */
  targetChat(p: Params): number {
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
  knownChat(p: Params): number {
    const chatId = requiredInt(p, 'chat_id');
    if (chatId < -1_000_000_000_000 && !this.channels.has(chatId) && !this.groups.has(chatId)) throw badRequest('chat not found');
    return chatId;
  }

  sourceMessage(p: Params, verb: string): StoredMessage {
    const m = this.message(requiredInt(p, 'from_chat_id'), requiredInt(p, 'message_id'));
    if (!m) throw badRequest(`message to ${verb} not found`);
    return m;
  }

  /** undefined = an inline message (not stored in any chat); Telegram answers `true` for those. */
  editTarget(p: Params): StoredMessage | undefined {
    if (p['inline_message_id'] !== undefined) return undefined;
    const m = this.message(this.targetChat(p), requiredInt(p, 'message_id'));
    if (!m) throw badRequest('message to edit not found');
    if (!m.from_bot) throw badRequest("message can't be edited");
    return m;
  }

  markEdited(m: StoredMessage): Json {
    m.edited = true;
    m.edit_date = nowSeconds();
    return this.toMessage(m);
  }

  /** A Telegram Message object for a stored message. */
  toMessage(m: StoredMessage): Json {
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

  // --- users and chats ---

  botUser(): Json {
    return { id: this.botId, is_bot: true, first_name: 'Маяк', username: this.botUsername };
  }

  userOf(id: number): Json {
    const user = this.users.get(id);
    return user ? toUser(user) : { id, is_bot: false, first_name: 'User' };
  }

  memberUser(id: number): Json {
    return id === this.botId ? this.botUser() : this.userOf(id);
  }

  chatOf(id: number): Json {
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

  addGroup(chatId: number, type: GroupState['type'], title: string): void {
    this.groups.set(chatId, { type, title });
  }

  setMemberStatus(chatId: number, userId: number, status: MemberStatus): void {
    this.memberStatuses.set(`${chatId}:${userId}`, status);
  }

  memberStatus(chatId: number, userId: number): string | undefined {
    return this.memberStatuses.get(`${chatId}:${userId}`);
  }

  /** The group is now a supergroup with a new id: known under it, its members carried over, the old id refused. */
  migrate(fromChatId: number, toChatId: number): void {
    const title = this.groups.get(fromChatId)?.title ?? `Group ${fromChatId}`;
    this.groups.set(toChatId, { type: 'supergroup', title });
    this.migrated.add(fromChatId);
    this.migratedTo.set(fromChatId, toChatId);
    for (const [key, status] of [...this.memberStatuses]) {
      if (key.startsWith(`${fromChatId}:`)) this.memberStatuses.set(`${toChatId}:${key.slice(key.indexOf(':') + 1)}`, status);
    }
  }

  groupState(chatId: number): (GroupState & { migratedTo?: number }) | undefined {
    const group = this.groups.get(chatId);
    if (!group) return undefined;
    const migratedTo = this.migratedTo.get(chatId);
    return migratedTo === undefined ? { ...group } : { ...group, migratedTo };
  }

  addChannel(chatId: number, title: string, options: { botIsAdmin?: boolean; rights?: Partial<ChannelRights> }): void {
    this.channels.set(chatId, { title, botIsAdmin: options.botIsAdmin ?? true, rights: { post: true, edit: true, delete: true, ...options.rights } });
  }

  private knownChannel(chatId: number): ChannelState {
    const channel = this.channels.get(chatId);
    if (!channel) throw new Error(`no channel ${chatId}: addChannel first`);
    return channel;
  }

  setChannelRights(chatId: number, rights: Partial<ChannelRights>): void {
    const channel = this.knownChannel(chatId);
    channel.rights = { ...channel.rights, ...rights };
  }

  setBotAdmin(chatId: number, botIsAdmin: boolean): void {
    this.knownChannel(chatId).botIsAdmin = botIsAdmin;
  }

  channelState(chatId: number): ChannelState | undefined {
    const channel = this.channels.get(chatId);
    return channel && { ...channel, rights: { ...channel.rights } };
  }

  block(chatId: number, blocked: boolean): void {
    if (blocked) this.blocked.add(chatId);
    else this.blocked.delete(chatId);
  }

  /** Forgets every chat, user, group, channel, status and command. */
  reset(): void {
    this.chats.clear();
    this.users.clear();
    this.groups.clear();
    this.memberStatuses.clear();
    this.migrated.clear();
    this.migratedTo.clear();
    this.commands.clear();
    this.blocked.clear();
    this.channels.clear();
  }
}

export function toUser(user: FakeUser): Json {
  return { ...user, is_bot: false };
}

export function isInlineKeyboard(markup: unknown): markup is { inline_keyboard: unknown[][] } {
  return typeof markup === 'object' && markup !== null && Array.isArray((markup as { inline_keyboard?: unknown }).inline_keyboard);
}
