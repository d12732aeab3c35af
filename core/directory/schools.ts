// Schools in the panel: the list and a school's card, its names and tags changed, new schools, curators assigned.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { curatorSchools, people, schools, type PersonStatus } from '../../db/schema/index.js';
import { assertCanWrite, assertInScope, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditOfNewRow } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, isUniqueViolation } from '../errors.js';
import { listSchools, personForAdmin, setCuratorAssignment, type SchoolRow } from './directory.js';
import {
  combineTags,
  curatorChoiceSchema,
  isStandardTag,
  parseForm,
  schoolCreateSchema,
  schoolNamesSchema,
  schoolTagsSchema,
  type SchoolFilter,
} from './forms.js';
import { getMunicipality, getSchool, type Municipality, type School } from './places.js';
import { schoolTags } from './vocabulary.js';

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** The schools list: listSchools with, in addition, the "no active school_lead" filter. */
export async function listSchoolsFiltered(core: Core, scope: Scope, filter: SchoolFilter): Promise<SchoolRow[]> {
  const rows = await listSchools(core, scope, { municipality: filter.municipality, tag: filter.tag, q: filter.q });
  return filter.nolead ? rows.filter((r) => r.leads === 0) : rows;
}

/** Tags in use by the schools in scope (standard ones always offered), for the filter. */
export async function tagsInUse(core: Core, scope: Scope): Promise<string[]> {
  const rows = await core.database.db
    .selectDistinct({ tag: sql<string>`value` })
    .from(sql`${schools}, json_each(${schools.tags})`)
    .where(scopeWhere(scope, schools.municipalityId))
    .orderBy(sql`value`);
  const free = rows.map((r) => r.tag).filter((t) => !isStandardTag(t));
  return [...schoolTags, ...free];
}

/** A school as an admin may see it, or not-found outside the admin's municipalities (whether it exists or not). */
export async function schoolForAdmin(core: Core, actor: Actor, id: number): Promise<School> {
  const school = Number.isSafeInteger(id) ? await getSchool(core, id) : undefined;
  if (!school) throw new DomainError('not-found');
  assertInScope(actor, school.municipalityId);
  return school;
}

export interface SchoolCurator {
  id: number;
  fullName: string | null;
  status: PersonStatus;
  municipalityId: number | null;
}

export interface SchoolCard {
  school: School;
  municipality: Municipality;
  /** Everyone attached to the school, whatever their status: what /people?school=<id> lists. */
  peopleTotal: number;
  curators: SchoolCurator[];
}

export async function schoolCard(core: Core, actor: Actor, id: number): Promise<SchoolCard> {
  const school = await schoolForAdmin(core, actor, id);
  const { db } = core.database;
  const [municipality, total, curators] = await Promise.all([
    getMunicipality(core, school.municipalityId),
    db.select({ n: count() }).from(people).where(eq(people.schoolId, id)).get(),
    db
      .select({ id: people.id, fullName: people.fullName, status: people.status, municipalityId: people.municipalityId })
      .from(curatorSchools)
      .innerJoin(people, eq(people.id, curatorSchools.curatorId))
      .where(eq(curatorSchools.schoolId, id))
      .orderBy(asc(people.fullName)),
  ]);
  return { school, municipality: municipality!, peopleTotal: total?.n ?? 0, curators };
}

// ---------------------------------------------------------------------------------------------------------------
// Changing schools

/** Replaces a school's tags (standard and free), audited with before and after. */
export async function setSchoolTags(core: Core, actor: Actor, id: number, input: Record<string, unknown>): Promise<School> {
  assertCanWrite(actor);
  const school = await schoolForAdmin(core, actor, id);
  const valid = parseForm(schoolTagsSchema, input);
  const tags = combineTags(valid.tags, valid.freeTags);
  if (JSON.stringify(tags) === JSON.stringify(school.tags)) return school;
  await core.database.atomic([
    core.database.db.update(schools).set({ tags }).where(eq(schools.id, id)),
    auditEntry(core, actor, {
      action: 'school.tags',
      entity: 'school',
      entityId: id,
      municipalityId: school.municipalityId,
      before: { tags: school.tags },
      after: { tags },
    }),
  ]);
  return { ...school, tags };
}

