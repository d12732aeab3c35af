import { getTableColumns, ne, eq, isNotNull, type InferInsertModel } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { municipalities, people, schools, type PersonStatus } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import { assertCanWrite, inScope, scopeOf, type Actor, type Scope } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { importColumns, importKinds, kindsMatching, mapHeader, type HeaderMap, type ImportKind } from './import/columns.js';
import { readCsv, type CsvDelimiter, type CsvEncoding } from './import/csv.js';
import { canonicalRoles, canonicalSubjects, canonicalTags, roleOf, splitList, subjectOf, tagOf, timezoneOf } from './import/words.js';
// The same rules as the school form: codes, free tags and how many of them.
import { freeTagPattern, maxFreeTags, schoolCodePattern } from './schools.js';
import { searchKey, type Municipality } from './places.js';
import { schoolRoles, schoolTags, type PersonRole, type Subject } from './vocabulary.js';

/**
 * CSV import of the directory: municipalities, schools and people, each by its natural key.
 * `planImport` reads and checks the whole file and says what would change, writing nothing;
 * `applyImport` writes a clean plan in one atomic batch with one audit entry.
 *
 * Natural keys: a municipality by its name (ignoring case, ё/е and quotes); a school by its code;
 * a person by telegram_id when the row has one, else by the full name (as search compares it) at the same school
 * (or, without a school, in the same municipality).
 */

export { importColumns, importKinds, type ImportKind } from './import/columns.js';

export const maxImportBytes = 5 * 1024 * 1024;
export const maxImportRows = 20_000;

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

/** Viewers import nothing; municipalities are the owner's and editors' (a coordinator works within theirs). */
export function canImport(actor: Actor, kind?: ImportKind): boolean {
  if (actor.role === 'viewer') return false;
  return kind !== 'municipalities' || actor.role === 'owner' || actor.role === 'editor';
}

export function assertCanImport(actor: Actor, kind?: ImportKind): void {
  assertCanWrite(actor);
  if (!canImport(actor, kind)) throw new DomainError('not-allowed', `cannot import ${kind}`);
}

export function isImportKind(value: unknown): value is ImportKind {
  return typeof value === 'string' && (importKinds as readonly string[]).includes(value);
}

/** Reads and checks the whole file against the database; writes nothing. */
export async function planImport(core: Core, actor: Actor, input: ImportInput): Promise<ImportPlan> {
  assertCanImport(actor, input.kind);
  const plan: ImportPlan = {
    kind: input.kind,
    fileName: input.fileName,
    encoding: null,
    delimiter: null,
    rows: 0,
    columns: [],
    problems: [],
    warnings: [],
    changes: [],
    created: 0,
    updated: 0,
    unchanged: 0,
    queries: () => [],
    municipalityIds: [],
  };
  if (input.bytes.length > maxImportBytes) {
    plan.problems.push({ row: null, column: null, reason: 'too-large', params: { max: maxImportBytes / 1024 / 1024 } });
    return plan;
  }
  const read = readCsv(input.bytes, maxImportRows);
  if (!read.ok) {
    plan.problems.push({ row: null, column: null, reason: read.failure.reason, ...(read.failure.params ? { params: read.failure.params } : {}) });
    return plan;
  }
  const { table } = read;
  plan.encoding = table.encoding;
  plan.delimiter = table.delimiter;
  plan.rows = table.rows.length;
  const header = mapHeader(input.kind, table.header, table.rows);
  plan.columns = [...header.label].map(([column, label]) => ({ header: label, column }));
  for (const column of header.unknown) plan.warnings.push({ row: 1, column, reason: 'unknown-column' });
  for (const p of header.problems)
    plan.problems.push({
      row: p.reason === 'duplicate-column' ? 1 : null,
      column: p.column,
      reason: p.reason,
      ...(p.reason === 'missing-column' ? { params: { aliases: aliasesOf(input.kind, p.column) } } : {}),
    });
  // A file of another kind: it has that kind's columns and (when ours are all there too) fewer unknown ones.
  const better = kindsMatching(table.header).filter(
    (k) => k !== input.kind && (header.problems.length > 0 || mapHeader(k, table.header, table.rows).unknown.length < header.unknown.length),
  );
  if (better.length > 0) {
    plan.problems.push({ row: null, column: null, reason: 'wrong-kind', params: { kind: better[0]! } });
  }
  if (table.rows.length === 0) plan.problems.push({ row: null, column: null, reason: 'no-data-rows' });
  // Without the required columns, every row would repeat the same complaint: the file-level problem says it once.
  if (plan.problems.length > 0) return plan;

  const context: PlanContext = { core, scope: scopeOf(actor), header, rows: table.rows, plan, now: core.clock.now(), actor };
  if (input.kind === 'municipalities') await planMunicipalities(context);
  else if (input.kind === 'schools') await planSchools(context);
  else await planPeople(context);
  plan.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  plan.created = plan.changes.filter((c) => c.action === 'create').length;
  plan.updated = plan.changes.filter((c) => c.action === 'update').length;
  if (plan.problems.length > 0) {
    plan.queries = () => [];
    plan.municipalityIds = [];
  }
  return plan;
}

