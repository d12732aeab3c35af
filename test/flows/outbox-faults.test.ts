import { and, eq, isNotNull } from 'drizzle-orm';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramMessenger } from '../../bot/messenger.js';
import { broadcastSource, createBroadcast } from '../../core/broadcasts/broadcasts.js';
import { startBroadcast } from '../../core/broadcasts/sending.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { SendsInFlight } from '../../core/deliveries/in-flight.js';
import { deliveryCounts, enqueueDeliveries, type NewDelivery } from '../../core/deliveries/outbox.js';
import { noAnswerReason, tooLateReason } from '../../core/deliveries/sending.js';
import { Pacer } from '../../core/deliveries/pacer.js';
import { markUnreachable, maxProbeGapMs, messengerReachability } from '../../core/deliveries/reachability.js';
import { deliveries } from '../../db/schema/index.js';
import { tick } from '../../jobs/tick.js';
import { addTeachers, crowdTelegramBase, notice as broadcastNotice } from '../support/broadcasts.js';
import { Harness, testToken } from '../support/harness.js';
import { ownerActor } from '../support/panel.js';

function notice(chatId: number, text: string, extra: Partial<NewDelivery> = {}): NewDelivery {
  return { channel: 'telegram', chatId: String(chatId), purpose: 'test.notice', message: { html: text }, ...extra };
}

/** How many messages each chat received, from the fake's own record. */
function receivedPerChat(h: Harness, chatIds: number[]): number[] {
  return chatIds.map((id) => h.fake.chat(id).filter((m) => m.from_bot).length);
}

