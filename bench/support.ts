/**
 * Shared pieces of `npm run bench`: booting the product against the fake Bot API on a temp SQLite file,
 * timing helpers, an RSS sampler and the result table. Nothing here asserts: the bench prints figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Core } from '../core/core.js';
import { rollingSecondMs } from '../core/deliveries/pacer.js';
import { municipalities, schools } from '../db/schema/index.js';
import { openNodeDatabase, type NodeDatabase } from '../db/node.js';
import { loadTranslator } from '../locales/node.js';
import type { Translate } from '../locales/translator.js';
import { createApp, type App } from '../runtime/app.js';
import { readConfig, type Config } from '../runtime/config.js';
import { FakeBotApi } from '../sandbox/fake-bot-api.js';

export const benchToken = '1234567:bench-token-for-the-fake-bot-api';
export const benchSecret = 'bench-webhook-secret-0123456789';

let translator: Translate | undefined;
function translate(): Translate {
  translator ??= loadTranslator();
  return translator;
}

export function benchConfig(databasePath: string, overrides: Record<string, string> = {}): Config {
  const result = readConfig({ PUBLIC_URL: 'https://bench.test', WEBHOOK_SECRET: benchSecret, DATABASE_PATH: databasePath, ...overrides });
  if (!result.ok) throw new Error(`bench config: ${result.problems.join('; ')}`);
  return result.config;
}

/** A fake Telegram on 127.0.0.1 (random port), answering at once unless latencyMs is given. */
export async function startFake(latencyMs = 0): Promise<FakeBotApi> {
  const fake = new FakeBotApi({ latencyMs });
  await fake.listen(0);
  return fake;
}

/** getMe against the fake, so both bots start with the same real bot info and no getMe in the measured part. */
export async function fetchBotInfo(fake: FakeBotApi, token = benchToken): Promise<UserFromGetMe> {
  return new Api(token, { apiRoot: fake.apiRoot }).getMe();
}

export interface Product {
  app: App;
  database: NodeDatabase;
  config: Config;
  /** Everything the app logged (errors of updates and ticks); the bench reports the count. */
  logged: string[];
  close(): Promise<void>;
}

