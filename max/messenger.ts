import type { BotInfo, ChatMember, Chat, Message } from '@maxhub/max-bot-api/types';
import type { ChannelMessenger, ChatAccess, ProbeResult, SendResult } from '../core/deliveries/messenger.js';
import type { OutgoingMessage } from '../core/vocabulary/message.js';
import type { MaxClient, CallResult } from './client.js';
import { isUrl, RenderError, renderForMax } from './render.js';
import { uploadFile } from './upload.js';

/** A file a person sent on MAX (task evidence) is known to us by its URL behind this prefix. */
export const maxFilePrefix = 'max:';

/**
 * The MAX side of the outbox: the only code that turns a domain message into MAX Bot API calls. Failures are sorted
 * as the Telegram messenger sorts them (bot/messenger.ts): a 403 is a person who stopped the bot, a 429 a pause
 * (MAX names none, so the client doubles its own), a 5xx a fault worth a later try, a refused connection an outage,
 * and a request that left without an answer `unanswered`: it may have been delivered and is never sent again.
 */
export class MaxMessenger implements ChannelMessenger {
  readonly channel = 'max';

  constructor(private readonly client: MaxClient) {}

  async probe(): Promise<ProbeResult> {
    const result = await this.client.call<BotInfo>('GET', '/me');
    // Any answer of MAX's own (even an error) means it is there again.
    if (!result.ok && (result.reason === 'unreachable' || result.reason === 'unanswered')) return { ok: false, description: result.description };
    return { ok: true };
  }

  /** The bytes of a file a person sent (`max:<url>`), for the panel; null if gone or not MAX's. */
  async fetchFile(fileId: string): Promise<Uint8Array | null> {
    if (!fileId.startsWith(maxFilePrefix)) return null;
    try {
      const response = await fetch(fileId.slice(maxFilePrefix.length), { signal: globalThis.AbortSignal.timeout(30_000) });
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch {
      return null;
    }
  }

  async send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
    const body = await this.body(message);
    if (!body.ok) return body;
    const sent = await this.client.call<{ message: Message }>('POST', '/messages', {
      query: { chat_id: chatId, disable_link_preview: message.noPreview ? true : undefined },
      body: body.data,
    });
    return sent.ok ? { ok: true, externalId: sent.data.message.body.mid } : failure(sent);
  }

  async edit(_chatId: string, externalId: string, message: OutgoingMessage): Promise<SendResult> {
    const body = await this.body(message);
    if (!body.ok) return body;
    const edited = await this.client.call('PUT', '/messages', { query: { message_id: externalId }, body: body.data });
    return edited.ok ? { ok: true, externalId } : failure(edited);
  }

  async remove(_chatId: string, externalId: string): Promise<SendResult> {
    const removed = await this.client.call('DELETE', '/messages', { query: { message_id: externalId } });
    return removed.ok ? { ok: true, externalId } : failure(removed);
  }

  async access(chatId: string): Promise<ChatAccess> {
    const chat = await this.client.call<Chat>('GET', `/chats/${encodeURIComponent(chatId)}`);
    if (!chat.ok) {
      if (chat.reason === 'rejected' || chat.reason === 'blocked') return { ok: false, reason: 'not-found', description: chat.description };
      return { ok: false, reason: 'unreachable', description: chat.description };
    }
    const title = chat.data.title ?? chatId;
    const member = await this.client.call<ChatMember>('GET', `/chats/${encodeURIComponent(chatId)}/members/me`);
    if (!member.ok)
      return { ok: false, reason: member.reason === 'rejected' || member.reason === 'blocked' ? 'not-found' : 'unreachable', description: member.description };
    if (member.data.is_owner) return { ok: true, title };
    const rights = member.data.permissions ?? [];
    // In a channel an admin needs the rights to post, edit and delete; in a group chat being an admin is enough.
    const mayPost = chat.data.type !== 'channel' || (['write', 'edit_message', 'delete_message'] as const).every((p) => rights.includes(p));
    return member.data.is_admin && mayPost ? { ok: true, title } : { ok: false, reason: 'not-admin', title };
  }

  /** The request body; a document given by URL is uploaded first (MAX takes files only by its own token). */
  private async body(message: OutgoingMessage): Promise<CallResult<ReturnType<typeof renderForMax>>> {
    try {
      const file = message.copyOf ? undefined : message.attachment;
      if (file?.kind === 'document' && isUrl(file.file)) {
        const token = await this.upload(file.file);
        if (!token.ok) return token;
        return { ok: true, data: renderForMax(message, token.data) };
      }
      return { ok: true, data: renderForMax(message) };
    } catch (error) {
      if (error instanceof RenderError) return { ok: false, reason: 'rejected', description: error.message };
      throw error;
    }
  }

  /** A document by URL: its bytes fetched, then uploaded to MAX for a token. */
  private async upload(source: string): Promise<CallResult<string>> {
    try {
      const file = await fetch(source, { signal: globalThis.AbortSignal.timeout(30_000) });
      if (!file.ok) return { ok: false, reason: 'rejected', description: `the document at ${source} answered ${file.status}` };
      const name = decodeURIComponent(new URL(source).pathname.split('/').pop() || 'file');
      return await uploadFile(this.client, new Uint8Array(await file.arrayBuffer()), name);
    } catch (error) {
      return { ok: false, reason: 'transient', description: `upload failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

function failure(result: Exclude<CallResult<unknown>, { ok: true }>): SendResult {
  const { status: _status, code: _code, ...rest } = result;
  return rest as SendResult;
}
