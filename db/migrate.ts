import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { z } from 'zod';

/** drizzle's own bookkeeping table: kept, so a database migrated by drizzle's migrator and by this one is the same. */
const migrationsTable = '__drizzle_migrations';

export interface Migration {
  /** The file's name without `.sql`, e.g. `0011_surveys`: what people call the schema version. */
  tag: string;
  folderMillis: number;
  hash: string;
  statements: string[];
}

const journalSchema = z.object({ entries: z.array(z.object({ tag: z.string(), when: z.number() })) });

/** Every migration in the folder, oldest first, as drizzle-kit wrote them. */
export function readMigrations(folder: string): Migration[] {
  const journal = journalSchema.parse(JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')));
  const files = readMigrationFiles({ migrationsFolder: folder });
  return journal.entries.map((entry, i) => ({ tag: entry.tag, folderMillis: entry.when, hash: files[i]!.hash, statements: files[i]!.sql }));
}

function lastAppliedMillis(sqlite: BetterSqlite3.Database): number | undefined {
  const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(migrationsTable);
  if (!table) return undefined;
  const row = sqlite.prepare(`SELECT created_at AS at FROM ${migrationsTable} ORDER BY created_at DESC LIMIT 1`).get() as { at: number } | undefined;
  return row ? Number(row.at) : undefined;
}

/** The migrations this database has not had yet (as drizzle decides: newer than the last applied). */
export function pendingMigrations(sqlite: BetterSqlite3.Database, migrations: Migration[]): Migration[] {
  const last = lastAppliedMillis(sqlite);
  return last === undefined ? migrations : migrations.filter((m) => m.folderMillis > last);
}

/** The tag of the last migration applied to this database, or undefined for an empty one. */
export function schemaVersion(sqlite: BetterSqlite3.Database, migrations: Migration[]): string | undefined {
  const last = lastAppliedMillis(sqlite);
  if (last === undefined) return undefined;
  return migrations.find((m) => m.folderMillis === last)?.tag ?? `unknown (${last})`;
}

export class MigrationFailedError extends Error {
  constructor(
    readonly tag: string,
    failure: unknown,
  ) {
    super(`migration ${tag} failed: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure });
  }
}

/**
 * Applies the pending migrations all in one transaction, like drizzle's migrator, but names the one that failed.
 * A failure (or the process dying half-way) leaves the database exactly as it was: SQLite rolls the transaction back.
 */
export function applyMigrations(sqlite: BetterSqlite3.Database, pending: Migration[]): void {
  if (pending.length === 0) return;
  sqlite.exec(`CREATE TABLE IF NOT EXISTS ${migrationsTable} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
  const record = sqlite.prepare(`INSERT INTO ${migrationsTable} ("hash", "created_at") VALUES (?, ?)`);
  sqlite.transaction(() => {
    for (const migration of pending) {
      try {
        for (const statement of migration.statements) if (statement.trim()) sqlite.exec(statement);
      } catch (error) {
        throw new MigrationFailedError(migration.tag, error);
      }
      record.run(migration.hash, migration.folderMillis);
    }
  })();
}
