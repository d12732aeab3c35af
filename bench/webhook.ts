/**
 * Case 1: webhook throughput. The same stream of updates (500 users, each "/start" then short texts) goes
 * through the product's webhook route and through a bare grammY bot that only replies "ok", both against
 * the fake Bot API on 127.0.0.1 with no latency. Updates are sent with bounded concurrency, a user's next
 * update only after their previous one was answered (as Telegram does per chat).
 *
 * Transport: by default in-process (`hono.request(...)`, i.e. the Hono app's fetch handler without a socket),
 * which measures the bot and leaves out HTTP parsing, equally for both. BENCH_WEBHOOK_TRANSPORT=http serves
 * each Hono app with @hono/node-server on 127.0.0.1 and posts over keep-alive HTTP instead.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Bot, webhookCallback } from 'grammy';
import { Hono } from 'hono';
import { webhookPath } from '../admin/index.js';
import type { FakeBotApi, FakeUser } from '../runtime/fake-bot-api.js';
import { benchSecret, envInt, fetchBotInfo, fmt, log, percentile, RssSampler, startFake, startProduct, type Row } from './support.js';

const users = 500;
const script = ['/start', 'Привет', 'Да', 'Согласен', 'Как дела?', 'Ок', 'Спасибо', 'Я учитель', 'Школа 5', 'Иванова Анна'];
const warmUpUsers = 30; // × script = 300 updates, not counted
const firstUserId = 100_000_000;
const firstWarmUpUserId = 900_000_000;
const targetP99Ms = 20;
const targetRatio = 0.5;

/** Posts one raw update body to the webhook and resolves with the HTTP status. */
type Post = (body: string) => Promise<number>;

/** What the bench needs of a Hono app (the product's admin app has its own Env type, the bare one none). */
interface WebhookApp {
  request(path: string, init: RequestInit): Response | Promise<Response>;
  fetch(request: Request): Response | Promise<Response>;
}

interface Target {
  post: Post;
  close(): Promise<void>;
}

interface Measurement {
  updates: number;
  wallMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  non200: number;
  replies: number;
  peakRssMiB: number;
}

/**
 * Two passes. Latency: one update in flight, so each figure is the time the bot itself takes (queueing behind
 * 15 other updates in one thread would measure the queue, and the bare bot misses 20 ms that way too). Throughput:
 * 16 in flight, as Telegram sends a busy bot's updates over several connections.
 */
export async function runWebhookBench(): Promise<Row[]> {
  const concurrency = envInt('BENCH_CONCURRENCY', 16);
  const transport = process.env['BENCH_WEBHOOK_TRANSPORT'] === 'http' ? 'http' : 'in-process';
  log(`\n## 1. Webhook: ${users * script.length} updates from ${users} users, ${transport}, fake API latency 0 ms`);

  log('  latency pass: 1 in flight');
  const alone = await measureProduct(1, transport);
  const bareAlone = await measureBare(1, transport);
  log(`  throughput pass: ${concurrency} in flight`);
  const product = await measureProduct(concurrency, transport);
  const bare = await measureBare(concurrency, transport);
  const ratio = product.perSecond / bare.perSecond;
  log(`  ratio product/bare throughput: ${fmt.ratio(ratio)}`);

  const name = 'Webhook';
  return [
    { case: name, metric: `updates (${users} users, ${transport})`, value: fmt.int(product.updates) },
    { case: name, metric: 'product latency p50 (1 in flight)', value: fmt.ms(alone.p50) },
    { case: name, metric: 'product latency p99 (1 in flight)', value: fmt.ms(alone.p99), target: `< ${targetP99Ms} ms`, ok: alone.p99 < targetP99Ms },
    { case: name, metric: 'bare grammY latency p50 / p99 (1 in flight)', value: `${fmt.ms(bareAlone.p50)} / ${fmt.ms(bareAlone.p99)}` },
    { case: name, metric: `product throughput (${concurrency} in flight)`, value: fmt.rate(product.perSecond) },
    { case: name, metric: `product latency p50 / p99 (${concurrency} in flight)`, value: `${fmt.ms(product.p50)} / ${fmt.ms(product.p99)}` },
    { case: name, metric: `bare grammY throughput (${concurrency} in flight)`, value: fmt.rate(bare.perSecond) },
    { case: name, metric: 'throughput ratio product / bare', value: fmt.ratio(ratio), target: `≥ ${targetRatio}`, ok: ratio >= targetRatio },
    { case: name, metric: 'product peak RSS', value: fmt.mib(product.peakRssMiB) },
  ];
}

