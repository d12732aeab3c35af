import { GrammyError, HttpError, type Api } from 'grammy';
import { neverReachedMessenger } from '../core/deliveries/network-errors.js';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { MessageButton, OutgoingMessage } from '../core/vocabulary/message.js';
import type { ChannelMessenger, ChatAccess, ProbeResult, SendResult } from '../core/deliveries/messenger.js';

/**
 * How long a call to Telegram may take before we stop waiting: a hung connection must not hold the outbox. Well
 * below the two minutes after which a claimed send counts as a dead process's (`staleSendMs`).
 */
export const telegramTimeoutMs = 30_000;

/** The Telegram side of the outbox: the only code that turns a domain message into Bot API calls. */
export class TelegramMessenger implements ChannelMessenger {
  readonly channel = 'telegram';
  private botId: number | undefined;

  constructor(
    private readonly api: Api,
    private readonly apiRoot = 'https://api.telegram.org',
    private readonly timeoutMs = telegramTimeoutMs,
    /** How a file's bytes are fetched; the Node entry passes one through TELEGRAM_PROXY when it is set. */
    private readonly download: (url: string, signal: AbortSignal) => Promise<Response> = (url, signal) => fetch(url, { signal }),
  ) {}

  async probe(): Promise<ProbeResult> {
    const signal = timeoutSignal(this.timeoutMs);
    try {
      await this.api.getMe(signal);
      return { ok: true };
    } catch (error) {
      const result = classifyTelegramError(error, signal);
      // Any answer of the Bot API's own (even an error) means it is there again.
      if (!result.ok && (result.reason === 'unreachable' || result.reason === 'unanswered')) return { ok: false, description: result.description };
      return { ok: true };
    }
  }

  async fetchFile(fileId: string): Promise<Uint8Array | null> {
    try {
      const file = await this.api.getFile(fileId);
      if (!file.file_path) return null;
      const response = await this.download(
        `${this.apiRoot}/file/bot${this.api.token}/${file.file_path}`,
        timeoutSignal(this.timeoutMs) as unknown as AbortSignal,
      );
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch {
      return null;
    }
  }

  async send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
    const reply_markup = keyboard(message);
    const signal = timeoutSignal(this.timeoutMs);
    try {
      if (message.copyOf) {
        const copied = await this.api.copyMessage(chatId, message.copyOf.chatId, message.copyOf.messageId, { reply_markup }, signal);
        return { ok: true, externalId: String(copied.message_id) };
      }
      const media = { caption: message.html || undefined, parse_mode: 'HTML' as const, reply_markup };
      const sent =
        message.attachment?.kind === 'photo'
          ? await this.api.sendPhoto(chatId, message.attachment.file, media, signal)
          : message.attachment?.kind === 'document'
            ? await this.api.sendDocument(chatId, message.attachment.file, media, signal)
            : await this.api.sendMessage(
                chatId,
                message.html,
                { parse_mode: 'HTML', link_preview_options: message.noPreview ? { is_disabled: true } : undefined, reply_markup },
                signal,
              );
      return { ok: true, externalId: String(sent.message_id) };
    } catch (error) {
      return classifyTelegramError(error, signal);
    }
  }

  async edit(chatId: string, externalId: string, message: OutgoingMessage): Promise<SendResult> {
    const reply_markup = keyboard(message) ?? { inline_keyboard: [] };
    const signal = timeoutSignal(this.timeoutMs);
    try {
      if (message.attachment || message.copyOf) {
        await this.api.editMessageCaption(chatId, Number(externalId), { caption: message.html, parse_mode: 'HTML', reply_markup }, signal);
      } else {
        await this.api.editMessageText(
          chatId,
          Number(externalId),
          message.html,
          { parse_mode: 'HTML', link_preview_options: message.noPreview ? { is_disabled: true } : undefined, reply_markup },
          signal,
        );
      }
      return { ok: true, externalId };
    } catch (error) {
      // Saving the same text again is not a failure.
      if (error instanceof GrammyError && error.description.includes('message is not modified')) return { ok: true, externalId };
      return classifyTelegramError(error, signal);
    }
  }

