import { and, count, eq, lte, min } from 'drizzle-orm';
import { deliveries } from '../../db/schema/index.js';
import type { Core } from '../core.js';

/** What waits in the outbox: for monitoring, the panel's outage banner and the dashboard. */
export interface OutboxBacklog {
  /** Pending messages whose time has come (those held for quiet hours or a later time are not counted). */
  due: number;
  /** When the longest-waiting of them fell due; null when none is due. */
  oldestDueAt: number | null;
}

/** Two aggregate reads over the outbox's queue index (status, priority, not_before). */
export async function outboxBacklog(core: Core, now = core.clock.now()): Promise<OutboxBacklog> {
  const row = await core.database.db
    .select({ due: count(), oldest: min(deliveries.notBefore) })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'pending'), lte(deliveries.notBefore, now)))
    .get();
  return { due: row?.due ?? 0, oldestDueAt: row?.oldest ?? null };
}
