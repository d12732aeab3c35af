/**
 * Case 2: outbox drain rate. N deliveries to N distinct private chats are enqueued with the product's
 * `enqueueDeliveries`, then the real NodeScheduler (createApp's, system clock) drains them through the
 * fake Bot API. Measured: the achieved rate against SEND_RATE_PER_SECOND, the most sendMessage calls the
 * fake received in any 1-second window (its own `at` timestamps; the fake shares this process's event loop with the
 * product, so also over the windows free of that loop's stalls, as in the reminders case), and peak RSS sampled every 100 ms.
 * Run at Telegram's 30/s (N from BENCH_OUTBOX_N, default 1,500 ≈ 50 s) at each answer latency (BENCH_LATENCIES), and
 * with the limit lifted to 1,200/s at 100 ms (an exact cap at 1,000 would only come close to 1,000/s) (N = BENCH_OUTBOX_FAST_N, default 5,000): what the engine itself sustains.
 * Then lost answers (every 50th sendMessage delivered and its answer dropped: nobody twice, the dropped named
 * uncertain) and an outage (connections refused for BENCH_OUTAGE_S seconds in the middle: the time from Telegram's
 * return to the first send, and the pace after it).
 * Before both, a cold-start probe: a fresh process with a backlog must keep sending after its first burst.
 * A watchdog counts (and ends, with scheduler.wake()) any stretch of 2 s without a send while rows are
 * pending, so a scheduler that stops waking itself shows up as a figure instead of a hang.
 */
import { count, inArray } from 'drizzle-orm';
import { enqueueDeliveries, type NewDelivery } from '../core/deliveries/outbox.js';
import { maxProbeGapMs, probeGapMs } from '../core/deliveries/reachability.js';
import { deliveries } from '../db/schema/index.js';
import {
  benchLatencies,
  busiestSecond,
  busiestSecondRows,
  type BusiestSecond,
  collectGarbage,
  envInt,
  fmt,
  log,
  maxInWindow,
  pacerMarginMs,
  RssSampler,
  sleep,
  Stalls,
  startFake,
  startProduct,
  waitUntil,
  type Row,
} from './support.js';

const targetRatio = 0.97;
const firstChatId = 300_000_000;
/** No new sendMessage for this long while rows are pending = the scheduler is not going to wake by itself. */
const stallMs = 2000;

interface Drain {
  n: number;
  latencyMs: number;
  /** Chats that received more than one message (the fake's own record). */
  twice: number;
  uncertain: number;
  /** Answers the fake dropped after delivering. */
  dropped: number;
  /** Times the watchdog found no progress for `stallMs` with rows still pending and called wake(). */
  stalls: number;
  limit: number;
  enqueueMs: number;
  wallMs: number;
  /** n / wall time from scheduler.start() until the database had every row `sent`. */
  rate: number;
  /** (calls - 1) / (last call - first call), from the fake's timestamps. */
  callRate: number;
  /** The same, leaving out the first second (the pacer starts with a full bucket). */
  steadyRate: number;
  /** Stamped by the loop the product and the fake share here. */
  busiest: BusiestSecond;
  peakRssMiB: number;
  startRssMiB: number;
  statuses: Record<string, number>;
}

