/**
 * What the sandbox's page gets from its JSON API: a chat's messages as views (HTML made safe, buttons, media,
 * albums), the reply keyboard, the person's chats. Built from the messages Telegram keeps (the sandbox port).
 */
import { telegramHtml } from '../../../core/text/telegram-preview.js';
import type { SandboxMessage } from '../../sandbox-port.js';
import type { SandboxTranslate } from './page.js';

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

export interface ButtonView {
  text: string;
  kind: 'callback' | 'url' | 'other';
  data?: string;
  url?: string;
}

export interface MessageView {
  id: number;
  fromBot: boolean;
  /** Safe to put into the page as is (see telegramHtml in core/text/telegram-preview.ts). */
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function buttonsOf(markup: unknown): ButtonView[][] {
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

/** A message's photo (its largest size) or document. */
function mediaOf(m: SandboxMessage): MessageView['media'] {
  const media = m.media;
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
function albumOf(m: SandboxMessage): string | undefined {
  const id = m.media_group_id;
  return typeof id === 'string' ? id : undefined;
}

/** Changed messages, with a changed album member standing for its album's first message (which shows them all). */
export function albums(all: SandboxMessage[], changed: SandboxMessage[]): SandboxMessage[] {
  const out = new Map<number, SandboxMessage>();
  for (const m of changed) {
    const album = albumOf(m);
    const first = album === undefined ? m : (all.find((other) => albumOf(other) === album && !other.deleted) ?? m);
    out.set(first.message_id, first);
  }
  return [...out.values()];
}

export function messageView(m: SandboxMessage, t: SandboxTranslate, authorOf?: (id: number) => string | undefined, chat?: SandboxMessage[]): MessageView {
  const view: MessageView = {
    id: m.message_id,
    fromBot: m.from_bot,
    html: telegramHtml(m.text ?? m.caption ?? '', (m.from_bot && m.parse_mode) || null, t('sandbox-bad-link')),
    buttons: m.from_bot ? buttonsOf(m.reply_markup) : [],
    edited: m.edited === true,
    forwarded: isRecord(m.forward_origin),
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

export function replyKeyboardOf(messages: SandboxMessage[]): string[][] | null {
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
