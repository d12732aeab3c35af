import type BetterSqlite3 from 'better-sqlite3';
import type { Core } from '../../core/core.js';
import { searchKey } from '../../core/directory/places.js';
import { insertPeople } from './people.js';

/** Set by a test while the outbox's `enqueueDeliveries` runs, so its statements are counted apart. */
export const outbox = { running: false };

export interface StatementCount<T> {
  result: T;
  /** Every statement but BEGIN/COMMIT (D1 has none: `atomic` is one batch there). */
  statements: number;
  /** Of those, the ones the outbox ran (core/deliveries: reachability, quiet hours, pacing, the inserts). */
  inOutbox: number;
  sql: string[];
  /** Each statement with what was bound to it, to ask SQLite how it ran it (EXPLAIN QUERY PLAN). */
  runs: { sql: string; args: unknown[] }[];
}

/**
 * Counts the SQL statements a piece of work runs (each run, get, all or iterate of a prepared statement, whatever
 * drizzle does around it): D1 bills and limits queries per invocation, so this is the figure that matters there.
 */
export async function countStatements<T>(sqlite: BetterSqlite3.Database, work: () => Promise<T>): Promise<StatementCount<T>> {
  const statement = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown>;
  const originals = { run: statement.run, get: statement.get, all: statement.all, iterate: statement.iterate };
  const sql: string[] = [];
  const runs: { sql: string; args: unknown[] }[] = [];
  let inOutbox = 0;
  for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
    const original = originals[name];
    statement[name] = function counted(this: { source: string }, ...args: unknown[]) {
      if (!/^(BEGIN|COMMIT|ROLLBACK)\b/i.test(this.source)) {
        sql.push(this.source);
        runs.push({ sql: this.source, args });
        if (outbox.running) inOutbox += 1;
      }
      return original.apply(this, args);
    };
  }
  try {
    const result = await work();
    return { result, statements: sql.length, inOutbox, sql, runs };
  } finally {
    Object.assign(statement, originals);
  }
}

/** `n` active, consented teachers without a zone of their own, spread over the demo region's five schools. */
export async function addTeachers(core: Core, n: number, firstTelegramId = 900_000): Promise<void> {
  const now = core.clock.now();
  const schoolMunicipality = [1, 1, 2, 2, 3];
  const rows = Array.from({ length: n }, (_, i) => {
    const name = `Учитель ${i + 1}`;
    const schoolId = (i % 5) + 1;
    return {
      telegramId: firstTelegramId + i,
      fullName: name,
      searchName: searchKey(name),
      roles: ['teacher'],
      municipalityId: schoolMunicipality[schoolId - 1]!,
      schoolId,
      status: 'active' as const,
      consentAt: now,
      consentVersion: 'test',
      createdAt: now,
      updatedAt: now,
    };
  });
  await insertPeople(core, rows);
}
