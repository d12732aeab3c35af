import type { Update } from '@maxhub/max-bot-api/types';
import type { Core } from '../core/core.js';
import type { Pacer } from '../core/deliveries/pacer.js';
import type { Person } from '../core/directory/people.js';
import { escapeHtml } from '../core/text/html.js';
import type { MessageButton, OutgoingMessage } from '../core/vocabulary/message.js';
import type { Locale, TranslateArgs } from '../locales/translator.js';
import type { MaxClient } from './client.js';
import { renderButtons, renderForMax } from './render.js';
import { uploadFile } from './upload.js';

/** A failed call of the bot's own (a reply, an answer): the update's handling stops and is logged. */
export class MaxReplyError extends Error {
  constructor(
    readonly reason: string,
    description: string,
  ) {
    super(description);
  }
}

/** A pressed button: its payload, the callback to answer, the message it was on. */
export interface Press {
  callbackId: string;
  payload: string;
  mid: string | undefined;
}

/**
 * One update on MAX as the features see it (grammY's `ctx` for Telegram): who wrote (the MAX user and their private
 * chat, the person behind them if registered), their language, and the ways to answer in that chat.
 */
export class MaxTurn {
  constructor(
    readonly core: Core,
    private readonly client: MaxClient,
    private readonly pacer: Pick<Pacer, 'take'> | undefined,
    readonly update: Update,
    /** The MAX user's id, as text (contacts keep ids as text). */
    readonly userId: string,
    /** The dialog's chat id, where replies go. */
    readonly chatId: string,
    public person: Person | undefined,
    public locale: Locale,
    readonly press?: Press,
  ) {}

  /** In the person's language; an arrow, so it can be handed on (`stepMessage(turn.t, …)`). */
  readonly t = (key: string, args?: TranslateArgs): string => this.core.translate(this.locale, key, args);

  /** Sends a message to this chat (a string is plain text, escaped here); returns its mid. */
  async reply(message: OutgoingMessage | string): Promise<string> {
    const body = renderForMax(typeof message === 'string' ? { html: escapeHtml(message) } : message);
    this.pacer?.take(this.chatId, this.core.clock.now());
    const sent = await this.client.call<{ message: { body: { mid: string } } }>('POST', '/messages', {
      query: { chat_id: this.chatId, disable_link_preview: true },
      body,
    });
    if (!sent.ok) throw new MaxReplyError(sent.reason, sent.description);
    return sent.data.message.body.mid;
  }

  /** Sends a file made here (an event's .ics) with a caption: uploaded to MAX first, then sent by its token. */
  async replyWithFile(bytes: Uint8Array<ArrayBuffer>, name: string, caption: string): Promise<string> {
    const token = await uploadFile(this.client, bytes, name);
    if (!token.ok) throw new MaxReplyError(token.reason, token.description);
    return this.reply({ html: escapeHtml(caption), attachment: { kind: 'document', file: token.data } });
  }

  /**
   * Answers the pressed button (MAX shows a spinner until then): a short notification, and/or the pressed message
   * replaced by another (text and buttons).
   */
  async answer(options: { notification?: string; message?: OutgoingMessage } = {}): Promise<void> {
    if (!this.press) return;
    const body: Record<string, unknown> = {};
    if (options.notification) body['notification'] = options.notification;
    if (options.message) body['message'] = renderForMax(options.message);
    const answered = await this.client.call('POST', '/answers', { query: { callback_id: this.press.callbackId }, body });
    if (!answered.ok) throw new MaxReplyError(answered.reason, answered.description);
  }

  /**
   * Takes the buttons off a message (the pressed one by default), keeping its text: an answered question is not
   * answered again. A failure is no reason to stop: the buttons then answer that they are outdated.
   */
  async dropButtons(mid = this.press?.mid): Promise<void> {
    await this.setButtons([], mid);
  }

  /** Replaces a message's buttons (the pressed one by default), keeping its text. */
  async setButtons(buttons: MessageButton[][], mid = this.press?.mid): Promise<void> {
    if (!mid) return;
    const keyboard = renderButtons(buttons);
    const attachments = keyboard.length ? [{ type: 'inline_keyboard', payload: { buttons: keyboard } }] : [];
    await this.client.call('PUT', '/messages', { query: { message_id: mid }, body: { attachments } });
  }
}
