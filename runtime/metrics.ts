import { statSync } from 'node:fs';
import { count, sql } from 'drizzle-orm';
import type { Bot } from 'grammy';
import { Hono } from 'hono';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Core } from '../core/core.js';
import { outboxBacklog } from '../core/deliveries/backlog.js';
import { pausedUntil } from '../core/deliveries/sending.js';
import { backupStatus } from '../core/operations/backups.js';
import type { NodeDatabase } from '../db/node.js';
import { deliveries, scheduledJobs } from '../db/schema/index.js';

/**
 * `GET /metrics` in Prometheus's text format. What the database knows (messages by status, the outbox's backlog,
 * the scheduler's lag, the last backup) is counted from it at scrape time, so the figures are true across restarts
 * and equal to the panel's reports; what only the process sees (updates handled, panel latency) is counted here.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly updates = new Histogram({
    name: 'mayak_bot_update_seconds',
    help: 'Telegram updates handled by the bot, and how long each took',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly panel = new Histogram({
    name: 'mayak_panel_request_seconds',
    help: 'Admin panel and API requests, and how long each took',
    labelNames: ['method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly messages = new Gauge({
    name: 'mayak_messages',
    help: 'Messages in the outbox by channel and status (sent, failed, uncertain, pending, skipped…), counted in the database',
    labelNames: ['channel', 'status'],
    registers: [this.registry],
  });
  private readonly backlog = new Gauge({ name: 'mayak_outbox_backlog', help: 'Pending messages whose time has come', registers: [this.registry] });
  private readonly oldestPending = new Gauge({
    name: 'mayak_outbox_oldest_pending_seconds',
    help: 'How long the longest-waiting due message has waited',
    registers: [this.registry],
  });
  private readonly paused = new Gauge({
    name: 'mayak_outbox_paused_seconds',
    help: 'Seconds left of a pause of all sending that Telegram asked for with 429 (0: not paused)',
    registers: [this.registry],
  });
  private readonly pauses = new Counter({
    name: 'mayak_outbox_429_pauses_total',
    help: 'Pauses of all sending asked for by Telegram (429), as seen by the scrapes of this process',
    registers: [this.registry],
  });
  private readonly schedulerLag = new Gauge({
    name: 'mayak_scheduler_lag_seconds',
    help: 'How late the most overdue scheduled job is (0: nothing overdue)',
    registers: [this.registry],
  });
  private readonly lastTick = new Gauge({
    name: 'mayak_scheduler_last_tick_age_seconds',
    help: 'Seconds since the scheduler last ran',
    registers: [this.registry],
  });
  private readonly databaseBytes = new Gauge({
    name: 'mayak_database_bytes',
    help: 'Size of the SQLite file and its write-ahead log',
    registers: [this.registry],
  });
  private readonly backupAge = new Gauge({ name: 'mayak_backup_age_seconds', help: 'Age of the last good backup (-1: none yet)', registers: [this.registry] });
  private readonly backupFailed = new Gauge({ name: 'mayak_backup_failed', help: '1 when the last backup attempt failed', registers: [this.registry] });
  private lastPause = 0;

  constructor(
    private readonly core: Core,
    private readonly database: NodeDatabase,
    private readonly scheduler: { lastTick: { at: number } | null },
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mayak_' });
  }

  /** Times every update the bot handles, by polling or webhook alike (both go through handleUpdate). */
  instrumentBot(bot: Pick<Bot, 'handleUpdate'>): void {
    const handle = bot.handleUpdate.bind(bot);
    bot.handleUpdate = async (...args) => {
      const end = this.updates.startTimer();
      try {
        const result = await handle(...args);
        end({ outcome: 'ok' });
        return result;
      } catch (error) {
        end({ outcome: 'error' });
        throw error;
      }
    };
  }

  observePanel(method: string, status: number, seconds: number): void {
    this.panel.observe({ method, status: String(status) }, seconds);
  }

  async collect(): Promise<string> {
    const core = this.core;
    const now = core.clock.now();
    const byStatus = await core.database.db
      .select({ channel: deliveries.channel, status: deliveries.status, n: count() })
      .from(deliveries)
      .groupBy(deliveries.channel, deliveries.status);
    this.messages.reset();
    for (const row of byStatus) this.messages.set({ channel: row.channel, status: row.status }, row.n);
    const backlog = await outboxBacklog(core, now);
    this.backlog.set(backlog.due);
    this.oldestPending.set(backlog.oldestDueAt === null ? 0 : Math.max(0, (now - backlog.oldestDueAt) / 1000));
    const until = await pausedUntil(core);
    this.paused.set(Math.max(0, (until - now) / 1000));
    if (until > now && until !== this.lastPause) this.pauses.inc();
    this.lastPause = until;
    const overdue = await core.database.db.get<{ oldest: number | null }>(
      sql`SELECT min(${scheduledJobs.dueAt}) AS oldest FROM ${scheduledJobs} WHERE ${scheduledJobs.status} = 'due' AND ${scheduledJobs.dueAt} <= ${now}`,
    );
    this.schedulerLag.set(overdue?.oldest ? (now - overdue.oldest) / 1000 : 0);
    const tick = this.scheduler.lastTick;
    this.lastTick.set(tick ? (now - tick.at) / 1000 : -1);
    this.databaseBytes.set(fileSize(this.database.sqlite.name) + fileSize(`${this.database.sqlite.name}-wal`));
    const backup = await backupStatus(core, now);
    this.backupAge.set(backup.ageMs === null ? -1 : backup.ageMs / 1000);
    this.backupFailed.set(backup.state === 'failed' ? 1 : 0);
    return this.registry.metrics();
  }

  /**
   * The HTTP app the process serves: `/metrics` (bearer METRICS_TOKEN; 404 without one set), everything else passed
   * to the panel and timed.
   */
  serve(panel: { fetch: (request: Request, ...rest: never[]) => Response | Promise<Response> }, token: string | undefined): Hono {
    const app = new Hono();
    app.get('/metrics', async (c) => {
      if (!token) return c.notFound();
      if (c.req.header('authorization') !== `Bearer ${token}`)
        return c.text('a bearer token (METRICS_TOKEN) is required\n', 401, { 'www-authenticate': 'Bearer' });
      return c.body(await this.collect(), 200, { 'content-type': this.registry.contentType, 'cache-control': 'no-store' });
    });
    app.all('*', async (c) => {
      const started = performance.now();
      const response = await panel.fetch(c.req.raw, ...([c.env] as never[]));
      if (!c.req.path.startsWith('/telegram/')) this.observePanel(c.req.method, response.status, (performance.now() - started) / 1000);
      return response;
    });
    return app;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
