// Municipalities in the panel: the overview with its counts, and created or renamed by the owner and editors.
import { count, eq, sql } from 'drizzle-orm';
import { municipalities, people, schools } from '../../db/schema/index.js';
import { inScope, scopeOf, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditOfNewRow } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, isUniqueViolation } from '../errors.js';
import { municipalitySchema, parseForm } from './forms.js';
import { getMunicipality, listMunicipalities, searchKey, type Municipality } from './places.js';

export interface MunicipalityRow extends Municipality {
  schools: number;
  /** Active and pending people. */
  people: number;
  /** Registrations waiting for a decision. */
  pending: number;
}

/**
 * Municipalities in scope with their counts: schools, people (active and pending), registrations pending.
 * Counted by grouping, not by correlated subqueries: drizzle renders the columns of a select's own fields
 * unqualified, so `(select count(*) from schools where municipality_id = id)` would compare schools with itself.
 */
export async function municipalityOverview(core: Core, scope: Scope): Promise<MunicipalityRow[]> {
  const { db } = core.database;
  const [all, schoolCounts, peopleCounts] = await Promise.all([
    listMunicipalities(core),
    db.select({ id: schools.municipalityId, n: count() }).from(schools).groupBy(schools.municipalityId),
    db
      .select({
        id: people.municipalityId,
        reachable: sql<number>`sum(case when ${people.status} in ('active', 'pending') then 1 else 0 end)`,
        pending: sql<number>`sum(case when ${people.status} = 'pending' then 1 else 0 end)`,
      })
      .from(people)
      .groupBy(people.municipalityId),
  ]);
  const schoolsBy = new Map(schoolCounts.map((r) => [r.id, r.n]));
  const peopleBy = new Map(peopleCounts.map((r) => [r.id, r]));
  return all
    .filter((m) => inScope(scope, m.id))
    .map((m) => ({
      ...m,
      schools: schoolsBy.get(m.id) ?? 0,
      people: Number(peopleBy.get(m.id)?.reachable ?? 0),
      pending: Number(peopleBy.get(m.id)?.pending ?? 0),
    }));
}

export async function municipalityForAdmin(core: Core, actor: Actor, id: number): Promise<Municipality> {
  if (!Number.isSafeInteger(id) || !inScope(scopeOf(actor), id)) throw new DomainError('not-found');
  const row = await getMunicipality(core, id);
  if (!row) throw new DomainError('not-found');
  return row;
}

/** Municipalities are the region's to set up: owners and editors, not coordinators or viewers. */
export function canManageMunicipalities(actor: Actor): boolean {
  return actor.role === 'owner' || actor.role === 'editor';
}

function assertCanManageMunicipalities(actor: Actor): void {
  if (!canManageMunicipalities(actor)) throw new DomainError('not-allowed', 'owners and editors only');
}

/** Names compare as search does: "Заречный" and "заречный  " are the same municipality. */
async function assertNameFree(core: Core, name: string, exceptId?: number): Promise<void> {
  const all = await core.database.db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities);
  const key = searchKey(name);
  if (all.some((m) => m.id !== exceptId && searchKey(m.name) === key)) throw invalidInput('name', 'municipality-name-taken');
}

export async function createMunicipality(core: Core, actor: Actor, input: Record<string, unknown>): Promise<Municipality> {
  assertCanManageMunicipalities(actor);
  const valid = parseForm(municipalitySchema, input);
  await assertNameFree(core, valid.name);
  const { db } = core.database;
  try {
    await core.database.atomic([
      db.insert(municipalities).values({ name: valid.name, timezone: valid.timezone, createdAt: core.clock.now() }),
      auditOfNewRow(core, actor, {
        action: 'municipality.create',
        entity: 'municipality',
        municipalityId: 'new',
        after: { name: valid.name, timezone: valid.timezone },
      }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error, 'municipalities.name')) throw invalidInput('name', 'municipality-name-taken');
    throw error;
  }
  return (await db.select().from(municipalities).where(eq(municipalities.name, valid.name)).get())!;
}

/** Renames a municipality or changes its zone, audited with what changed. */
export async function editMunicipality(core: Core, actor: Actor, id: number, input: Record<string, unknown>): Promise<Municipality> {
  assertCanManageMunicipalities(actor);
  const before = await municipalityForAdmin(core, actor, id);
  const valid = parseForm(municipalitySchema, input);
  await assertNameFree(core, valid.name, id);
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of ['name', 'timezone'] as const) {
    if (before[key] !== valid[key]) {
      was[key] = before[key];
      now[key] = valid[key];
    }
  }
  if (Object.keys(now).length === 0) return before;
  try {
    await core.database.atomic([
      core.database.db.update(municipalities).set({ name: valid.name, timezone: valid.timezone }).where(eq(municipalities.id, id)),
      auditEntry(core, actor, { action: 'municipality.rename', entity: 'municipality', entityId: id, municipalityId: id, before: was, after: now }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error, 'municipalities.name')) throw invalidInput('name', 'municipality-name-taken');
    throw error;
  }
  return { ...before, name: valid.name, timezone: valid.timezone };
}
