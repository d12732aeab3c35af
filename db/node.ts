import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { backupDatabaseSync, backupFileName } from './backup.js';
import type { Database, Db } from './database.js';
import { applyMigrations, MigrationFailedError, pendingMigrations, readMigrations } from './migrate.js';
import * as schema from './schema/index.js';

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface NodeDatabase extends Database {
  /** The better-sqlite3 connection itself, for what only Node does: online backups, the file's size. */
  sqlite: BetterSqlite3.Database;
  close(): void;
}

export interface OpenOptions {
  /** Before applying migrations to a database that has data, a backup goes here (the process's BACKUP_DIR). */
  backupBeforeMigrating?: { dir: string; key?: string };
  log?: (message: string) => void;
  /** Tests only: another folder of migrations. */
  migrationsFolder?: string;
}

/**
 * Opens (creating its folder) and migrates the SQLite file; ':memory:' for tests. Pending migrations run in one
 * transaction after a backup, so a failed upgrade leaves the file as it was and says how to go back.
 */
export function openNodeDatabase(path: string, options: OpenOptions = {}): NodeDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Erased people (/delete_me) must not stay readable in free pages of the file.
  sqlite.pragma('secure_delete = ON');
  // 2 MiB of pages instead of better-sqlite3's 16: what the bot and the outbox touch again (the person of an update,
  // the outbox's indexes) stays within it, the rest is in the system's file cache, a read away; and the process stays
  // near 100 MiB through a broadcast to 10,000 (bench case 5).
  sqlite.pragma('cache_size = -2000');
  try {
    migrateSafely(sqlite, path, options);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = drizzle(sqlite, { schema });
  return {
    db: db as unknown as Db,
    sqlite,
    async atomic(queries) {
      sqlite.transaction(() => {
        for (const query of queries) query.run();
      })();
    },
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

function migrateSafely(sqlite: BetterSqlite3.Database, path: string, options: OpenOptions): void {
  const migrations = readMigrations(options.migrationsFolder ?? migrationsFolder);
  const pending = pendingMigrations(sqlite, migrations);
  if (pending.length === 0) return;
  const hasData = pending.length < migrations.length;
  let backup: string | undefined;
  if (hasData && options.backupBeforeMigrating && path !== ':memory:') {
    const { dir, key } = options.backupBeforeMigrating;
    const target = join(dir, backupFileName(Date.now(), `before-${pending[0]!.tag}`));
    backup = backupDatabaseSync(sqlite, target, { migrations, key }).file;
    options.log?.(`database: ${pending.length} migration(s) to apply (${pending.map((m) => m.tag).join(', ')}); a backup was made first: ${backup}`);
  }
  try {
    applyMigrations(sqlite, pending);
  } catch (error) {
    if (!(error instanceof MigrationFailedError)) throw error;
    throw new Error(
      `${error.message}. The database is unchanged: the migrations run in one transaction, none of them was kept.` +
        (backup ? ` A copy made just before is ${backup}; to go back to it, stop the process and run: npm run cli -- restore ${backup}` : '') +
        ' Run the previous version of Маяк on this file, or report the failure with the message above.',
      { cause: error },
    );
  }
}
