/**
 * Case 1: the webhook. The same stream of updates (500 users, each "/start" then short texts) goes over keep-alive
 * HTTP to the product exactly as `npm start` runs it (the compiled bundle with its node flags, webhook mode, its own
 * process and SQLite file) and to a bare grammY bot that only replies "ok" (`bench/bare-bot.mjs`, same flags, its own
 * process), both against the fake Bot API in this process with no latency. A user's next update goes only after
 * their previous one was answered (as Telegram does per chat). Two passes: one update in flight (the bot's own time)
 * and 16 in flight (as Telegram sends a busy bot's updates over several connections). A third pass offers updates at
 * fixed rates whatever the answers (an open loop): 16 always in flight keep one thread saturated, so their latency is
 * mostly the queue (Little's law: 16 ÷ throughput), while a region's bot sees updates arrive at their own pace. The
 * answers to a broadcast come back at most as fast as it goes out (30/s), so 100/s is a busy region with room to
 * spare, and 300/s shows where a core runs out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookPath } from '../admin/index.js';
import type { FakeBotApi, FakeUser } from '../sandbox/fake-bot-api.js';
import { Child, freePort } from './product-process.js';
import { benchSecret, benchToken, envInt, fetchBotInfo, fmt, log, percentile, sleep, startFake, type Row } from './support.js';

const users = 500;
const script = ['/start', 'Привет', 'Да', 'Согласен', 'Как дела?', 'Ок', 'Спасибо', 'Я учитель', 'Школа 5', 'Иванова Анна'];
/** × script = 1,000 updates, not counted: enough for V8 to have compiled the registration's path, run once a user. */
const warmUpUsers = 100;
const firstUserId = 100_000_000;
const firstWarmUpUserId = 900_000_000;
/**
 * Issue 17's targets: p99 < 20 ms and throughput against the bare bot. The p99 is held with one update in flight and
 * in the open loop at 100/s; with 16 always in flight it is printed beside the bare bot's, not held: that loop keeps
 * one thread saturated, its mean is 16 ÷ throughput, and the bare bot's own p99 there is above 20 ms on this machine.
 */
const targetP99Ms = 20;
const targetRatio = 0.6;
/** The open loop's rates: the first is held to the p99 target, the second shows the headroom. */
const offeredRates = [100, 300] as const;

/** Posts one raw update body to the webhook and resolves with the HTTP status. */
type Post = (body: string) => Promise<number>;

interface Measurement {
  updates: number;
  wallMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  non200: number;
  /** Requests that got no answer at all (a reset, a refusal), by error code. */
  unanswered: string[];
  replies: number;
  peakRssMiB: number;
  /** The process's CPU time (user + system) over the measured stream, per update: what load on the machine skews least. */
  cpuPerUpdateMs: number;
}