export async function runOutboxBench(): Promise<Row[]> {
  const n = envInt('BENCH_OUTBOX_N', 1500);
  const fastN = envInt('BENCH_OUTBOX_FAST_N', 5000);
  const lostN = envInt('BENCH_OUTBOX_LOST_N', 1000);
  const outageS = envInt('BENCH_OUTAGE_S', 20);
  log(`\n## 2. Outbox drain: NodeScheduler + system clock, fake API latency ${benchLatencies().join(' / ')} ms`);

  // Must run first: it is the first NodeScheduler (and node-schedule) use in this process.
  const cold = await coldStartProbe();
  const paced: Drain[] = [];
  for (const latency of benchLatencies()) paced.push(await drain(n, 30, latency));
  const fast = await drain(fastN, 1200, 100);
  const lost = await drain(lostN, 30, 100, { dropEvery: 50 });
  const outage = await outageRun(outageS);

  const name = 'Outbox';
  const rows: Row[] = [
    {
      case: name,
      metric: 'cold start with a backlog: sent within 3 s at 30/s (no wake-up help)',
      value: `${cold.sent} of ${cold.n}${cold.stalled ? ' (stalled)' : ''}`,
      target: `all ${cold.n}`,
      ok: cold.sent === cold.n,
    },
    { case: name, metric: `N at Telegram's limit (BENCH_OUTBOX_N)`, value: fmt.int(n) },
  ];
  for (const p of paced) {
    const ratio = p.callRate / p.limit;
    rows.push(
      {
        case: name,
        metric: `${p.latencyMs} ms round trip: drain rate at ${p.limit}/s (wall, start → all answered)`,
        value: `${fmt.rate(p.rate)} in ${fmt.s(p.wallMs)}`,
      },
      {
        case: name,
        metric: `${p.latencyMs} ms: rate by the fake's clock (first → last send) / ${p.limit}/s`,
        value: fmt.ratio(ratio),
        target: `≥ ${targetRatio}`,
        ok: ratio >= targetRatio,
      },
      ...busiestRows(`${p.latencyMs} ms`, p),
      { case: name, metric: `${p.latencyMs} ms: peak RSS`, value: `${fmt.mib(p.peakRssMiB)} (${fmt.mib(p.startRssMiB)} at start)` },
    );
  }
  const stalls = [...paced, fast, lost].reduce((sum, d) => sum + d.stalls, 0);
  rows.push(
    { case: name, metric: `stalls nudged by the bench's watchdog (${stallMs / 1000} s without a send)`, value: String(stalls), target: '0', ok: stalls === 0 },
    { case: name, metric: `limit lifted to ${fast.limit}/s, ${fast.latencyMs} ms round trip: N`, value: fmt.int(fast.n) },
    {
      case: name,
      metric: `limit lifted, ${fast.latencyMs} ms: engine rate (wall, start → all answered)`,
      value: `${fmt.rate(fast.rate)} in ${fmt.s(fast.wallMs)}`,
    },
    {
      case: name,
      metric: `limit lifted, ${fast.latencyMs} ms: rate by the fake's clock (first → last send)`,
      value: fmt.rate(fast.callRate),
      target: '≥ 1,000/s',
      ok: fast.callRate >= 1000,
    },
    ...busiestRows('limit lifted', fast),
    { case: name, metric: `limit lifted: peak RSS (N = ${fmt.int(fast.n)})`, value: `${fmt.mib(fast.peakRssMiB)} (${fmt.mib(fast.startRssMiB)} at start)` },
    {
      case: name,
      metric: `lost answers: N ${fmt.int(lost.n)} at 30/s, 100 ms, every 50th answer dropped after delivery`,
      value: `${fmt.int(lost.dropped)} dropped`,
    },
    { case: name, metric: 'lost answers: chats that got a message twice', value: fmt.int(lost.twice), target: '0', ok: lost.twice === 0 },
    {
      case: name,
      metric: 'lost answers: named uncertain / dropped',
      value: `${fmt.int(lost.uncertain)} / ${fmt.int(lost.dropped)}`,
      target: 'all dropped',
      ok: lost.uncertain === lost.dropped && lost.dropped > 0,
    },
    {
      case: name,
      metric: `outage: connections refused for ${outageS} s in the middle of ${fmt.int(outage.n)} at 30/s, 100 ms`,
      value: `${fmt.int(outage.probes)} probes after the return`,
    },
    { case: name, metric: 'outage: marked failed', value: fmt.int(outage.failed), target: '0', ok: outage.failed === 0 },
    {
      case: name,
      metric: 'outage: named uncertain (in flight when the connections were cut): received / not',
      value: `${outage.uncertainReceived} / ${outage.uncertain - outage.uncertainReceived}`,
    },
    {
      case: name,
      metric: 'outage: received twice / lost (not received, not named)',
      value: `${fmt.int(outage.twice)} / ${fmt.int(outage.lost)}`,
      target: '0 / 0',
      ok: outage.twice === 0 && outage.lost === 0,
    },
    {
      case: name,
      metric: "outage: Telegram's return → first send",
      value: fmt.s(outage.returnToFirstMs),
      target: `≤ ${fmt.s(outage.boundMs)} (one probe gap)`,
      ok: outage.returnToFirstMs <= outage.boundMs,
    },
    {
      case: name,
      metric: 'outage: max sends in any 1 s window after the return',
      value: fmt.int(outage.maxIn1sAfter),
      target: '≤ 30',
      ok: outage.maxIn1sAfter <= 30,
    },
    {
      case: name,
      metric: 'outage: rate after the return / 30/s',
      value: fmt.ratio(outage.rateAfter / 30),
      target: `≥ ${targetRatio}`,
      ok: outage.rateAfter / 30 >= targetRatio,
    },
  );
  return rows;
}

