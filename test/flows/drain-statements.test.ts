import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import { drainOutbox } from '../../core/deliveries/sending.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { deliveries, people } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { addTeachers, countStatements } from '../support/statements.js';
import { withTelegramId } from '../support/people.js';

/** Issue 14's target for a drain that waits for its answers (a Workers alarm, a manual clock): D1 bills every query. */
const perMessage = 3;

describe('draining the outbox costs a bounded number of SQL statements per message', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await addTeachers(h.core, 300);
  });
  afterEach(() => h.close());

  it(`300 messages at the pace limits: at most ${perMessage} statements a message, everyone once`, async () => {
    const teachers = await Promise.all((await h.core.database.db.select({ id: people.id }).from(people)).map((p) => withTelegramId(h.core, p)));
    const audience = teachers.flatMap((p) => (p!.telegramId !== null && p!.telegramId >= 900_000 ? [{ ...p!, telegramId: p!.telegramId }] : []));
    await enqueueDeliveries(
      { ...h.core, outboxChanged: () => undefined },
      audience.map((p) => ({
        channel: 'telegram',
        chatId: String(p.telegramId),
        personId: p.id,
        purpose: 'bench',
        priority: 9,
        urgent: true,
        message: { html: 'Сообщение' },
      })),
    );
    const { core, messenger, pacer } = h.app;
    const counted = await countStatements(h.database.sqlite, async () => {
      let sent = 0;
      // A drain a quarter of a second, as a Durable Object's alarm or a scheduler wakes it: the pacer lets ~7 go each time.
      for (let i = 0; i < 400 && sent < audience.length; i++) {
        sent += (await drainOutbox(core, { telegram: { messenger, pacer } }, h.clock.now())).sent;
        h.clock.advance(250);
      }
      return sent;
    });
    expect(counted.result).toBe(audience.length);
    expect((await core.database.db.select({ n: count() }).from(deliveries).where(eq(deliveries.status, 'sent')).get())!.n).toBe(audience.length);
    expect(new Set(h.fake.callsOf('sendMessage').map((c) => c.params.chat_id)).size).toBe(audience.length);
    const ratio = counted.statements / counted.result;
    expect(ratio, `${counted.statements} statements for ${counted.result} messages`).toBeLessThanOrEqual(perMessage);
  });

  it('no statement of a drain reads the whole backlog: each finds its rows by an index on status and channel', async () => {
    const teachers = await Promise.all((await h.core.database.db.select({ id: people.id }).from(people)).map((p) => withTelegramId(h.core, p)));
    const audience = teachers.flatMap((p) => (p!.telegramId !== null && p!.telegramId >= 900_000 ? [{ ...p!, telegramId: p!.telegramId }] : []));
    // A backlog on two channels, most of it not due yet, as a broadcast held by quiet hours beside another sending.
    const later = h.clock.now() + 3_600_000;
    await enqueueDeliveries(
      { ...h.core, outboxChanged: () => undefined },
      audience.flatMap((p, i) => [
        { channel: 'telegram' as const, chatId: String(p.telegramId), personId: p.id, purpose: 'bench', priority: 9, urgent: true, message: { html: 'А' } },
        { channel: 'max' as const, chatId: `m${i}`, purpose: 'bench', priority: 9, notBefore: later, message: { html: 'Б' } },
        { channel: 'telegram' as const, chatId: `t${i}`, purpose: 'later', priority: 5, notBefore: later, message: { html: 'В' } },
      ]),
    );
    const { core, messenger, pacer } = h.app;
    const counted = await countStatements(h.database.sqlite, () => drainOutbox(core, { telegram: { messenger, pacer } }, h.clock.now()));
    expect(counted.result.sent).toBeGreaterThan(0);
    const plans = [...new Map(counted.runs.map((r) => [r.sql, r])).values()].map(({ sql, args }) => ({
      sql,
      plan: (h.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((row) => row.detail).join(' | '),
    }));
    const ofDeliveries = plans.filter((p) => /\bdeliveries\b/.test(p.plan));
    expect(ofDeliveries.length).toBeGreaterThan(2);
    for (const { sql, plan } of ofDeliveries) {
      // A scan, a sort of what it found, or a search on status alone: each reads every pending row, every drain.
      expect(plan, `${sql}\n${plan}`).not.toMatch(/SCAN deliveries|TEMP B-TREE|deliveries\w* \(status=\?\)/);
    }
  });
});