export async function runWebhookBench(): Promise<Row[]> {
  const concurrency = envInt('BENCH_CONCURRENCY', 16);
  log(`\n## 1. Webhook: ${users * script.length} updates from ${users} users over HTTP, the product as npm start runs it, fake API latency 0 ms`);

  log('  latency pass: 1 in flight');
  const alone = await measureProcess('product (npm start, webhook)', 1, startProductProcess);
  const bareAlone = await measureProcess('bare grammY (reply "ok")', 1, startBareProcess);
  log(`  throughput pass: ${concurrency} in flight`);
  const product = await measureProcess('product (npm start, webhook)', concurrency, startProductProcess);
  const bare = await measureProcess('bare grammY (reply "ok")', concurrency, startBareProcess);
  const ratio = product.perSecond / bare.perSecond;
  log(`  ratio product/bare throughput: ${fmt.ratio(ratio)}`);
  const offered: { rate: number; product: Measurement; bare: Measurement }[] = [];
  for (const rate of offeredRates) {
    log(`  offered pass: ${rate} updates/s, whatever the answers`);
    const productOffered = await measureProcess('product (npm start, webhook)', { offered: rate }, startProductProcess);
    offered.push({ rate, product: productOffered, bare: await measureProcess('bare grammY (reply "ok")', { offered: rate }, startBareProcess) });
  }

  const name = 'Webhook';
  const unanswered = (passes: Measurement[]) => passes.reduce((n, m) => n + m.non200 + m.unanswered.length, 0);
  const productUnanswered = unanswered([alone, product, ...offered.map((o) => o.product)]);
  const bareUnanswered = unanswered([bareAlone, bare, ...offered.map((o) => o.bare)]);
  return [
    { case: name, metric: `updates (${users} users, HTTP, npm start's process)`, value: fmt.int(product.updates) },
    { case: name, metric: 'product latency p50 (1 in flight)', value: fmt.ms(alone.p50) },
    { case: name, metric: 'product latency p99 (1 in flight)', value: fmt.ms(alone.p99), target: `< ${targetP99Ms} ms`, ok: alone.p99 < targetP99Ms },
    { case: name, metric: 'bare grammY latency p50 / p99 (1 in flight)', value: `${fmt.ms(bareAlone.p50)} / ${fmt.ms(bareAlone.p99)}` },
    { case: name, metric: `product throughput (${concurrency} in flight)`, value: fmt.rate(product.perSecond) },
    { case: name, metric: `product latency p50 (${concurrency} in flight)`, value: fmt.ms(product.p50) },
    { case: name, metric: `product latency p99 (${concurrency} in flight)`, value: fmt.ms(product.p99) },
    {
      // The queue's share of the p99 is the bare bot's too; the ratio says what the product adds to it.
      case: name,
      metric: `p99 product / bare (${concurrency} in flight)`,
      value: fmt.ratio(product.p99 / bare.p99),
    },
    {
      case: name,
      metric: `bare grammY throughput; p50 / p99 (${concurrency} in flight)`,
      value: `${fmt.rate(bare.perSecond)}; ${fmt.ms(bare.p50)} / ${fmt.ms(bare.p99)}`,
    },
    { case: name, metric: 'throughput ratio product / bare', value: fmt.ratio(ratio), target: `≥ ${targetRatio}`, ok: ratio >= targetRatio },
    ...offered.flatMap(({ rate, product: p, bare: b }): Row[] => [
      {
        case: name,
        metric: `product latency p50 / p99 (${rate} updates/s offered, open loop)`,
        value: `${fmt.ms(p.p50)} / ${fmt.ms(p.p99)}`,
        ...(rate === offeredRates[0] ? { target: `p99 < ${targetP99Ms} ms`, ok: p.p99 < targetP99Ms } : {}),
      },
      { case: name, metric: `bare grammY latency p50 / p99 (${rate} updates/s offered)`, value: `${fmt.ms(b.p50)} / ${fmt.ms(b.p99)}` },
      { case: name, metric: `CPU an update product / bare (${rate} updates/s offered)`, value: `${fmt.ms(p.cpuPerUpdateMs)} / ${fmt.ms(b.cpuPerUpdateMs)}` },
    ]),
    {
      case: name,
      metric: `CPU an update product / bare (${concurrency} in flight)`,
      value: `${fmt.ms(product.cpuPerUpdateMs)} / ${fmt.ms(bare.cpuPerUpdateMs)}`,
    },
    { case: name, metric: 'product peak RSS (VmHWM)', value: fmt.mib(product.peakRssMiB) },
    {
      case: name,
      metric: 'updates answered other than 200 or not at all, product / bare (every pass)',
      value: `${fmt.int(productUnanswered)} / ${fmt.int(bareUnanswered)}`,
      target: '0 (product)',
      ok: productUnanswered === 0,
    },
  ];
}

interface Started {
  child: Child;
  port: number;
  close(): Promise<void>;
}

