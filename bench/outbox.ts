/**
 * Case 2: outbox drain rate. N deliveries to N distinct private chats are enqueued with the product's
 * `enqueueDeliveries`, then the real NodeScheduler (createApp's, system clock) drains them through the
 * fake Bot API. Measured: the achieved rate against SEND_RATE_PER_SECOND, the most sendMessage calls the
 * fake received in any 1-second window (its own `at` timestamps), and peak RSS sampled every 100 ms.
 * Run twice: at Telegram's 30/s (N from BENCH_OUTBOX_N, default 1,500 ≈ 50 s) and with the limit lifted to
 * 1000/s (N = BENCH_OUTBOX_FAST_N, default 5,000), which shows what the engine itself sustains.
 * Before both, a cold-start probe: a fresh process with a backlog must keep sending after its first burst.
 * A watchdog counts (and ends, with scheduler.wake()) any stretch of 2 s without a send while rows are
 * pending, so a scheduler that stops waking itself shows up as a figure instead of a hang.
 */
import { count, eq } from 'drizzle-orm';
import { enqueueDeliveries, type NewDelivery } from '../core/deliveries/outbox.js';
import { deliveries } from '../db/schema/index.js';
import { envInt, fmt, log, maxInWindow, RssSampler, sleep, startFake, startProduct, waitUntil, type Row } from './support.js';

const targetRatio = 0.97;
const firstChatId = 300_000_000;
/** No new sendMessage for this long while rows are pending = the scheduler is not going to wake by itself. */
const stallMs = 2000;

interface Drain {
  n: number;
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
  maxIn1s: number;
  peakRssMiB: number;
  startRssMiB: number;
  statuses: Record<string, number>;
}

export async function runOutboxBench(): Promise<Row[]> {
  const n = envInt('BENCH_OUTBOX_N', 1500);
  const fastN = envInt('BENCH_OUTBOX_FAST_N', 5000);
  log(`\n## 2. Outbox drain: NodeScheduler + system clock, fake API latency 0 ms`);

  // Must run first: it is the first NodeScheduler (and node-schedule) use in this process.
  const cold = await coldStartProbe();
  const paced = await drain(n, 30);
  const fast = await drain(fastN, 1000);

  const name = 'Outbox';
  const pacedRatio = paced.rate / paced.limit;
  return [
    {
      case: name,
      metric: 'cold start with a backlog: sent within 3 s at 30/s (no wake-up help)',
      value: `${cold.sent} of ${cold.n}${cold.stalled ? ' (stalled)' : ''}`,
      target: `all ${cold.n}`,
      ok: cold.sent === cold.n,
    },
    { case: name, metric: `N at Telegram's limit (BENCH_OUTBOX_N)`, value: fmt.int(paced.n) },
    { case: name, metric: `drain rate at ${paced.limit}/s (wall, start → all sent)`, value: `${fmt.rate(paced.rate)} in ${fmt.s(paced.wallMs)}` },
    { case: name, metric: `rate / configured ${paced.limit}/s`, value: fmt.ratio(pacedRatio), target: `≥ ${targetRatio}`, ok: pacedRatio >= targetRatio },
    { case: name, metric: 'steady rate after the first 1 s (fake timestamps)', value: fmt.rate(paced.steadyRate) },
    { case: name, metric: 'max sendMessage in any 1 s window', value: fmt.int(paced.maxIn1s), target: `≤ ${paced.limit}`, ok: paced.maxIn1s <= paced.limit },
    { case: name, metric: `peak RSS (N = ${fmt.int(paced.n)})`, value: `${fmt.mib(paced.peakRssMiB)} (${fmt.mib(paced.startRssMiB)} at start)` },
    { case: name, metric: `stalls nudged by the bench's watchdog (${stallMs / 1000} s without a send)`, value: String(paced.stalls + fast.stalls), target: '0', ok: paced.stalls + fast.stalls === 0 },
    { case: name, metric: `limit lifted to ${fast.limit}/s: N`, value: fmt.int(fast.n) },
    { case: name, metric: 'engine rate, limit lifted (wall)', value: `${fmt.rate(fast.rate)} in ${fmt.s(fast.wallMs)}` },
    { case: name, metric: 'max sendMessage in any 1 s window, limit lifted', value: fmt.int(fast.maxIn1s), target: `≤ ${fast.limit}`, ok: fast.maxIn1s <= fast.limit },
    { case: name, metric: `peak RSS (N = ${fmt.int(fast.n)}, limit lifted)`, value: `${fmt.mib(fast.peakRssMiB)} (${fmt.mib(fast.startRssMiB)} at start)` },
  ];
}

