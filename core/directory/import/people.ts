// The check of a people file: each row by telegram_id or by name at a place, its roles, subjects and school.
import { eq, isNotNull, ne, sql, type InferInsertModel } from 'drizzle-orm';
import { contacts, municipalities, people, schools, type PersonStatus } from '../../../db/schema/index.js';
import { inScope } from '../../admins/access.js';
import { searchKey } from '../places.js';
import { schoolRoles, type PersonRole, type Subject } from '../vocabulary.js';
import { FirstSeen, insertsOf, municipalityFinder, rowsOf, sameSet, touch, type PlanContext, type Row } from './plan.js';
import { canonicalRoles, canonicalSubjects, roleOf, splitList, subjectOf } from './words.js';

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

/** Checks a people file into the plan: each person found or created, with their roles, subjects and place. */
export async function planPeople(context: PlanContext): Promise<void> {
  const { core, plan, now, scope, actor } = context;
  const { db } = core.database;
  const [allMunicipalities, allSchools, known, telegramContacts] = await Promise.all([
    db.select().from(municipalities),
    db.select({ id: schools.id, code: schools.code, municipalityId: schools.municipalityId }).from(schools).where(isNotNull(schools.code)),
    db
      .select({
        id: people.id,
        fullName: people.fullName,
        searchName: people.searchName,
        roles: people.roles,
        municipalityId: people.municipalityId,
        schoolId: people.schoolId,
        subjects: people.subjects,
        status: people.status,
      })
      .from(people)
      .where(ne(people.status, 'deleted')) as Promise<Omit<KnownPerson, 'telegramId'>[]>,
    db.select({ personId: contacts.personId, userId: contacts.userId }).from(contacts).where(eq(contacts.channel, 'telegram')),
  ]);
  const telegramOf = new Map(telegramContacts.map((c) => [c.personId, Number(c.userId)]));
  const places = municipalityFinder(allMunicipalities);
  const schoolByCode = new Map(allSchools.map((s) => [s.code!, s]));
  const byTelegram = new Map<number, KnownPerson>();
  const byName = new Map<string, KnownPerson[]>();
  for (const row of known) {
    const p: KnownPerson = { ...row, telegramId: telegramOf.get(row.id) ?? null };
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
  // The Telegram ids the file gives, as contacts: of a person already stored (by id) or of the n-th one inserted.
  const newContacts: { personId: number | null; inserted: number | null; userId: string }[] = [];

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
      if (telegramId !== undefined) newContacts.push({ personId: null, inserted: inserts.length, userId: String(telegramId) });
      inserts.push({
        ...wanted,
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
      newContacts.push({ personId: current.id, inserted: null, userId: String(telegramId) });
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
  plan.queries = () => [
    ...insertsOf(core, people, inserts),
    ...updates.map((u) => db.update(people).set(u.set).where(eq(people.id, u.id))),
    ...(newContacts.length > 0 ? [insertContacts(core, newContacts, inserts.length, now)] : []),
  ];
}

/**
 * The file's Telegram ids as contacts, in one statement run in the import's batch right after its people: a person
 * inserted by the batch is found by its place among them (ids are handed out in order, and the batch runs alone).
 */
function insertContacts(
  core: PlanContext['core'],
  list: { personId: number | null; inserted: number | null; userId: string }[],
  insertedCount: number,
  now: number,
) {
  const json = JSON.stringify(list.map((c) => [c.personId, c.inserted, c.userId]));
  // Every column in the table's order (drizzle lists them all for an insert from a select).
  return core.database.db.insert(contacts).select(
    sql`select null, coalesce(json_extract(value, '$[0]'), (select max(id) from ${people}) - ${insertedCount} + 1 + json_extract(value, '$[1]')),
      'telegram', json_extract(value, '$[2]'), json_extract(value, '$[2]'), 'active', 1, ${now}, ${now} from json_each(${json}) where true`,
  );
}

/** The place part of a person's key: their school, or their municipality when they have no school. */
function nameKey(searchName: string, schoolId: number | null, municipalityId: number | null): string {
  return `${searchName}|${schoolId !== null ? `s${schoolId}` : `m${municipalityId ?? ''}`}`;
}
