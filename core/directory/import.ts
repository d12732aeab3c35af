// CSV import of the directory: who may import, the whole file checked into a plan, and a clean plan written.
import { assertCanWrite, scopeOf, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { importColumns, importKinds, kindsMatching, mapHeader, type ImportKind } from './import/columns.js';
import { readCsv } from './import/csv.js';
import { planMunicipalities } from './import/municipalities.js';
import { planPeople } from './import/people.js';
import type { ImportInput, ImportPlan, PlanContext } from './import/plan.js';
import { planSchools } from './import/schools.js';

/**
 * CSV import of the directory: municipalities, schools and people, each by its natural key.
 * `planImport` reads and checks the whole file and says what would change, writing nothing;
 * `applyImport` writes a clean plan in one atomic batch with one audit entry.
 *
 * Natural keys: a municipality by its name (ignoring case, ё/е and quotes); a school by its code;
 * a person by telegram_id when the row has one, else by the full name (as search compares it) at the same school
 * (or, without a school, in the same municipality).
 */

export const maxImportBytes = 5 * 1024 * 1024;
export const maxImportRows = 20_000;

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
