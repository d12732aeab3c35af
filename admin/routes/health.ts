import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { healthFacts, telegramOutage } from '../../core/health.js';
import { regionTimezone } from '../../core/directory/places.js';
import type { AdminEnv } from '../env.js';
import { formatDateTime } from '../kit.js';

/** What the process knows of itself that the database does not: its scheduler's last tick. */
export interface ProcessHealth {
  lastTick(): { at: number; ok: boolean } | null;
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
/** Chat and person ids may appear in a network error's text; monitoring gets none of them. */
const withoutIds = (text: string | null) => text?.replace(/\b\d{6,}\b/g, '…') ?? null;

/**
 * `GET /healthz` for monitoring, without sign-in: 200 while the process can use its database (Telegram being
 * down is reported, not a failure: the panel and the outbox keep working), 503 when it cannot.
 */
export function healthRoutes(process: ProcessHealth) {
  const app = new Hono<AdminEnv>();
  app.get('/healthz', async (c) => {
    const core = c.get('core');
    const now = core.clock.now();
    const facts = await healthFacts(core, now);
    const tick = process.lastTick();
    const body = {
      status: !facts.database.ok ? 'down' : facts.telegram?.unreachableSince ? 'degraded' : 'ok',
      checkedAt: iso(now),
      database: facts.database,
      telegram: facts.telegram
        ? {
            reachable: facts.telegram.unreachableSince !== null ? false : facts.telegram.lastAnswerAt !== null ? true : null,
            unreachableSince: iso(facts.telegram.unreachableSince),
            lastAnswerAt: iso(facts.telegram.lastAnswerAt),
            lastProblem: withoutIds(facts.telegram.lastProblem),
          }
        : null,
      outbox: facts.outbox
        ? {
            due: facts.outbox.due,
            oldestDueAgeSeconds: facts.outbox.oldestDueAt === null ? null : Math.max(0, Math.round((now - facts.outbox.oldestDueAt) / 1000)),
          }
        : null,
      scheduler: { lastTickAt: iso(tick?.at), lastTickOk: tick?.ok ?? null },
      // ok, stale (the last good one is over two days old), failed (the last attempt), never.
      backup: facts.backup
        ? {
            state: facts.backup.state,
            warning: facts.backup.state !== 'ok',
            lastAt: iso(facts.backup.lastAt),
            lastBytes: facts.backup.lastBytes,
            ageSeconds: facts.backup.ageMs === null ? null : Math.round(facts.backup.ageMs / 1000),
            lastError: withoutIds(facts.backup.error),
          }
        : null,
    };
    return c.json(body, facts.database.ok ? 200 : 503, { 'cache-control': 'no-store' });
  });
  return app;
}

/** Puts the Telegram outage (since when, how many messages wait) on the context for every panel page's banner. */
export const telegramOutageState = createMiddleware<AdminEnv>(async (c, next) => {
  const core = c.get('core');
  const outage = await telegramOutage(core);
  c.set('telegramOutage', outage ? { since: formatDateTime(outage.since, await regionTimezone(core)), waiting: outage.waiting } : null);
  await next();
});
