import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { enqueueDeliveries, type NewDelivery } from '../../core/deliveries/outbox.js';
import { maxAttempts, pausedUntil, settleInterruptedSends } from '../../core/deliveries/sending.js';
import { deliveries } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';

const teacher = user(demoTelegramIdBase + 5, 'Елена');
const lead = user(demoTelegramIdBase + 4, 'Павел');

function notice(chatId: number, text: string, extra: Partial<NewDelivery> = {}): NewDelivery {
  return { channel: 'telegram', chatId: String(chatId), purpose: 'test.notice', message: { html: text }, ...extra };
}

async function statusOf(h: Harness, purpose = 'test.notice') {
  const rows = await h.core.database.db.select().from(deliveries).where(eq(deliveries.purpose, purpose));
  return rows.map((r) => r.status);
}

describe('the outbox', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('sends each message once, even when enqueued twice with one key or ticked twice', async () => {
    await enqueueDeliveries(h.core, [notice(teacher.id, 'Раз', { dedupeKey: 'k1' }), notice(teacher.id, 'Раз', { dedupeKey: 'k1' })]);
    await enqueueDeliveries(h.core, [notice(teacher.id, 'Раз', { dedupeKey: 'k1' })]);
    await h.drain();
    await h.drain();
    expect(h.botTexts(teacher)).toEqual(['Раз']);
  });

  it('on 429 pauses all sending for retry_after and then sends everything once', async () => {
    await enqueueDeliveries(h.core, [notice(teacher.id, 'A'), notice(lead.id, 'B')]);
    h.fake.failWith429(7, { method: 'sendMessage', times: 1 });
    expect((await h.tick()).sent).toBe(1);
    expect(await pausedUntil(h.core)).toBe(h.clock.now() + 7000);
    await enqueueDeliveries(h.core, [notice(teacher.id + 1000, 'C')]);
    h.clock.advance(3000);
    expect((await h.tick()).sent).toBe(0);
    h.clock.advance(4000);
    expect(await h.drain()).toBe(2);
    expect(await statusOf(h)).toEqual(['sent', 'sent', 'sent']);
    const rows = await h.core.database.db.select().from(deliveries);
    // The 429 does not count as an attempt.
    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1]);
    // The first two went out together; whichever met the 429 was sent again after the pause.
    const texts = h.fake.callsOf('sendMessage').map((c) => c.params.text);
    expect(texts).toHaveLength(4);
    expect(new Set(texts)).toEqual(new Set(['A', 'B', 'C']));
  });

  it('on 403 marks the person blocked and skips their later messages; /start brings them back', async () => {
    const person = (await findPersonByTelegramId(h.core, teacher.id))!;
    h.fake.blockChat(teacher.id);
    await enqueueDeliveries(h.core, [notice(teacher.id, 'Первое', { personId: person.id }), notice(lead.id, 'Другому')]);
    await enqueueDeliveries(h.core, [notice(teacher.id, 'Второе', { personId: person.id, notBefore: h.clock.now() + 5000 })]);
    await h.drain();
    expect((await findPersonByTelegramId(h.core, teacher.id))?.status).toBe('blocked');
    expect(await statusOf(h)).toEqual(['blocked', 'sent', 'skipped']);
    expect(h.botTexts(lead)).toEqual(['Другому']);
    const attemptsToBlocked = h.fake.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === teacher.id).length;
    expect(attemptsToBlocked).toBe(1);

    h.fake.unblockChat(teacher.id);
    await h.send(teacher, '/start');
    expect((await findPersonByTelegramId(h.core, teacher.id))?.status).toBe('active');
  });

  it('retries a 500 of Telegram’s own with backoff, a bounded number of times', async () => {
    await enqueueDeliveries(h.core, [notice(teacher.id, 'Сбой сети')]);
    h.fake.failWith500({ method: 'sendMessage', times: 2 });
    await h.tick();
    h.clock.advance(4000);
    expect((await h.tick()).sent).toBe(0);
    h.clock.advance(1000);
    await h.tick();
    expect(await statusOf(h)).toEqual(['pending']);
    h.clock.advance(10_000);
    expect((await h.tick()).sent).toBe(1);
    expect(h.botTexts(teacher)).toEqual(['Сбой сети']);

    await enqueueDeliveries(h.core, [notice(lead.id, 'Никогда', { purpose: 'test.doomed' })]);
    h.fake.failWith500({ method: 'sendMessage', times: 100 });
    for (let i = 0; i < 10; i++) {
      await h.tick();
      h.clock.advance(10 * 60_000);
    }
    const [doomed] = await h.core.database.db.select().from(deliveries).where(eq(deliveries.purpose, 'test.doomed'));
    expect(doomed).toMatchObject({ status: 'failed', attempts: maxAttempts });
  });

  it('a message Telegram rejects (400) fails at once with the reason', async () => {
    await enqueueDeliveries(h.core, [notice(teacher.id, 'x'.repeat(5000))]);
    await h.tick();
    const [row] = await h.core.database.db.select().from(deliveries);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.error).toContain('too long');
  });

  it('spreads sends evenly: never more than 30 in any second, one per second to one private chat', async () => {
    await enqueueDeliveries(
      h.core,
      [1, 2, 3].map((n) => notice(teacher.id, `Подряд ${n}`)),
    );
    await enqueueDeliveries(
      h.core,
      Array.from({ length: 100 }, (_, i) => notice(800_000 + i, `Всем ${i}`)),
    );
    const sentAt: number[] = [];
    const toTeacherAt: number[] = [];
    const start = h.clock.now();
    while (h.clock.now() < start + 3000) {
      const before = h.botTexts(teacher).length;
      const { sent } = await h.tick();
      for (let i = 0; i < sent; i++) sentAt.push(h.clock.now());
      if (h.botTexts(teacher).length > before) toTeacherAt.push(h.clock.now());
      h.clock.advance(5);
    }
    const maxInAnySecond = Math.max(...sentAt.map((t) => sentAt.filter((u) => u >= t && u < t + 1000).length));
    expect(maxInAnySecond).toBeLessThanOrEqual(30);
    // Close to the limit: 3 s at 30/s is 90 messages.
    expect(sentAt.length).toBeGreaterThanOrEqual(87);
    expect(h.botTexts(teacher)).toEqual(['Подряд 1', 'Подряд 2', 'Подряд 3']);
    expect(toTeacherAt[1]! - toTeacherAt[0]!).toBeGreaterThanOrEqual(1000);
    expect(toTeacherAt[2]! - toTeacherAt[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('a restart paces on from the last second and minute the old process sent: no burst, no second message within a second', async () => {
    await enqueueDeliveries(
      h.core,
      [1, 2, 3].map((n) => notice(teacher.id, `Подряд ${n}`)),
    );
    await enqueueDeliveries(
      h.core,
      Array.from({ length: 100 }, (_, i) => notice(800_000 + i, `Всем ${i}`)),
    );
    const sentAt: number[] = [];
    const toTeacherAt: number[] = [];
    const start = h.clock.now();
    const run = async (until: number) => {
      while (h.clock.now() < until) {
        const before = h.botTexts(teacher).length;
        const { sent } = await h.tick();
        for (let i = 0; i < sent; i++) sentAt.push(h.clock.now());
        if (h.botTexts(teacher).length > before) toTeacherAt.push(h.clock.now());
        h.clock.advance(5);
      }
    };
    // The second message to the teacher leaves at about 1 s; the restart comes 0.2 s later.
    await run(start + 1200);
    expect(toTeacherAt).toHaveLength(2);
    await h.restart();
    await run(start + 3000);
    const maxInAnySecond = Math.max(...sentAt.map((t) => sentAt.filter((u) => u >= t && u < t + 1000).length));
    expect(maxInAnySecond).toBeLessThanOrEqual(30);
    expect(h.botTexts(teacher)).toEqual(['Подряд 1', 'Подряд 2', 'Подряд 3']);
    expect(toTeacherAt[2]! - toTeacherAt[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('sends answers to a person’s own action ahead of a running broadcast', async () => {
    await enqueueDeliveries(
      h.core,
      Array.from({ length: 60 }, (_, i) => notice(810_000 + i, `Рассылка ${i}`, { priority: 9 })),
    );
    await h.tick();
    await enqueueDeliveries(h.core, [notice(teacher.id, 'Ответ на ваше действие', { priority: 1 })]);
    h.clock.advance(34);
    expect((await h.tick()).sent).toBe(1);
    expect(h.fake.callsOf('sendMessage').map((c) => c.params.text)).toEqual(['Рассылка 0', 'Рассылка 1', 'Ответ на ваше действие']);
  });

  it('a send in flight when the process died is marked uncertain and never sent again', async () => {
    await enqueueDeliveries(h.core, [notice(teacher.id, 'До сбоя'), notice(lead.id, 'В полёте')]);
    // Simulate the crash: one row claimed by a process that died before it recorded the answer.
    await h.core.database.db
      .update(deliveries)
      .set({ status: 'sending', claimedAt: h.clock.now(), attempts: 1 })
      .where(eq(deliveries.chatId, String(lead.id)));
    await h.restart();
    expect(await settleInterruptedSends(h.core, Number.MAX_SAFE_INTEGER)).toBe(1);
    await h.drain();
    await h.restart();
    await h.drain();
    expect(h.botTexts(teacher)).toEqual(['До сбоя']);
    expect(h.botTexts(lead)).toEqual([]);
    const rows = await h.core.database.db.select().from(deliveries);
    expect(rows.map((r) => [r.status, r.error])).toEqual([
      ['sent', null],
      ['uncertain', 'in-flight-at-crash'],
    ]);
  });
});
