import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Database, Db } from './database.js';
import * as schema from './schema/index.js';

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface NodeDatabase extends Database {
  close(): void;
}

/** Opens (creating its folder) and migrates the SQLite file; ':memory:' for tests. */
export function openNodeDatabase(path: string): NodeDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Erased people (/delete_me) must not stay readable in free pages of the file.
  sqlite.pragma('secure_delete = ON');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
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
