/**
 * Case 5: broadcasts, each run by the real Node entry (runtime/node.ts) as a child process against the fake Bot API,
 * so its memory is its own and it can be killed:
 *   a. a broadcast to N people (BENCH_BROADCAST_N, default 10,000) at Telegram's default 30/s, at each answer latency
 *      (BENCH_LATENCIES: 0, 100, 300 ms): the achieved rate as a fraction of 30/s (by the fake API's own timestamps,
 *      first send to last), the busiest second, and the child's peak RSS (VmHWM);
 *   b. the same broadcast with the limit lifted to 1,200/s at 100 ms: whether the engine sustains 1,000/s (an exact cap
 *      at 1,000 could only come close to it) and keeps the lifted cap;
 *   b'. lost answers: the 30/s broadcast at 100 ms with every 50th answer dropped after delivery (nobody twice, the
 *      dropped named uncertain);
 *   c. a fault case: a broadcast to BENCH_BROADCAST_FAULT_N (2,000) with the child SIGKILLed three times while sending
 *      and restarted each time; then, per person, what the fake received against what the report says.
 * The broadcast is composed and started through the domain (createBroadcast, startBroadcast) on the SQLite file
 * before the child starts; the child runs the due job and drains the outbox as in production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import type { Actor } from '../core/admins/access.js';
import { broadcastSource, createBroadcast } from '../core/broadcasts/broadcasts.js';
import { startBroadcast } from '../core/broadcasts/sending.js';
import { deliveries } from '../db/schema/index.js';
import { openNodeDatabase } from '../db/node.js';
import type { FakeBotApi } from '../sandbox/fake-bot-api.js';
import { Child, freePort } from './product-process.js';
import {
  appOnFile,
  benchLatencies,
  benchToken,
  busiestSecond,
  busiestSecondRows,
  type BusiestSecond,
  collectGarbage,
  envInt,
  fmt,
  log,
  middayZone,
  pacerMarginMs,
  sleep,
  Stalls,
  startFake,
  type Row,
} from './support.js';
import { insertPeople } from '../test/support/people.js';

const firstChatId = 400_000_000;
const targetRatio = 0.97;
/** Above the 1,000/s the engine must reach: with an exact cap, a limit of 1,000 itself would be just out of reach. */
const liftedLimit = 1200;

/** Issue 17's targets for one process's peak memory during the broadcast, at 30/s and with the limit lifted. */
const rssTargetMiB = 110;
const rssFastTargetMiB = 140;
const owner: Actor = { kind: 'admin', id: 0, label: 'bench', role: 'owner', municipalityIds: [] };

