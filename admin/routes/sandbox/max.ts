/**
 * The sandbox web chat on MAX: a person's dialog with the MAX bot, played by the fake MAX (the sandbox port's
 * `max`). What the page does becomes the update MAX would send, posted to the bot's MAX webhook; the page polls the
 * dialog as MAX keeps it (string ids, MAX's buttons, its HTML), and a press's notification becomes its toast.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxChat, SandboxMax, SandboxMaxCall, SandboxMaxUpdate, SandboxUser } from '../../sandbox-port.js';
import { type MaxMessageView, maxMessageView } from '../../views/sandbox/max-messages.js';
import type { MessagesResponse } from '../../views/sandbox/messages.js';
import type { SandboxTranslate } from '../../views/sandbox/page.js';
import { badInput, messagesQuery, parseBody, parseQuery, sendSchema, type SandboxEnv } from './input.js';

/** What a poll of a MAX dialog gets: as for Telegram (see MessagesResponse), with MAX's string message ids. */
export interface MaxMessagesResponse extends Omit<MessagesResponse, 'messages' | 'deleted'> {
  messages: MaxMessageView[];
  deleted: string[];
}

const personFields = {
  chat: sendSchema.shape.chat,
  firstName: sendSchema.shape.firstName,
  lastName: sendSchema.shape.lastName,
};

const maxPressSchema = z.object(
  {
    ...personFields,
    messageId: z.string({ error: 'required' }).min(1, 'required').max(64, 'too-long'),
    data: z.string({ error: 'required' }).min(1, 'empty-data').max(1024, 'too-long'),
  },
  { error: 'not-an-object' },
);
const maxStartSchema = z.object({ ...personFields, payload: z.string().max(128, 'too-long').optional() }, { error: 'not-an-object' });
const useSchema = z.object({ ...personFields, channel: z.enum(['telegram', 'max'], { error: 'bad-channel' }) }, { error: 'not-an-object' });

function succeeded(call: SandboxMaxCall): boolean {
  return call.status === 200 && call.response !== undefined;
}

type Stamps = Map<string, { fingerprint: string; seq: number }>;

/** The MAX dialogs' changes, stamped as ChatObserver stamps Telegram's (one counter for everything a poll learns). */
class MaxDialogObserver {
  readonly instance = Math.random().toString(36).slice(2, 10);
  private seq = 0;
  private readonly seen = new Map<number, Stamps>();
  private readonly toasts: { user: number; seq: number; text: string }[] = [];
  private readonly presses = new Map<string, number>(); // callback id → user

  constructor(private readonly api: SandboxMax) {
    api.onCall((call) => {
      if (call.method !== 'answerOnCallback' || !succeeded(call)) return;
      const id = call.query['callback_id'] ?? '';
      const user = this.presses.get(id);
      if (user === undefined) return;
      this.presses.delete(id);
      const text = typeof call.body['notification'] === 'string' ? call.body['notification'].trim() : '';
      if (text === '') return;
      this.toasts.push({ user, seq: ++this.seq, text });
      if (this.toasts.length > 100) this.toasts.splice(0, this.toasts.length - 100);
    });
  }

  pressed(callbackId: string, user: number): void {
    this.presses.set(callbackId, user);
    if (this.presses.size > 1000) this.presses.delete(this.presses.keys().next().value!);
  }

  since(user: number, after: number, t: SandboxTranslate): MaxMessagesResponse {
    const messages = this.api.dialog(user);
    let stamps = this.seen.get(user);
    if (!stamps) {
      stamps = new Map();
      this.seen.set(user, stamps);
    }
    for (const m of messages) {
      const print = JSON.stringify([m.text, m.format, m.buttons, m.attachments, m.edited, m.deleted]);
      if (stamps.get(m.mid)?.fingerprint !== print) stamps.set(m.mid, { fingerprint: print, seq: ++this.seq });
    }
    const full = after === 0 || after > this.seq;
    const changed = messages.map((m, index) => ({ m, order: index + 1 })).filter(({ m }) => full || (stamps.get(m.mid)?.seq ?? 0) > after);
    return {
      chat: user,
      instance: this.instance,
      seq: this.seq,
      full,
      messages: changed.filter(({ m }) => !m.deleted).map(({ m, order }) => maxMessageView(m, order, t('sandbox-max-bad-link'))),
      deleted: full ? [] : changed.filter(({ m }) => m.deleted).map(({ m }) => m.mid),
      toasts: full ? [] : this.toasts.filter((toast) => toast.user === user && toast.seq > after).map(({ text }) => ({ text, alert: false })),
      // MAX has no reply keyboard.
      replyKeyboard: null,
    };
  }
}