async function drain(n: number, limit: number, latencyMs: number, options: { dropEvery?: number } = {}): Promise<Drain> {
  const fake = await startFake(latencyMs);
  if (options.dropEvery) fake.dropEveryNthAnswer(options.dropEvery);
  const product = await startProduct(fake, { SEND_RATE_PER_SECOND: String(limit) });
  const { app } = product;
  const { db } = app.core.database;
  try {
    const items: NewDelivery[] = Array.from({ length: n }, (_, i) => ({
      channel: 'telegram',
      chatId: String(firstChatId + i),
      purpose: 'bench.notice',
      message: { html: `Напоминание <b>№${i + 1}</b>: мониторинг до пятницы.`, noPreview: true },
      dedupeKey: `bench:${limit}:${latencyMs}:${i}`,
    }));
    const enqueueStarted = performance.now();
    await enqueueDeliveries(app.core, items);
    const enqueueMs = performance.now() - enqueueStarted;

    // Settled: sent, or (an answer lost) uncertain; nothing pending or on its way.
    const sentCount = async (): Promise<number> =>
      n -
      ((
        await db
          .select({ n: count() })
          .from(deliveries)
          .where(inArray(deliveries.status, ['pending', 'sending']))
          .get()
      )?.n ?? 0);
    collectGarbage();
    const loopStalls = new Stalls(pacerMarginMs);
    const startRssMiB = process.memoryUsage().rss / 1024 / 1024;
    const rss = new RssSampler(100);
    // Watchdog: the real scheduler is measured, but if it stops waking up by itself the bench says so
    // (counted as a stall) and wakes it, so the rate is still measured.
    let stalls = 0;
    let seen = 0;
    let progressAt = performance.now();
    const started = performance.now();
    app.scheduler.start();
    // Expected time n/limit, plus generous slack; the poll adds at most 25 ms to the wall time.
    await waitUntil(
      async () => {
        const calls = fake.callsOf('sendMessage').length;
        if (calls !== seen) {
          seen = calls;
          progressAt = performance.now();
        } else if (performance.now() - progressAt > stallMs) {
          stalls++;
          log(`  STALL: no sendMessage for ${stallMs / 1000} s with ${n - (await sentCount())} rows not sent; calling scheduler.wake()`);
          progressAt = performance.now();
          app.scheduler.wake();
        }
        return (await sentCount()) >= n;
      },
      {
        everyMs: 25,
        timeoutMs: (n / limit) * 1000 * 2 + 30_000,
        describe: async () => `${await sentCount()} of ${n} sent; ${product.logged.length} logged: ${product.logged.slice(0, 3).join(' | ')}`,
      },
    );
    const wallMs = performance.now() - started;
    await app.scheduler.stop();
    loopStalls.stop();
    const peakRssMiB = rss.stop();

    const statuses: Record<string, number> = {};
    for (const row of await db.select({ status: deliveries.status, n: count() }).from(deliveries).groupBy(deliveries.status)) {
      statuses[row.status] = row.n;
    }
    const at = fake
      .callsOf('sendMessage')
      .map((c) => c.at)
      .sort((a, b) => a - b);
    const first = at[0] ?? 0;
    const last = at[at.length - 1] ?? 0;
    const afterFirstSecond = at.filter((t) => t >= first + 1000);
    const steadySpan = (afterFirstSecond[afterFirstSecond.length - 1] ?? 0) - (afterFirstSecond[0] ?? 0);
    const perChat = new Map<unknown, number>();
    for (const c of fake.callsOf('sendMessage')) perChat.set(c.params['chat_id'], (perChat.get(c.params['chat_id']) ?? 0) + 1);
    const result: Drain = {
      n,
      latencyMs,
      twice: [...perChat.values()].filter((k) => k > 1).length,
      uncertain: statuses['uncertain'] ?? 0,
      dropped: fake.callsOf('sendMessage').filter((c) => c.response === undefined).length,
      stalls,
      limit,
      enqueueMs,
      wallMs,
      rate: (n / wallMs) * 1000,
      callRate: last > first ? ((at.length - 1) / (last - first)) * 1000 : Number.NaN,
      steadyRate: steadySpan > 0 ? ((afterFirstSecond.length - 1) / steadySpan) * 1000 : Number.NaN,
      busiest: busiestSecond(at, loopStalls),
      peakRssMiB,
      startRssMiB,
      statuses,
    };
    log(
      `  limit ${limit}/s, ${latencyMs} ms, N ${fmt.int(n)}${options.dropEvery ? `, every ${options.dropEvery}th answer lost` : ''}: enqueued in ${fmt.ms(enqueueMs)}; all sent after ${fmt.s(wallMs)} → ${fmt.rate(result.rate)} ` +
        `(ratio ${fmt.ratio(result.rate / limit)}); fake saw ${fmt.int(at.length)} sendMessage, ${fmt.rate(result.callRate)} first→last, ` +
        `${fmt.rate(result.steadyRate)} after the first second; max in any 1 s window ${result.busiest.maxIn1s} (the shared loop stalled up to ${fmt.ms(result.busiest.longestStallMs)}; ${result.busiest.maxIn1sUnstalled} outside its ${result.busiest.stalls} stalls of ${pacerMarginMs} ms or more); peak RSS ${fmt.mib(peakRssMiB)} (${fmt.mib(startRssMiB)} at start); ` +
        `rows ${JSON.stringify(statuses)}; logged ${product.logged.length}; stalls ${stalls}`,
    );
    return result;
  } finally {
    await product.close();
    await fake.close();
  }
}