async function drain(n: number, limit: number): Promise<Drain> {
  const fake = await startFake(0);
  const product = await startProduct(fake, { SEND_RATE_PER_SECOND: String(limit) });
  const { app } = product;
  const { db } = app.core.database;
  try {
    const items: NewDelivery[] = Array.from({ length: n }, (_, i) => ({
      chatId: String(firstChatId + i),
      purpose: 'bench.notice',
      message: { html: `Напоминание <b>№${i + 1}</b>: мониторинг до пятницы.`, noPreview: true },
      dedupeKey: `bench:${limit}:${i}`,
    }));
    const enqueueStarted = performance.now();
    await enqueueDeliveries(app.core, items);
    const enqueueMs = performance.now() - enqueueStarted;

    const sentCount = async (): Promise<number> =>
      (await db.select({ n: count() }).from(deliveries).where(eq(deliveries.status, 'sent')).get())?.n ?? 0;
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
    const peakRssMiB = rss.stop();

    const statuses: Record<string, number> = {};
    for (const row of await db.select({ status: deliveries.status, n: count() }).from(deliveries).groupBy(deliveries.status)) {
      statuses[row.status] = row.n;
    }
    const at = fake.callsOf('sendMessage').map((c) => c.at).sort((a, b) => a - b);
    const first = at[0] ?? 0;
    const last = at[at.length - 1] ?? 0;
    const afterFirstSecond = at.filter((t) => t >= first + 1000);
    const steadySpan = (afterFirstSecond[afterFirstSecond.length - 1] ?? 0) - (afterFirstSecond[0] ?? 0);
    const result: Drain = {
      n,
      stalls,
      limit,
      enqueueMs,
      wallMs,
      rate: (n / wallMs) * 1000,
      callRate: last > first ? ((at.length - 1) / (last - first)) * 1000 : Number.NaN,
      steadyRate: steadySpan > 0 ? ((afterFirstSecond.length - 1) / steadySpan) * 1000 : Number.NaN,
      maxIn1s: maxInWindow(at, 1000),
      peakRssMiB,
      startRssMiB,
      statuses,
    };
    log(
      `  limit ${limit}/s, N ${fmt.int(n)}: enqueued in ${fmt.ms(enqueueMs)}; all sent after ${fmt.s(wallMs)} → ${fmt.rate(result.rate)} ` +
        `(ratio ${fmt.ratio(result.rate / limit)}); fake saw ${fmt.int(at.length)} sendMessage, ${fmt.rate(result.callRate)} first→last, ` +
        `${fmt.rate(result.steadyRate)} after the first second; max in any 1 s window ${result.maxIn1s}; peak RSS ${fmt.mib(peakRssMiB)} (${fmt.mib(startRssMiB)} at start); ` +
        `rows ${JSON.stringify(statuses)}; logged ${product.logged.length}; stalls ${stalls}`,
    );
    return result;
  } finally {
    await product.close();
    await fake.close();
  }
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
    const items: NewDelivery[] = Array.from({ length: n }, (_, i) => ({ chatId: String(firstChatId - 1000 + i), purpose: 'bench.cold', message: { html: `Холодный старт ${i + 1}` } }));
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
