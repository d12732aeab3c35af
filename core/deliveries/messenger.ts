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

/** The one place that knows a messenger. Telegram today; MAX or e-mail are further implementations. */
export interface Messenger {
  readonly channel: string;
  send(chatId: string, message: OutgoingMessage): Promise<SendResult>;
  /** The bytes of a file a person sent (kept by the messenger, known to us by its id), for the panel; null if gone. */
  fetchFile?(fileId: string): Promise<Uint8Array | null>;
}
