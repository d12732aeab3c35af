/**
 * Updates as Telegram would send them when people act: a user writes, presses a button, sends a photo, forwards
 * a message; the bot is added to a group, a group becomes a supergroup, a member leaves. Each is recorded in the
 * chat it happens in and returned, not queued: the caller queues it (long polling) or posts it (a webhook).
 */
import type { FileStore, MediaKind } from './files.js';
import { mediaFields } from './files.js';
import { nowSeconds, type Json } from './params.js';
import { isInlineKeyboard, toUser, type FakeUser, type TelegramState } from './state.js';
import type { Update, UpdateQueue } from './updates.js';

const COMMAND = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/;

export class UserUpdates {
  private callbackSeq = 0;

  constructor(
    private readonly state: TelegramState,
    private readonly files: FileStore,
    private readonly updates: UpdateQueue,
  ) {}

  /** A private-chat text message, recorded in chat(user.id). */
  text(user: FakeUser, text: string): Update {
    this.state.users.set(user.id, user);
    const m = this.state.store(user.id, 'userSends', { text, entities: commandEntities(text) }, false);
    return { update_id: this.updates.nextId(), message: this.state.toMessage(m) };
  }

  /** A callback_query for an inline button of a bot message in the user's private chat; throws if no such button exists. */
  press(user: FakeUser, messageId: number, data: string): Update {
    const m = this.state.message(user.id, messageId);
    if (!m || !m.from_bot) throw new Error(`FakeBotApi: no bot message ${messageId} in chat ${user.id}`);
    const available = callbackData(m.reply_markup);
    if (!available.includes(data)) {
      throw new Error(`FakeBotApi: message ${messageId} has no button with callback_data ${JSON.stringify(data)}; it has ${JSON.stringify(available)}`);
    }
    this.state.users.set(user.id, user);
    return {
      update_id: this.updates.nextId(),
      callback_query: {
        id: String(++this.callbackSeq),
        from: toUser(user),
        message: this.state.toMessage(m),
        chat_instance: String(user.id),
        data,
      },
    };
  }

  /** A text message by `user` in a group chat, recorded in chat(chatId). */
  groupText(chatId: number, user: FakeUser, text: string): Update {
    this.state.users.set(user.id, user);
    const m = this.state.store(chatId, 'userSends', { text, entities: commandEntities(text), from_id: user.id }, false);
    return { update_id: this.updates.nextId(), message: { ...this.state.toMessage(m), from: toUser(user) } };
  }

  /** A press by `user` on a bot message in any chat (a group's too). */
  pressIn(chatId: number, user: FakeUser, messageId: number, data: string): Update {
    const m = this.state.message(chatId, messageId);
    if (!m || !m.from_bot) throw new Error(`FakeBotApi: no bot message ${messageId} in chat ${chatId}`);
    if (!callbackData(m.reply_markup).includes(data)) throw new Error(`FakeBotApi: message ${messageId} has no button ${JSON.stringify(data)}`);
    this.state.users.set(user.id, user);
    return {
      update_id: this.updates.nextId(),
      callback_query: { id: String(++this.callbackSeq), from: toUser(user), message: this.state.toMessage(m), chat_instance: String(chatId), data },
    };
  }

  /** The bot's own membership changed in a chat (added: 'member'/'administrator'; removed: 'left'/'kicked'). */
  myChatMember(chatId: number, by: FakeUser, status: 'member' | 'administrator' | 'left' | 'kicked'): Update {
    const old = status === 'left' || status === 'kicked' ? 'member' : 'left';
    return {
      update_id: this.updates.nextId(),
      my_chat_member: {
        chat: this.state.chatOf(chatId),
        from: toUser(by),
        date: nowSeconds(),
        old_chat_member: { status: old, user: this.state.botUser() },
        new_chat_member: { status, user: this.state.botUser() },
      },
    };
  }

  /** A group became a supergroup: the old chat's service message naming the new id (as Telegram sends it). */
  migration(fromChatId: number, toChatId: number, by: FakeUser): Update {
    this.state.migrate(fromChatId, toChatId);
    const updateId = this.updates.nextId();
    return {
      update_id: updateId,
      message: {
        message_id: 1_000_000 + updateId + 1,
        date: nowSeconds(),
        chat: this.state.chatOf(fromChatId),
        from: toUser(by),
        migrate_to_chat_id: toChatId,
      },
    };
  }

  /** A member left a group (the service message the bot sees). */
  memberLeft(chatId: number, who: FakeUser): Update {
    const updateId = this.updates.nextId();
    return {
      update_id: updateId,
      message: { message_id: 2_000_000 + updateId + 1, date: nowSeconds(), chat: this.state.chatOf(chatId), from: toUser(who), left_chat_member: toUser(who) },
    };
  }

  /** A user's photo or document in any chat: the bytes are kept, so getFile and the download give them back. */
  media(chatId: number, user: FakeUser, file: { kind: MediaKind; name: string; bytes: Buffer; caption?: string | undefined }): Update {
    this.state.users.set(user.id, user);
    const fileId = this.files.keepFromUser(file.kind, file.name, file.bytes);
    const media = mediaFields(file.kind, fileId, file.bytes.length, file.name);
    const m = this.state.store(chatId, 'userSends', { caption: file.caption, media, from_id: user.id }, false);
    return { update_id: this.updates.nextId(), message: { ...this.state.toMessage(m), from: toUser(user) } };
  }

  /** A user forwards a message of another chat to the bot (Telegram keeps its content and names the origin). */
  forward(user: FakeUser, fromChatId: number, messageId: number): Update {
    const source = this.state.message(fromChatId, messageId);
    if (!source) throw new Error(`FakeBotApi: no message ${messageId} in chat ${fromChatId}`);
    this.state.users.set(user.id, user);
    const channel = this.state.channels.get(fromChatId);
    const origin: Json = channel
      ? { type: 'channel', chat: this.state.chatOf(fromChatId), message_id: messageId, date: source.date }
      : { type: 'user', sender_user: source.from_bot ? this.state.botUser() : this.state.userOf(source.from_id ?? source.chat_id), date: source.date };
    const m = this.state.store(
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
    return { update_id: this.updates.nextId(), message: this.state.toMessage(m) };
  }
}

/** A leading /command as Telegram marks it. */
function commandEntities(text: string): unknown {
  const command = COMMAND.exec(text);
  return command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined;
}

function callbackData(markup: unknown): string[] {
  if (!isInlineKeyboard(markup)) return [];
  return markup.inline_keyboard.flat().flatMap((button) => {
    const data = typeof button === 'object' && button !== null ? (button as { callback_data?: unknown }).callback_data : undefined;
    return typeof data === 'string' ? [data] : [];
  });
}
