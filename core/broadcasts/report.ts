/** A broadcast's report: live counts and rate, those it did not reach, and resending to the failed. */
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { broadcasts, deliveries, people, type DeliveryStatus } from '../../db/schema/index.js';
import { assertCanWrite, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { deliveryCounts } from '../deliveries/outbox.js';
import { invalidInput } from '../errors.js';
import { broadcastForAdmin, broadcastSource, type Broadcast } from './broadcasts.js';

export interface BroadcastReport {
  broadcast: Broadcast;
  recipients: number;
  sent: number;
  failed: number;
  blocked: number;
  skipped: number;
  /** In flight at a crash: maybe delivered, never resent by itself (README: "A send in flight at a crash"). */
  uncertain: number;
  /** Waiting or being sent. */
  remaining: number;
  /** Sends per second over the last 10 seconds. */
  ratePerSecond: number;
  /** Seconds to finish at that rate; null when not sending. */
  etaSeconds: number | null;
  /** 0–1 of the recipients settled. */
  progress: number;
}

const rateWindowMs = 10_000;

/** The live report (one grouped query by source), and a broadcast whose last delivery settled becomes `sent`. */
export async function broadcastReport(core: Core, actor: Actor, id: number): Promise<BroadcastReport> {
  let b = await broadcastForAdmin(core, actor, id);
  const source = broadcastSource(id);
  const counts = await deliveryCounts(core, source);
  const now = core.clock.now();
  const remaining = counts.pending + counts.sending;
  const { db } = core.database;
  if (b.status === 'sending' && b.recipients !== null && remaining === 0) {
    const [done] = await db
      .update(broadcasts)
      .set({ status: 'sent', finishedAt: now, updatedAt: now })
      .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'sending')))
      .returning();
    if (done) b = done;
  }
  const recent = await db
    .select({ n: sql<number>`count(*)` })
    .from(deliveries)
    .where(and(eq(deliveries.source, source), eq(deliveries.status, 'sent'), gte(deliveries.sentAt, now - rateWindowMs)))
    .get();
  const ratePerSecond = (recent?.n ?? 0) / (rateWindowMs / 1000);
  const recipients = Object.values(counts).reduce((a, n) => a + n, 0);
  return {
    broadcast: b,
    recipients,
    sent: counts.sent,
    failed: counts.failed,
    blocked: counts.blocked,
    skipped: counts.skipped,
    uncertain: counts.uncertain,
    remaining,
    ratePerSecond,
    etaSeconds: remaining > 0 && ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null,
    progress: recipients === 0 ? (b.status === 'sent' ? 1 : 0) : (recipients - remaining) / recipients,
  };
}

export interface FailedRecipient {
  personId: number | null;
  fullName: string | null;
  status: DeliveryStatus;
  /** The messenger it went (or would have gone) through; '' when the person had no contact. */
  channel: string;
  reason: string | null;
}

/** Everyone it did not reach for sure: failed, blocked, uncertain, skipped (with Telegram's reason or ours). */
export async function failedRecipients(core: Core, actor: Actor, id: number, limit = 1000): Promise<FailedRecipient[]> {
  await broadcastForAdmin(core, actor, id);
  return core.database.db
    .select({ personId: deliveries.personId, fullName: people.fullName, status: deliveries.status, channel: deliveries.channel, reason: deliveries.error })
    .from(deliveries)
    .leftJoin(people, eq(people.id, deliveries.personId))
    .where(and(eq(deliveries.source, broadcastSource(id)), inArray(deliveries.status, ['failed', 'blocked', 'uncertain', 'skipped'])))
    .orderBy(asc(deliveries.status), asc(deliveries.id))
    .limit(limit);
}

/**
 * "Resend to the failed": deliveries that failed (and, if asked, those uncertain after a crash, which may mean a second
 * copy for some) go back in line. Blocked and skipped are not retried: those people cannot or must not be written to.
 */
export async function resendFailed(core: Core, actor: Actor, id: number, options: { uncertain?: boolean } = {}): Promise<number> {
  assertCanWrite(actor);
  const b = await broadcastForAdmin(core, actor, id);
  if (b.status === 'cancelled' || b.status === 'draft' || b.status === 'scheduled') throw invalidInput('status', 'broadcast-not-sent');
  const now = core.clock.now();
  const statuses: DeliveryStatus[] = options.uncertain ? ['failed', 'uncertain'] : ['failed'];
  const rows = await core.database.db
    .update(deliveries)
    .set({ status: 'pending', attempts: 0, notBefore: now, error: null, claimedAt: null })
    .where(and(eq(deliveries.source, broadcastSource(id)), inArray(deliveries.status, statuses)))
    .returning({ id: deliveries.id });
  if (rows.length) {
    await core.database.atomic([
      core.database.db.update(broadcasts).set({ status: 'sending', finishedAt: null, updatedAt: now }).where(eq(broadcasts.id, id)),
      auditEntry(core, actor, {
        action: 'broadcast.resend',
        entity: 'broadcast',
        entityId: id,
        municipalityId: b.municipalityId,
        after: { resent: rows.length, uncertain: Boolean(options.uncertain) },
      }),
    ]);
    core.outboxChanged();
  }
  return rows.length;
}
