import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { personByContact } from '../../core/directory/contacts.js';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { deliveries } from '../../db/schema/index.js';
import { OutboxDispatcher } from '../../runtime/dispatcher.js';
import worker from '../../runtime/worker.js';
import { type WorkerEnv, wakeDispatcher, workerConfig } from '../../runtime/worker-env.js';
import { dialogChatIdOf } from '../../sandbox/fake-max/state.js';
import { calls, control, countingD1, type MaxCall, maxCalls, maxUpdate, postMaxUpdate, testCore } from './support.js';

/** The most sends within any 1,000 ms. */
const busiestSecond = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(...sorted.map((t, i) => sorted.filter((u, j) => j >= i && u < t + 1000).length));
};
const rateOf = (times: number[]) => ((times.length - 1) * 1000) / (Math.max(...times) - Math.min(...times));

describe('the dispatcher drains Telegram and MAX together', () => {
  it('one queue of both: each channel at its own limit (Telegram 30/s, MAX set to 10/s), everyone once, an alarm within 50 D1 queries', async () => {
    await control('/reset');
    await control('/max/reset');
    // First in the file: the Worker's own dispatcher has not been woken, so the test's is the only sender.
    const core = testCore();
    await core.database.db.update(deliveries).set({ status: 'skipped' }).where(eq(deliveries.status, 'pending'));
    const onTelegram = 60;
    const onMax = 30;
    const firstMaxUser = 40_000;
    await control(`/max/users?first=${firstMaxUser}&n=${onMax}`);
    // Interleaved, as a broadcast to people on both messengers queues them.
    await enqueueDeliveries(
      core,
      Array.from({ length: onTelegram + onMax }, (_, i) =>
        i % 3 === 2
          ? { channel: 'max' as const, chatId: String(dialogChatIdOf(firstMaxUser + (i - 2) / 3)), purpose: 'both', priority: 9, message: { html: `MAX ${i}` } }
          : { channel: 'telegram' as const, chatId: String(810_000 + i), purpose: 'both', priority: 9, message: { html: `Telegram ${i}` } },
      ),
    );
    let alarm: number | null = null;
    const storage = {
      getAlarm: async () => alarm,
      setAlarm: async (at: number) => {
        alarm = at;
      },
    };
    // When each send left this isolate, by workerd's clock: what the pacers decided, before any delay on the way to the
    // fakes (on a loaded machine requests can reach them bunched, as bench/workers-entry.ts notes).
    const departures = { telegram: [] as number[], max: [] as number[] };
    const fetchOfWorkerd = globalThis.fetch;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/sendMessage')) departures.telegram.push(Date.now());
      else if (url.startsWith(String(env.MAX_API_ROOT)) && new URL(url).pathname.endsWith('/messages') && init?.method === 'POST')
        departures.max.push(Date.now());
      return fetchOfWorkerd(input, init);
    }) as typeof fetch;
    const counting = countingD1(env.DB);
    const dispatcher = new OutboxDispatcher({ storage } as never, { ...env, DB: counting.d1, MAX_SEND_RATE_PER_SECOND: '10' });
    let busiestAlarm = 0;
    for (let alarms = 0; alarms < 1000; alarms++) {
      alarm = null;
      const before = counting.count();
      await dispatcher.alarm();
      busiestAlarm = Math.max(busiestAlarm, counting.count() - before);
      if (alarm === null) break;
      if (alarm > Date.now()) await new Promise((resolve) => setTimeout(resolve, alarm! - Date.now()));
    }
    globalThis.fetch = fetchOfWorkerd;
    const telegram = (await calls('sendMessage')).filter((c) => Number(c.params.chat_id) >= 810_000);
    const max = (await maxCalls('sendMessage')).filter((c) => String(c.body.text).startsWith('MAX '));
    expect(telegram.length).toBe(onTelegram);
    expect(new Set(telegram.map((c) => c.params.chat_id)).size).toBe(onTelegram);
    expect(max.length).toBe(onMax);
    expect(new Set(max.map((c) => c.query.chat_id)).size).toBe(onMax);
    expect(max.every((c) => (c.response as { message?: unknown }).message !== undefined)).toBe(true);
    const telegramTimes = telegram.map((c) => c.at);
    const maxTimes = max.map((c) => c.at);
    expect(departures.telegram).toHaveLength(onTelegram);
    expect(departures.max).toHaveLength(onMax);
    expect(busiestSecond(departures.telegram)).toBeLessThanOrEqual(30);
    expect(busiestSecond(departures.max)).toBeLessThanOrEqual(10);
    // Neither waits for the other: Telegram done at its pace while MAX, three times slower, is still sending.
    expect(Math.max(...telegramTimes)).toBeLessThan(Math.max(...maxTimes));
    expect.soft(rateOf(telegramTimes), 'Telegram per second').toBeGreaterThanOrEqual(0.8 * 30);
    expect.soft(rateOf(maxTimes), 'MAX per second').toBeGreaterThanOrEqual(0.8 * 10);
    // Two channels drained in one alarm still fit an invocation's budget on the free plan (50 D1 queries).
    expect(busiestAlarm, `${busiestAlarm} D1 queries in the busiest alarm`).toBeLessThanOrEqual(50);
    const perMessage = counting.count() / (onTelegram + onMax);
    expect.soft(perMessage, `${counting.count()} queries for ${onTelegram + onMax} messages`).toBeLessThanOrEqual(3);
    const settled = await core.database.db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.purpose, 'both'));
    expect(settled.every((d) => d.status === 'sent')).toBe(true);
  });
});

