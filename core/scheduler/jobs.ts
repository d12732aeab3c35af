import { and, asc, eq, inArray, lte, min, or, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared.js';
import { scheduledJobs } from '../../db/schema/index.js';
import type { Core } from '../core.js';

export type ScheduledJob = typeof scheduledJobs.$inferSelect;

export interface NewScheduledJob {
  kind: string;
  payload?: Record<string, unknown>;
  dueAt: number;
  /** Scheduling the same key again is a no-op, so callers need not check first. */
  dedupeKey?: string;
}

/** A claimed job whose process died is claimed again after this long (handlers are idempotent). */
export const staleClaimMs = 10 * 60_000;

export async function scheduleJobs(core: Core, jobs: NewScheduledJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const now = core.clock.now();
  const rows = jobs.map((j) => ({ kind: j.kind, payload: j.payload ?? {}, dueAt: j.dueAt, dedupeKey: j.dedupeKey ?? null, createdAt: now }));
  // D1 binds at most 100 parameters per statement.
  const statements = [];
  for (let i = 0; i < rows.length; i += 15)
    statements.push(
      core.database.db
        .insert(scheduledJobs)
        .values(rows.slice(i, i + 15))
        .onConflictDoNothing(),
    );
  await core.database.atomic(statements);
  core.outboxChanged();
}

/** Claims due work (and work abandoned by a dead process) in one atomic UPDATE … RETURNING. */
export async function claimDueJobs(core: Core, now: number, limit = 50): Promise<ScheduledJob[]> {
  const { db } = core.database;
  // Run by every tick, dozens a second while the outbox sends: prepared once.
  const claim = prepared(db, 'jobs-claim-due', () => {
    const due = db
      .select({ id: scheduledJobs.id })
      .from(scheduledJobs)
      .where(
        or(
          and(eq(scheduledJobs.status, 'due'), lte(scheduledJobs.dueAt, sql.placeholder('now'))),
          and(eq(scheduledJobs.status, 'running'), lte(scheduledJobs.claimedAt, sql.placeholder('staleBefore'))),
        ),
      )
      .orderBy(asc(scheduledJobs.dueAt))
      .limit(sql.placeholder('limit'));
    return db
      .update(scheduledJobs)
      .set({ status: 'running', claimedAt: sql`${sql.placeholder('now')}`, attempts: sql`${scheduledJobs.attempts} + 1` })
      .where(inArray(scheduledJobs.id, due))
      .returning()
      .prepare();
  });
  return claim.all({ now, staleBefore: now - staleClaimMs, limit });
}

export async function finishJob(core: Core, id: number, status: 'done' | 'skipped' | 'failed', note?: string): Promise<void> {
  await core.database.db
    .update(scheduledJobs)
    .set({ status, note: note ?? null, finishedAt: core.clock.now() })
    .where(eq(scheduledJobs.id, id));
}

/** Puts a job that threw back in line for a later try. */
export async function retryJob(core: Core, id: number, dueAt: number, note: string): Promise<void> {
  await core.database.db.update(scheduledJobs).set({ status: 'due', dueAt, note }).where(eq(scheduledJobs.id, id));
}

export async function nextJobDueAt(core: Core): Promise<number | null> {
  const { db } = core.database;
  const query = prepared(db, 'jobs-next-due', () =>
    db
      .select({ at: min(scheduledJobs.dueAt) })
      .from(scheduledJobs)
      .where(eq(scheduledJobs.status, 'due'))
      .prepare(),
  );
  const row = await query.get();
  return row?.at ?? null;
}

export async function jobsOfKind(core: Core, kind: string): Promise<ScheduledJob[]> {
  return core.database.db.select().from(scheduledJobs).where(eq(scheduledJobs.kind, kind)).orderBy(asc(scheduledJobs.id));
}
