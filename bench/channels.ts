/**
 * Case 14: one broadcast over both messengers (issue 15), sent by the real entry as `npm start` runs it, in a child
 * process, against a fake Telegram and a fake MAX in this one (both answering after the same latency, so a kill finds
 * sends in flight on each):
 *   N people (BENCH_CHANNELS_N, default 10,000): of each 40, 19 with only a Telegram contact, 19 with only a MAX
 *   contact, and 2 with both (one preferring Telegram, one MAX), so that each channel has half the messages and a
 *   person on both must get one, on the preferred messenger. The broadcast is composed and started through the domain
 *   (createBroadcast, startBroadcast) on the SQLite file before the child starts; the child is SIGKILLed three times
 *   at random moments while it sends, and restarted at once each time.
 * Figures: each channel's rate by its fake's own arrival stamps, over the sending time without the restarts (each
 * life of the process first send → last send) and over the whole run; what a restart costs (the kill → that
 * channel's first send from the new process, and of that the product's own part: ready → its first send); each
 * channel's busiest second; per person, what the fakes received against what the report says (twice, lost, on the
 * wrong messenger, in flight at a kill named `uncertain`); the peak RSS of any of the four processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import type { Actor } from '../core/admins/access.js';
import { broadcastSource, createBroadcast } from '../core/broadcasts/broadcasts.js';
import { startBroadcast } from '../core/broadcasts/sending.js';
import { contacts, deliveries } from '../db/schema/index.js';
import { openNodeDatabase } from '../db/node.js';
import type { FakeBotApi } from '../sandbox/fake-bot-api.js';
import { dialogChatIdOf, FakeMaxApi } from '../sandbox/fake-max-api.js';
import { insertPeople } from '../test/support/people.js';
import { Child, freePort } from './product-process.js';
import {
  appOnFile,
  benchSecret,
  benchToken,
  chunks,
  collectGarbage,
  envInt,
  fmt,
  log,
  maxInWindow,
  maxInWindowBetween,
  middayZone,
  sleep,
  Stalls,
  startFake,
  type Row,
} from './support.js';

/** Both fakes answer after this long: a kill finds two or three sends in flight on each channel. */
const latencyMs = 100;
/** Each channel's limit, as the product is configured (SEND_RATE_PER_SECOND, MAX_SEND_RATE_PER_SECOND). */
const limit = 30;
const targetRatio = 0.97;
/** Issue 17's target for the product's peak memory during a 10,000 broadcast at 30/s. */
const rssTargetMiB = 110;
/**
 * What a restart may cost a channel, kill → its first send from the new process: the compiled entry is ready in
 * under 0.5 s (issue 17), and the pacer, seeded from the last second's sends, may hold the first one for up to a second.
 */
const restartTargetMs = 2000;
/** A process ready to serve has settled what the killed one left in flight and seeded its pacers: one rolling second at most. */
const firstSendTargetMs = 1000;
const kills = 3;

const firstTelegramId = 400_000_000;
const firstMaxUserId = 60_000_000;
const maxToken = 'bench-max-token-0123456789';
const maxWebhookSecret = 'bench-max-webhook-secret-01';
const owner: Actor = { kind: 'admin', id: 0, label: 'bench', role: 'owner', municipalityIds: [] };

type Channel = 'telegram' | 'max';
const channels: Channel[] = ['telegram', 'max'];

/** One person of the crowd: their contacts, and which one the outbox must write to. */
interface Someone {
  telegramId?: number;
  maxUserId?: number;
  preferred: Channel;
}

/** Of each 40: one on both preferring Telegram, one on both preferring MAX, then Telegram only and MAX only in turn. */
function someone(i: number): Someone {
  const slot = i % 40;
  const telegramId = firstTelegramId + i;
  const maxUserId = firstMaxUserId + i;
  if (slot === 0) return { telegramId, maxUserId, preferred: 'telegram' };
  if (slot === 1) return { telegramId, maxUserId, preferred: 'max' };
  return slot % 2 === 0 ? { telegramId, preferred: 'telegram' } : { maxUserId, preferred: 'max' };
}

interface Prepared {
  dir: string;
  path: string;
  broadcastId: number;
  /** The crowd by person id. */
  crowd: Map<number, Someone>;
}

