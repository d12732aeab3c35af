/**
 * A message as the domain means it, with no messenger's vocabulary: the Telegram adapter turns it
 * into sendMessage parameters, a MAX or e-mail adapter would turn it into theirs.
 */
export interface OutgoingMessage {
  /** Telegram-safe HTML subset: <b>, <i>, <u>, <s>, <a href>, <code>, <pre>. */
  html: string;
  buttons?: MessageButton[][];
  /** Do not show a link preview (most notices carry links that are not the point). */
  noPreview?: boolean;
}

export type MessageButton = { text: string; action: string } | { text: string; url: string };