export async function runBroadcastsBench(): Promise<Row[]> {
  const n = envInt('BENCH_BROADCAST_N', 10_000);
  const faultN = envInt('BENCH_BROADCAST_FAULT_N', 2000);
  log(`\n## 5. Broadcasts: the Node entry as a child process (npm start's command), fake API in this one`);
  const paced: Run[] = [];
  for (const latency of benchLatencies()) paced.push(await broadcastRun(n, 30, latency));
  const fast = await broadcastRun(n, liftedLimit, 100);
  const lost = await broadcastRun(n, 30, 100, 50);
  const fault = await faultRun(faultN);
  const name = 'Broadcasts';
  const rows: Row[] = [{ case: name, metric: 'N (BENCH_BROADCAST_N)', value: fmt.int(n) }];
  for (const p of paced) {
    rows.push(
      {
        case: name,
        metric: `${p.latencyMs} ms round trip: rate at 30/s (fake timestamps, first → last send)`,
        value: `${fmt.rate(p.rate)} in ${fmt.s(p.spanMs)}`,
      },
      { case: name, metric: `${p.latencyMs} ms: rate / 30/s`, value: fmt.ratio(p.rate / 30), target: `≥ ${targetRatio}`, ok: p.rate / 30 >= targetRatio },
      ...busiestRows(`${p.latencyMs} ms`, p, 30),
      { case: name, metric: `${p.latencyMs} ms: sent exactly once / N`, value: `${fmt.int(p.once)} / ${fmt.int(n)}`, target: 'all', ok: p.once === n },
      {
        case: name,
        metric: `${p.latencyMs} ms: peak RSS of the process (VmHWM)`,
        value: `${fmt.mib(p.peakRssMiB)} (${fmt.mib(p.startRssMiB)} at the first send)`,
        target: `< ${rssTargetMiB} MiB`,
        ok: p.peakRssMiB < rssTargetMiB,
      },
      { case: name, metric: `${p.latencyMs} ms: wall, child start → all sent (process start, migrations, job)`, value: fmt.s(p.wallMs) },
    );
  }
  rows.push(
    {
      case: name,
      metric: `limit lifted to ${fmt.int(liftedLimit)}/s, 100 ms: engine rate (fake timestamps)`,
      value: `${fmt.rate(fast.rate)} in ${fmt.s(fast.spanMs)}`,
      target: '≥ 1,000/s',
      ok: fast.rate >= 1000,
    },
    {
      case: name,
      metric: 'limit lifted: CPU per send, and the ceiling it sets on one free core (1000 ms / CPU per send)',
      value: `${fast.cpuMsPerSend.toFixed(2)} ms → ${fmt.rate(1000 / fast.cpuMsPerSend)}`,
    },
    ...busiestRows('limit lifted', fast, liftedLimit),
    { case: name, metric: 'limit lifted: sent exactly once / N', value: `${fmt.int(fast.once)} / ${fmt.int(n)}`, target: 'all', ok: fast.once === n },
    {
      case: name,
      metric: 'limit lifted: peak RSS',
      value: fmt.mib(fast.peakRssMiB),
      target: `< ${rssFastTargetMiB} MiB`,
      ok: fast.peakRssMiB < rssFastTargetMiB,
    },
    { case: name, metric: 'lost answers (30/s, 100 ms, every 50th dropped after delivery): dropped', value: fmt.int(lost.dropped) },
    { case: name, metric: 'lost answers: received twice', value: fmt.int(lost.twice), target: '0', ok: lost.twice === 0 },
    {
      case: name,
      metric: 'lost answers: named uncertain / dropped',
      value: `${fmt.int(lost.uncertain)} / ${fmt.int(lost.dropped)}`,
      target: 'all dropped',
      ok: lost.dropped > 0 && lost.uncertain === lost.dropped,
    },
    { case: name, metric: `fault: N, SIGKILLs while sending (fake latency ${faultLatencyMs} ms)`, value: `${fmt.int(faultN)}, ${fault.kills}` },
    { case: name, metric: 'fault: received exactly once and reported sent', value: fmt.int(fault.exactlyOnce) },
    { case: name, metric: 'fault: named uncertain (in flight at a kill): received / not', value: `${fault.uncertainReceived} / ${fault.uncertainMissing}` },
    { case: name, metric: 'fault: received twice', value: fmt.int(fault.twice), target: '0', ok: fault.twice === 0 },
    { case: name, metric: 'fault: not received and not named (lost)', value: fmt.int(fault.lost), target: '0', ok: fault.lost === 0 },
    {
      case: name,
      metric: 'fault: every person accounted for',
      value: `${fmt.int(fault.exactlyOnce + fault.uncertainReceived + fault.uncertainMissing)} / ${fmt.int(faultN)}`,
      target: 'all',
      ok: fault.exactlyOnce + fault.uncertainReceived + fault.uncertainMissing === faultN,
    },
  );
  return rows;
}

/** The bench's own loop stamps the arrivals here: the product is a child process. */
function busiestRows(label: string, run: Run, limit: number): Row[] {
  return busiestSecondRows({ case: 'Broadcasts', label, calls: 'sends', loop: "the bench's", limit, busiest: run.busiest });
}

interface Prepared {
  dir: string;
  path: string;
  broadcastId: number;
}

/** A SQLite file with n teachers and a broadcast to them started (its job due now), written by the domain itself. */
async function prepare(fake: FakeBotApi, n: number): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'mayak-bench-broadcast-'));
  const path = join(dir, 'mayak.db');
  const { app, database } = await appOnFile(fake, path);
  const now = Date.now();
  const timezone = middayZone(now);
  const rows = Array.from({ length: n }, (_, i) => ({
    telegramId: firstChatId + i,
    timezone,
    fullName: `Учитель ${i}`,
    searchName: `учитель ${i}`,
    roles: ['teacher'],
    subjects: [],
    status: 'active' as const,
    consentAt: now,
    consentVersion: 'bench',
    createdAt: now,
    updatedAt: now,
  }));
  await insertPeople(app.core, rows, 500);
  const b = await createBroadcast(app.core, owner, {
    html: '<b>Маяк</b>: срочное объявление для учителей',
    audience: { roles: ['teacher'] },
    municipalityId: null,
    sendAt: null,
  });
  await startBroadcast(app.core, owner, b.id);
  await app.scheduler.stop();
  database.close();
  return { dir, path, broadcastId: b.id };
}