/** A SQLite file with the crowd and their contacts, and a broadcast to them started (its job due now), by the domain. */
async function prepare(telegram: FakeBotApi, max: FakeMaxApi, n: number): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'mayak-bench-channels-'));
  const path = join(dir, 'mayak.db');
  const { app, database } = await appOnFile(telegram, path);
  try {
    const now = Date.now();
    const timezone = middayZone(now);
    const crowd = Array.from({ length: n }, (_, i) => someone(i));
    const ids = await insertPeople(
      app.core,
      crowd.map((_, i) => ({
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
      })),
      500,
    );
    const contactRows = crowd.flatMap((s, i) => {
      const personId = ids[i]!;
      const row = (channel: Channel, userId: number, chatId: number) => ({
        personId,
        channel,
        userId: String(userId),
        chatId: String(chatId),
        status: 'active' as const,
        preferred: s.preferred === channel,
        createdAt: now,
        updatedAt: now,
      });
      return [
        ...(s.telegramId === undefined ? [] : [row('telegram', s.telegramId, s.telegramId)]),
        ...(s.maxUserId === undefined ? [] : [row('max', s.maxUserId, dialogChatIdOf(s.maxUserId))]),
      ];
    });
    for (const batch of chunks(contactRows, 500)) await app.core.database.db.insert(contacts).values(batch);
    // The fake MAX knows a dialog once its user has started the bot.
    for (const s of crowd) if (s.maxUserId !== undefined) max.build.started({ user_id: s.maxUserId, first_name: `Учитель ${s.maxUserId}` });
    const b = await createBroadcast(app.core, owner, {
      html: '<b>Маяк</b>: срочное объявление для учителей',
      audience: { roles: ['teacher'] },
      municipalityId: null,
      sendAt: null,
    });
    await startBroadcast(app.core, owner, b.id);
    await app.scheduler.stop();
    return { dir, path, broadcastId: b.id, crowd: new Map(ids.map((id, i) => [id, crowd[i]!])) };
  } finally {
    database.close();
  }
}

function childEnv(telegram: FakeBotApi, max: FakeMaxApi, path: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    BOT_TOKEN: benchToken,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    // MAX delivers updates only to a webhook, and then Telegram's must be one too (nobody posts to either here).
    PUBLIC_URL: 'https://bench.test',
    WEBHOOK_SECRET: benchSecret,
    MAX_BOT_TOKEN: maxToken,
    MAX_API_ROOT: max.apiRoot,
    MAX_WEBHOOK_SECRET: maxWebhookSecret,
    DATABASE_PATH: path,
    ADMIN_PORT: String(port),
    SEND_RATE_PER_SECOND: String(limit),
    MAX_SEND_RATE_PER_SECOND: String(limit),
  };
}

interface Arrival {
  at: number;
  chatId: string;
}

/** The crowd's messages as each fake received them (its own stamp and the chat), in order. */
class Arrivals {
  readonly of: Record<Channel, Arrival[]> = { telegram: [], max: [] };
  /** The latest stamp on either fake. */
  latest = 0;
  private readonly stops: (() => void)[];

  constructor(telegram: FakeBotApi, max: FakeMaxApi) {
    const add = (channel: Channel, at: number, chatId: unknown) => {
      this.of[channel].push({ at, chatId: String(chatId) });
      this.latest = Math.max(this.latest, at);
    };
    this.stops = [
      telegram.onCall((c) => {
        if (c.method === 'sendMessage' && Number(c.params['chat_id']) >= firstTelegramId) add('telegram', c.at, c.params['chat_id']);
      }),
      max.onCall((c) => {
        if (c.method === 'sendMessage') add('max', c.at, c.query['chat_id']);
      }),
    ];
  }

  get total(): number {
    return this.of.telegram.length + this.of.max.length;
  }

  stop(): void {
    for (const stop of this.stops) stop();
  }
}

interface ChannelFigures {
  messages: number;
  /** Sum over the process's lives of (sends − 1) ÷ the life's first-to-last span: the rate while sending. */
  rateSending: number;
  sendingMs: number;
  /** First send to last, restarts included. */
  rateOverall: number;
  spanMs: number;
  /** Each kill → this channel's first send from the next process. */
  restartMs: number[];
  maxIn1s: number;
  /** The same, over the windows in which this process's event loop did not stall (see `Stalls`). */
  maxIn1sUnstalled: number;
  /** Where that window lay: its first and last stamp. */
  unstalledWindow: { from: number; to: number };
}