/** The MAX bot's name as GET /me last answered it ('' before it asked): the page opens max.ru/<it> links in the chat. */
export function maxBotUsernameOf(api: SandboxMax): string {
  for (let i = api.calls.length - 1; i >= 0; i--) {
    const call = api.calls[i]!;
    const response = call.response as { username?: unknown } | undefined;
    if (call.method === 'getMyInfo' && succeeded(call) && typeof response?.username === 'string') return response.username;
  }
  return '';
}

/**
 * Mounts the MAX side of the sandbox's API under /api/max on the sandbox's app. `personOf` is the page's person check
 * (one of the sandbox's own people), shared with Telegram's side.
 */
export function mountMaxSandbox(
  app: Hono<SandboxEnv>,
  max: NonNullable<SandboxChat['max']>,
  personOf: (c: Context<SandboxEnv>, body: { chat: number; firstName: string; lastName?: string | undefined }) => SandboxUser,
): void {
  const { api } = max;
  const observer = new MaxDialogObserver(api);
  const userOf = (c: Context<SandboxEnv>, body: { chat: number; firstName: string; lastName?: string | undefined }) => {
    const person = personOf(c, body);
    return { user_id: person.id, first_name: person.first_name, ...(person.last_name ? { last_name: person.last_name } : {}) };
  };
  const deliver = async (c: Context<SandboxEnv>, update: SandboxMaxUpdate) => {
    const status = await api.deliver(update);
    return c.json({ ok: status === 200, status }, status === 200 ? 200 : 502);
  };

  app.get('/api/max/messages', (c) => {
    const query = parseQuery(c, messagesQuery);
    const user = personOf(c, { chat: Number(query.chat), firstName: '-' }).id;
    return c.json(observer.since(user, query.after, c.get('t')));
  });

  app.post('/api/max/send', async (c) => {
    const body = await parseBody(c, sendSchema);
    return deliver(c, api.build.text(userOf(c, body), body.text));
  });

  /** «Начать», or a max.ru/<bot>?start=… link opened: MAX's bot_started with the link's payload. */
  app.post('/api/max/start', async (c) => {
    const body = await parseBody(c, maxStartSchema);
    return deliver(c, api.build.started(userOf(c, body), body.payload || undefined));
  });

  app.post('/api/max/press', async (c) => {
    const body = await parseBody(c, maxPressSchema);
    const user = userOf(c, body);
    const message = api.dialog(user.user_id).find((m) => m.mid === body.messageId && !m.deleted);
    if (!message || !message.fromBot) throw badInput(c, 'messageId', 'no-such-message');
    if (!message.buttons.flat().some((b) => b.type === 'callback' && b.payload === body.data)) throw badInput(c, 'data', 'no-such-button');
    const update = api.build.press(user, message.mid, body.data);
    const callback = update['callback'] as { callback_id?: unknown } | undefined;
    observer.pressed(String(callback?.callback_id ?? ''), user.user_id);
    return deliver(c, update);
  });

  app.get('/api/max/commands', (c) => c.json({ commands: api.commands.map((command) => ({ command: command.name, description: command.description ?? '' })) }));

  /** The person talks on this messenger from now on: the outbox writes to them there (see useMessengerInSandbox). */
  app.post('/api/max/use', async (c) => {
    const body = await parseBody(c, useSchema);
    const user = userOf(c, body);
    if (body.channel === 'max') api.knowUser(user);
    await max.use(user.user_id, body.channel);
    return c.json({ ok: true, channel: body.channel });
  });
}