describe('the bot on MAX in workerd', () => {
  beforeAll(async () => {
    await loadDemoRegion(testCore());
  });

  it('the MAX webhook refuses a missing or wrong secret, handling nothing, and answers a /start after handling it', async () => {
    await control('/max/reset');
    const olga = { user: 7201, name: 'Ольга' };
    expect((await postMaxUpdate(await maxUpdate('started', olga), null)).status).toBe(401);
    expect((await postMaxUpdate(await maxUpdate('started', olga), 'wrong-secret-wrong-secret')).status).toBe(401);
    expect(await maxCalls('sendMessage')).toHaveLength(0);
    expect((await postMaxUpdate(await maxUpdate('started', olga))).status).toBe(200);
    // Answered after the update was handled: the reply has already left.
    const sent = (await maxCalls('sendMessage')).filter((c) => c.query.chat_id === String(dialogChatIdOf(olga.user)));
    expect(sent.map((c) => String(c.body.text)).join('\n')).toContain('Здравствуйте');
  });

  it("a MAX user's /start registers across two requests: the consent asked in one, the next step after the press in another", async () => {
    await control('/max/reset');
    const ivan = { user: 7202, name: 'Иван' };
    expect((await postMaxUpdate(await maxUpdate('started', ivan))).status).toBe(200);
    const consent = lastWithButtons(await maxCalls('sendMessage'), ivan.user);
    expect(String(consent.body.text)).toContain('согласие');
    const mid = (consent.response as { message: { body: { mid: string } } }).message.body.mid;
    expect((await postMaxUpdate(await maxUpdate('press', { ...ivan, mid, payload: payloadOf(consent, 'Согласен') }))).status).toBe(200);
    // The press is answered, and the next question (with its buttons) comes from the state kept in D1.
    expect(await maxCalls('answerOnCallback')).toHaveLength(1);
    expect(String(lastWithButtons(await maxCalls('sendMessage'), ivan.user).body.text)).toContain('муниципалитет');
    expect(await personByContact(testCore(), 'max', String(ivan.user))).toBeUndefined();
  });

  it("MAX's direct replies take the dispatcher's MAX tokens: a message queued to the same chat waits its second", async () => {
    await control('/max/reset');
    await testCore().database.db.update(deliveries).set({ status: 'skipped' }).where(eq(deliveries.status, 'pending'));
    const people = Array.from({ length: 5 }, (_, i) => ({ user: 7300 + i, name: `Гость ${i}` }));
    await Promise.all(people.map(async (person) => postMaxUpdate(await maxUpdate('text', { ...person, text: '/help' }))));
    expect((await maxCalls('sendMessage')).length).toBe(people.length);
    // The reports go after the responses: give them a moment to arrive, then queue one message to each person.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await enqueueDeliveries(
      testCore(),
      people.map((person) => ({
        channel: 'max' as const,
        chatId: String(dialogChatIdOf(person.user)),
        purpose: 'after-max-replies',
        priority: 9,
        message: { html: 'Рассылка' },
      })),
    );
    await wakeDispatcher(env as never);
    await until(async () => (await maxCalls('sendMessage')).length === 2 * people.length, 20_000);
    const sent = await maxCalls('sendMessage');
    for (const person of people) {
      const [reply, queued] = sent.filter((c) => c.query.chat_id === String(dialogChatIdOf(person.user))).map((c) => c.at);
      // A second to a private chat, from when the dispatcher was told (after the reply; some slack for the way to the fake).
      expect(queued! - reply!).toBeGreaterThanOrEqual(900);
    }
  });

  it('the minute cron wakes the dispatcher for MAX too: a MAX message queued from outside a request goes out', async () => {
    await control('/max/reset');
    await testCore().database.db.update(deliveries).set({ status: 'skipped' }).where(eq(deliveries.status, 'pending'));
    await control('/max/users?first=7400&n=1');
    const chatId = String(dialogChatIdOf(7400));
    await enqueueDeliveries(testCore(), [{ channel: 'max', chatId, purpose: 'cron-wake-max', message: { html: 'Проверка MAX' } }]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as never, ctx);
    await waitOnExecutionContext(ctx);
    await until(async () => (await maxCalls('sendMessage')).some((c) => c.query.chat_id === chatId));
  });
});

function lastWithButtons(sent: MaxCall[], user: number): MaxCall {
  const withButtons = sent.filter(
    (c) =>
      c.query.chat_id === String(dialogChatIdOf(user)) && (c.body.attachments as { type: string }[] | undefined)?.some((a) => a.type === 'inline_keyboard'),
  );
  const last = withButtons.at(-1);
  if (!last) throw new Error(`no message with buttons to ${user}`);
  return last;
}

function payloadOf(call: MaxCall, label: string): string {
  const keyboard = (call.body.attachments as { type: string; payload: { buttons: { text: string; payload?: string }[][] } }[]).find(
    (a) => a.type === 'inline_keyboard',
  );
  const button = keyboard?.payload.buttons.flat().find((b) => b.text.includes(label));
  if (!button?.payload) throw new Error(`no button ${label}`);
  return button.payload;
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('MAX alone on Workers', () => {
  it('the settings take MAX without BOT_TOKEN, and refuse a Worker with neither, naming both', () => {
    const { BOT_TOKEN: _telegram, ...maxOnly } = env as unknown as WorkerEnv;
    const config = workerConfig(maxOnly as WorkerEnv);
    expect(config.BOT_TOKEN).toBeUndefined();
    expect(config.MAX_BOT_TOKEN).toBeTruthy();
    const { MAX_BOT_TOKEN: _max, ...neither } = maxOnly;
    expect(() => workerConfig(neither as WorkerEnv)).toThrow('config: BOT_TOKEN or MAX_BOT_TOKEN: one is required on Workers');
  });
});
