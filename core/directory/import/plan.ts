// What an import would do (its problems and changes), and the row-by-row tools each kind's check builds it with.
import { getTableColumns, type InferInsertModel } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { PendingQuery } from '../../../db/database.js';
import type { Actor, Scope } from '../../admins/access.js';
import type { Core } from '../../core.js';
import { searchKey, type Municipality } from '../places.js';
import type { HeaderMap, ImportKind } from './columns.js';
import type { CsvDelimiter, CsvEncoding } from './csv.js';

/**
 * One thing wrong with the file: `row` as Excel numbers it (the header is row 1), or null for the whole file;
 * `column` as the file's header names it. `reason` is `import-problem-<reason>` in locales/.
 */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  reason: string;
  params?: Record<string, string | number>;
}

export interface ImportChange {
  row: number;
  action: 'create' | 'update';
  /** What the row is about: a name, or a school's code and short name. */
  label: string;
  /** For an update: the columns whose values change. */
  fields: string[];
}

export interface ImportPlan {
  kind: ImportKind;
  fileName: string;
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  /** Data rows read (rows with only empty cells are not counted). */
  rows: number;
  /** The file's headers recognized, with our name of each. */
  columns: { header: string; column: string }[];
  /** Anything here blocks the import. */
  problems: ImportProblem[];
  /** Shown, not blocking: unknown columns (their cells are ignored). */
  warnings: ImportProblem[];
  changes: ImportChange[];
  created: number;
  updated: number;
  unchanged: number;
  /** The queries that carry the plan out, built when asked for; none when there are problems. */
  queries: () => PendingQuery[];
  /** Municipalities the changes touch, for the audit entry. */
  municipalityIds: number[];
}

export interface ImportInput {
  kind: ImportKind;
  fileName: string;
  bytes: Uint8Array;
}

/** What each kind's check reads and writes into: the file's rows, the actor's scope and the plan. */
export interface PlanContext {
  core: Core;
  actor: Actor;
  scope: Scope;
  header: HeaderMap;
  rows: { row: number; cells: string[] }[];
  plan: ImportPlan;
  now: number;
}

/** The cells of one row by our column names, and the problems found in it. */
export class Row {
  bad = false;
  constructor(
    readonly number: number,
    private readonly cells: string[],
    private readonly header: HeaderMap,
    private readonly problems: ImportProblem[],
  ) {}

  has(column: string): boolean {
    return this.header.index.has(column);
  }

  /** undefined when the file has no such column; '' when the cell is empty. Runs of spaces become one. */
  get(column: string): string | undefined {
    const i = this.header.index.get(column);
    return i === undefined ? undefined : (this.cells[i] ?? '').replace(/\s+/g, ' ').trim();
  }

  /** A cell that must be filled in, within length bounds. */
  text(column: string, min: number, max: number): string {
    const value = this.get(column) ?? '';
    if (value === '') this.problem(column, 'required');
    else if (/\p{Cc}/u.test(value)) this.problem(column, 'bad-characters');
    else if (value.length < min) this.problem(column, 'too-short', { min });
    else if (value.length > max) this.problem(column, 'too-long', { max });
    return value;
  }

  problem(column: string | null, reason: string, params?: Record<string, string | number>): void {
    this.bad = true;
    this.problems.push({ row: this.number, column: column === null ? null : (this.header.label.get(column) ?? column), reason, ...(params ? { params } : {}) });
  }
}

/** The file's data rows, each reporting its problems into the plan. */
export function rowsOf(context: PlanContext): Row[] {
  return context.rows.map((r) => new Row(r.row, r.cells, context.header, context.plan.problems));
}

/** Remembers each key's first row, to name it when a later row repeats the key. */
export class FirstSeen {
  private readonly rows = new Map<string, number>();
  /** The earlier row with this key, if any; otherwise records this one. */
  check(key: string, row: number): number | undefined {
    const first = this.rows.get(key);
    if (first === undefined) this.rows.set(key, row);
    return first;
  }
}

/** The same items, in any order. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));
}

/** Multi-row inserts of at most ~100 bound values each (D1's limit per statement). */
export function insertsOf<T extends SQLiteTable>(core: Core, table: T, rows: InferInsertModel<T>[]): PendingQuery[] {
  const perRow = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.floor(100 / perRow));
  const queries: PendingQuery[] = [];
  for (let i = 0; i < rows.length; i += size) queries.push(core.database.db.insert(table).values(rows.slice(i, i + size)));
  return queries;
}

/** Municipality lookup by name as search compares it; ambiguous when two names fold to the same key. */
export function municipalityFinder(all: Municipality[]) {
  const byKey = new Map<string, Municipality[]>();
  for (const m of all) byKey.set(searchKey(m.name), [...(byKey.get(searchKey(m.name)) ?? []), m]);
  const byId = new Map(all.map((m) => [m.id, m]));
  return {
    byId,
    /** Resolves the cell or records the row's problem. */
    resolve(row: Row, column: string, name: string): Municipality | undefined {
      const found = byKey.get(searchKey(name)) ?? [];
      if (found.length === 0) row.problem(column, 'no-such-municipality', { value: name });
      else if (found.length > 1) row.problem(column, 'ambiguous-municipality', { value: name });
      return found.length === 1 ? found[0] : undefined;
    },
  };
}

/** Records the municipalities a change touches, each once, for the audit entry. */
export function touch(plan: ImportPlan, ...ids: (number | null | undefined)[]): void {
  for (const id of ids) if (id !== null && id !== undefined && !plan.municipalityIds.includes(id)) plan.municipalityIds.push(id);
}
