/**
 * Case 4: event reminders at Telegram's broadcast limit. N people (BENCH_REMINDERS_N, default 10,000 as the issue asks,
 * ≈ 333 s) are going to one event whose one reminder falls due for all of them at the same instant.
 * The real NodeScheduler (createApp's, system clock) runs the reminder jobs and drains the outbox at 30/s through the
 * fake Bot API. Half-way (N/2 reminders received by the fake) the process is stopped without a kill — scheduler.stop()
 * then the database closed — and a new app is started on the same SQLite file, as a deploy would. Measured from the
 * fake's own timestamps: due time → last reminder received, against the ideal N / 30 s; the restart's gap; the most
 * sendMessage in any 1 s window; and, per chat, that nobody got the reminder twice and nobody none.
 * The people's zone is chosen so that it is midday for them: quiet hours (21:00–08:00) do not hold the reminders back.
 * Run at each answer latency of the fake (BENCH_LATENCIES: 0, 100, 300 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { settleInterruptedSends } from '../core/deliveries/sending.js';
import { reminderJobKind, reminderJobs } from '../core/events/reminding.js';
import { scheduleJobs } from '../core/scheduler/jobs.js';
import { openNodeDatabase, type NodeDatabase } from '../db/node.js';
import { deliveries, eventParticipants, events, people, scheduledJobs } from '../db/schema/index.js';
import { loadTranslator } from '../locales/node.js';
import type { RecordedCall } from '../sandbox/fake-bot-api.js';
import { createApp, type App } from '../runtime/app.js';
import {
  benchConfig,
  benchLatencies,
  benchToken,
  collectGarbage,
  envInt,
  fetchBotInfo,
  fmt,
  log,
  maxInWindow,
  maxInWindowBetween,
  middayZone,
  pacerMarginMs,
  type Row,
  sleep,
  Stalls,
  startFake,
  waitUntil,
} from './support.js';
import { insertPeople } from '../test/support/people.js';

const rate = 30;
/** Within 5% of the ideal N / 30 s. */
const targetRatio = 1.05;
const firstTelegramId = 500_000_000;
const stallMs = 2000;
const minute = 60_000;

interface Running {
  app: App;
  database: NodeDatabase;
}

export async function runRemindersBench(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const latency of benchLatencies()) rows.push(...(await remindersAt(latency)));
  return rows;
}