/**
 * Each arrival's stamp, by the life of the process that sent it: the lives of the kills. A send in flight at a kill
 * may be stamped just after it (the bench's event loop reads the request late), but the report names it uncertain:
 * such a send belongs to the life that was killed, not to the next one.
 */
function byLife(arrivals: readonly Arrival[], killedAt: readonly number[], uncertainChats: ReadonlySet<string>): number[][] {
  const lives: number[][] = Array.from({ length: killedAt.length + 1 }, () => []);
  for (const { at, chatId } of arrivals) {
    let life = killedAt.filter((k) => k <= at).length;
    if (life > 0 && uncertainChats.has(chatId) && at - killedAt[life - 1]! < 2000) life -= 1;
    lives[life]!.push(at);
  }
  return lives;
}

/** A channel's figures from its arrival stamps, each life of the process apart. */
function channelFigures(lives: readonly number[][], killedAt: readonly number[], stalls: Stalls): ChannelFigures {
  let sends = 0;
  let sendingMs = 0;
  const restartMs: number[] = [];
  for (const [life, stamps] of lives.entries()) {
    if (stamps.length === 0) continue;
    if (life > 0) restartMs.push(stamps[0]! - killedAt[life - 1]!);
    sends += stamps.length - 1;
    sendingMs += stamps[stamps.length - 1]! - stamps[0]!;
  }
  const at = lives.flat().sort((a, b) => a - b);
  const spanMs = Math.max(1, at[at.length - 1]! - at[0]!);
  return {
    messages: at.length,
    rateSending: sends / (Math.max(1, sendingMs) / 1000),
    sendingMs,
    rateOverall: (at.length - 1) / (spanMs / 1000),
    spanMs,
    restartMs,
    maxIn1s: maxInWindow(at, 1000),
    ...(({ n, from, to }) => ({ maxIn1sUnstalled: n, unstalledWindow: { from, to } }))(maxInWindowBetween(at, stalls)),
  };
}

interface Outcome {
  exactlyOnce: number;
  uncertainReceived: number;
  uncertainMissing: number;
  twice: number;
  lost: number;
  /** People on both messengers who got theirs on the one they did not prefer. */
  wrongChannel: number;
  /** People of the crowd the broadcast made no delivery for. */
  noDelivery: number;
}

