import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { z } from 'zod';
import { recordBackup, type BackupRecord } from '../core/operations/backups.js';
import type { Db } from '../db/database.js';
import * as schema from '../db/schema/index.js';
import { backupDatabase, backupFileName, pruneBackups } from '../db/backup.js';
import { readMigrations } from '../db/migrate.js';
import { migrationsFolder, type NodeDatabase } from '../db/node.js';
import { databaseBackupJob } from '../jobs/database-backup.js';
import type { JobDefinition } from '../jobs/job.js';

export interface BackupSettings {
  /** BACKUP_DIR, resolved. */
  dir: string;
  key?: string;
  intervalMs: number;
}

/** The scheduled backup on Node: an online copy of the open file into the folder, then the retention applied. */
export function nodeBackupJob(database: NodeDatabase, settings: BackupSettings, log?: (message: string) => void): JobDefinition {
  const migrations = readMigrations(migrationsFolder);
  return databaseBackupJob(
    async (now) => {
      const made = await backupDatabase(database.sqlite, join(settings.dir, backupFileName(now)), { migrations, key: settings.key, now });
      const pruned = pruneBackups(settings.dir);
      if (pruned.length) log?.(`backup: removed ${pruned.length} old backup(s) by the retention (7 daily, 4 weekly)`);
      return made;
    },
    settings.intervalMs,
    log,
  );
}

/** Records a backup made outside the product (the CLI) in the file itself, for the dashboard and /healthz. */
export function recordBackupInFile(sqlite: BetterSqlite3.Database, record: BackupRecord): Promise<void> {
  return recordBackup({ database: { db: drizzle(sqlite, { schema }) as unknown as Db } }, record);
}

const holderSchema = z.object({ pid: z.number().int().positive(), host: z.string(), startedAt: z.string() });

/**
 * The live process holding the database (its `<DATABASE_PATH>.lock`: pid, host, start), or undefined. A lock left
 * by a process that is gone does not count; one of another host cannot be checked and does.
 */
export function databaseHolder(databasePath: string): z.infer<typeof holderSchema> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(`${databasePath}.lock`, 'utf8'));
  } catch {
    return undefined;
  }
  const holder = holderSchema.safeParse(json);
  if (!holder.success) return undefined;
  if (holder.data.host !== hostname()) return holder.data;
  try {
    process.kill(holder.data.pid, 0);
    return holder.data;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? holder.data : undefined;
  }
}
