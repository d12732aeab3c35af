/**
 * What the sandbox page polls for, read from the Telegram it plays: a chat's new and changed messages (each
 * stamped with the poll counter at which it last looked different), the toasts of answered button presses, the
 * bot's command menu and its @username.
 */
import type { SandboxCall, SandboxMessage, SandboxTelegram } from '../../sandbox-port.js';
import { albums, isRecord, messageView, replyKeyboardOf, type MessagesResponse } from '../../views/sandbox/messages.js';
import type { SandboxTranslate } from '../../views/sandbox/page.js';

interface Toast {
  chat: number;
  seq: number;
  text: string;
  alert: boolean;
}

type Stamps = Map<number, { fingerprint: string; seq: number }>;

export class ChatObserver {
  /** Changes once per process: a client that sees another value has stale messages and starts over. */
  readonly instance = Math.random().toString(36).slice(2, 10);
  // One counter for everything a poll can learn; each message keeps the value at which it last looked different.
  private seq = 0;
  private readonly seen = new Map<number, Stamps>();
  private readonly toasts: Toast[] = [];
  private readonly presses = new Map<string, number>(); // callback_query id → chat

  constructor(private readonly api: SandboxTelegram) {
    api.onCall((call) => {
      if (call.method !== 'answerCallbackQuery' || !succeeded(call)) return;
      const id = String(call.params['callback_query_id'] ?? '');
      const chat = this.presses.get(id);
      if (chat === undefined) return;
      this.presses.delete(id);
      const text = typeof call.params['text'] === 'string' ? call.params['text'].trim() : '';
      if (text === '') return;
      this.toasts.push({ chat, seq: ++this.seq, text, alert: call.params['show_alert'] === true || call.params['show_alert'] === 'true' });
      if (this.toasts.length > 100) this.toasts.splice(0, this.toasts.length - 100);
    });
  }

  /** A press made from the page in this chat: the bot's answer to it becomes this chat's toast. */
  pressed(callbackQueryId: string, chat: number): void {
    this.presses.set(callbackQueryId, chat);
    if (this.presses.size > 1000) this.presses.delete(this.presses.keys().next().value!);
  }

  /** What a poll gets: everything (after = 0, or a seq from before a restart) or what appeared or changed since `after`. */
  since(chatId: number, after: number, t: SandboxTranslate, authorOf: (id: number) => string | undefined): MessagesResponse {
    const { messages, stamps } = this.observe(chatId);
    const full = after === 0 || after > this.seq;
    const changed = messages.filter((m) => full || (stamps.get(m.message_id)?.seq ?? 0) > after);
    return {
      chat: chatId,
      instance: this.instance,
      seq: this.seq,
      full,
      messages: albums(
        messages,
        changed.filter((m) => !m.deleted),
      ).map((m) => messageView(m, t, authorOf, messages)),
      deleted: full ? [] : changed.filter((m) => m.deleted).map((m) => m.message_id),
      toasts: full ? [] : this.toasts.filter((toast) => toast.chat === chatId && toast.seq > after).map(({ text, alert }) => ({ text, alert })),
      replyKeyboard: replyKeyboardOf(messages),
    };
  }

  /** Stamps what changed in this chat since the last look with a new seq. */
  private observe(chatId: number): { messages: SandboxMessage[]; stamps: Stamps } {
    const messages = this.api.chat(chatId);
    let stamps = this.seen.get(chatId);
    if (!stamps) {
      stamps = new Map();
      this.seen.set(chatId, stamps);
    }
    for (const m of messages) {
      const print = fingerprint(m);
      const stamp = stamps.get(m.message_id);
      if (stamp?.fingerprint !== print) stamps.set(m.message_id, { fingerprint: print, seq: ++this.seq });
    }
    return { messages, stamps };
  }
}

function fingerprint(m: SandboxMessage): string {
  return JSON.stringify([m.text, m.caption, m.parse_mode, m.reply_markup, m.edited === true, m.deleted === true]);
}

function succeeded(call: SandboxCall): boolean {
  return call.response !== undefined && !(isRecord(call.response) && call.response['ok'] === false);
}

/** The menu Telegram would show this chat: the most specific scope and language the bot set commands for. */
export function commandsFor(calls: readonly SandboxCall[], chatId: number, language = 'ru'): { command: string; description: string }[] {
  const scopes = chatId < 0 ? [`chat:${chatId}`, 'all_group_chats', 'default'] : [`chat:${chatId}`, 'all_private_chats', 'default'];
  const wanted = scopes.flatMap((scope) => [`${scope}|${language}`, `${scope}|`]);
  const latest = new Map<string, SandboxCall>();
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i]!;
    if ((call.method !== 'setMyCommands' && call.method !== 'deleteMyCommands') || !succeeded(call)) continue;
    const scope = isRecord(call.params['scope']) ? call.params['scope'] : { type: 'default' };
    const scopeKey = scope['type'] === 'chat' ? `chat:${String(scope['chat_id'])}` : String(scope['type']);
    const key = `${scopeKey}|${typeof call.params['language_code'] === 'string' ? call.params['language_code'] : ''}`;
    if (!latest.has(key)) latest.set(key, call);
  }
  for (const key of wanted) {
    const call = latest.get(key);
    if (!call) continue;
    if (call.method === 'deleteMyCommands' || !Array.isArray(call.params['commands'])) return [];
    return call.params['commands'].filter(isRecord).map((c) => ({ command: String(c['command'] ?? ''), description: String(c['description'] ?? '') }));
  }
  return [];
}

/** The bot's @username, as getMe last answered it ('' before it asked). */
export function botUsernameOf(calls: readonly SandboxCall[]): string {
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i]!;
    if (call.method === 'getMe' && isRecord(call.response) && typeof call.response['username'] === 'string') return call.response['username'];
  }
  return '';
}
