import { sql } from 'drizzle-orm';
import type { Core } from './core.js';
import { outboxBacklog, type OutboxBacklog } from './deliveries/backlog.js';
import { messengerReachability, type Reachability } from './deliveries/reachability.js';
import { backupStatus, type BackupStatus } from './operations/backups.js';

/** What monitoring may know of the product's state: counts and times only, never a person or a message. */
export interface HealthFacts {
  database: { ok: true } | { ok: false; problem: string };
  telegram?: Reachability;
  outbox?: OutboxBacklog;
  backup?: BackupStatus;
}

/**
 * Reads the database (a trivial query, then the messenger's reachability and the outbox's backlog). A database
 * that cannot answer is the one failure that makes the process unhealthy; an unreachable Telegram does not.
 */
export async function healthFacts(core: Core, now = core.clock.now()): Promise<HealthFacts> {
  try {
    await core.database.db.get(sql`select 1`);
    const [telegram, outbox, backup] = await Promise.all([messengerReachability(core), outboxBacklog(core, now), backupStatus(core, now)]);
    return { database: { ok: true }, telegram, outbox, backup };
  } catch (error) {
    return { database: { ok: false, problem: error instanceof Error ? error.message : String(error) } };
  }
}

/** The outage as the panel shows it: since when Telegram is unreachable and how many messages wait; null while it answers. */
export async function telegramOutage(core: Core, now = core.clock.now()): Promise<{ since: number; waiting: number } | null> {
  const reachability = await messengerReachability(core);
  if (reachability.unreachableSince === null) return null;
  const { due } = await outboxBacklog(core, now);
  return { since: reachability.unreachableSince, waiting: due };
}