/** The shared loop stamps the arrivals here: the product runs in the bench's process. */
function busiestRows(label: string, d: Drain): Row[] {
  return busiestSecondRows({ case: 'Outbox', label, calls: 'sendMessage', loop: "the shared loop's", limit: d.limit, busiest: d.busiest });
}

/**
 * A process that starts with a backlog (e.g. restarted during a broadcast) at 30/s: the first tick sends a
 * full bucket, then the scheduler must wake itself for the rest. Nothing else calls wake() here.
 */
async function coldStartProbe(): Promise<{ n: number; sent: number; stalled: boolean }> {
  const n = 60;
  const fake = await startFake(0);
  const product = await startProduct(fake, { SEND_RATE_PER_SECOND: '30' });
  try {
    const items: NewDelivery[] = Array.from({ length: n }, (_, i) => ({
      channel: 'telegram',
      chatId: String(firstChatId - 1000 + i),
      purpose: 'bench.cold',
      message: { html: `Холодный старт ${i + 1}` },
    }));
    await enqueueDeliveries(product.app.core, items);
    product.app.scheduler.start();
    // 60 at 30/s with a full bucket of 30 takes about 1 s; 3 s is ample.
    await sleep(3000);
    const sent = fake.callsOf('sendMessage').length;
    await sleep(500);
    const stalled = sent < n && fake.callsOf('sendMessage').length === sent;
    log(`  cold start, ${n} queued at 30/s: ${sent} sent after 3 s${stalled ? ' — STALLED: NodeScheduler set no timer after the first burst' : ''}`);
    return { n, sent, stalled };
  } finally {
    await product.close();
    await fake.close();
  }
}