/** Writes a plan without problems: all rows and one audit entry in one atomic batch; nothing (no entry) when nothing changes. */
export async function applyImport(core: Core, actor: Actor, plan: ImportPlan): Promise<{ created: number; updated: number; unchanged: number }> {
  assertCanImport(actor, plan.kind);
  if (plan.problems.length > 0) throw new DomainError('invalid-input', 'the file has problems', [{ field: 'file', reason: 'import-has-problems' }]);
  const result = { created: plan.created, updated: plan.updated, unchanged: plan.unchanged };
  if (plan.created + plan.updated === 0) return result;
  const entry = auditEntry(core, actor, {
    action: `import.${plan.kind}`,
    entity: 'import',
    municipalityId: plan.municipalityIds.length === 1 ? plan.municipalityIds[0]! : null,
    after: { ...result, fileName: plan.fileName },
  });
  try {
    await core.database.atomic([...plan.queries(), entry]);
  } catch (error) {
    // Someone else created the same school or person between the check and the write: nothing was written.
    if (error instanceof Error && /UNIQUE constraint failed/i.test(error.message)) {
      throw new DomainError('invalid-input', 'changed meanwhile', [{ field: 'file', reason: 'import-conflict' }]);
    }
    throw error;
  }
  return result;
}

function aliasesOf(kind: ImportKind, column: string): string {
  return (
    importColumns[kind]
      .find((c) => c.name === column)
      ?.aliases.filter((a) => /[а-яё]/i.test(a))
      .join(', ') ?? ''
  );
}

interface PlanContext {
  core: Core;
  actor: Actor;
  scope: Scope;
  header: HeaderMap;
  rows: { row: number; cells: string[] }[];
  plan: ImportPlan;
  now: number;
}

/** The cells of one row by our column names, and the problems found in it. */
class Row {
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

function rowsOf(context: PlanContext): Row[] {
  return context.rows.map((r) => new Row(r.row, r.cells, context.header, context.plan.problems));
}

/** Remembers each key's first row, to name it when a later row repeats the key. */
class FirstSeen {
  private readonly rows = new Map<string, number>();
  /** The earlier row with this key, if any; otherwise records this one. */
  check(key: string, row: number): number | undefined {
    const first = this.rows.get(key);
    if (first === undefined) this.rows.set(key, row);
    return first;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));
}

/** Multi-row inserts of at most ~100 bound values each (D1's limit per statement). */
function insertsOf<T extends SQLiteTable>(core: Core, table: T, rows: InferInsertModel<T>[]): PendingQuery[] {
  const perRow = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.floor(100 / perRow));
  const queries: PendingQuery[] = [];
  for (let i = 0; i < rows.length; i += size) queries.push(core.database.db.insert(table).values(rows.slice(i, i + size)));
  return queries;
}

