import BetterSqlite3 from 'better-sqlite3';

/** D1 refuses a statement with more than this many bound parameters; better-sqlite3 allows 32,766. */
export const d1MaxBoundParameters = 100;

/** How many `?` placeholders a statement binds, string literals and quoted names left out. */
export function boundParameters(sql: string): number {
  let count = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '?') count += 1;
  }
  return count;
}

/**
 * Every statement prepared in a test process is held to D1's limit, so a query that would fail on Workers
 * fails here first (only a D1 run would otherwise catch it).
 */
const prepare = BetterSqlite3.prototype.prepare;
BetterSqlite3.prototype.prepare = function prepareWithinD1Limits(this: BetterSqlite3.Database, sql: string) {
  const n = boundParameters(sql);
  if (n > d1MaxBoundParameters)
    throw new Error(`too many SQL variables for D1: ${n} bound parameters (at most ${d1MaxBoundParameters}) in: ${sql.slice(0, 200)}`);
  return prepare.call(this, sql);
} as typeof prepare;