  async remove(chatId: string, externalId: string): Promise<SendResult> {
    const signal = timeoutSignal(this.timeoutMs);
    try {
      await this.api.deleteMessage(chatId, Number(externalId), signal);
      return { ok: true, externalId };
    } catch (error) {
      return classifyTelegramError(error, signal);
    }
  }

  async access(chatId: string): Promise<ChatAccess> {
    try {
      this.botId ??= (await this.api.getMe()).id;
      const chat = await this.api.getChat(chatId);
      const title = 'title' in chat && chat.title ? chat.title : chatId;
      const member = await this.api.getChatMember(chatId, this.botId);
      if (member.status === 'creator') return { ok: true, title };
      // In a channel an admin needs the rights to post, edit and delete; in a group being an admin is enough.
      if (
        member.status === 'administrator' &&
        (chat.type !== 'channel' || (member.can_post_messages !== false && member.can_edit_messages !== false && member.can_delete_messages !== false))
      ) {
        return { ok: true, title };
      }
      return { ok: false, reason: 'not-admin', title };
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403))
        return { ok: false, reason: 'not-found', description: error.description };
      return { ok: false, reason: 'unreachable', description: error instanceof Error ? error.message : String(error) };
    }
  }
}

function keyboard(message: OutgoingMessage): InlineKeyboardMarkup | undefined {
  return message.buttons?.length ? { inline_keyboard: message.buttons.map((row) => row.map(toTelegramButton)) } : undefined;
}

/** Options for the bot's own reply (or edit) with an outgoing message: HTML, no link preview, its buttons. */
export function replyOptions(message: OutgoingMessage) {
  return { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, reply_markup: keyboard(message) };
}

export function toTelegramButton(button: MessageButton): InlineKeyboardButton {
  return 'url' in button ? { text: button.text, url: button.url } : { text: button.text, callback_data: button.action };
}

/** grammY types its signals with its Node polyfill's class; a platform AbortSignal works the same at run time. */
type ApiSignal = NonNullable<Parameters<Api['getMe']>[0]>;

function timeoutSignal(ms: number): ApiSignal {
  // Through globalThis: a bare `AbortSignal` would make the bundler rename the polyfill's class of that name, and
  // node-fetch recognises a signal by its class's name.
  return globalThis.AbortSignal.timeout(ms) as unknown as ApiSignal;
}

/** Bad Gateway, Service Unavailable, Gateway Timeout: the front of Telegram answered, the Bot API behind it did not. */
const gatewayCodes = new Set([502, 503, 504]);

/**
 * Maps a Bot API failure onto what the outbox should do about it. `signal` is the call's own timeout: when it fired,
 * the request left and no answer came, so Telegram may have delivered it.
 */
export function classifyTelegramError(error: unknown, signal?: { readonly aborted: boolean }): SendResult {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      return { ok: false, reason: 'rate-limited', retryAfterMs: (error.parameters.retry_after ?? 1) * 1000, description: error.description };
    }
    if (error.error_code === 403) return { ok: false, reason: 'blocked', description: error.description };
    if (gatewayCodes.has(error.error_code)) return { ok: false, reason: 'unreachable', description: `${error.error_code} ${error.description}` };
    if (error.error_code >= 500) return { ok: false, reason: 'transient', description: error.description };
    return { ok: false, reason: 'rejected', description: error.description };
  }
  if (signal?.aborted) return { ok: false, reason: 'unanswered', timedOut: true, description: 'no answer in time' };
  const cause: unknown = error instanceof HttpError ? error.error : error;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  const type = typeof cause === 'object' && cause !== null ? (cause as { type?: unknown }).type : undefined;
  // Network errors carry the request's URL, and the URL carries the bot's token: never store or show it.
  const text = (cause instanceof Error ? cause.message : String(cause)).replace(/bot\d+:[\w-]+/g, 'bot<token>');
  if (neverReachedMessenger(code) || type === 'invalid-json') {
    // A body that is not JSON comes from a gateway or proxy in front (an HTML 502 page): the Bot API never saw the call.
    return { ok: false, reason: 'unreachable', description: typeof code === 'string' ? `${code} ${text}` : text };
  }
  if (error instanceof HttpError) return { ok: false, reason: 'unanswered', timedOut: false, description: typeof code === 'string' ? `${code} ${text}` : text };
  return { ok: false, reason: 'transient', description: text };
}
