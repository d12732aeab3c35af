import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { conversationState, deliveries } from '../../db/schema/index.js';
import { OutboxDispatcher } from '../../runtime/dispatcher.js';
import worker from '../../runtime/worker.js';
import { wakeDispatcher } from '../../runtime/worker-env.js';
import { webinar } from '../support/events.js';
import { addTeachers } from '../support/statements.js';
import { type Call, calls, control, countingD1, postUpdate, pressUpdate, request, testCore, textUpdate } from './support.js';

const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };

describe('the dispatcher drains at the pace limits', () => {
  it('120 messages: never more than 30 in a second, nobody twice, near 30/s, at most 3 D1 queries a message', async () => {
    await control('/reset');
    // First in the file: the Worker's own dispatcher has not been woken, so the test's is the only sender.
    const core = testCore();
    await core.database.db.update(deliveries).set({ status: 'skipped' }).where(eq(deliveries.status, 'pending'));
    const n = 120;
    await enqueueDeliveries(
      core,
      Array.from({ length: n }, (_, i) => ({
        channel: 'telegram',
        chatId: String(800_000 + i),
        purpose: 'pace',
        priority: 9,
        message: { html: `Сообщение ${i}` },
      })),
    );
    const counting = countingD1(env.DB);
    // The alarm is kept by the test: a real object's alarm would fire by itself, a second sender beside the test's.
    let alarm: number | null = null;
    const storage = {
      getAlarm: async () => alarm,
      setAlarm: async (at: number) => {
        alarm = at;
      },
    };
    const dispatcher = new OutboxDispatcher({ storage } as never, { ...env, DB: counting.d1 });
    const started = Date.now();
    for (let alarms = 0; alarms < 1000; alarms++) {
      alarm = null;
      await dispatcher.alarm();
      if (alarm === null) break;
      if (alarm > Date.now()) await new Promise((resolve) => setTimeout(resolve, alarm! - Date.now()));
    }
    const took = Date.now() - started;
    const sent = (await calls('sendMessage')).filter((c) => Number(c.params.chat_id) >= 800_000);
    expect(sent.length).toBe(n);
    expect(new Set(sent.map((c) => c.params.chat_id)).size).toBe(n);
    const times = sent.map((c) => c.at).sort((a, b) => a - b);
    const busiest = Math.max(...times.map((t, i) => times.filter((u, j) => j >= i && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(30);
    const rate = (n * 1000) / (times.at(-1)! - times[0]!);
    // 0.8, not the bench's 0.9: a shared, loaded machine delays timers; the window itself allows at most 30 in 1,025 ms.
    expect.soft(rate, `${rate.toFixed(1)}/s over ${took} ms`).toBeGreaterThanOrEqual(0.8 * 30);
    expect.soft(counting.count() / n, `${counting.count()} queries for ${n} messages`).toBeLessThanOrEqual(3);
  });
});

describe('the Worker in workerd over local D1', () => {
  beforeAll(async () => {
    await loadDemoRegion(testCore());
  });

  it('the webhook refuses a wrong secret and answers a /start', async () => {
    await control('/reset');
    const anna = { id: 7001, first_name: 'Анна' };
    expect((await postUpdate(textUpdate(anna, '/start'), 'wrong-secret-wrong-secret')).status).toBe(401);
    expect((await calls('sendMessage')).length).toBe(0);
    expect((await postUpdate(textUpdate(anna, '/start'))).status).toBe(200);
    const sent = (await calls('sendMessage')).filter((c) => c.params.chat_id === anna.id);
    expect(sent.map((c) => String(c.params.text)).join('\n')).toContain('согласие на обработку персональных данных');
  });

  it('registration goes on across two requests (the conversation is kept in D1)', async () => {
    await control('/reset');
    const ivan = { id: 7002, first_name: 'Иван' };
    await postUpdate(textUpdate(ivan, '/start'));
    const consent = (await calls('sendMessage')).find((c) => c.params.chat_id === ivan.id && c.params.reply_markup !== undefined)!;
    const button = findButton(consent, 'Согласен');
    const messageId = (consent.response as { message_id: number }).message_id;
    expect((await postUpdate(pressUpdate(ivan, messageId, button))).status).toBe(200);
    const texts = (await calls('sendMessage')).filter((c) => c.params.chat_id === ivan.id).map((c) => String(c.params.text));
    expect(texts.at(-1)).toContain('муниципалитет');
    const core = testCore();
    expect((await core.database.db.select({ n: count() }).from(conversationState).get())!.n).toBeGreaterThan(0);
  });

  it('an owner signs in (a password hashed at 100,000 rounds with the pepper) and opens a panel page', async () => {
    const form = await request('/login');
    const cookie = cookiesOf(form);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const body = new URLSearchParams({ email: 'owner@example.org', password: 'owner-password-1', _csrf: csrf });
    const signedIn = await request('/login', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(signedIn.status).toBe(303);
    const page = await request('/events', { headers: { cookie: `${cookie}; ${cookiesOf(signedIn)}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('owner@example.org');
  });

  it('publishing an event to 300 people takes at most 20 D1 queries', async () => {
    const counting = countingD1(env.DB);
    const core = testCore(counting.d1);
    await addTeachers(core, 300);
    const startsAt = Date.now() + 7 * 86_400_000;
    const event = await createEvent(core, editor, webinar({ audience: { roles: ['teacher'] }, startsAt, endsAt: startsAt + 5_400_000 }));
    counting.reset();
    const reached = await publishEvent(core, editor, event.id);
    expect(reached).toBeGreaterThanOrEqual(300);
    expect(counting.count(), `${counting.count()} queries`).toBeLessThanOrEqual(20);
  });

  it('the minute cron wakes the dispatcher, which sends what was queued', async () => {
    await control('/reset');
    await testCore().database.db.update(deliveries).set({ status: 'skipped' }).where(eq(deliveries.status, 'pending'));
    await enqueueDeliveries(testCore(), [{ channel: 'telegram', chatId: '7003', purpose: 'cron-wake', message: { html: 'Проверка' } }]);
    const ctx = createExecutionContext();
    // Queued from outside a request: nothing woke the dispatcher, the cron does.
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as never, ctx);
    await waitOnExecutionContext(ctx);
    await until(async () => (await calls('sendMessage')).some((c) => c.params.chat_id === '7003' || c.params.chat_id === 7003));
  });

  it("direct replies take the dispatcher's tokens: the outbox gives way to them, for the rate and each chat's gap", async () => {
    await control('/reset');
    await testCore().database.db.update(deliveries).set({ status: 'skipped' }).where(eq(deliveries.status, 'pending'));
    const people = Array.from({ length: 30 }, (_, i) => ({ id: 7100 + i, first_name: `Гость ${i}` }));
    // Thirty /help at once: thirty replies straight out, each request telling the dispatcher after its response.
    await Promise.all(people.map((person) => postUpdate(textUpdate(person, '/help'))));
    const replies = await calls('sendMessage');
    expect(replies.length).toBe(30);
    // The reports go after the responses: give them a moment to arrive, then queue one message to each person.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await enqueueDeliveries(
      testCore(),
      people.map((person) => ({
        channel: 'telegram' as const,
        chatId: String(person.id),
        purpose: 'after-replies',
        priority: 9,
        message: { html: 'Рассылка' },
      })),
    );
    await wakeDispatcher(env as never);
    await until(async () => (await calls('sendMessage')).length === 60, 20_000);
    const sent = await calls('sendMessage');
    const times = sent.map((c) => c.at).sort((a, b) => a - b);
    expect(Math.max(...times.map((t, i) => times.filter((u, j) => j >= i && u < t + 1000).length))).toBeLessThanOrEqual(30);
    for (const person of people) {
      const [reply, queued] = sent.filter((c) => Number(c.params.chat_id) === person.id).map((c) => c.at);
      // A second to a private chat, from when the dispatcher was told (after the reply; some slack for the way to the fake).
      expect(queued! - reply!).toBeGreaterThanOrEqual(900);
    }
  });
});

function findButton(call: Call, label: string): string {
  const markup = call.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | string;
  const keyboard = typeof markup === 'string' ? (JSON.parse(markup) as { inline_keyboard: { text: string; callback_data: string }[][] }) : markup;
  const button = keyboard.inline_keyboard.flat().find((b) => b.text.includes(label));
  if (!button) throw new Error(`no button ${label}`);
  return button.callback_data;
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
