import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema/index.js';

/** A drizzle handle that both better-sqlite3 (sync) and D1 (async) satisfy when every query is awaited. */
export type Db = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;

/** A query builder not yet run; `atomic` runs a list of them all or none. */
export interface PendingQuery {
  run(): unknown;
}

/**
 * The database as the domain sees it. `atomic` exists because the drivers disagree on transactions:
 * better-sqlite3 only takes synchronous ones, D1 only `batch([...])`.
 */
export interface Database {
  db: Db;
  atomic(queries: PendingQuery[]): Promise<void>;
}
