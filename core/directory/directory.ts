import { and, asc, count, desc, eq, like, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { curatorSchools, municipalities, people, schools, type PersonStatus } from '../../db/schema/index.js';
import { assertCanWrite, assertInScope, inScope, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput } from '../errors.js';
import { getPerson, type Person } from './people.js';
import { getSchool, searchKey, type Municipality, type School } from './places.js';
import { personRoles, subjects } from './vocabulary.js';

/** Filters of the people list; every field optional, all validated where they come in (query strings). */
export const peopleFilterSchema = z.object({
  municipality: z.coerce.number().int().positive().optional(),
  school: z.coerce.number().int().positive().optional(),
  role: z.enum(personRoles).optional(),
  subject: z.enum(subjects).optional(),
  status: z.enum(['pending', 'active', 'imported', 'stopped', 'blocked', 'deleted', 'rejected', 'deactivated']).optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  /** Keyset pagination: people with an id below this (the list is newest first). */
  before: z.coerce.number().int().positive().optional(),
});
export type PeopleFilter = z.infer<typeof peopleFilterSchema>;

export interface PersonRow {
  person: Person;
  school: Pick<School, 'id' | 'shortName'> | null;
  municipality: Pick<Municipality, 'id' | 'name'> | null;
}

function peopleConditions(scope: Scope, f: PeopleFilter): SQL[] {
  const c: SQL[] = [];
  const s = scopeWhere(scope, people.municipalityId);
  if (s) c.push(s);
  if (f.municipality) c.push(eq(people.municipalityId, f.municipality));
  if (f.school) c.push(eq(people.schoolId, f.school));
  if (f.status) c.push(eq(people.status, f.status));
  if (f.role) c.push(sql`exists (select 1 from json_each(${people.roles}) where value = ${f.role})`);
  if (f.subject) c.push(sql`exists (select 1 from json_each(${people.subjects}) where value = ${f.subject})`);
  if (f.tag) c.push(sql`exists (select 1 from ${schools}, json_each(${schools.tags}) where ${schools.id} = ${people.schoolId} and value = ${f.tag})`);
  if (f.q) c.push(like(people.searchName, `%${searchKey(f.q).replace(/[%_]/g, '')}%`));
  return c;
}

/** One page of people, newest first, with the total matching the filter (for "1–50 of 12 345"). */
export async function listPeople(
  core: Core,
  scope: Scope,
  filter: PeopleFilter,
  pageSize = 50,
): Promise<{ rows: PersonRow[]; total: number; nextBefore: number | null }> {
  const { db } = core.database;
  const conditions = peopleConditions(scope, filter);
  const pageConditions = filter.before ? [...conditions, lt(people.id, filter.before)] : conditions;
  const [rows, totalRow] = await Promise.all([
    db
      .select({ person: people, school: { id: schools.id, shortName: schools.shortName }, municipality: { id: municipalities.id, name: municipalities.name } })
      .from(people)
      .leftJoin(schools, eq(schools.id, people.schoolId))
      .leftJoin(municipalities, eq(municipalities.id, people.municipalityId))
      .where(pageConditions.length ? and(...pageConditions) : undefined)
      .orderBy(desc(people.id))
      .limit(pageSize + 1),
    db
      .select({ n: count() })
      .from(people)
      .where(conditions.length ? and(...conditions) : undefined)
      .get(),
  ]);
  const page = rows.slice(0, pageSize) as PersonRow[];
  return { rows: page, total: totalRow?.n ?? 0, nextBefore: rows.length > pageSize ? page[page.length - 1]!.person.id : null };
}

/** A person as an admin may see them, or not-found outside the admin's municipalities. */
export async function personForAdmin(core: Core, actor: Actor, id: number): Promise<Person> {
  const person = await getPerson(core, id);
  if (!person) throw new DomainError('not-found');
  assertInScope(actor, person.municipalityId);
  return person;
}

export const personEditSchema = z.object({
  fullName: z.string().trim().min(3).max(120),
  roles: z.array(z.enum(personRoles)).min(1, 'choose-at-least-one'),
  schoolId: z.coerce.number().int().positive().nullable(),
  municipalityId: z.coerce.number().int().positive().nullable(),
  subjects: z.array(z.enum(subjects)),
});
export type PersonEdit = z.infer<typeof personEditSchema>;

/** An admin's edit of a person: in their scope before and after, audited with what changed. */
export async function editPerson(core: Core, actor: Actor, id: number, edit: PersonEdit): Promise<Person> {
  assertCanWrite(actor);
  const before = await personForAdmin(core, actor, id);
  if (before.status === 'deleted') throw invalidInput('status', 'person-erased');
  let municipalityId = edit.municipalityId;
  if (edit.schoolId !== null) {
    const school = await getSchool(core, edit.schoolId);
    if (!school) throw invalidInput('schoolId', 'no-such-school');
    municipalityId = school.municipalityId;
  }
  assertInScope(actor, municipalityId);
  const after = {
    fullName: edit.fullName,
    searchName: searchKey(edit.fullName),
    roles: edit.roles,
    schoolId: edit.schoolId,
    municipalityId,
    subjects: edit.subjects,
  };
  await core.database.atomic([
    core.database.db
      .update(people)
      .set({ ...after, updatedAt: core.clock.now() })
      .where(eq(people.id, id)),
    auditEntry(core, actor, {
      action: 'person.edit',
      entity: 'person',
      entityId: id,
      municipalityId,
      before: changed(before, after, 'before'),
      after: changed(before, after, 'after'),
    }),
  ]);
  return (await getPerson(core, id))!;
}

/** Deactivate (no messages, /start does not undo it) or reactivate a person. */
export async function setPersonActive(core: Core, actor: Actor, id: number, active: boolean): Promise<void> {
  assertCanWrite(actor);
  const person = await personForAdmin(core, actor, id);
  const status: PersonStatus = active ? 'active' : 'deactivated';
  if (person.status === 'deleted') throw invalidInput('status', 'person-erased');
  await core.database.atomic([
    core.database.db.update(people).set({ status, updatedAt: core.clock.now() }).where(eq(people.id, id)),
    auditEntry(core, actor, {
      action: active ? 'person.activate' : 'person.deactivate',
      entity: 'person',
      entityId: id,
      municipalityId: person.municipalityId,
      before: { status: person.status },
      after: { status },
    }),
  ]);
}

function changed(before: Record<string, unknown>, after: Record<string, unknown>, side: 'before' | 'after'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (key === 'searchName') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = side === 'before' ? before[key] : after[key];
  }
  return out;
}

