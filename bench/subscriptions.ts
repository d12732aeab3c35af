/**
 * Subscriptions at a region's scale: N people with five topics (defaults per role, one in ten with choices of their
 * own). Measures the "subscribers of a topic" count an admin sees while composing, the /topics page, and what quiet
 * hours and the daily cap add to putting one message for everyone into the outbox (the same batch sent as urgent,
 * which skips those rules, is the baseline).
 */
import { createAdmin } from '../core/admins/accounts.js';
import { countAudience } from '../core/audiences/audiences.js';
import { enqueueDeliveries } from '../core/deliveries/outbox.js';
import { personRoles } from '../core/directory/vocabulary.js';
import { deliveries, municipalities, schools, subscriptions, topics } from '../db/schema/index.js';
import { chunks, envInt, fmt, log, percentile, type Row, startFake, startProduct, panelSessionCookie } from './support.js';
import { insertPeople } from '../test/support/people.js';

const target = { countP99Ms: 100, pageP99Ms: 300 };

export async function runSubscriptionsBench(): Promise<Row[]> {
  const n = envInt('BENCH_SUBSCRIBERS_N', 20_000);
  const repeats = envInt('BENCH_PAGE_REPEATS', 40);
  log(`\n## Subscriptions: ${fmt.int(n)} people, 5 topics`);
  const fake = await startFake(0);
  const product = await startProduct(fake);
  try {
    const { core } = product.app;
    const { db } = core.database;
    const now = Date.now();
    await core.database.atomic(Array.from({ length: 20 }, (_, i) => db.insert(municipalities).values({ name: `Район ${i + 1}`, createdAt: now })));
    await core.database.atomic(
      chunks(
        Array.from({ length: 400 }, (_, i) => ({ municipalityId: (i % 20) + 1, fullName: `СОШ № ${i + 1}`, shortName: `СОШ № ${i + 1}`, createdAt: now })),
        200,
      ).map((rows) => db.insert(schools).values(rows)),
    );
    const personRows = Array.from({ length: n }, (_, i) => ({
      telegramId: 20_000_000 + i,
      fullName: `Человек ${i}`,
      searchName: `человек ${i}`,
      roles: [personRoles[i % 3]!],
      municipalityId: (i % 20) + 1,
      schoolId: (i % 400) + 1,
      status: 'active' as const,
      consentAt: now,
      createdAt: now,
      updatedAt: now,
    }));
    await insertPeople(core, personRows, 500);
    await core.database.atomic(
      ['Математика', 'Русский язык', 'Дайджест ИРО', 'Стажировки', '500+'].map((name, i) =>
        db.insert(topics).values({ name, kind: i === 2 ? 'digest' : 'subject', defaultRoles: i % 2 === 0 ? ['teacher'] : [], createdAt: now, updatedAt: now }),
      ),
    );
    const own = Array.from({ length: Math.floor(n / 10) }, (_, i) => ({ personId: i * 10 + 1, topicId: (i % 5) + 1, subscribed: i % 3 !== 0, updatedAt: now }));
    await core.database.atomic(chunks(own, 200).map((rows) => db.insert(subscriptions).values(rows)));

    const rows: Row[] = [];
    const times: number[] = [];
    let subscribers = 0;
    for (let i = 0; i < repeats + 3; i++) {
      const started = performance.now();
      subscribers = await countAudience(core, { topicIds: [1], roles: ['teacher', 'school_lead'] });
      if (i >= 3) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const countP99 = percentile(times, 99);
    log(`  subscribers of a topic (${fmt.int(subscribers)}): p50 ${fmt.ms(percentile(times, 50))}, p99 ${fmt.ms(countP99)}`);
    rows.push({
      case: 'subscriptions',
      metric: `count subscribers of a topic, ${fmt.int(n)} people, p50 / p99`,
      value: `${fmt.ms(percentile(times, 50))} / ${fmt.ms(countP99)}`,
      target: `p99 < ${target.countP99Ms} ms`,
      ok: countP99 < target.countP99Ms,
    });

    await createAdmin(core, { email: 'bench@mayak.test', password: 'bench password 123', role: 'editor' });
    const cookie = await panelSessionCookie(product.app.admin, 'bench@mayak.test', 'bench password 123');
    const pageTimes: number[] = [];
    for (let i = 0; i < Math.min(repeats, 15) + 2; i++) {
      const started = performance.now();
      const response = await product.app.admin.request('/topics/1', { headers: { cookie } });
      await response.text();
      if (response.status !== 200) throw new Error(`/topics/1 answered ${response.status}`);
      if (i >= 2) pageTimes.push(performance.now() - started);
    }
    pageTimes.sort((a, b) => a - b);
    const pageP99 = percentile(pageTimes, 99);
    log(`  /topics/1 (counts by municipality and role, first 200): p50 ${fmt.ms(percentile(pageTimes, 50))}, p99 ${fmt.ms(pageP99)}`);
    rows.push({
      case: 'subscriptions',
      metric: '/topics/<id> page p50 / p99',
      value: `${fmt.ms(percentile(pageTimes, 50))} / ${fmt.ms(pageP99)}`,
      target: `p99 < ${target.pageP99Ms} ms`,
      ok: pageP99 < target.pageP99Ms,
    });

    // One message for everyone, with the rules and (after clearing) as urgent: what quiet hours and the cap cost.
    const batch = (urgent: boolean, tag: string) =>
      personRows.map((p, i) => ({
        channel: 'telegram' as const,
        chatId: String(p.telegramId),
        personId: i + 1,
        purpose: 'bench',
        priority: 9,
        urgent,
        dedupeKey: `bench:${tag}:${i}`,
        message: { html: 'Сообщение' },
      }));
    const ruled = performance.now();
    await enqueueDeliveries(core, batch(false, 'ruled'));
    const ruledMs = performance.now() - ruled;
    await db.delete(deliveries);
    const plain = performance.now();
    await enqueueDeliveries(core, batch(true, 'urgent'));
    const plainMs = performance.now() - plain;
    log(`  enqueue ${fmt.int(n)} with quiet hours and the cap: ${fmt.ms(ruledMs)}; as urgent (no rules): ${fmt.ms(plainMs)}`);
    rows.push({ case: 'subscriptions', metric: `enqueue ${fmt.int(n)} messages with rules / as urgent`, value: `${fmt.ms(ruledMs)} / ${fmt.ms(plainMs)}` });
    return rows;
  } finally {
    await product.close();
    await fake.close();
  }
}
