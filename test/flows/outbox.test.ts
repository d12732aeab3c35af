import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../../core/directory/people.js';
import { enqueueDeliveries, maxAttempts, pausedUntil, settleInterruptedSends, type NewDelivery } from '../../core/deliveries/outbox.js';
import { deliveries } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';

const teacher = user(demoTelegramIdBase + 5, 'Елена');
const lead = user(demoTelegramIdBase + 4, 'Павел');

function notice(chatId: number, text: string, extra: Partial<NewDelivery> = {}): NewDelivery {
  return { chatId: String(chatId), purpose: 'test.notice', message: { html: text }, ...extra };
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
    const first = await h.tick();
    expect(first.sent).toBe(1);
    expect(await pausedUntil(h.core)).toBe(h.clock.now() + 7000);
    await enqueueDeliveries(h.core, [notice(teacher.id + 1000, 'C')]);
    h.clock.advance(3000);
    expect((await h.tick()).sent).toBe(0);
    h.clock.advance(4000);
    expect((await h.tick()).sent).toBe(2);
    expect(await statusOf(h)).toEqual(['sent', 'sent', 'sent']);
    const rows = await h.core.database.db.select().from(deliveries);
    // The 429 does not count as an attempt.
    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1]);
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

  it('retries network errors and 5xx with backoff, a bounded number of times', async () => {
    await enqueueDeliveries(h.core, [notice(teacher.id, 'Сбой сети')]);
    h.fake.dropConnection({ method: 'sendMessage', times: 1 });
    h.fake.failWith500({ method: 'sendMessage', times: 1 });
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

  it('keeps one message per second to one private chat and the overall rate', async () => {
    await enqueueDeliveries(h.core, [1, 2, 3].map((n) => notice(teacher.id, `Подряд ${n}`)));
    await enqueueDeliveries(h.core, Array.from({ length: 60 }, (_, i) => notice(800_000 + i, `Всем ${i}`)));
    const first = await h.tick();
    expect(first.sent).toBe(30);
    expect(h.botTexts(teacher)).toEqual(['Подряд 1']);
    expect((await h.tick()).sent).toBe(0);
    h.clock.advance(500);
    expect((await h.tick()).sent).toBe(15);
    expect(h.botTexts(teacher)).toEqual(['Подряд 1']);
    h.clock.advance(500);
    await h.tick();
    expect(h.botTexts(teacher)).toEqual(['Подряд 1', 'Подряд 2']);
  });

  it('sends answers to a person’s own action ahead of a running broadcast', async () => {
    await enqueueDeliveries(h.core, Array.from({ length: 60 }, (_, i) => notice(810_000 + i, `Рассылка ${i}`, { priority: 9 })));
    await h.tick();
    await enqueueDeliveries(h.core, [notice(teacher.id, 'Ответ на ваше действие', { priority: 1 })]);
    h.clock.advance(100);
    const next = await h.tick();
    expect(next.sent).toBe(3);
    // The three sends of this tick go out together; the answer is among them, ahead of 27 waiting broadcast messages.
    const thisTick = h.fake.callsOf('sendMessage').slice(30).map((c) => c.params.text);
    expect(thisTick).toContain('Ответ на ваше действие');
  });

  it('a send in flight when the process died is marked uncertain and never sent again', async () => {
    await enqueueDeliveries(h.core, [notice(teacher.id, 'До сбоя'), notice(lead.id, 'В полёте')]);
    // Simulate the crash: one row claimed by a process that died before it recorded the answer.
    await h.core.database.db.update(deliveries).set({ status: 'sending', claimedAt: h.clock.now(), attempts: 1 }).where(eq(deliveries.chatId, String(lead.id)));
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