function maxInAnySecond(times: number[]): number {
  const at = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; end < at.length; end++) {
    while (at[end]! - at[start]! >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Ticks, moving the manual clock to each tick's next moment (at most `stepMs`), until `until` or nothing is left. */
async function runUntil(h: Harness, until: number, stepMs = 60_000): Promise<void> {
  while (h.clock.now() < until) {
    const { nextAt } = await h.tick();
    if (nextAt === null) return;
    h.clock.advance(Math.min(stepMs, Math.max(1, nextAt - h.clock.now()), until - h.clock.now()) || 1);
  }
}

describe('the outbox when Telegram is slow, unreachable or loses answers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it('a two-hour outage in the middle of a broadcast: nothing failed, nothing twice, the rest sent after at the pace limits', async () => {
    await loadDemoRegion(h.core);
    const crowd = await addTeachers(h.core, 90);
    const b = await createBroadcast(h.core, ownerActor, broadcastNotice());
    await startBroadcast(h.core, ownerActor, b.id);
    const source = broadcastSource(b.id);
    const sentCount = async () => (await deliveryCounts(h.core, source)).sent;

    // Half-way through, Telegram stops answering connections.
    while ((await sentCount()) < 40) {
      const { nextAt } = await h.tick();
      h.clock.advance(Math.max(1, (nextAt ?? h.clock.now() + 1) - h.clock.now()));
    }
    await h.fake.refuseConnections();
    const outageStart = h.clock.now();
    const callsBefore = h.fake.calls.length;
    await runUntil(h, outageStart + 2 * 60 * 60_000);
    const during = await deliveryCounts(h.core, source);
    expect(during.failed).toBe(0);
    expect(during.uncertain).toBe(0);
    const reachability = await messengerReachability(h.core);
    expect(reachability.unreachableSince).not.toBeNull();
    expect(reachability.unreachableSince! - outageStart).toBeLessThan(1000);
    expect(reachability.lastProblem).toContain('ECONNREFUSED');
    expect(reachability.lastProblem).not.toContain(testToken);
    expect(h.fake.calls.length).toBe(callsBefore);

    await h.fake.acceptConnections();
    const back = h.clock.now();
    await runUntil(h, back + 30 * 60_000, 1000);

    const after = await deliveryCounts(h.core, source);
    expect(after).toMatchObject({ failed: 0, uncertain: 0, pending: 0, sending: 0 });
    expect(after.sent).toBe(during.sent + during.pending);
    const all = [
      ...crowd,
      ...(await h.core.database.db.select({ chatId: deliveries.chatId }).from(deliveries).where(eq(deliveries.source, source)))
        .map((r) => Number(r.chatId))
        .filter((id) => id < crowdTelegramBase),
    ];
    expect(new Set(receivedPerChat(h, all))).toEqual(new Set([1]));
    expect((await messengerReachability(h.core)).unreachableSince).toBeNull();
    const sentAfter = (
      await h.core.database.db
        .select({ at: deliveries.sentAt })
        .from(deliveries)
        .where(and(eq(deliveries.source, source), isNotNull(deliveries.sentAt)))
    )
      .map((r) => r.at!)
      .filter((at) => at >= back);
    expect(Math.min(...sentAfter) - back).toBeLessThanOrEqual(maxProbeGapMs);
    expect(maxInAnySecond(sentAfter)).toBeLessThanOrEqual(30);
    // A probe (getMe) found Telegram back, not a message.
    expect(h.fake.calls[callsBefore]?.method).toBe('getMe');
  }, 60_000);

  it('a 502 from the gateway in front of Telegram pauses everyone instead of failing the message', async () => {
    await enqueueDeliveries(h.core, [notice(800_001, 'Первое'), notice(800_002, 'Второе')]);
    h.fake.failWithGateway(502, { times: Number.POSITIVE_INFINITY });
    await h.tick();
    expect((await messengerReachability(h.core)).lastProblem).toBeTruthy();
    const rows = await h.core.database.db.select().from(deliveries);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    h.fake.clearFaults();
    await h.drain();
    expect(receivedPerChat(h, [800_001, 800_002])).toEqual([1, 1]);
  });

  it('a lost answer makes the delivery uncertain: never sent again, named in the report', async () => {
    const chats = Array.from({ length: 10 }, (_, i) => 810_000 + i);
    await enqueueDeliveries(
      h.core,
      chats.map((id, i) => notice(id, `№ ${i}`, { source: 'broadcast:77' })),
    );
    h.fake.dropEveryNthAnswer(4);
    await h.drain();
    await h.restart();
    await h.drain();
    expect(receivedPerChat(h, chats)).toEqual(chats.map(() => 1));
    const rows = await h.core.database.db.select().from(deliveries);
    expect(rows.filter((r) => r.status === 'uncertain').map((r) => r.error)).toEqual([noAnswerReason, noAnswerReason]);
    expect(await deliveryCounts(h.core, 'broadcast:77')).toMatchObject({ sent: 8, uncertain: 2 });
    // A lost answer alone says nothing about Telegram being gone.
    expect((await messengerReachability(h.core)).unreachableSince).toBeNull();
  });

  it('a hung connection does not freeze the drain: the call times out, is uncertain, and sending waits for a probe', async () => {
    const messenger = new TelegramMessenger(new Api(testToken, { apiRoot: h.fake.apiRoot }), h.fake.apiRoot, 300);
    const deps = { ...h.app.tickDeps, senders: { telegram: { messenger, pacer: h.app.pacer } } };
    await enqueueDeliveries(h.core, [notice(820_001, 'Повисло'), notice(820_002, 'Потом')]);
    h.fake.hang({ method: 'sendMessage', times: 1 });
    const started = Date.now();
    await tick(deps, h.clock.now());
    expect(Date.now() - started).toBeLessThan(5000);
    const [hung, next] = await h.core.database.db.select().from(deliveries);
    expect(hung).toMatchObject({ status: 'uncertain', error: noAnswerReason });
    // The other went out beside it; then sending waits until a probe gets an answer.
    expect(next?.status).toBe('sent');
    expect((await messengerReachability(h.core)).unreachableSince).toBe(h.clock.now());
    await enqueueDeliveries(h.core, [notice(820_003, 'После проверки')]);
    expect((await tick(deps, h.clock.now())).sent).toBe(0);
    h.clock.advance(5000);
    expect((await tick(deps, h.clock.now())).sent).toBe(1);
    expect(h.fake.callsOf('getMe').length).toBeGreaterThan(0);
    expect(receivedPerChat(h, [820_001, 820_002, 820_003])).toEqual([0, 1, 1]);
  });

  it('messages that lost their point during an outage are skipped with the reason; the rest go once after', async () => {
    const start = h.clock.now();
    await enqueueDeliveries(h.core, [
      notice(830_001, 'Вебинар через 30 минут', { purpose: 'event-reminder', sendBy: start + 30 * 60_000 }),
      notice(830_002, 'Запись открыта до завтра', { purpose: 'event-announcement', sendBy: start + 24 * 60 * 60_000 }),
      notice(830_003, 'Новость', { purpose: 'test.notice' }),
    ]);
    await markUnreachable(h.core, 'ECONNREFUSED at start');
    await h.fake.refuseConnections();
    await runUntil(h, start + 60 * 60_000);
    await h.fake.acceptConnections();
    await runUntil(h, h.clock.now() + 10 * 60_000, 1000);
    const rows = await h.core.database.db.select().from(deliveries);
    expect(rows.map((r) => [r.purpose, r.status, r.error])).toEqual([
      ['event-reminder', 'skipped', tooLateReason],
      ['event-announcement', 'sent', null],
      ['test.notice', 'sent', null],
    ]);
    expect(receivedPerChat(h, [830_001, 830_002, 830_003])).toEqual([0, 1, 1]);
  });

  it('pipelined: sends leave on the pacer’s schedule while earlier answers are still on the way', async () => {
    h.fake.setLatency(150);
    const chats = Array.from({ length: 45 }, (_, i) => 840_000 + i);
    await enqueueDeliveries(
      h.core,
      chats.map((id, i) => notice(id, `№ ${i}`)),
    );
    const inFlight = new SendsInFlight(h.clock, 30, () => undefined);
    const deps = { ...h.app.tickDeps, senders: { telegram: { messenger: h.app.messenger, pacer: new Pacer() } }, inFlight };
    let mostInFlight = 0;
    const left: number[] = [];
    const start = h.clock.now();
    while (h.clock.now() < start + 1500) {
      const { sent } = await tick(deps, h.clock.now());
      for (let i = 0; i < sent; i++) left.push(h.clock.now());
      mostInFlight = Math.max(mostInFlight, inFlight.count);
      // The manual clock keeps pace with real time, in which the fake's answers come back.
      await new Promise((resolve) => setTimeout(resolve, 10));
      h.clock.advance(10);
    }
    await inFlight.idle();
    // 1.5 s at 30/s, although each answer took 150 ms of real time and the loop did not wait for them.
    expect(left.length).toBeGreaterThanOrEqual(43);
    expect(maxInAnySecond(left)).toBeLessThanOrEqual(30);
    expect(mostInFlight).toBeGreaterThan(2);
    const counts = await h.core.database.db.select({ status: deliveries.status }).from(deliveries);
    expect(counts.filter((r) => r.status === 'sent').length).toBe(left.length);
    expect(receivedPerChat(h, chats.slice(0, left.length))).toEqual(chats.slice(0, left.length).map(() => 1));
  });
});
