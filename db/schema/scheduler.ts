import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** `paused`: held by an admin on the schedule page until resumed (never claimed meanwhile). */
export type ScheduledJobStatus = 'due' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled' | 'paused';

/**
 * All future work is a row here; `tick(now)` claims the due ones with one UPDATE … RETURNING,
 * so two processes or a restart never run the same row twice.
 */
export const scheduledJobs = sqliteTable(
  'scheduled_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    dueAt: integer('due_at').notNull(),
    status: text('status').$type<ScheduledJobStatus>().notNull().default('due'),
    /** Makes "schedule this once" idempotent (e.g. one reminder per event, person and offset). */
    dedupeKey: text('dedupe_key').unique(),
    attempts: integer('attempts').notNull().default(0),
    claimedAt: integer('claimed_at'),
    finishedAt: integer('finished_at'),
    /** Why it was skipped or failed. */
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('scheduled_jobs_due').on(t.status, t.dueAt)],
);
