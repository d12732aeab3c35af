import type { OutgoingMessage } from './message.js';

export type SendResult =
  | { ok: true; externalId: string }
  /** The recipient blocked us or is gone: stop writing to them. */
  | { ok: false; reason: 'blocked'; description: string }
  /** The messenger asks every sender of this bot to wait. */
  | { ok: false; reason: 'rate-limited'; retryAfterMs: number; description: string }
  /** A network fault or a 5xx: worth a later try. */
  | { ok: false; reason: 'transient'; description: string }
  /** The messenger refused this message (bad markup, chat not found): retrying will not help. */
  | { ok: false; reason: 'rejected'; description: string };

/** Whether the bot may post in a chat (a channel): what an admin must fix if not. */
export type ChatAccess =
  | { ok: true; title: string }
  /** The chat is unknown to the messenger or the bot is not in it. */
  | { ok: false; reason: 'not-found'; description: string }
  /** The bot is in the chat but not an admin allowed to post (and edit, delete) messages. */
  | { ok: false; reason: 'not-admin'; title: string }
  | { ok: false; reason: 'unreachable'; description: string };

/** The one place that knows a messenger. Telegram today; MAX or e-mail are further implementations. */
export interface Messenger {
  readonly channel: string;
  send(chatId: string, message: OutgoingMessage): Promise<SendResult>;
  /** The bytes of a file a person sent (kept by the messenger, known to us by its id), for the panel; null if gone. */
  fetchFile?(fileId: string): Promise<Uint8Array | null>;
}

/** What channel posting needs beyond sending: edits, deletion, and whether the bot may post in a chat at all. */
export interface ChannelMessenger extends Messenger {
  /** Replaces the text (or caption) and the buttons of a message sent earlier (a channel post). */
  edit(chatId: string, externalId: string, message: OutgoingMessage): Promise<SendResult>;
  /** Deletes a message sent earlier. */
  remove(chatId: string, externalId: string): Promise<SendResult>;
  /** Whether the bot may post, edit and delete in a chat (a channel it must be an admin of). */
  access(chatId: string): Promise<ChatAccess>;
}