/** Changes a school's full and short names, audited with what changed. */
export async function renameSchool(core: Core, actor: Actor, id: number, input: Record<string, unknown>): Promise<School> {
  assertCanWrite(actor);
  const school = await schoolForAdmin(core, actor, id);
  const names = parseForm(schoolNamesSchema, input);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const key of ['fullName', 'shortName'] as const) {
    if (school[key] !== names[key]) {
      before[key] = school[key];
      after[key] = names[key];
    }
  }
  if (Object.keys(after).length === 0) return school;
  await core.database.atomic([
    core.database.db.update(schools).set(names).where(eq(schools.id, id)),
    auditEntry(core, actor, { action: 'school.rename', entity: 'school', entityId: id, municipalityId: school.municipalityId, before, after }),
  ]);
  return { ...school, ...names };
}

/**
 * A new school in one of the actor's municipalities. A code already taken is a field error (checked first, and
 * again by the unique index should two admins race).
 */
export async function createSchool(core: Core, actor: Actor, input: Record<string, unknown>): Promise<School> {
  assertCanWrite(actor);
  const valid = parseForm(schoolCreateSchema, input);
  assertInScope(actor, valid.municipalityId);
  if (!(await getMunicipality(core, valid.municipalityId))) throw invalidInput('municipalityId', 'school-municipality-unknown');
  const { db } = core.database;
  if (valid.code !== null && (await db.select({ id: schools.id }).from(schools).where(eq(schools.code, valid.code)).get()))
    throw invalidInput('code', 'school-code-taken');
  const row = {
    municipalityId: valid.municipalityId,
    fullName: valid.fullName,
    shortName: valid.shortName,
    code: valid.code,
    tags: combineTags(valid.tags, valid.freeTags),
  };
  try {
    await core.database.atomic([
      db.insert(schools).values({ ...row, createdAt: core.clock.now() }),
      auditOfNewRow(core, actor, { action: 'school.create', entity: 'school', municipalityId: valid.municipalityId, after: row }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error, 'schools.code')) throw invalidInput('code', 'school-code-taken');
    throw error;
  }
  const created =
    valid.code !== null
      ? await db.select().from(schools).where(eq(schools.code, valid.code)).get()
      : await newestSchool(core, valid.municipalityId, valid.shortName);
  return created!;
}

async function newestSchool(core: Core, municipalityId: number, shortName: string): Promise<School | undefined> {
  return core.database.db
    .select()
    .from(schools)
    .where(and(eq(schools.municipalityId, municipalityId), eq(schools.shortName, shortName)))
    .orderBy(sql`${schools.id} desc`)
    .get();
}

/**
 * Assigns a curator to a school: the school first (not-found outside scope, before the form is even read), then
 * setCuratorAssignment's own checks (the curator in scope, with the curator role). Only an active curator can be
 * assigned; assigning one already there changes nothing and writes no audit entry.
 */
export async function assignCurator(core: Core, actor: Actor, schoolId: number, input: Record<string, unknown>): Promise<void> {
  assertCanWrite(actor);
  await schoolForAdmin(core, actor, schoolId);
  const { curatorId } = parseForm(curatorChoiceSchema, input);
  const curator = await personForAdmin(core, actor, curatorId);
  if (curator.status !== 'active') throw invalidInput('curatorId', 'curator-not-active');
  const existing = await core.database.db
    .select({ id: curatorSchools.curatorId })
    .from(curatorSchools)
    .where(and(eq(curatorSchools.schoolId, schoolId), eq(curatorSchools.curatorId, curatorId)))
    .get();
  if (existing) return;
  await setCuratorAssignment(core, actor, { curatorId, schoolId, assigned: true });
}

/**
 * Takes a curator off a school. Unlike setCuratorAssignment (which assigns), it asks only that the school be in
 * the actor's scope and the assignment exist: a curator who has since lost the role or moved elsewhere can still
 * be taken off a school of the actor's.
 */
export async function unassignCurator(core: Core, actor: Actor, schoolId: number, input: Record<string, unknown>): Promise<void> {
  assertCanWrite(actor);
  const school = await schoolForAdmin(core, actor, schoolId);
  const { curatorId } = parseForm(curatorChoiceSchema, input);
  const { db } = core.database;
  const link = await db
    .select({ fullName: people.fullName })
    .from(curatorSchools)
    .innerJoin(people, eq(people.id, curatorSchools.curatorId))
    .where(and(eq(curatorSchools.schoolId, schoolId), eq(curatorSchools.curatorId, curatorId)))
    .get();
  if (!link) throw invalidInput('curatorId', 'curator-not-assigned');
  await core.database.atomic([
    db.delete(curatorSchools).where(and(eq(curatorSchools.curatorId, curatorId), eq(curatorSchools.schoolId, schoolId))),
    auditEntry(core, actor, {
      action: 'curator.unassign',
      entity: 'school',
      entityId: schoolId,
      municipalityId: school.municipalityId,
      after: { curatorId, curator: link.fullName },
    }),
  ]);
}
