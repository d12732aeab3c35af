import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { scheduledJobs, systemState } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { scheduleJobs } from '../scheduler/jobs.js';

/** The kind of the scheduled job that makes a backup (the job itself is Node's: it needs the SQLite file). */
export const databaseBackupKind = 'database-backup';

/** Older than this, the last good backup is a warning on the dashboard and on /healthz. */
export const backupStaleMs = 2 * 86_400_000;

const recordSchema = z.object({
  at: z.number(),
  ok: z.boolean(),
  file: z.string().optional(),
  bytes: z.number().optional(),
  durationMs: z.number().optional(),
  error: z.string().optional(),
});

export type BackupRecord = z.infer<typeof recordSchema>;

const lastAttemptKey = 'backup:last-attempt';
const lastGoodKey = 'backup:last-ok';

async function read(core: Core, key: string): Promise<BackupRecord | undefined> {
  const row = await core.database.db.select().from(systemState).where(eq(systemState.key, key)).get();
  if (!row) return undefined;
  const parsed = recordSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : undefined;
}

async function write(core: { database: Pick<Core['database'], 'db'> }, key: string, record: BackupRecord): Promise<void> {
  const value = JSON.stringify(record);
  await core.database.db
    .insert(systemState)
    .values({ key, value, updatedAt: record.at })
    .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: record.at } });
}

/** Remembers a backup (made by the schedule or the CLI) or its failure. Needs only the database. */
export async function recordBackup(core: Pick<Core, 'database'> | { database: Pick<Core['database'], 'db'> }, record: BackupRecord): Promise<void> {
  await write(core, lastAttemptKey, record);
  if (record.ok) await write(core, lastGoodKey, record);
}

export interface BackupStatus {
  /** ok; stale: the last good one is older than two days; failed: the last attempt failed; never: none yet. */
  state: 'ok' | 'stale' | 'failed' | 'never';
  lastAt: number | null;
  lastBytes: number | null;
  ageMs: number | null;
  /** Why the last attempt failed, when it did. */
  error: string | null;
}

export async function backupStatus(core: Core, now: number): Promise<BackupStatus> {
  const [attempt, good] = await Promise.all([read(core, lastAttemptKey), read(core, lastGoodKey)]);
  const base = { lastAt: good?.at ?? null, lastBytes: good?.bytes ?? null, ageMs: good ? now - good.at : null, error: null };
  if (attempt && !attempt.ok) return { ...base, state: 'failed', error: attempt.error ?? 'unknown' };
  if (!good) return { ...base, state: 'never' };
  return { ...base, state: now - good.at > backupStaleMs ? 'stale' : 'ok' };
}

/**
 * Keeps one backup on the books: if none is due, one at `at` (after a start: a day after the last good one, or
 * soon when there was none). The dedupe key makes two processes starting at once schedule it once.
 */
export async function ensureBackupScheduled(core: Core, now: number, intervalMs: number): Promise<void> {
  const due = await core.database.db
    .select({ id: scheduledJobs.id })
    .from(scheduledJobs)
    .where(and(eq(scheduledJobs.kind, databaseBackupKind), eq(scheduledJobs.status, 'due')))
    .get();
  if (due) return;
  const good = await read(core, lastGoodKey);
  await scheduleNextBackup(core, Math.max(now + 5 * 60_000, (good?.at ?? 0) + intervalMs));
}

export async function scheduleNextBackup(core: Core, at: number): Promise<void> {
  await scheduleJobs(core, [{ kind: databaseBackupKind, dueAt: at, dedupeKey: `${databaseBackupKind}:${at}` }]);
}

/** A size as people read it: KiB below a MiB, else MiB. */
export function humanBytes(bytes: number): string {
  return bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
}