async function remindersAt(latencyMs: number): Promise<Row[]> {
  const n = envInt('BENCH_REMINDERS_N', 10_000);
  const idealMs = (n / rate) * 1000;
  log(
    `\n## 4. Reminders: N = ${fmt.int(n)} (BENCH_REMINDERS_N) going to one event, one reminder due for all at once, ${rate}/s, ${latencyMs} ms round trip; ideal ${fmt.s(idealMs)}; restart half-way`,
  );
  const fake = await startFake(latencyMs);
  const dir = mkdtempSync(join(tmpdir(), 'mayak-bench-reminders-'));
  const path = join(dir, 'mayak.db');
  const translate = loadTranslator();
  const botInfo = await fetchBotInfo(fake);
  const logged: string[] = [];
  const boot = async (): Promise<Running> => {
    const config = benchConfig(path, { SEND_RATE_PER_SECOND: String(rate) });
    const database = openNodeDatabase(path);
    const app = await createApp({ config, database, translate, token: benchToken, apiRoot: fake.apiRoot, botInfo, log: (m) => logged.push(m) });
    // As runtime/node.ts does on start: whatever a previous process left mid-send is settled, never resent.
    await settleInterruptedSends(app.core, Number.MAX_SAFE_INTEGER);
    return { app, database };
  };
  let running: Running | undefined;
  try {
    running = await boot();
    const { dueAt, setupMs } = await setUp(running.app, n);
    const ahead = dueAt - Date.now();
    log(
      `  set up ${fmt.int(n)} people, sign-ups and reminder jobs in ${fmt.s(setupMs)}; ${ahead >= 0 ? `due in ${fmt.s(ahead)}` : `setup overran the due time by ${fmt.ms(-ahead)}`}`,
    );

    // The fake shares this event loop and heap with the product: the poll reads only the calls that are new since its
    // last look, so a pass over every call so far (and its garbage) is not repeated 40 times a second.
    const reminders: RecordedCall[] = [];
    const reminded = new Set<string>();
    let read = 0;
    const reminderCalls = () => {
      for (; read < fake.calls.length; read++) {
        const c = fake.calls[read]!;
        if (c.method !== 'sendMessage' || !String(c.params['text'] ?? '').includes('Напоминание')) continue;
        reminders.push(c);
        reminded.add(String(c.params['chat_id']));
      }
      return reminders;
    };
    let stalls = 0;
    let seen = 0;
    let progressAt = performance.now();
    let restart: { atCount: number; gapMs: number } | null = null;
    collectGarbage();
    const loopStalls = new Stalls(pacerMarginMs);
    running.app.scheduler.start();
    await waitUntil(
      async () => {
        const calls = reminderCalls().length;
        if (restart === null && calls >= n / 2) {
          const stopping = performance.now();
          await running!.app.scheduler.stop();
          running!.database.close();
          running = await boot();
          running.app.scheduler.start();
          restart = { atCount: calls, gapMs: performance.now() - stopping };
          log(`  restarted after ${fmt.int(calls)} reminders: stop → new app started in ${fmt.ms(restart.gapMs)}`);
        }
        if (Date.now() < dueAt) {
          progressAt = performance.now();
        } else if (calls !== seen) {
          seen = calls;
          progressAt = performance.now();
        } else if (performance.now() - progressAt > stallMs) {
          stalls++;
          log(`  STALL: no reminder for ${stallMs / 1000} s with ${fmt.int(n - reminded.size)} people left; calling scheduler.wake()`);
          progressAt = performance.now();
          running!.app.scheduler.wake();
        }
        return reminded.size >= n;
      },
      {
        everyMs: 25,
        timeoutMs: Math.max(0, dueAt - Date.now()) + idealMs * 2 + 60_000,
        describe: async () => `${reminderCalls().length} of ${n} reminders; ${logged.length} logged: ${logged.slice(0, 3).join(' | ')}`,
      },
    );
    // Anything sent twice would follow at the pace of the rest: give it a few seconds to show up.
    await sleep(3000 + latencyMs);
    await running.app.scheduler.stop();
    loopStalls.stop();

    const calls = reminderCalls();
    const at = calls.map((c) => c.at).sort((a, b) => a - b);
    const perChat = new Map<string, number>();
    for (const c of calls) perChat.set(String(c.params['chat_id']), (perChat.get(String(c.params['chat_id'])) ?? 0) + 1);
    const twice = [...perChat.values()].filter((k) => k > 1).length;
    const missing = n - perChat.size;
    const firstMs = (at[0] ?? Number.NaN) - dueAt;
    const lastMs = (at[at.length - 1] ?? Number.NaN) - dueAt;
    const gapMs = (restart as { gapMs: number } | null)?.gapMs ?? 0;
    const ratio = lastMs / idealMs;
    const ratioWithoutGap = (lastMs - gapMs) / idealMs;
    const maxIn1s = maxInWindow(at, 1000);
    const unstalled = maxInWindowBetween(at, loopStalls);
    const lastEnqueued =
      (
        await running.app.core.database.db
          .select({ at: sql<number>`max(${deliveries.createdAt})` })
          .from(deliveries)
          .get()
      )?.at ?? 0;
    const afterJobs = at.filter((t) => t >= lastEnqueued);
    const steadyRate = afterJobs.length > 1 ? ((afterJobs.length - 1) / (afterJobs[afterJobs.length - 1]! - afterJobs[0]!)) * 1000 : Number.NaN;
    log(`  every reminder job had run ${fmt.s(lastEnqueued - dueAt)} after due; send rate after that ${fmt.rate(steadyRate)}`);
    const { db } = running.app.core.database;
    const statuses: Record<string, number> = {};
    for (const row of await db.select({ status: deliveries.status, n: count() }).from(deliveries).groupBy(deliveries.status)) statuses[row.status] = row.n;
    const jobs: Record<string, number> = {};
    for (const row of await db
      .select({ status: scheduledJobs.status, n: count() })
      .from(scheduledJobs)
      .where(eq(scheduledJobs.kind, reminderJobKind))
      .groupBy(scheduledJobs.status))
      jobs[row.status] = row.n;
    log(
      `  first reminder ${fmt.ms(firstMs)} after due, last after ${fmt.s(lastMs)} (ideal ${fmt.s(idealMs)}, ratio ${fmt.ratio(ratio)}, ${fmt.ratio(ratioWithoutGap)} without the restart gap); ` +
        `max in any 1 s window ${maxIn1s} (${unstalled.n} outside the shared loop's ${loopStalls.list.length} stalls of ${pacerMarginMs} ms or more, the longest ${fmt.ms(loopStalls.longest)}); chats reminded ${fmt.int(perChat.size)}, twice ${twice}, none ${missing}; deliveries ${JSON.stringify(statuses)}; jobs ${JSON.stringify(jobs)}; logged ${logged.length}; stalls ${stalls}`,
    );
    const name = `Reminders ${latencyMs} ms`;
    return [
      { case: name, metric: 'N going, one reminder due for all at once (BENCH_REMINDERS_N)', value: fmt.int(n) },
      { case: name, metric: `ideal at ${rate}/s (N / ${rate})`, value: fmt.s(idealMs) },
      { case: name, metric: 'first reminder after its due time', value: fmt.ms(firstMs), target: '< 60 s', ok: firstMs < minute },
      { case: name, metric: 'due → last reminder sent (restart included)', value: fmt.s(lastMs) },
      { case: name, metric: 'ratio to ideal (restart included)', value: fmt.ratio(ratio), target: `≤ ${targetRatio}`, ok: ratio <= targetRatio },
      { case: name, metric: 'restart half-way: stop → new app started', value: fmt.ms(gapMs) },
      { case: name, metric: 'ratio to ideal without the restart gap', value: fmt.ratio(ratioWithoutGap) },
      { case: name, metric: 'all reminder jobs run (all in the outbox) after due', value: fmt.s(lastEnqueued - dueAt) },
      { case: name, metric: 'send rate once all jobs ran (fake timestamps)', value: fmt.rate(steadyRate) },
      // The pacer's rolling second is in memory (core/deliveries/pacer.ts): a new process starts with an empty one.
      {
        case: name,
        metric: "max sendMessage in any 1 s window, restart included (the shared loop's longest stall)",
        value: `${fmt.int(maxIn1s)} (${fmt.ms(loopStalls.longest)})`,
        target: `≤ ${rate}`,
        ok: maxIn1s <= rate,
      },
      {
        case: name,
        metric: `the same, over the windows free of the shared loop's stalls (of ${pacerMarginMs} ms or more: ${loopStalls.list.length})`,
        value: fmt.int(unstalled.n),
        target: `≤ ${rate}`,
        ok: unstalled.n <= rate,
      },
      { case: name, metric: 'reminded twice across the restart (fake API calls)', value: fmt.int(twice), target: '0', ok: twice === 0 },
      { case: name, metric: 'not reminded', value: fmt.int(missing), target: '0', ok: missing === 0 },
      { case: name, metric: `stalls nudged by the bench's watchdog`, value: String(stalls), target: '0', ok: stalls === 0 },
    ];
  } finally {
    await running?.app.scheduler.stop();
    running?.database.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * N active, consented people in a midday zone, one published webinar with a single reminder 60 minutes before, everyone
 * going, and their reminder jobs as the product schedules them (`reminderJobs`), all due at one instant a little ahead.
 */
async function setUp(app: App, n: number): Promise<{ dueAt: number; setupMs: number }> {
  const started = performance.now();
  const { core } = app;
  const { db } = core.database;
  const now = Date.now();
  const dueAt = now + 3000 + Math.ceil(n * 0.5);
  const zone = middayZone(dueAt);
  const chunk = 500;
  for (let i = 0; i < n; i += chunk) {
    const rows = Array.from({ length: Math.min(chunk, n - i) }, (_, j) => ({
      telegramId: firstTelegramId + i + j,
      fullName: `Участник ${i + j + 1}`,
      searchName: `участник ${i + j + 1}`,
      roles: ['teacher'],
      subjects: [],
      timezone: zone,
      status: 'active' as const,
      consentAt: now,
      consentVersion: core.config.consentVersion,
      createdAt: now,
      updatedAt: now,
    }));
    await insertPeople(core, rows, 500);
  }
  const event = (await db
    .insert(events)
    .values({
      title: 'Вебинар: функциональная грамотность',
      kind: 'webinar',
      description: 'Разбор заданий PISA',
      startsAt: dueAt + 60 * minute,
      endsAt: dueAt + 150 * minute,
      link: 'https://webinar.example.ru/room/42',
      reminderOffsets: [60],
      audience: {},
      status: 'published',
      createdBy: 'bench',
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get())!;
  await db.run(
    sql`insert into ${eventParticipants} (event_id, person_id, status, created_at, updated_at) select ${event.id}, id, 'going', ${now}, ${now} from ${people}`,
  );
  const ids = await db.select({ id: people.id }).from(people);
  await scheduleJobs(
    core,
    ids.flatMap((p) => reminderJobs(event, p.id, now)),
  );
  return { dueAt, setupMs: performance.now() - started };
}