export async function runChannelsBench(): Promise<Row[]> {
  const n = envInt('BENCH_CHANNELS_N', 10_000);
  log(`\n## 14. One broadcast on Telegram and MAX: the Node entry as a child process, three SIGKILLs, fakes (${latencyMs} ms) in this one`);
  const telegram = await startFake(latencyMs);
  const max = new FakeMaxApi({ latencyMs });
  await max.listen(0);
  const prepared = await prepare(telegram, max, n);
  const arrivals = new Arrivals(telegram, max);
  const env = childEnv(telegram, max, prepared.path, await freePort());
  const lives: Life[] = [];
  const start = () => {
    // Its own first send: stamped after it started (what the killed one had in flight arrives within a few ms).
    const spawnedAt = Date.now();
    const child = new Child(env, () => arrivals.latest > spawnedAt + 200);
    lives.push({ child, spawnedAt });
    return child;
  };
  collectGarbage();
  const stalls = new Stalls(stallMs);
  const started = Date.now();
  let child = start();
  const killedAt: number[] = [];
  const killedAfter: number[] = [];
  try {
    // Three moments spread over the run (each within its own fifth of it, then up to a second later): random, but
    // never so close together that one life sends nothing.
    const fractions = [0.1, 0.4, 0.7].map((f) => f + Math.random() * 0.2);
    for (const fraction of fractions) {
      const deadline = Date.now() + 300_000;
      while (arrivals.total < Math.floor(n * fraction)) {
        if (Date.now() > deadline) throw new Error(`only ${arrivals.total} of ${n} sent in time; the product said:\n${child.log.slice(-2000)}`);
        await sleep(50);
      }
      await sleep(Math.floor(Math.random() * 1000));
      killedAt.push(Date.now());
      await child.kill('SIGKILL');
      killedAfter.push(arrivals.total);
      log(
        `  SIGKILL ${killedAt.length} after ${fmt.int(arrivals.total)} sends (${arrivals.of.telegram.length} Telegram, ${arrivals.of.max.length} MAX); restarting`,
      );
      child = start();
    }
    const database = openNodeDatabase(prepared.path);
    try {
      const source = broadcastSource(prepared.broadcastId);
      const deadline = Date.now() + 300_000;
      for (;;) {
        // Counted by the source's index: reading every row would stall this process, and so the fakes' stamps.
        const { total, open } = (await database.db
          .select({ total: count(), open: sql<number>`sum(${deliveries.status} in ('pending', 'sending'))` })
          .from(deliveries)
          .where(eq(deliveries.source, source))
          .get())!;
        if (total >= n && open === 0) break;
        if (Date.now() > deadline) throw new Error(`the broadcast did not finish; the product said:\n${child.log.slice(-2000)}`);
        await sleep(250);
      }
      const wallMs = Date.now() - started;
      stalls.stop();
      // Answers still on their way settle before the graceful stop.
      await sleep(latencyMs * 3);
      await child.kill('SIGTERM');
      arrivals.stop();
      const rows = await database.db
        .select({ personId: deliveries.personId, channel: deliveries.channel, chatId: deliveries.chatId, status: deliveries.status })
        .from(deliveries)
        .where(eq(deliveries.source, source));
      const outcome = reconcile(prepared.crowd, rows, telegram, max);
      const uncertain = (c: Channel) => new Set(rows.filter((r) => r.channel === c && r.status === 'uncertain').map((r) => r.chatId));
      const stamps = { telegram: byLife(arrivals.of.telegram, killedAt, uncertain('telegram')), max: byLife(arrivals.of.max, killedAt, uncertain('max')) };
      const figures = { telegram: channelFigures(stamps.telegram, killedAt, stalls), max: channelFigures(stamps.max, killedAt, stalls) };
      const peakRssMiB = Math.max(...lives.map((l) => l.child.peakRssKiB)) / 1024;
      logLives(lives, stamps);
      for (const c of channels) {
        const f = figures[c];
        log(
          `  ${c}: ${fmt.int(f.messages)} messages, ${fmt.rate(f.rateSending)} while sending (${fmt.s(f.sendingMs)}), ${fmt.rate(f.rateOverall)} over ${fmt.s(f.spanMs)} with the restarts (${f.restartMs.map((ms) => fmt.ms(ms)).join(', ')} each), busiest second ${f.maxIn1s} (${f.maxIn1sUnstalled} outside the bench's stalls, ${describeWindow(f.unstalledWindow, killedAt, stalls)})`,
        );
      }
      log(
        `  people: ${outcome.exactlyOnce} exactly once, ${outcome.uncertainReceived + outcome.uncertainMissing} uncertain (${outcome.uncertainReceived} of them did arrive), ${outcome.twice} twice, ${outcome.lost} lost, ${outcome.wrongChannel} on the wrong messenger; peak RSS ${fmt.mib(peakRssMiB)}; the bench's event loop stalled ${stalls.list.length} times over ${stallMs} ms, up to ${fmt.ms(stalls.longest)}; ${fmt.s(wallMs)} in all`,
      );
      const restarts = startTimes(lives, stamps).slice(1);
      return channelRows(n, figures, outcome, killedAfter, restarts, peakRssMiB, stalls, wallMs);
    } finally {
      database.close();
    }
  } finally {
    stalls.stop();
    arrivals.stop();
    if (child.process.exitCode === null && child.process.signalCode === null) await child.kill('SIGKILL');
    await telegram.close();
    await max.close();
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}

/** A stall of this process's event loop this long or longer is one the fakes' arrival stamps may have bunched. */
const stallMs = 60;

/** Where a window lay against the kills, and the bench's shorter stalls inside it. */
function describeWindow(window: { from: number; to: number }, killedAt: readonly number[], stalls: Stalls): string {
  const since = killedAt.filter((k) => k <= window.from).at(-1);
  const inside = stalls.minor.filter((s) => s.to >= window.from && s.from <= window.to).map((s) => s.to - s.from);
  const after = since === undefined ? 'before the first kill' : `${fmt.s(window.from - since)} after a kill`;
  return `${after}, ${fmt.ms(window.to - window.from)} first → last, the bench's loop paused ${inside.length ? inside.map((ms) => `${ms}`).join('+') : 'never ≥ 20'} ms inside`;
}

/** Each life of the process: how soon it was ready, what it sent on each channel and at what rate, its CPU and memory. */
interface Life {
  child: Child;
  spawnedAt: number;
}

/** How long a life took to be ready (its own `readyMs`, Node's start included), and from then to its first send. */
function startTimes(lives: readonly Life[], stamps: Record<Channel, number[][]>): { readyMs: number; firstSendMs: number }[] {
  return lives.map(({ child, spawnedAt }, i) => {
    const readyMs = Number(/ready in (\d+) ms/.exec(child.log)?.[1] ?? Number.NaN);
    const first = Math.min(...channels.map((c) => stamps[c][i]?.[0] ?? Number.POSITIVE_INFINITY));
    return { readyMs, firstSendMs: first - spawnedAt - readyMs };
  });
}

function logLives(lives: readonly Life[], stamps: Record<Channel, number[][]>): void {
  const times = startTimes(lives, stamps);
  for (const [i, { child: life }] of lives.entries()) {
    const ready = `ready in ${fmt.int(times[i]!.readyMs)} ms, its first send ${fmt.int(times[i]!.firstSendMs)} ms later`;
    const perChannel = channels.map((c) => {
      const at = stamps[c][i] ?? [];
      const span = at.length > 1 ? at[at.length - 1]! - at[0]! : 0;
      return `${c} ${at.length}${span > 0 ? ` at ${fmt.rate((at.length - 1) / (span / 1000))}` : ''}`;
    });
    const sent = channels.reduce((sum, c) => sum + (stamps[c][i]?.length ?? 0), 0);
    const cpuPerSend = sent > 0 ? `, ${((life.cpuMs - life.cpuAtFirstSendMs) / sent).toFixed(2)} ms a send after the first` : '';
    log(
      `  life ${i + 1}: ${ready}; ${perChannel.join(', ')}; CPU ${fmt.int(life.cpuMs)} ms${cpuPerSend}; RSS ${fmt.mib(life.startRssKiB / 1024)} at its first send, peak ${fmt.mib(life.peakRssKiB / 1024)}`,
    );
  }
}

/** Per person: what the fakes received (on either messenger) against what the report says of their delivery. */
function reconcile(
  crowd: Map<number, Someone>,
  rows: readonly { personId: number | null; channel: string; status: string }[],
  telegram: FakeBotApi,
  max: FakeMaxApi,
): Outcome {
  const result: Outcome = { exactlyOnce: 0, uncertainReceived: 0, uncertainMissing: 0, twice: 0, lost: 0, wrongChannel: 0, noDelivery: 0 };
  const byPerson = new Map(rows.map((r) => [r.personId, r]));
  for (const [personId, s] of crowd) {
    const onTelegram = s.telegramId === undefined ? 0 : telegram.chat(s.telegramId).filter((m) => m.from_bot).length;
    const onMax = s.maxUserId === undefined ? 0 : max.dialog(s.maxUserId).filter((m) => m.fromBot).length;
    const got = onTelegram + onMax;
    const row = byPerson.get(personId);
    if (!row) result.noDelivery += 1;
    if (got === 1 && (s.preferred === 'telegram' ? onMax : onTelegram) === 1) result.wrongChannel += 1;
    if (got > 1) result.twice += 1;
    else if (row?.status === 'uncertain') {
      if (got === 1) result.uncertainReceived += 1;
      else result.uncertainMissing += 1;
    } else if (row?.status === 'sent' && got === 1) result.exactlyOnce += 1;
    else result.lost += 1;
  }
  return result;
}

function channelRows(
  n: number,
  figures: Record<Channel, ChannelFigures>,
  o: Outcome,
  killedAfter: readonly number[],
  restarts: readonly { readyMs: number; firstSendMs: number }[],
  peakRssMiB: number,
  stalls: Stalls,
  wallMs: number,
): Row[] {
  const name = 'Both channels';
  const label = { telegram: 'Telegram', max: 'MAX' } as const;
  const rows: Row[] = [
    { case: name, metric: 'N (BENCH_CHANNELS_N): Telegram only / MAX only / both (half preferring each)', value: crowdSplit(n) },
    {
      case: name,
      metric: `SIGKILLs while sending (fakes' latency ${latencyMs} ms), after this many sends`,
      value: `${killedAfter.length}: ${killedAfter.map((k) => fmt.int(k)).join(', ')}`,
      target: String(kills),
      ok: killedAfter.length === kills,
    },
    {
      case: name,
      metric: "each restart: ready in (Node's start included) / ready → its first send (the outbox's part)",
      value: restarts.map((r) => `${fmt.s(r.readyMs)} / ${fmt.int(r.firstSendMs)} ms`).join(', '),
      target: `≤ ${fmt.int(firstSendTargetMs)} ms`,
      ok: restarts.length === kills && restarts.every((r) => r.firstSendMs <= firstSendTargetMs),
    },
  ];
  for (const c of channels) {
    const f = figures[c];
    rows.push(
      {
        case: name,
        metric: `${label[c]}: messages, rate while sending (each process's first → last send)`,
        value: `${fmt.int(f.messages)}, ${fmt.rate(f.rateSending)}`,
      },
      {
        case: name,
        metric: `${label[c]}: rate while sending / its limit ${limit}/s`,
        value: fmt.ratio(f.rateSending / limit),
        target: `≥ ${targetRatio}`,
        ok: f.rateSending / limit >= targetRatio,
      },
      {
        case: name,
        metric: `${label[c]}: rate with the restarts (first → last send)`,
        value: `${fmt.rate(f.rateOverall)} in ${fmt.s(f.spanMs)} (${fmt.ratio(f.rateOverall / limit)})`,
      },
      {
        case: name,
        metric: `${label[c]}: each restart, kill → its first send`,
        value: f.restartMs.map((ms) => fmt.s(ms)).join(', '),
        target: `≤ ${fmt.s(restartTargetMs)}`,
        ok: f.restartMs.length === kills && f.restartMs.every((ms) => ms <= restartTargetMs),
      },
      {
        case: name,
        metric: `${label[c]}: max sends in any 1 s window by the fake's arrival stamps (the bench's longest stall)`,
        value: `${fmt.int(f.maxIn1s)} (${fmt.ms(stalls.longest)})`,
        target: `≤ ${limit}`,
        ok: f.maxIn1s <= limit,
      },
      {
        case: name,
        metric: `${label[c]}: the same, over the windows free of the bench's own stalls (over ${stallMs} ms: ${stalls.list.length})`,
        value: fmt.int(f.maxIn1sUnstalled),
        target: `≤ ${limit}`,
        ok: f.maxIn1sUnstalled <= limit,
      },
    );
  }
  rows.push(
    { case: name, metric: 'received exactly once and reported sent', value: fmt.int(o.exactlyOnce) },
    { case: name, metric: 'named uncertain (in flight at a kill): received / not', value: `${o.uncertainReceived} / ${o.uncertainMissing}` },
    { case: name, metric: 'received twice (on one messenger or across both)', value: fmt.int(o.twice), target: '0', ok: o.twice === 0 },
    { case: name, metric: 'not received and not named (lost)', value: fmt.int(o.lost), target: '0', ok: o.lost === 0 },
    { case: name, metric: 'on both messengers, received on the one not preferred', value: fmt.int(o.wrongChannel), target: '0', ok: o.wrongChannel === 0 },
    {
      case: name,
      metric: 'every person accounted for (one delivery each)',
      value: `${fmt.int(o.exactlyOnce + o.uncertainReceived + o.uncertainMissing)} / ${fmt.int(n)}`,
      target: 'all',
      ok: o.noDelivery === 0 && o.exactlyOnce + o.uncertainReceived + o.uncertainMissing === n,
    },
    {
      case: name,
      metric: 'peak RSS of the product (any of its four processes, VmHWM)',
      value: fmt.mib(peakRssMiB),
      target: `< ${rssTargetMiB} MiB`,
      ok: peakRssMiB < rssTargetMiB,
    },
    { case: name, metric: 'wall, first start → everything settled', value: fmt.s(wallMs) },
  );
  return rows;
}

function crowdSplit(n: number): string {
  const split = { telegram: 0, max: 0, both: 0 };
  for (let i = 0; i < n; i++) {
    const s = someone(i);
    if (s.telegramId !== undefined && s.maxUserId !== undefined) split.both += 1;
    else if (s.telegramId !== undefined) split.telegram += 1;
    else split.max += 1;
  }
  return `${fmt.int(n)}: ${fmt.int(split.telegram)} / ${fmt.int(split.max)} / ${fmt.int(split.both)}`;
}
