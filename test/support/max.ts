import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { linkContact } from '../../core/directory/contacts.js';
import { createInvite, invitePrefix } from '../../core/onboarding/invites.js';
import { contacts } from '../../db/schema/index.js';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { subscribeWebhook } from '../../max/webhook.js';
import { maxWebhookPath } from '../../admin/index.js';
import { dialogChatIdOf, FakeMaxApi, type FakeMaxMessage, type FakeMaxUser, type MaxUpdate } from '../../sandbox/fake-max-api.js';
import { Harness } from './harness.js';
import type { ManualClock } from './clock.js';
import { personIdOf } from './tasks.js';

export const maxToken = 'test-max-token-0123456789';
export const maxWebhookSecret = 'test-max-webhook-secret-01';

/** A MAX user as the fake sends them. */
export function maxUser(id: number, first_name = `User${id}`, last_name?: string): FakeMaxUser {
  return { user_id: id, first_name, last_name };
}

/**
 * One product process with both messengers: the Harness's fake Telegram, and a fake MAX the process calls over
 * HTTP (MAX_API_ROOT). MAX's updates arrive through the real webhook route with MAX's secret header, so each call
 * returns when the bot is done with it.
 */
export class MaxFlow {
  private constructor(
    readonly h: Harness,
    readonly max: FakeMaxApi,
  ) {}

  /** `maxAlone`: no Telegram token, as a deployment with MAX_BOT_TOKEN only. */
  static async start(options: { clock?: ManualClock; config?: Record<string, string>; maxAlone?: boolean } = {}): Promise<MaxFlow> {
    const max = new FakeMaxApi();
    await max.listen(0);
    const h = await Harness.start({
      clock: options.clock,
      config: { MAX_BOT_TOKEN: maxToken, MAX_API_ROOT: max.apiRoot, MAX_WEBHOOK_SECRET: maxWebhookSecret, ...options.config },
      telegram: !options.maxAlone,
    });
    return new MaxFlow(h, max);
  }

  async close(): Promise<void> {
    await this.h.app.max?.stop();
    await this.h.close();
    await this.max.close();
  }

  /** Posts an update to our MAX webhook; returns the status (200 once handled). */
  async post(update: MaxUpdate, secret = maxWebhookSecret): Promise<number> {
    const response = await this.h.app.admin.request(maxWebhookPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-max-bot-api-secret': secret },
      body: JSON.stringify(update),
    });
    return response.status;
  }

  async starts(user: FakeMaxUser, payload?: string): Promise<void> {
    expect(await this.post(this.max.build.started(user, payload))).toBe(200);
  }

  async sends(user: FakeMaxUser, text: string): Promise<void> {
    expect(await this.post(this.max.build.text(user, text))).toBe(200);
  }

  async sendsImage(user: FakeMaxUser, url: string, caption?: string): Promise<void> {
    expect(await this.post(this.max.build.image(user, url, caption))).toBe(200);
  }

  /** Presses the button whose label contains `label` on the newest bot message in the user's dialog that has it. */
  async press(user: FakeMaxUser, label: string): Promise<void> {
    const message = [...this.max.dialog(user.user_id)].reverse().find((m) => m.fromBot && !m.deleted && payloadOf(m, label) !== undefined);
    if (!message) throw new Error(`no button "${label}" in the MAX dialog of ${user.user_id}; last bot message: ${this.lastText(user)}`);
    expect(await this.post(this.max.build.press(user, message.mid, payloadOf(message, label)!))).toBe(200);
  }

  lastText(user: FakeMaxUser): string {
    return this.max.lastBotMessage(dialogChatIdOf(user.user_id))?.text ?? '';
  }

  botTexts(user: FakeMaxUser): string[] {
    return this.max
      .dialog(user.user_id)
      .filter((m) => m.fromBot)
      .map((m) => m.text);
  }

  /** The notification of the bot's latest answer to a press. */
  lastNotification(): string | undefined {
    return this.max.callsOf('answerOnCallback').at(-1)?.body['notification'] as string | undefined;
  }
}

export function payloadOf(message: FakeMaxMessage, label: string): string | undefined {
  return message.buttons.flat().find((b) => b.type === 'callback' && b.text.includes(label))?.payload;
}

/** A demo person (by their Telegram id) reached on MAX: a MAX contact, made the preferred one, and the bot opened there. */
export async function onMax(f: MaxFlow, telegramId: number, who: FakeMaxUser): Promise<void> {
  const personId = await personIdOf(f.h.core, telegramId);
  await linkContact(f.h.core, personId, 'max', String(who.user_id), String(dialogChatIdOf(who.user_id)));
  await f.h.core.database.db
    .update(contacts)
    .set({ preferred: eq(contacts.channel, 'max') })
    .where(eq(contacts.personId, personId));
  await f.starts(who);
}

/**
 * The sandbox as `npm start` runs it, with MAX: the web chat over the fake Telegram and the fake MAX, served on a
 * loopback port (the fake MAX posts each update to that server's /max/webhook, as to PUBLIC_URL), the MAX bot's
 * name learnt from GET /me. Telegram's updates still wait in the fake for the test to hand over (`Harness.post`).
 */
export async function sandboxWithMax(): Promise<{ h: Harness; max: FakeMaxApi; url: string; close: () => Promise<void> }> {
  const max = new FakeMaxApi();
  await max.listen(0);
  const h = await Harness.start({
    sandbox: true,
    sandboxMax: { api: max, token: maxToken, apiRoot: max.apiRoot, webhookUrl: 'http://127.0.0.1:9/max/webhook', secret: maxWebhookSecret },
  });
  const server = serve({ fetch: h.app.admin.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // What app.max.start() does against the process's own address, here against the port the test server got.
  await h.app.max!.identify();
  await h.app.max!.bot.setCommands();
  await subscribeWebhook(h.app.max!.client, `${url}${maxWebhookPath}`, maxWebhookSecret);
  return {
    h,
    max,
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await h.close();
      await max.close();
    },
  };
}

/** Registers a MAX user as a teacher of school 1 by an invite link (consent, mathematics, the name, send). */
export async function registerMaxTeacher(f: MaxFlow, who: FakeMaxUser, name: string): Promise<void> {
  const { invite } = await createInvite(f.h.core, { role: 'teacher', schoolId: 1 }, 'test');
  await f.starts(who, `${invitePrefix}${invite.code}`);
  await f.press(who, 'Согласен');
  await f.press(who, 'Математика');
  await f.press(who, 'Готово');
  await f.sends(who, name);
  await f.press(who, 'Отправить');
  expect(f.lastText(who)).toContain('вы зарегистрированы');
}