export interface SchoolRow {
  school: School;
  municipality: string;
  people: number;
  leads: number;
  curators: { id: number; fullName: string | null }[];
}

/** Schools in scope with their people counts and curators. */
export async function listSchools(core: Core, scope: Scope, filter: { municipality?: number; tag?: string; q?: string } = {}): Promise<SchoolRow[]> {
  const { db } = core.database;
  const c: SQL[] = [];
  const inScope = scopeWhere(scope, schools.municipalityId);
  if (inScope) c.push(inScope);
  if (filter.municipality) c.push(eq(schools.municipalityId, filter.municipality));
  if (filter.tag) c.push(sql`exists (select 1 from json_each(${schools.tags}) where value = ${filter.tag})`);
  const rows = await db
    .select({
      school: schools,
      municipality: municipalities.name,
      people: sql<number>`(select count(*) from ${people} where ${people.schoolId} = ${schools.id} and ${people.status} in ('active', 'pending'))`,
      leads: sql<number>`(select count(*) from ${people} where ${people.schoolId} = ${schools.id} and ${people.status} = 'active' and exists (select 1 from json_each(${people.roles}) where value = 'school_lead'))`,
    })
    .from(schools)
    .innerJoin(municipalities, eq(municipalities.id, schools.municipalityId))
    .where(c.length ? and(...c) : undefined)
    .orderBy(asc(municipalities.name), asc(schools.shortName));
  const needle = filter.q ? searchKey(filter.q) : undefined;
  const matching = needle ? rows.filter((r) => searchKey(`${r.school.shortName} ${r.school.fullName}`).includes(needle)) : rows;
  // All assignments in one query grouped in memory: no list of ids as parameters (D1 binds at most 100).
  const bySchool = new Map<number, { id: number; fullName: string | null }[]>();
  const assignments = await db
    .select({ schoolId: curatorSchools.schoolId, id: people.id, fullName: people.fullName })
    .from(curatorSchools)
    .innerJoin(people, eq(people.id, curatorSchools.curatorId));
  for (const { schoolId, id, fullName } of assignments) bySchool.set(schoolId, [...(bySchool.get(schoolId) ?? []), { id, fullName }]);
  return matching.map((r) => ({ ...r, curators: bySchool.get(r.school.id) ?? [] }));
}

/** Assigns or removes a curator of a school; both must be in the admin's scope. */
export async function setCuratorAssignment(core: Core, actor: Actor, input: { curatorId: number; schoolId: number; assigned: boolean }): Promise<void> {
  assertCanWrite(actor);
  const curator = await personForAdmin(core, actor, input.curatorId);
  if (!curator.roles.includes('curator')) throw invalidInput('curatorId', 'not-a-curator');
  const school = await getSchool(core, input.schoolId);
  if (!school) throw new DomainError('not-found');
  assertInScope(actor, school.municipalityId);
  const { db } = core.database;
  await core.database.atomic([
    input.assigned
      ? db.insert(curatorSchools).values({ curatorId: curator.id, schoolId: school.id, assignedAt: core.clock.now() }).onConflictDoNothing()
      : db.delete(curatorSchools).where(and(eq(curatorSchools.curatorId, curator.id), eq(curatorSchools.schoolId, school.id))),
    auditEntry(core, actor, {
      action: input.assigned ? 'curator.assign' : 'curator.unassign',
      entity: 'school',
      entityId: school.id,
      municipalityId: school.municipalityId,
      after: { curatorId: curator.id, curator: curator.fullName },
    }),
  ]);
}

export async function municipalitiesInScope(core: Core, scope: Scope): Promise<(Municipality & { schools: number; people: number })[]> {
  const rows = await core.database.db
    .select({
      m: municipalities,
      // Spelled out: in a one-table select drizzle leaves column names unqualified, which would compare the subquery's own table.
      schools: sql<number>`(select count(*) from schools s where s.municipality_id = municipalities.id)`,
      people: sql<number>`(select count(*) from people p where p.municipality_id = municipalities.id and p.status in ('active', 'pending'))`,
    })
    .from(municipalities)
    .orderBy(asc(municipalities.name));
  return rows.filter((r) => inScope(scope, r.m.id)).map((r) => ({ ...r.m, schools: r.schools, people: r.people }));
}

export async function curatorsInScope(core: Core, scope: Scope): Promise<Person[]> {
  const c = scopeWhere(scope, people.municipalityId);
  return core.database.db
    .select()
    .from(people)
    .where(and(eq(people.status, 'active'), sql`exists (select 1 from json_each(${people.roles}) where value = 'curator')`, ...(c ? [c] : [])))
    .orderBy(asc(people.fullName));
}