/** `npm start` in webhook mode on a fresh SQLite file, pointed at the fake. */
export async function startProductProcess(fake: FakeBotApi): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'mayak-bench-webhook-'));
  const port = await freePort();
  const child = new Child({
    PATH: process.env.PATH,
    BOT_TOKEN: benchToken,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DATABASE_PATH: join(dir, 'mayak.db'),
    ADMIN_PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    WEBHOOK_SECRET: benchSecret,
    LOG_LEVEL: 'warn',
  });
  return {
    child,
    port,
    close: async () => {
      await child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const bareToken = '7654321:bare-bench-token-for-the-fake-api';

export async function startBareProcess(fake: FakeBotApi): Promise<Started> {
  const port = await freePort();
  const child = new Child(
    {
      PATH: process.env.PATH,
      BOT_TOKEN: bareToken,
      TELEGRAM_API_ROOT: fake.apiRoot,
      BOT_INFO: JSON.stringify(await fetchBotInfo(fake, bareToken)),
      WEBHOOK_PATH: webhookPath,
      WEBHOOK_SECRET: benchSecret,
      PORT: String(port),
    },
    () => false,
    { entry: join(import.meta.dirname, 'bare-bot.mjs') },
  );
  return { child, port, close: () => child.kill('SIGTERM') };
}

/** A closed loop (this many always in flight) or an open one (updates offered at this rate a second, whatever the answers). */
type Load = number | { offered: number };

export async function measureProcess(label: string, load: Load, start: (fake: FakeBotApi) => Promise<Started>): Promise<Measurement> {
  const fake = await startFake(0);
  const started = await start(fake);
  const target = httpTarget(started.port);
  try {
    await waitReady(started);
    return await measure(label, fake, target.post, load, started.child);
  } finally {
    target.close();
    await started.close();
    await fake.close();
  }
}

async function waitReady(started: Started): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${started.port}/healthz`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`not ready in 30 s; it said:\n${started.child.log.slice(-2000)}`);
    await sleep(100);
  }
}

/** Warms up with other users, then drives the measured stream; replies are counted on the fake. */
async function measure(label: string, fake: FakeBotApi, post: Post, load: Load, child: Child): Promise<Measurement> {
  const warmUp = buildStreams(fake, firstWarmUpUserId, warmUpUsers);
  await drive(warmUp, typeof load === 'number' ? load : 1, post);
  const streams = buildStreams(fake, firstUserId, users);
  const repliesBefore = fake.callsOf('sendMessage').length;
  child.sample();
  const cpuBefore = child.cpuMs;
  const run = typeof load === 'number' ? await drive(streams, load, post) : await offer(streams, load.offered, post);
  child.sample();
  const peakRssMiB = child.peakRssKiB / 1024;
  const replies = fake.callsOf('sendMessage').length - repliesBefore;
  const sorted = run.latencies.sort((a, b) => a - b);
  const m: Measurement = {
    updates: sorted.length,
    wallMs: run.wallMs,
    perSecond: (sorted.length / run.wallMs) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    non200: run.non200,
    unanswered: run.unanswered,
    replies,
    peakRssMiB,
    cpuPerUpdateMs: (child.cpuMs - cpuBefore) / sorted.length,
  };
  log(
    `  ${label}: ${fmt.int(m.updates)} updates in ${fmt.s(m.wallMs)} → ${fmt.rate(m.perSecond)}; ` +
      `latency p50 ${fmt.ms(m.p50)}, p99 ${fmt.ms(m.p99)}, max ${fmt.ms(m.max)}; ` +
      `${fmt.int(m.replies)} sendMessage calls; non-200 answers: ${m.non200}; no answer: ${m.unanswered.length ? m.unanswered.join(', ') : 0}; ` +
      `CPU ${fmt.ms(m.cpuPerUpdateMs)} an update; peak RSS ${fmt.mib(m.peakRssMiB)}`,
  );
  return m;
}

/** One array of raw update bodies per user, in the order that user sends them; built before timing starts. */
function buildStreams(fake: FakeBotApi, firstId: number, count: number): string[][] {
  const streams: string[][] = [];
  for (let i = 0; i < count; i++) {
    const user: FakeUser = { id: firstId + i, first_name: `Bench${i}`, language_code: i % 5 === 0 ? 'en' : 'ru' };
    streams.push(script.map((text) => JSON.stringify(fake.buildText(user, text))));
  }
  return streams;
}

/**
 * At most `concurrency` updates in flight; a user is in the ready queue only while none of theirs is in
 * flight, so each user's updates are handled strictly in order. The worker that finishes a user's update
 * puts that user back at the end of the queue.
 */
async function drive(streams: string[][], concurrency: number, post: Post): Promise<Run> {
  const ready = streams.map((updates) => ({ updates, next: 0 }));
  let head = 0;
  const answers = newAnswers();
  const worker = async (): Promise<void> => {
    while (head < ready.length) {
      const stream = ready[head++]!;
      await postAndRecord(post, stream.updates[stream.next++]!, performance.now(), answers);
      if (stream.next < stream.updates.length) ready.push(stream);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ...answers, wallMs: performance.now() - started };
}

/**
 * Updates leave at `perSecond`, round the users (a user's next one due 500 updates later, 1.7 s at 300/s), whether or
 * not earlier ones were answered; only a user's own previous update, if still unanswered, holds theirs back (as
 * Telegram does per chat), and that wait counts in its latency.
 */
async function offer(streams: string[][], perSecond: number, post: Post): Promise<Run> {
  const order = streams[0]!.flatMap((_, round) => streams.map((updates, user) => ({ user, body: updates[round]! })));
  const previous = new Map<number, Promise<void>>();
  const answers = newAnswers();
  const started = performance.now();
  for (const [k, { user, body }] of order.entries()) {
    const due = started + (k * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    const offeredAt = performance.now();
    previous.set(
      user,
      (previous.get(user) ?? Promise.resolve()).then(() => postAndRecord(post, body, offeredAt, answers)),
    );
  }
  await Promise.all(previous.values());
  return { ...answers, wallMs: performance.now() - started };
}

/** What a pass got back: each answered update's latency, the answers other than 200, the requests that got none. */
interface Answers {
  latencies: number[];
  non200: number;
  unanswered: string[];
}
type Run = Answers & { wallMs: number };

function newAnswers(): Answers {
  return { latencies: [], non200: 0, unanswered: [] };
}

/**
 * Posts one update and records its answer. A request that got no answer (a reset, a refusal) is recorded by its
 * error code, not thrown: the pass goes on and its row says so (an open loop's rejection, thrown while the loop
 * sleeps, would otherwise end the whole bench unhandled).
 */
async function postAndRecord(post: Post, body: string, since: number, answers: Answers): Promise<void> {
  try {
    const status = await post(body);
    answers.latencies.push(performance.now() - since);
    if (status !== 200) answers.non200++;
  } catch (error) {
    answers.unanswered.push((error as NodeJS.ErrnoException).code ?? String(error));
  }
}

const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': benchSecret };

function httpTarget(port: number): { post: Post; close(): void } {
  const agent = new Agent({ keepAlive: true });
  return {
    post: (body) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: webhookPath, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}
