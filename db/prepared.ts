import type { Db } from './database.js';

const cache = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement prepared once per database handle and reused. On the hot path (every update looks up its person
 * and its conversation) building and compiling the query each time costs ~100 µs; a prepared one ~2 µs.
 * Works on both drivers: drizzle's `.prepare()` exists for better-sqlite3 and D1, and its results are awaited.
 */
export function prepared<T>(db: Db, name: string, build: () => T): T {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) statements.set(name, (statement = build()));
  return statement;
}
