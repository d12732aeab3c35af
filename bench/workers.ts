/**
 * Case 13: the product on Workers, in local workerd. wrangler 4.86.0's own dev server (`unstable_dev`, the engine of
 * `wrangler dev --local`) runs bench/workers-entry.ts (runtime/worker.ts with its D1 counted) over a fresh local D1
 * with the migrations applied, the outbox's Durable Object with its alarms, and the fake Telegram in this process,
 * reached at 127.0.0.1. Measured, against issue 14's targets:
 *   - the dispatcher draining BENCH_WORKERS_N (1,000) messages to as many private chats: the rate from the fake's own
 *     timestamps, the most in any second, nobody twice, and the dispatcher's D1 statements per message;
 *   - the webhook's latency for a simple update (/help from someone not registered: a reply), one in flight,
 *     BENCH_WORKERS_UPDATES (1,000) after 50 not counted, with the D1 statements per update;
 *   - what a direct reply's report to the dispatcher would cost if awaited (the webhook does not await it).
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookPath } from '../admin/index.js';
import { benchSecret, benchToken, envInt, fmt, log, maxInWindow, percentile, startFake, waitUntil, type Row } from './support.js';

const drainTargetRatio = 0.9;
const statementsPerMessageTarget = 3;
const webhookP99TargetMs = 50;
const firstChatId = 500_000_000;
const firstUserId = 600_000_000;
const warmUp = 50;
const reportSamples = 200;

export async function runWorkersBench(): Promise<Row[]> {
  const n = envInt('BENCH_WORKERS_N', 1000);
  const updates = envInt('BENCH_WORKERS_UPDATES', 1000);
  log(`\n## 13. Workers in local workerd (wrangler 4.86.0's dev server): the dispatcher drains ${fmt.int(n)}, the webhook answers ${fmt.int(updates)} /help`);
  // Set before wrangler loads: no metrics sent, no interactive output.
  process.env['WRANGLER_SEND_METRICS'] = 'false';
  process.env['CI'] = 'true';
  const { unstable_dev } = await import('wrangler');
  const fake = await startFake();
  const persist = mkdtempSync(join(tmpdir(), 'mayak-bench-workers-'));
  const started = performance.now();
  const worker = await unstable_dev('bench/workers-entry.ts', {
    config: 'wrangler.toml',
    local: true,
    ip: '127.0.0.1',
    persistTo: persist,
    logLevel: 'error',
    vars: {
      BOT_TOKEN: benchToken,
      BOT_INFO: JSON.stringify({ id: 1234567, is_bot: true, first_name: 'Маяк', username: 'mayak_bench_bot' }),
      PUBLIC_URL: 'https://bench.test',
      WEBHOOK_SECRET: benchSecret,
      TELEGRAM_API_ROOT: fake.apiRoot,
    },
    experimental: { disableExperimentalWarning: true },
  });
  const base = `http://127.0.0.1:${worker.port}`;
  try {
    const call = async (path: string, init?: RequestInit) => {
      const response = await fetch(`${base}${path}`, init);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    await call('/__bench/migrate', { method: 'POST', body: JSON.stringify(migrationStatements()) });
    log(`  worker up with its migrations in ${fmt.s(performance.now() - started)}`);

    // The drain: queued from a request that does not wake the dispatcher, then woken once (as a request that queued would).
    await call(`/__bench/enqueue?n=${n}&first=${firstChatId}`, { method: 'POST' });
    const before = (await call('/__bench/statements')) as { dispatcher: number };
    const drainStarted = Date.now();
    const sends = () => fake.callsOf('sendMessage').filter((c) => Number(c.params['chat_id']) >= firstChatId && Number(c.params['chat_id']) < firstChatId + n);
    await call('/__bench/wake', { method: 'POST' });
    await waitUntil(async () => sends().length >= n, {
      everyMs: 200,
      timeoutMs: 120_000,
      describe: async () => `${sends().length} of ${n} sent`,
    });
    // The last drain settles its batch after the answers: let it, then count.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = (await call('/__bench/statements')) as { dispatcher: number };
    const sent = sends();
    const times = sent.map((c) => c.at).sort((a, b) => a - b);
    const rate = ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!);
    const busiest = maxInWindow(times, 1000);
    // The same as the requests left workerd: what the dispatcher's pacer allowed, apart from delays on the way.
    const departed = ((await call('/__bench/departures')) as { at: number[] }).at;
    const busiestStamped = maxInWindow(departed, 1000);
    const twice = sent.length - new Set(sent.map((c) => String(c.params['chat_id']))).size;
    const perMessage = (after.dispatcher - before.dispatcher) / n;
    log(
      `  drain: ${sent.length} sent in ${fmt.s(times.at(-1)! - drainStarted)} after the wake, ${fmt.rate(rate)}, busiest second ${busiest} (as ${departed.length} requests left workerd: ${busiestStamped}), twice ${twice}, ${after.dispatcher - before.dispatcher} D1 statements`,
    );

    // The webhook: one update in flight, each from one of 100 newcomers, /help (a reply and its report to the dispatcher).
    const latencies: number[] = [];
    const statementsBefore = (await call('/__bench/statements')) as { requests: number };
    for (let i = 0; i < warmUp + updates; i++) {
      const body = JSON.stringify(helpUpdate(i));
      const t = performance.now();
      const response = await fetch(`${base}${webhookPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': benchSecret },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`webhook: HTTP ${response.status}`);
      if (i >= warmUp) latencies.push(performance.now() - t);
      if (i === warmUp - 1) Object.assign(statementsBefore, await call('/__bench/statements'));
    }
    const statementsAfter = (await call('/__bench/statements')) as { requests: number };
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const perUpdate = (statementsAfter.requests - statementsBefore.requests) / updates;
    log(`  webhook: ${updates} /help, p50 ${fmt.ms(p50)}, p99 ${fmt.ms(p99)}, max ${fmt.ms(latencies.at(-1)!)}, ${perUpdate.toFixed(1)} D1 statements each`);

    // The same requests with and without one awaited report, alternating, so the machine's load falls on both alike.
    const bare: number[] = [];
    const reporting: number[] = [];
    for (let i = 0; i < 2 * reportSamples; i++) {
      const t = performance.now();
      await call(`/__bench/report?report=${i % 2}&i=${i}`);
      (i % 2 === 1 ? reporting : bare).push(performance.now() - t);
    }
    bare.sort((a, b) => a - b);
    reporting.sort((a, b) => a - b);
    const reportCost = percentile(reporting, 50) - percentile(bare, 50);
    log(
      `  a request awaiting one report to the dispatcher: p50 ${fmt.ms(percentile(reporting, 50))}, p99 ${fmt.ms(percentile(reporting, 99))}; without: p50 ${fmt.ms(percentile(bare, 50))}, p99 ${fmt.ms(percentile(bare, 99))} (${reportSamples} each)`,
    );

    const name = 'Workers (local workerd)';
    return [
      {
        case: name,
        metric: `drain of ${fmt.int(n)} through the Durable Object: rate`,
        value: fmt.rate(rate),
        target: `≥ ${fmt.rate(drainTargetRatio * 30)}`,
        ok: rate >= drainTargetRatio * 30,
      },
      { case: name, metric: 'drain: most sends in any second (as the fake Telegram received them)', value: String(busiest), target: '≤ 30', ok: busiest <= 30 },
      {
        case: name,
        metric: 'drain: most sends in any second (as the requests left workerd)',
        value: String(busiestStamped),
        target: '≤ 30',
        ok: busiestStamped <= 30,
      },
      { case: name, metric: 'drain: chats sent to twice', value: String(twice), target: '0', ok: twice === 0 },
      {
        case: name,
        metric: 'drain: D1 statements per message (the dispatcher’s)',
        value: perMessage.toFixed(2),
        target: `≤ ${statementsPerMessageTarget}`,
        ok: perMessage <= statementsPerMessageTarget,
      },
      { case: name, metric: `webhook /help p50 (1 in flight, ${fmt.int(updates)} updates)`, value: fmt.ms(p50) },
      {
        case: name,
        metric: `webhook /help p99 (1 in flight, ${fmt.int(updates)} updates)`,
        value: fmt.ms(p99),
        target: `< ${webhookP99TargetMs} ms`,
        ok: p99 < webhookP99TargetMs,
      },
      { case: name, metric: 'webhook /help: D1 statements per update', value: perUpdate.toFixed(1) },
      {
        case: name,
        metric: 'an empty request to the Worker: p50 / p99 (the floor under the webhook’s figures)',
        value: `${fmt.ms(percentile(bare, 50))} / ${fmt.ms(percentile(bare, 99))}`,
      },
      { case: name, metric: 'a reply’s report to the dispatcher, if the reply awaited it: p50 added', value: fmt.ms(Math.max(0, reportCost)) },
    ];
  } finally {
    await worker.stop();
    await fake.close();
    rmSync(persist, { recursive: true, force: true });
  }
}

/** Every statement of db/migrations, in order, as drizzle-kit wrote them. */
function migrationStatements(): string[] {
  const dir = 'db/migrations';
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('--> statement-breakpoint'))
    .map((sql) => sql.trim())
    .filter((sql) => sql !== '');
}

function helpUpdate(i: number): Record<string, unknown> {
  const id = firstUserId + (i % 100);
  return {
    update_id: i + 1,
    message: {
      message_id: i + 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id, type: 'private', first_name: 'Гость' },
      from: { id, is_bot: false, first_name: 'Гость', language_code: 'ru' },
      text: '/help',
      entities: [{ type: 'bot_command', offset: 0, length: 5 }],
    },
  };
}