async function measureProduct(concurrency: number, transport: string): Promise<Measurement> {
  const fake = await startFake(0);
  const product = await startProduct(fake);
  const target = await webhookTarget(product.app.admin, transport);
  try {
    const result = await measure('product (createApp webhook)', fake, target.post, concurrency);
    const sendErrors = product.logged.length;
    if (sendErrors > 0) log(`  product logged ${sendErrors} error(s); first: ${product.logged[0]!.split('\n')[0]}`);
    return result;
  } finally {
    await target.close();
    await product.close();
    await fake.close();
  }
}

async function measureBare(concurrency: number, transport: string): Promise<Measurement> {
  const fake = await startFake(0);
  const bot = new Bot(benchToken2, { client: { apiRoot: fake.apiRoot }, botInfo: await fetchBotInfo(fake, benchToken2) });
  bot.on('message', (ctx) => ctx.reply('ok'));
  const app = new Hono();
  app.post(webhookPath, webhookCallback(bot, 'hono', { secretToken: benchSecret }));
  const target = await webhookTarget(app, transport);
  try {
    return await measure('bare grammY (reply "ok")', fake, target.post, concurrency);
  } finally {
    await target.close();
    await fake.close();
  }
}

const benchToken2 = '7654321:bare-bench-token-for-the-fake-api';

/** Warms up with other users, then drives the measured stream; replies are counted on the fake. */
async function measure(label: string, fake: FakeBotApi, post: Post, concurrency: number): Promise<Measurement> {
  const warmUp = buildStreams(fake, firstWarmUpUserId, warmUpUsers);
  await drive(warmUp, concurrency, post);
  const streams = buildStreams(fake, firstUserId, users);
  const repliesBefore = fake.callsOf('sendMessage').length;
  const rss = new RssSampler(100);
  const run = await drive(streams, concurrency, post);
  const peakRssMiB = rss.stop();
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
    replies,
    peakRssMiB,
  };
  log(
    `  ${label}: ${fmt.int(m.updates)} updates in ${fmt.s(m.wallMs)} → ${fmt.rate(m.perSecond)}; ` +
      `latency p50 ${fmt.ms(m.p50)}, p99 ${fmt.ms(m.p99)}, max ${fmt.ms(m.max)}; ` +
      `${fmt.int(m.replies)} sendMessage calls; non-200 answers: ${m.non200}; peak RSS ${fmt.mib(m.peakRssMiB)}`,
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
async function drive(streams: string[][], concurrency: number, post: Post): Promise<{ latencies: number[]; wallMs: number; non200: number }> {
  const ready = streams.map((updates) => ({ updates, next: 0 }));
  let head = 0;
  const latencies: number[] = [];
  let non200 = 0;
  const worker = async (): Promise<void> => {
    while (head < ready.length) {
      const stream = ready[head++]!;
      const body = stream.updates[stream.next++]!;
      const started = performance.now();
      const status = await post(body);
      latencies.push(performance.now() - started);
      if (status !== 200) non200++;
      if (stream.next < stream.updates.length) ready.push(stream);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, wallMs: performance.now() - started, non200 };
}

const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': benchSecret };

async function webhookTarget(app: WebhookApp, transport: string): Promise<Target> {
  if (transport !== 'http') {
    return {
      post: async (body) => {
        const response = await app.request(webhookPath, { method: 'POST', headers, body });
        await response.arrayBuffer();
        return response.status;
      },
      close: async () => undefined,
    };
  }
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch: (request) => app.fetch(request), hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
  });
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
    close: async () => {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
