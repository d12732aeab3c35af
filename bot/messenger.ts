import { GrammyError, HttpError, type Api } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import type { MessageButton, OutgoingMessage } from '../core/deliveries/message.js';
import type { Messenger, SendResult } from '../core/deliveries/messenger.js';

/** The Telegram side of the outbox: the only code that turns a domain message into Bot API calls. */
export class TelegramMessenger implements Messenger {
  readonly channel = 'telegram';

  constructor(
    private readonly api: Api,
    private readonly apiRoot = 'https://api.telegram.org',
  ) {}

  async fetchFile(fileId: string): Promise<Uint8Array | null> {
    try {
      const file = await this.api.getFile(fileId);
      if (!file.file_path) return null;
      const response = await fetch(`${this.apiRoot}/file/bot${this.api.token}/${file.file_path}`);
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch {
      return null;
    }
  }

  async send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
    try {
      const sent = await this.api.sendMessage(chatId, message.html, {
        parse_mode: 'HTML',
        link_preview_options: message.noPreview ? { is_disabled: true } : undefined,
        reply_markup: message.buttons ? { inline_keyboard: message.buttons.map((row) => row.map(toTelegramButton)) } : undefined,
      });
      return { ok: true, externalId: String(sent.message_id) };
    } catch (error) {
      return classifyTelegramError(error);
    }
  }
}

export function toTelegramButton(button: MessageButton): InlineKeyboardButton {
  return 'url' in button ? { text: button.text, url: button.url } : { text: button.text, callback_data: button.action };
}

/** Maps a Bot API failure onto what the outbox should do about it. */
export function classifyTelegramError(error: unknown): SendResult {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      return { ok: false, reason: 'rate-limited', retryAfterMs: (error.parameters.retry_after ?? 1) * 1000, description: error.description };
    }
    if (error.error_code === 403) return { ok: false, reason: 'blocked', description: error.description };
    if (error.error_code >= 500) return { ok: false, reason: 'transient', description: error.description };
    return { ok: false, reason: 'rejected', description: error.description };
  }
  if (error instanceof HttpError) return { ok: false, reason: 'transient', description: error.message };
  return { ok: false, reason: 'transient', description: error instanceof Error ? error.message : String(error) };
}
