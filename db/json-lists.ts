import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * `column IN (…)` with the whole list bound as one JSON parameter: D1 binds at most 100 parameters per statement, so
 * a list of a few hundred people would otherwise take several statements (and several of D1's billed queries).
 */
export function inJsonList(column: SQLWrapper, values: readonly (number | string)[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * Splits rows into JSON arrays of at most `maxBytes` each, for inserts that read their rows from `json_each`: one
 * bound parameter a statement whatever the row count, kept well under D1's 2 MB limit for one value.
 */
export function jsonBatches<T>(rows: readonly T[], maxBytes = 512_000): string[] {
  const batches: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (current.length > 0 && size + json.length + 1 > maxBytes) {
      batches.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) batches.push(`[${current.join(',')}]`);
  return batches;
}