function childEnv(fake: FakeBotApi, path: string, port: number, rate: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    BOT_TOKEN: benchToken,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DATABASE_PATH: path,
    ADMIN_PORT: String(port),
    SEND_RATE_PER_SECOND: String(rate),
  };
}

const isCrowd = (chatId: unknown) => Number(chatId) >= firstChatId && Number(chatId) < firstChatId + 1_000_000;

async function waitForSends(fake: FakeBotApi, n: number, timeoutMs: number, child: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (fake.calls.filter((c) => c.method === 'sendMessage' && isCrowd(c.params.chat_id)).length < n) {
    if (Date.now() > deadline) throw new Error(`only ${fake.callsOf('sendMessage').length} of ${n} sent in time; child said:\n${child.log.slice(-2000)}`);
    await sleep(250);
  }
}

interface Run {
  latencyMs: number;
  twice: number;
  /** Answers the fake dropped after delivering, and the deliveries the report names uncertain. */
  dropped: number;
  uncertain: number;
  /** The product's CPU time per message sent, from its first send to its last: 1000 / this is its ceiling on one core. */
  cpuMsPerSend: number;
  rate: number;
  spanMs: number;
  wallMs: number;
  /**
   * Stamped by the bench's own loop: the fake stamps a request when its JavaScript sees it, so a stall of the bench
   * process (its own GC, a busy machine) bunches arrivals into one stamp, and the busiest second can read above the
   * limit the product kept. The stall is printed beside it, not subtracted.
   */
  busiest: BusiestSecond;
  peakRssMiB: number;
  startRssMiB: number;
  once: number;
}