/** One product process, wired by the real createApp, on a fresh SQLite file in its own temp dir. */
export async function startProduct(fake: FakeBotApi, overrides: Record<string, string> = {}): Promise<Product> {
  const dir = mkdtempSync(join(tmpdir(), 'mayak-bench-'));
  const path = join(dir, 'mayak.db');
  const config = benchConfig(path, overrides);
  const database = openNodeDatabase(config.DATABASE_PATH);
  const logged: string[] = [];
  try {
    const app = await createApp({
      config,
      database,
      translate: translate(),
      token: benchToken,
      apiRoot: fake.apiRoot,
      botInfo: await fetchBotInfo(fake),
      log: (message) => logged.push(message),
    });
    return {
      app,
      database,
      config,
      logged,
      async close() {
        await app.scheduler.stop();
        database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    database.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

// --- measuring ---

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The largest number of timestamps (ms) falling in any window [t, t + windowMs). */
export function maxInWindow(timestamps: readonly number[], windowMs = 1000): number {
  const at = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < at.length; end++) {
    while (at[end]! - at[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * A full collection of this process's heap, where `npm run bench` exposes it (`--expose-gc`): before a case that stamps
 * arrivals, so the garbage of its setup is not collected by a long pause in the middle of it.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * What the pacer's rolling second adds to a second: a stall of the loop that stamps arrivals longer than this can
 * bunch one more arrival into a second than the product let out in it.
 */
export const pacerMarginMs = rollingSecondMs - 1000;

interface Stall {
  from: number;
  to: number;
}

/**
 * When this process's event loop stalled (its own GC, a poll, a busy machine): the fakes stamp a request when that
 * loop reads it, so what arrived during a stall is stamped at its end, together, and the busiest second can read
 * above the limit the product kept. Kept with their times, so those windows can be told apart.
 */
export class Stalls {
  /** Stalls of `thresholdMs` or longer. */
  readonly list: Stall[] = [];
  /** Shorter ones (20 ms or more), to say what lay inside the busiest window when it still reads above the limit. */
  readonly minor: Stall[] = [];
  /** The longest gap between two looks, stall or not. */
  longest = 0;
  private last = Date.now();
  private readonly timer = setInterval(() => {
    const now = Date.now();
    if (now - this.last >= this.thresholdMs) this.list.push({ from: this.last, to: now });
    else if (now - this.last >= 20) this.minor.push({ from: this.last, to: now });
    this.longest = Math.max(this.longest, now - this.last);
    this.last = now;
  }, 5).unref();

  constructor(readonly thresholdMs: number) {}

  stop(): void {
    clearInterval(this.timer);
  }
}

/** The most timestamps in any 1 s window [t, t + 1000) that overlaps none of the stalls (of their threshold or longer). */
export function maxInWindowBetween(timestamps: readonly number[], stalls: Stalls): { n: number; from: number; to: number } {
  const at = [...timestamps].sort((a, b) => a - b);
  let best = { n: 0, from: 0, to: 0 };
  let start = 0;
  for (let end = 0; end < at.length; end++) {
    while (at[end]! - at[start]! >= 1000) start++;
    // What was read just after a stall is stamped a few ms past its end.
    if (stalls.list.some((s) => s.from <= at[end]! && s.to + stalls.thresholdMs >= at[start]!)) continue;
    if (end - start + 1 > best.n) best = { n: end - start + 1, from: at[start]!, to: at[end]! };
  }
  return best;
}

/** A run's busiest second: by the fake's stamps, the longest stall of the loop that stamps them, and outside its stalls. */
export interface BusiestSecond {
  maxIn1s: number;
  longestStallMs: number;
  stalls: number;
  maxIn1sUnstalled: number;
}

/** The busiest second of these arrivals, read with the stalls of the loop that stamped them. */
export function busiestSecond(arrivals: readonly number[], stalls: Stalls): BusiestSecond {
  return {
    maxIn1s: maxInWindow(arrivals, 1000),
    longestStallMs: stalls.longest,
    stalls: stalls.list.length,
    maxIn1sUnstalled: maxInWindowBetween(arrivals, stalls).n,
  };
}

/**
 * The busiest second held to the limit twice: over every window, and over the windows free of the stalls of `loop`,
 * the loop that stamps the arrivals ("the bench's", or "the shared loop's" where the product runs in the bench's process).
 */
export function busiestSecondRows(o: { case: string; label: string; calls: string; loop: string; limit: number; busiest: BusiestSecond }): Row[] {
  const { busiest: b, limit } = o;
  return [
    {
      case: o.case,
      metric: `${o.label}: max ${o.calls} in any 1 s window (${o.loop} longest stall)`,
      value: `${fmt.int(b.maxIn1s)} (${fmt.ms(b.longestStallMs)})`,
      target: `≤ ${fmt.int(limit)}`,
      ok: b.maxIn1s <= limit,
    },
    {
      case: o.case,
      metric: `${o.label}: the same, over the windows free of ${o.loop} stalls (of ${pacerMarginMs} ms or more: ${b.stalls})`,
      value: fmt.int(b.maxIn1sUnstalled),
      target: `≤ ${fmt.int(limit)}`,
      ok: b.maxIn1sUnstalled <= limit,
    },
  ];
}

/** Samples process RSS every `everyMs` and keeps the peak; the timer never holds the process open. */
export class RssSampler {
  private peakBytes = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 100) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample(): void {
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
  }

  /** Stops sampling and returns the peak in MiB. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peakBytes / 1024 / 1024;
  }
}

/**
 * A fixed-offset zone where it is about noon now (Etc/GMT-3 is UTC+3: the sign is POSIX's), so that quiet hours
 * (21:00–08:00 in each person's zone) do not hold a bench's messages back whenever it runs.
 */
export function middayZone(now: number): string {
  const k = 12 - new Date(now).getUTCHours();
  return k === 0 ? 'UTC' : k > 0 ? `Etc/GMT-${k}` : `Etc/GMT+${-k}`;
}

/** Rows in batches small enough for one INSERT (SQLite's and D1's bound-parameter limits). */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A region for a bench: 60 municipalities and `schools` schools spread over them (school i in municipality i % 60 + 1;
 * every third tagged ШНОР when `tagged`), ids from 1 in an empty database.
 */
export async function seedRegion(core: Core, schoolCount: number, options: { tagged: boolean }): Promise<void> {
  const { db } = core.database;
  const now = Date.now();
  await core.database.atomic(
    Array.from({ length: 60 }, (_, i) => db.insert(municipalities).values({ name: `Муниципальный район № ${i + 1}`, createdAt: now })),
  );
  const rows = Array.from({ length: schoolCount }, (_, i) => ({
    municipalityId: (i % 60) + 1,
    fullName: `МКОУ «СОШ № ${i + 1}»`,
    shortName: `СОШ № ${i + 1}`,
    code: `B${i}`,
    tags: options.tagged && i % 3 === 0 ? ['shnor'] : [],
    createdAt: now,
  }));
  await core.database.atomic(chunks(rows, 500).map((batch) => db.insert(schools).values(batch)));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `done` every `everyMs` until it holds; throws after `timeoutMs` with `describe()`. */
export async function waitUntil(done: () => Promise<boolean>, options: { everyMs: number; timeoutMs: number; describe: () => Promise<string> }): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms: ${await options.describe()}`);
    await sleep(options.everyMs);
  }
}

/** The fake Telegram's answer latencies to run the sending cases at (BENCH_LATENCIES, ms, comma-separated). */
export function benchLatencies(): number[] {
  const raw = process.env['BENCH_LATENCIES'] ?? '0,100,300';
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isSafeInteger(v) || v < 0)) throw new Error(`BENCH_LATENCIES must be whole milliseconds, got ${JSON.stringify(raw)}`);
  return values;
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

// --- reporting ---

export interface Row {
  case: string;
  metric: string;
  value: string;
  target?: string;
  /** true = meets the target, false = misses it, undefined = no target. */
  ok?: boolean;
}

export const fmt = {
  int: (n: number): string => Math.round(n).toLocaleString('en-US'),
  ms: (n: number): string => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`,
  rate: (n: number): string => `${n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2)}/s`,
  ratio: (n: number): string => n.toFixed(2),
  mib: (n: number): string => `${n.toFixed(0)} MiB`,
  s: (n: number): string => `${(n / 1000).toFixed(1)} s`,
};

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function markdownTable(rows: readonly Row[]): string {
  const header = ['Case', 'Metric', 'Result', 'Target', ''];
  const body = rows.map((r) => [r.case, r.metric, r.value, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'pass' : 'MISS']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Signs in to the panel as a browser does (the form's CSRF token and cookie first); returns the session cookie. */
export async function panelSessionCookie(
  admin: { request(path: string, init?: RequestInit): Response | Promise<Response> },
  email: string,
  password: string,
): Promise<string> {
  const form = await admin.request('/login');
  const loginCookie = form.headers.get('set-cookie')?.split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const login = await admin.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  return login.headers.get('set-cookie')?.split(';')[0] ?? '';
}

/**
 * The product over a SQLite file at `path`, in this process, for the domain to write what a child process (`npm
 * start`'s command) will then run on: the caller fills it and stops its scheduler before closing `database`.
 */
export async function appOnFile(fake: FakeBotApi, path: string): Promise<{ app: App; database: NodeDatabase }> {
  const database = openNodeDatabase(path);
  const app = await createApp({
    config: benchConfig(path),
    database,
    translate: loadTranslator(),
    token: benchToken,
    apiRoot: fake.apiRoot,
    botInfo: await fetchBotInfo(fake),
    log: () => undefined,
  });
  return { app, database };
}
