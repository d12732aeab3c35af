import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { recordBackup, type BackupRecord } from '../core/operations/backups.js';
import type { Db } from '../db/database.js';
import * as schema from '../db/schema/index.js';
import { backupDatabase, backupFileName, pruneBackups } from '../db/backup.js';
import { readMigrations } from '../db/migrate.js';
import { migrationsFolder, type NodeDatabase } from '../db/node.js';
import type { Config } from './config.js';
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

/** Where backups go: BACKUP_DIR, or `backups/` beside the database file (Node only: Workers keep no files). */
export function backupDir(config: Config): string {
  return config.BACKUP_DIR ?? join(dirname(config.DATABASE_PATH), 'backups');
}