export async function broadcastRun(n: number, rate: number, latencyMs: number, dropEvery = 0): Promise<Run> {
  const fake = await startFake(latencyMs);
  const prepared = await prepare(fake, n);
  fake.calls.length = 0;
  if (dropEvery > 0) fake.dropEveryNthAnswer(dropEvery);
  // The setup's garbage, collected now rather than by a long pause of this loop while it stamps the arrivals.
  collectGarbage();
  const started = Date.now();
  const child = new Child(childEnv(fake, prepared.path, await freePort(), rate), () => fake.calls.some((c) => c.method === 'sendMessage'));
  const stalls = new Stalls(pacerMarginMs);
  try {
    await waitForSends(fake, n, (n / rate) * 1000 * 1.5 + 60_000, child);
    stalls.stop();
    const wallMs = Date.now() - started;
    child.sample();
    const cpuMs = child.cpuMs - child.cpuAtFirstSendMs;
    await sleep(300 + latencyMs * 2);
    await child.kill('SIGTERM');
    const database = openNodeDatabase(prepared.path);
    const uncertain = (await database.db.select({ n: count() }).from(deliveries).where(eq(deliveries.status, 'uncertain')).get())?.n ?? 0;
    database.close();
    const sends = fake.calls.filter((c) => c.method === 'sendMessage' && isCrowd(c.params.chat_id));
    const at = sends.map((c) => c.at);
    const spanMs = Math.max(1, at[at.length - 1]! - at[0]!);
    const perChat = new Map<number, number>();
    for (const c of sends) perChat.set(Number(c.params.chat_id), (perChat.get(Number(c.params.chat_id)) ?? 0) + 1);
    const result: Run = {
      latencyMs,
      twice: [...perChat.values()].filter((k) => k > 1).length,
      dropped: sends.filter((c) => c.response === undefined).length,
      uncertain,
      cpuMsPerSend: cpuMs / n,
      rate: (sends.length - 1) / (spanMs / 1000),
      spanMs,
      wallMs,
      busiest: busiestSecond(at, stalls),
      peakRssMiB: child.peakRssKiB / 1024,
      startRssMiB: child.startRssKiB / 1024,
      once: [...perChat.values()].filter((k) => k === 1).length,
    };
    log(
      `  ${fmt.int(n)} at ${rate}/s, ${latencyMs} ms${dropEvery ? `, every ${dropEvery}th answer lost (${result.dropped} dropped, ${uncertain} uncertain, ${result.twice} twice)` : ''}: ${fmt.rate(result.rate)} (fake timestamps), busiest second ${result.busiest.maxIn1s} (the bench's own event loop stalled up to ${fmt.ms(result.busiest.longestStallMs)}; ${result.busiest.maxIn1sUnstalled} outside its ${result.busiest.stalls} stalls of ${pacerMarginMs} ms or more), peak RSS ${fmt.mib(result.peakRssMiB)} (${fmt.mib(result.startRssMiB)} at the first send), CPU ${result.cpuMsPerSend.toFixed(2)} ms a send`,
    );
    return result;
  } finally {
    stalls.stop();
    if (child.process.exitCode === null && child.process.signalCode === null) await child.kill('SIGKILL');
    await fake.close();
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}

/** Each answer of the fake takes this long, so a kill often finds sends in flight (as with a real network). */
const faultLatencyMs = 150;

interface Fault {
  kills: number;
  exactlyOnce: number;
  uncertainReceived: number;
  uncertainMissing: number;
  twice: number;
  lost: number;
}

async function faultRun(n: number): Promise<Fault> {
  const fake = await startFake(faultLatencyMs);
  const prepared = await prepare(fake, n);
  fake.calls.length = 0;
  const env = childEnv(fake, prepared.path, await freePort(), 30);
  let child = new Child(env);
  let kills = 0;
  try {
    const sent = () => fake.calls.filter((c) => c.method === 'sendMessage' && isCrowd(c.params.chat_id)).length;
    for (const fraction of [0.2, 0.45, 0.7]) {
      await waitForSends(fake, Math.floor(n * fraction), 300_000, child);
      // A random moment within the next second, so the kill falls anywhere between sends.
      await sleep(Math.floor(Math.random() * 1000));
      await child.kill('SIGKILL');
      kills += 1;
      log(`  fault: SIGKILL ${kills} after ${fmt.int(sent())} sends; restarting`);
      child = new Child(env);
    }
    // The rest, until nothing is pending: the sends the fake saw, plus those the report calls uncertain.
    const database = openNodeDatabase(prepared.path);
    try {
      const deadline = Date.now() + 300_000;
      for (;;) {
        const rows = await database.db
          .select({ status: deliveries.status })
          .from(deliveries)
          .where(eq(deliveries.source, broadcastSource(prepared.broadcastId)));
        if (rows.length === n && rows.every((r) => r.status !== 'pending' && r.status !== 'sending')) break;
        if (Date.now() > deadline) throw new Error(`fault run did not finish; child said:\n${child.log.slice(-2000)}`);
        await sleep(500);
      }
      await sleep(faultLatencyMs * 2);
      await child.kill('SIGTERM');
      const rows = await database.db
        .select({ chatId: deliveries.chatId, status: deliveries.status })
        .from(deliveries)
        .where(eq(deliveries.source, broadcastSource(prepared.broadcastId)));
      const result: Fault = { kills, exactlyOnce: 0, uncertainReceived: 0, uncertainMissing: 0, twice: 0, lost: 0 };
      for (const row of rows) {
        const got = fake.chat(Number(row.chatId)).filter((m) => m.from_bot).length;
        if (got > 1) result.twice += 1;
        else if (row.status === 'uncertain') {
          if (got === 1) result.uncertainReceived += 1;
          else result.uncertainMissing += 1;
        } else if (row.status === 'sent' && got === 1) result.exactlyOnce += 1;
        else result.lost += 1;
      }
      log(
        `  fault: ${result.exactlyOnce} exactly once, ${result.uncertainReceived + result.uncertainMissing} uncertain (${result.uncertainReceived} of them did arrive), ${result.twice} twice, ${result.lost} lost`,
      );
      return result;
    } finally {
      database.close();
    }
  } finally {
    if (child.process.exitCode === null && child.process.signalCode === null) await child.kill('SIGKILL');
    await fake.close();
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}