interface Outage {
  n: number;
  probes: number;
  failed: number;
  uncertain: number;
  uncertainReceived: number;
  twice: number;
  lost: number;
  returnToFirstMs: number;
  /** The longest the return may wait to be noticed: one probe gap for an outage this long, plus a second. */
  boundMs: number;
  maxIn1sAfter: number;
  rateAfter: number;
}

/**
 * A broadcast-sized backlog at 30/s and 100 ms; after a third is sent the fake refuses connections for `seconds`, then
 * accepts them again. Nothing may fail or be sent twice for it; the return is noticed by a probe within one probe gap,
 * and the rest leaves at the pace limits.
 */
async function outageRun(seconds: number): Promise<Outage> {
  const n = 600;
  const fake = await startFake(100);
  const product = await startProduct(fake, { SEND_RATE_PER_SECOND: '30' });
  const { app } = product;
  const { db } = app.core.database;
  try {
    await enqueueDeliveries(
      app.core,
      Array.from({ length: n }, (_, i) => ({
        channel: 'telegram',
        chatId: String(firstChatId + 100_000 + i),
        purpose: 'bench.outage',
        message: { html: `Объявление ${i + 1}` },
      })),
    );
    app.scheduler.start();
    const sends = () => fake.callsOf('sendMessage').filter((c) => c.response !== undefined);
    await waitUntil(async () => sends().length >= n / 3, { everyMs: 25, timeoutMs: 120_000, describe: async () => `${sends().length} sent before the outage` });
    await fake.refuseConnections();
    const outageStarted = Date.now();
    await sleep(seconds * 1000);
    await fake.acceptConnections();
    const back = Date.now();
    const settled = async () =>
      ((
        await db
          .select({ n: count() })
          .from(deliveries)
          .where(inArray(deliveries.status, ['pending', 'sending']))
          .get()
      )?.n ?? 0) === 0;
    await waitUntil(settled, {
      everyMs: 50,
      timeoutMs: maxProbeGapMs + (n / 30) * 2000 + 30_000,
      describe: async () => `${sends().length} of ${n} sent after the outage`,
    });
    await sleep(500);
    await app.scheduler.stop();
    const statuses: Record<string, number> = {};
    for (const row of await db.select({ status: deliveries.status, n: count() }).from(deliveries).groupBy(deliveries.status)) statuses[row.status] = row.n;
    // What each chat got, by the fake's own record of delivered messages (an answer cut off still delivered).
    const received = (chatId: string) => fake.chat(Number(chatId)).filter((m) => m.from_bot).length;
    const rows = await db.select({ chatId: deliveries.chatId, status: deliveries.status }).from(deliveries);
    const after = sends()
      .map((c) => c.at)
      .filter((t) => t >= back)
      .sort((a, b) => a - b);
    const span = (after[after.length - 1] ?? 0) - (after[0] ?? 0);
    const result: Outage = {
      n,
      probes: fake.callsOf('getMe').filter((c) => c.at >= outageStarted).length,
      failed: statuses['failed'] ?? 0,
      uncertain: statuses['uncertain'] ?? 0,
      uncertainReceived: rows.filter((r) => r.status === 'uncertain' && received(r.chatId) === 1).length,
      twice: rows.filter((r) => received(r.chatId) > 1).length,
      lost: rows.filter((r) => r.status !== 'uncertain' && received(r.chatId) === 0).length,
      returnToFirstMs: (after[0] ?? Number.NaN) - back,
      boundMs: probeGapMs(seconds * 1000) + 1000,
      maxIn1sAfter: maxInWindow(after, 1000),
      rateAfter: span > 0 ? ((after.length - 1) / span) * 1000 : Number.NaN,
    };
    log(
      `  outage of ${seconds} s: ${result.probes} probes; back → first send ${fmt.s(result.returnToFirstMs)}; after it ${fmt.rate(result.rateAfter)}, busiest second ${result.maxIn1sAfter}; ` +
        `rows ${JSON.stringify(statuses)}; twice ${result.twice}, lost ${result.lost}; logged ${product.logged.length}`,
    );
    return result;
  } finally {
    await product.close();
    await fake.close();
  }
}