/** Municipality lookup by name as search compares it; ambiguous when two names fold to the same key. */
function municipalityFinder(all: Municipality[]) {
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

function touch(plan: ImportPlan, ...ids: (number | null | undefined)[]): void {
  for (const id of ids) if (id !== null && id !== undefined && !plan.municipalityIds.includes(id)) plan.municipalityIds.push(id);
}

async function planMunicipalities(context: PlanContext): Promise<void> {
  const { core, plan, now } = context;
  const existing = await core.database.db.select().from(municipalities);
  const byKey = new Map(existing.map((m) => [searchKey(m.name), m]));
  const seen = new FirstSeen();
  const inserts: InferInsertModel<typeof municipalities>[] = [];
  const updates: { id: number; timezone: string | null }[] = [];
  for (const row of rowsOf(context)) {
    const name = row.text('name', 2, 200);
    const zoneCell = row.get('timezone');
    let timezone: string | null | undefined;
    if (zoneCell !== undefined && zoneCell !== '') {
      timezone = timezoneOf(zoneCell);
      if (timezone === undefined) row.problem('timezone', 'unknown-timezone', { value: zoneCell });
    } else if (zoneCell === '') timezone = null;
    if (name !== '') {
      const first = seen.check(searchKey(name), row.number);
      if (first !== undefined) row.problem('name', 'duplicate-key', { first: String(first) });
    }
    if (row.bad) continue;
    const current = byKey.get(searchKey(name));
    if (!current) {
      inserts.push({ name, timezone: timezone ?? null, createdAt: now });
      plan.changes.push({ row: row.number, action: 'create', label: name, fields: [] });
    } else if (timezone !== undefined && timezone !== current.timezone) {
      updates.push({ id: current.id, timezone });
      plan.changes.push({ row: row.number, action: 'update', label: current.name, fields: ['timezone'] });
      touch(plan, current.id);
    } else plan.unchanged++;
  }
  plan.queries = () => [
    ...insertsOf(core, municipalities, inserts),
    ...updates.map((u) => core.database.db.update(municipalities).set({ timezone: u.timezone }).where(eq(municipalities.id, u.id))),
  ];
}

async function planSchools(context: PlanContext): Promise<void> {
  const { core, plan, now, scope } = context;
  const { db } = core.database;
  const [allMunicipalities, existing] = await Promise.all([db.select().from(municipalities), db.select().from(schools).where(isNotNull(schools.code))]);
  const places = municipalityFinder(allMunicipalities);
  const byCode = new Map(existing.map((s) => [s.code!, s]));
  const seen = new FirstSeen();
  const inserts: InferInsertModel<typeof schools>[] = [];
  const updates: { id: number; set: Partial<InferInsertModel<typeof schools>> }[] = [];
  for (const row of rowsOf(context)) {
    const code = row.text('code', 1, 40);
    if (code !== '' && !schoolCodePattern.test(code)) row.problem('code', 'school-code-format');
    const fullName = row.text('full_name', 3, 300);
    const shortCell = row.get('short_name') ?? '';
    if (shortCell.length === 1) row.problem('short_name', 'too-short', { min: 2 });
    if (shortCell.length > 120) row.problem('short_name', 'too-long', { max: 120 });
    const municipalityName = row.text('municipality', 1, 200);
    const municipality = municipalityName === '' ? undefined : places.resolve(row, 'municipality', municipalityName);
    if (municipality && !inScope(scope, municipality.id)) row.problem('municipality', 'out-of-scope');
    let tags: string[] | undefined;
    const tagCell = row.get('tags');
    if (tagCell !== undefined) {
      tags = canonicalTags(splitList(tagCell).map(tagOf));
      const free = tags.filter((tag) => !(schoolTags as readonly string[]).includes(tag));
      for (const tag of free) {
        if (tag.length > 40) row.problem('tags', 'tag-too-long', { value: tag, max: 40 });
        else if (!freeTagPattern.test(tag)) row.problem('tags', 'tag-format', { value: tag });
      }
      if (free.length > maxFreeTags) row.problem('tags', 'too-many-tags', { max: maxFreeTags });
    }
    const current = code === '' ? undefined : byCode.get(code);
    if (current && !inScope(scope, current.municipalityId)) row.problem('code', 'out-of-scope');
    if (code !== '') {
      const first = seen.check(code, row.number);
      if (first !== undefined) row.problem('code', 'duplicate-key', { first: String(first) });
    }
    if (row.bad || !municipality) continue;
    const wanted = {
      fullName,
      // An empty short name keeps the one stored; a new school without one is called by its full name.
      shortName: shortCell || current?.shortName || fullName,
      municipalityId: municipality.id,
      tags: tags ?? current?.tags ?? [],
    };
    if (!current) {
      inserts.push({ ...wanted, code, createdAt: now });
      plan.changes.push({ row: row.number, action: 'create', label: `${code} ${wanted.shortName}`, fields: [] });
      touch(plan, municipality.id);
      continue;
    }
    const fields: string[] = [];
    if (wanted.fullName !== current.fullName) fields.push('full_name');
    if (wanted.shortName !== current.shortName) fields.push('short_name');
    if (wanted.municipalityId !== current.municipalityId) fields.push('municipality');
    if (!sameSet(wanted.tags, current.tags)) fields.push('tags');
    if (fields.length === 0) {
      plan.unchanged++;
      continue;
    }
    updates.push({ id: current.id, set: wanted });
    plan.changes.push({ row: row.number, action: 'update', label: `${code} ${wanted.shortName}`, fields });
    touch(plan, current.municipalityId, municipality.id);
  }
  plan.queries = () => [...insertsOf(core, schools, inserts), ...updates.map((u) => db.update(schools).set(u.set).where(eq(schools.id, u.id)))];
}

interface KnownPerson {
  id: number;
  telegramId: number | null;
  fullName: string | null;
  searchName: string | null;
  roles: string[];
  municipalityId: number | null;
  schoolId: number | null;
  subjects: string[];
  status: PersonStatus;
}

/** A Telegram user id as Excel leaves it: digits; "1,23457E+11" means the column was formatted as a number. */
function telegramIdOf(row: Row): number | undefined {
  const cell = (row.get('telegram_id') ?? '').replace(/\s/g, '');
  if (cell === '') return undefined;
  if (/^\d+$/.test(cell)) {
    const id = Number(cell);
    if (id > 0 && Number.isSafeInteger(id)) return id;
  } else if (/^\d+([.,]\d+)?e\+?\d+$/i.test(cell)) {
    row.problem('telegram_id', 'telegram-id-exponent', { value: cell });
    return undefined;
  }
  row.problem('telegram_id', 'bad-telegram-id', { value: cell });
  return undefined;
}

async function planPeople(context: PlanContext): Promise<void> {
  const { core, plan, now, scope, actor } = context;
  const { db } = core.database;
  const [allMunicipalities, allSchools, known] = await Promise.all([
    db.select().from(municipalities),
    db.select({ id: schools.id, code: schools.code, municipalityId: schools.municipalityId }).from(schools).where(isNotNull(schools.code)),
    db
      .select({
        id: people.id,
        telegramId: people.telegramId,
        fullName: people.fullName,
        searchName: people.searchName,
        roles: people.roles,
        municipalityId: people.municipalityId,
        schoolId: people.schoolId,
        subjects: people.subjects,
        status: people.status,
      })
      .from(people)
      .where(ne(people.status, 'deleted')) as Promise<KnownPerson[]>,
  ]);
  const places = municipalityFinder(allMunicipalities);
  const schoolByCode = new Map(allSchools.map((s) => [s.code!, s]));
  const byTelegram = new Map<number, KnownPerson>();
  const byName = new Map<string, KnownPerson[]>();
  for (const p of known) {
    if (p.telegramId !== null) byTelegram.set(p.telegramId, p);
    if (p.searchName) {
      const key = nameKey(p.searchName, p.schoolId, p.municipalityId);
      byName.set(key, [...(byName.get(key) ?? []), p]);
    }
  }
  const seenTelegram = new FirstSeen();
  const seenName = new Map<string, { row: number; telegram: boolean }>();
  const seenTarget = new FirstSeen();
  const inserts: InferInsertModel<typeof people>[] = [];
  const updates: { id: number; set: Partial<InferInsertModel<typeof people>> }[] = [];

  for (const row of rowsOf(context)) {
    const fullName = row.text('full_name', 3, 120);
    const roles: PersonRole[] = [];
    const roleCell = row.get('role') ?? '';
    for (const word of splitList(roleCell)) {
      const role = roleOf(word);
      if (role) roles.push(role);
      else row.problem('role', 'unknown-role', { value: word });
    }
    if (splitList(roleCell).length === 0) row.problem('role', 'required');
    let subjectList: Subject[] | undefined;
    const subjectCell = row.get('subjects');
    if (subjectCell !== undefined) {
      subjectList = [];
      for (const word of splitList(subjectCell)) {
        const subject = subjectOf(word);
        if (subject) subjectList.push(subject);
        else row.problem('subjects', 'unknown-subject', { value: word });
      }
    }
    const telegramId = telegramIdOf(row);
    const code = row.get('school_code') ?? '';
    const municipalityName = row.get('municipality') ?? '';
    const school = code === '' ? undefined : schoolByCode.get(code);
    if (code !== '' && !school) row.problem('school_code', 'no-such-school', { value: code });
    const named = municipalityName === '' ? undefined : places.resolve(row, 'municipality', municipalityName);
    const needsSchool = roles.some((r) => schoolRoles.includes(r));
    if (needsSchool && code === '') row.problem('school_code', 'role-needs-school');
    else if (code === '' && municipalityName === '') row.problem('municipality', 'school-or-municipality-required');
    if (school && named && school.municipalityId !== named.id) {
      row.problem('municipality', 'municipality-mismatch', { code, municipality: places.byId.get(school.municipalityId)?.name ?? '' });
    }
    const municipalityId = school?.municipalityId ?? named?.id;
    if (municipalityId !== undefined && !inScope(scope, municipalityId)) row.problem(school ? 'school_code' : 'municipality', 'out-of-scope');
    if (row.bad || municipalityId === undefined) continue;

    // Repeats within the file: the same telegram_id twice, or the same name at the same place where a row lacks a telegram_id.
    const searchName = searchKey(fullName);
    const key = nameKey(searchName, school?.id ?? null, municipalityId);
    if (telegramId !== undefined) {
      const first = seenTelegram.check(String(telegramId), row.number);
      if (first !== undefined) row.problem('telegram_id', 'duplicate-key', { first: String(first) });
    }
    const sameName = seenName.get(key);
    if (sameName && (telegramId === undefined || !sameName.telegram)) row.problem('full_name', 'duplicate-person', { first: String(sameName.row) });
    else if (!sameName) seenName.set(key, { row: row.number, telegram: telegramId !== undefined });
    if (row.bad) continue;

    // Who this row is in the database: by telegram_id; else (or for someone imported before without one) by name and place.
    let current: KnownPerson | undefined = telegramId === undefined ? undefined : byTelegram.get(telegramId);
    if (!current) {
      const candidates = (byName.get(key) ?? []).filter((p) => telegramId === undefined || p.telegramId === null);
      if (candidates.length > 1) row.problem('full_name', 'ambiguous-person', { count: candidates.length });
      current = candidates.length === 1 ? candidates[0] : undefined;
    }
    if (current && !inScope(scope, current.municipalityId)) row.problem(telegramId === undefined ? 'full_name' : 'telegram_id', 'out-of-scope');
    if (current) {
      const first = seenTarget.check(String(current.id), row.number);
      if (first !== undefined) row.problem('full_name', 'duplicate-person', { first: String(first) });
    }
    if (row.bad) continue;

    const wanted = {
      fullName,
      searchName,
      roles: canonicalRoles(roles),
      schoolId: school?.id ?? null,
      municipalityId,
      subjects: subjectList ? canonicalSubjects(subjectList) : ((current?.subjects ?? []) as Subject[]),
    };
    if (!current) {
      inserts.push({
        ...wanted,
        telegramId: telegramId ?? null,
        // Without a Telegram id nobody can be messaged: "imported" until the person comes to the bot.
        status: telegramId === undefined ? 'imported' : 'active',
        decidedAt: now,
        decidedBy: actor.label,
        createdAt: now,
        updatedAt: now,
      });
      plan.changes.push({ row: row.number, action: 'create', label: fullName, fields: [] });
      touch(plan, municipalityId);
      continue;
    }
    const fields: string[] = [];
    const set: Partial<InferInsertModel<typeof people>> = {};
    if (wanted.fullName !== current.fullName) fields.push('full_name');
    if (!sameSet(wanted.roles, current.roles)) fields.push('role');
    if (wanted.schoolId !== current.schoolId) fields.push('school_code');
    if (wanted.municipalityId !== current.municipalityId) fields.push('municipality');
    if (!sameSet(wanted.subjects, current.subjects)) fields.push('subjects');
    if (telegramId !== undefined && current.telegramId === null) {
      fields.push('telegram_id');
      set.telegramId = telegramId;
      if (current.status === 'imported') set.status = 'active';
    }
    if (fields.length === 0) {
      plan.unchanged++;
      continue;
    }
    updates.push({ id: current.id, set: { ...wanted, ...set, updatedAt: now } });
    plan.changes.push({ row: row.number, action: 'update', label: fullName, fields });
    touch(plan, current.municipalityId, municipalityId);
  }
  plan.queries = () => [...insertsOf(core, people, inserts), ...updates.map((u) => db.update(people).set(u.set).where(eq(people.id, u.id)))];
}

/** The place part of a person's key: their school, or their municipality when they have no school. */
function nameKey(searchName: string, schoolId: number | null, municipalityId: number | null): string {
  return `${searchName}|${schoolId !== null ? `s${schoolId}` : `m${municipalityId ?? ''}`}`;
}
