import { and, asc, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, curatorSchools, municipalities, people, schools, type PersonStatus } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import { assertCanWrite, assertInScope, inScope, scopeOf, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, type AuditRecord } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, parseInput, type FieldIssue } from '../errors.js';
import { listSchools, personForAdmin, setCuratorAssignment, type SchoolRow } from './directory.js';
import { getMunicipality, getSchool, listMunicipalities, searchKey, type Municipality, type School } from './places.js';
import { isValidTimezone, schoolTags } from './vocabulary.js';

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary of the forms

/** A free tag: lower-case letters (Latin or Cyrillic), digits, "_" and "-", at most 40 characters. */
export const freeTagPattern = /^[a-z0-9а-яё_-]+$/u;
export const maxFreeTags = 20;

export const tagSchema = z.string().trim().min(1).max(40, 'free-tag-too-long').regex(freeTagPattern, 'free-tag-format');

/**
 * A record's id as a form or query string sends it: empty is "fill in", anything but digits is "pick from the
 * list" (it came from a select), so "3 OR 1=1" never reaches a query.
 */
export const idSchema = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z
    .string()
    .trim()
    .min(1, 'invalid-type')
    .regex(/^[0-9]{1,15}$/, 'invalid-value')
    .transform(Number)
    .pipe(z.number().int().positive('invalid-value')),
);

/** Names are one line of text: no control characters (newlines, NUL…). */
const oneLine = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'single-line');

/** "a, b ,c," → ["a", "b", "c"]: empty pieces (a trailing comma) are dropped. */
function splitTags(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const standardTags = z.array(z.enum(schoolTags)).max(schoolTags.length);
/** The free tags as typed in one text field, comma-separated. */
const freeTagsText = z.string().max(1000).transform(splitTags).pipe(z.array(tagSchema).max(maxFreeTags, 'too-many-free-tags'));

export const schoolTagsSchema = z.object({ tags: standardTags, freeTags: freeTagsText });

export const schoolNamesSchema = z.object({ fullName: oneLine(3, 300), shortName: oneLine(2, 120) });

export const schoolCodePattern = /^[\p{L}\p{N}._/-]+$/u;

export const schoolCreateSchema = z.object({
  municipalityId: idSchema,
  fullName: schoolNamesSchema.shape.fullName,
  shortName: schoolNamesSchema.shape.shortName,
  /** Empty means "no code". */
  code: z
    .string()
    .trim()
    .max(40)
    .refine((s) => s === '' || schoolCodePattern.test(s), 'school-code-format')
    .transform((s) => (s === '' ? null : s)),
  tags: standardTags,
  freeTags: freeTagsText,
});

/** Filters of the schools list, from a query string. `nolead=1`: schools with no active registered school_lead. */
export const schoolFilterSchema = z.object({
  municipality: idSchema.optional(),
  tag: tagSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  nolead: z
    .enum(['0', '1'])
    .optional()
    .transform((v) => v === '1'),
});
export type SchoolFilter = z.output<typeof schoolFilterSchema>;

export const curatorChoiceSchema = z.object({ curatorId: idSchema });

export const municipalitySchema = z.object({
  name: oneLine(2, 200),
  /** An IANA zone when the municipality lives in another zone than the region; empty = the region's. */
  timezone: z
    .string()
    .trim()
    .max(64)
    .refine((s) => s === '' || isValidTimezone(s), 'unknown-timezone')
    // "europe/moscow" is accepted by Intl; store the zone's canonical spelling.
    .transform((s) => (s === '' ? null : new Intl.DateTimeFormat('en', { timeZone: s }).resolvedOptions().timeZone)),
});

/**
 * Validates a form: like parseInput, but an issue deep inside a field (the third free tag) is reported on the
 * field itself (`freeTags`), where the form shows it, with the offending value as `params.value` (always set,
 * since a Fluent message that names a missing variable throws).
 */
export function parseForm<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.output<S> {
  try {
    return parseInput(schema, input);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid-input') throw error;
    const issues: FieldIssue[] = error.issues.map((issue) => {
      const [field, index] = issue.field.split('.');
      const raw = input[field!];
      const value = (index !== undefined && typeof raw === 'string' ? splitTags(raw)[Number(index)] : typeof raw === 'string' ? raw.trim() : undefined) ?? '';
      return { ...issue, field: field!, params: { ...issue.params, value: value.length > 60 ? `${value.slice(0, 60)}…` : value } };
    });
    throw new DomainError('invalid-input', undefined, issues);
  }
}

/** Standard tags first in their usual order, then free tags as typed; no repeats. */
export function combineTags(standard: readonly string[], free: readonly string[]): string[] {
  const chosen = schoolTags.filter((t) => standard.includes(t) || free.includes(t));
  const rest = free.filter((t, i) => !(schoolTags as readonly string[]).includes(t) && free.indexOf(t) === i);
  return [...chosen, ...rest];
}

export function isStandardTag(tag: string): boolean {
  return (schoolTags as readonly string[]).includes(tag);
}

/** The free tags of a school as its edit field shows them. */
export function freeTagsOf(tags: readonly string[]): string {
  return tags.filter((t) => !isStandardTag(t)).join(', ');
}

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

// ---------------------------------------------------------------------------------------------------------------
// Municipalities

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

// ---------------------------------------------------------------------------------------------------------------

/**
 * The audit entry of a row inserted just before it in the same atomic batch: its id is not known until the
 * insert runs, so the entry takes it from last_insert_rowid() (evaluated before the audit row itself goes in).
 * `municipalityId: 'new'` means the new row is itself the municipality.
 */
function auditOfNewRow(core: Core, actor: Actor, record: Omit<AuditRecord, 'entityId' | 'municipalityId'> & { municipalityId: number | 'new' }): PendingQuery {
  const newId = sql`last_insert_rowid()`;
  return core.database.db.insert(auditLog).values({
    at: core.clock.now(),
    adminId: actor.kind === 'admin' ? actor.id : null,
    actor: actor.label,
    action: record.action,
    entity: record.entity,
    entityId: sql`cast(${newId} as text)`,
    municipalityId: record.municipalityId === 'new' ? newId : record.municipalityId,
    before: record.before ?? null,
    after: record.after ?? null,
  });
}

function isUniqueViolation(error: unknown, column: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes('UNIQUE constraint failed') && e.message.includes(column)) return true;
  }
  return false;
}
