import type { MessengerChannel } from '../vocabulary/channels.js';
import type { OutgoingMessage } from '../vocabulary/message.js';

export type SendResult =
  | { ok: true; externalId: string }
  /** The recipient blocked us or is gone: stop writing to them. */
  | { ok: false; reason: 'blocked'; description: string }
  /** The messenger asks every sender of this bot to wait. */
  | { ok: false; reason: 'rate-limited'; retryAfterMs: number; description: string }
  /** The messenger answered with a fault of its own (a 500): nothing was delivered, worth a later try. */
  | { ok: false; reason: 'transient'; description: string }
  /**
   * The request never reached the messenger (connection refused, DNS or TLS failure before sending, a 502/503/504 from
   * the gateway in front of it): nothing was delivered, and nothing will be until it is back. Not the message's fault.
   */
  | { ok: false; reason: 'unreachable'; description: string }
  /**
   * The request left but no answer came (a timeout, the connection lost after sending): the messenger may have
   * delivered it, so it must not be sent again by itself. `timedOut` says no answer came in time (the messenger may be
   * hanging for everyone), as opposed to a connection that broke.
   */
  | { ok: false; reason: 'unanswered'; timedOut: boolean; description: string }
  /** The messenger refused this message (bad markup, chat not found): retrying will not help. */
  | { ok: false; reason: 'rejected'; description: string };

export type ProbeResult = { ok: true } | { ok: false; description: string };

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
  readonly channel: MessengerChannel;
  send(chatId: string, message: OutgoingMessage): Promise<SendResult>;
  /** Replaces the text (or caption) and the buttons of a message sent earlier; a messenger without it cannot edit. */
  edit?(chatId: string, externalId: string, message: OutgoingMessage): Promise<SendResult>;
  /**
   * A cheap call (Telegram: getMe) asked while the messenger is unreachable, to learn whether it is back. Without it
   * the outbox lets its next send find out.
   */
  probe?(): Promise<ProbeResult>;
  /** The bytes of a file a person sent (kept by the messenger, known to us by its id), for the panel; null if gone. */
  fetchFile?(fileId: string): Promise<Uint8Array | null>;
}

/** What channel posting needs beyond sending: edits, deletion, and whether the bot may post in a chat at all. */
export interface ChannelMessenger extends Messenger {
  /** Replaces the text (or caption) and the buttons of a channel post sent earlier. */
  edit(chatId: string, externalId: string, message: OutgoingMessage): Promise<SendResult>;
  /** Deletes a message sent earlier. */
  remove(chatId: string, externalId: string): Promise<SendResult>;
  /** Whether the bot may post, edit and delete in a chat (a channel it must be an admin of). */
  access(chatId: string): Promise<ChatAccess>;
}
