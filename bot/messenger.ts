import { GrammyError, HttpError, type Api } from 'grammy';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { MessageButton, OutgoingMessage } from '../core/deliveries/message.js';
import type { ChannelMessenger, ChatAccess, SendResult } from '../core/deliveries/messenger.js';

/** The Telegram side of the outbox: the only code that turns a domain message into Bot API calls. */
export class TelegramMessenger implements ChannelMessenger {
  readonly channel = 'telegram';
  private botId: number | undefined;

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
    const reply_markup = keyboard(message);
    try {
      if (message.copyOf) {
        const copied = await this.api.copyMessage(chatId, message.copyOf.chatId, message.copyOf.messageId, { reply_markup });
        return { ok: true, externalId: String(copied.message_id) };
      }
      const media = { caption: message.html || undefined, parse_mode: 'HTML' as const, reply_markup };
      const sent =
        message.attachment?.kind === 'photo'
          ? await this.api.sendPhoto(chatId, message.attachment.file, media)
          : message.attachment?.kind === 'document'
            ? await this.api.sendDocument(chatId, message.attachment.file, media)
            : await this.api.sendMessage(chatId, message.html, {
                parse_mode: 'HTML',
                link_preview_options: message.noPreview ? { is_disabled: true } : undefined,
                reply_markup,
              });
      return { ok: true, externalId: String(sent.message_id) };
    } catch (error) {
      return classifyTelegramError(error);
    }
  }

  async edit(chatId: string, externalId: string, message: OutgoingMessage): Promise<SendResult> {
    const reply_markup = keyboard(message) ?? { inline_keyboard: [] };
    try {
      if (message.attachment || message.copyOf) {
        await this.api.editMessageCaption(chatId, Number(externalId), { caption: message.html, parse_mode: 'HTML', reply_markup });
      } else {
        await this.api.editMessageText(chatId, Number(externalId), message.html, {
          parse_mode: 'HTML',
          link_preview_options: message.noPreview ? { is_disabled: true } : undefined,
          reply_markup,
        });
      }
      return { ok: true, externalId };
    } catch (error) {
      // Saving the same text again is not a failure.
      if (error instanceof GrammyError && error.description.includes('message is not modified')) return { ok: true, externalId };
      return classifyTelegramError(error);
    }
  }

  async remove(chatId: string, externalId: string): Promise<SendResult> {
    try {
      await this.api.deleteMessage(chatId, Number(externalId));
      return { ok: true, externalId };
    } catch (error) {
      return classifyTelegramError(error);
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
      if (member.status === 'administrator' && (chat.type !== 'channel' || (member.can_post_messages !== false && member.can_edit_messages !== false && member.can_delete_messages !== false))) {
        return { ok: true, title };
      }
      return { ok: false, reason: 'not-admin', title };
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) return { ok: false, reason: 'not-found', description: error.description };
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
