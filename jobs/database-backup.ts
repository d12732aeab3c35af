import { databaseBackupKind, recordBackup, scheduleNextBackup } from '../core/operations/backups.js';
import type { JobDefinition } from './job.js';

export interface MadeBackup {
  file: string;
  bytes: number;
}

/** After a failure, tried again this soon (or at the usual interval if that is shorter). */
const retryAfterFailureMs = 3_600_000;

/**
 * The daily backup. Making it is the runtime's (Node: SQLite's online backup of the file), so the job is built
 * around that function; it records the outcome for the dashboard and /healthz and books the next one.
 */
export function databaseBackupJob(makeBackup: (now: number) => Promise<MadeBackup>, intervalMs: number, log?: (message: string) => void): JobDefinition {
  return {
    kind: databaseBackupKind,
    maxLatenessMs: Number.POSITIVE_INFINITY,
    async run(core, _payload, now) {
      const started = Date.now();
      try {
        const made = await makeBackup(now);
        await recordBackup(core, { at: now, ok: true, file: made.file, bytes: made.bytes, durationMs: Date.now() - started });
        await scheduleNextBackup(core, now + intervalMs);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log?.(`backup failed: ${reason}`);
        await recordBackup(core, { at: now, ok: false, error: reason, durationMs: Date.now() - started });
        await scheduleNextBackup(core, now + Math.min(intervalMs, retryAfterFailureMs));
      }
    },
  };
}
