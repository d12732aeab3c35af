/**
 * A message as the domain means it, with no messenger's vocabulary: the Telegram adapter turns it
 * into sendMessage parameters, a MAX or e-mail adapter would turn it into theirs.
 */
export interface OutgoingMessage {
  /** Telegram-safe HTML subset: <b>, <i>, <u>, <s>, <a href>, <code>, <pre>. With an attachment it is the caption. */
  html: string;
  buttons?: MessageButton[][];
  /** Do not show a link preview (most notices carry links that are not the point). */
  noPreview?: boolean;
  /** A photo or a document sent with `html` as its caption (Telegram: at most 1024 characters). */
  attachment?: MessageAttachment;
  /**
   * A copy of a message that already exists in a chat the bot can read (a message forwarded to the bot, to be
   * broadcast as it is): `html` is then only what reports and previews show, the copy carries its own content.
   */
  copyOf?: { chatId: string; messageId: number };
  /**
   * The outbox delivery whose message this one replaces in place (its text and buttons), instead of a new message:
   * a request answered elsewhere shows the verdict. The outbox finds that message's id when it sends this.
   */
  editOf?: number;
}

/** `file` is a messenger's file id (a file it already has) or an https URL it fetches itself. */
export interface MessageAttachment {
  kind: 'photo' | 'document';
  file: string;
}

export type MessageButton = { text: string; action: string } | { text: string; url: string };
