import { and, asc, eq, sql } from 'drizzle-orm';
import { municipalities, region, schools } from '../../db/schema/index.js';
import type { Core } from '../core.js';

export type Municipality = typeof municipalities.$inferSelect;
export type School = typeof schools.$inferSelect;

export async function listMunicipalities(core: Core): Promise<Municipality[]> {
  return core.database.db.select().from(municipalities).orderBy(asc(municipalities.name));
}

export async function getMunicipality(core: Core, id: number): Promise<Municipality | undefined> {
  return core.database.db.select().from(municipalities).where(eq(municipalities.id, id)).get();
}

export async function getSchool(core: Core, id: number): Promise<School | undefined> {
  return core.database.db.select().from(schools).where(eq(schools.id, id)).get();
}

export async function countSchools(core: Core, municipalityId: number): Promise<number> {
  const row = await core.database.db.select({ n: sql<number>`count(*)` }).from(schools).where(eq(schools.municipalityId, municipalityId)).get();
  return row?.n ?? 0;
}

/**
 * Schools of a municipality whose name contains the typed text, case-insensitively.
 * SQLite's LIKE folds only ASCII, so Cyrillic is matched on a lower-cased copy in JS.
 */
export async function searchSchools(core: Core, municipalityId: number, text: string, limit = 10): Promise<School[]> {
  const rows = await core.database.db.select().from(schools).where(eq(schools.municipalityId, municipalityId)).orderBy(asc(schools.shortName));
  const needle = searchKey(text);
  return rows.filter((s) => searchKey(`${s.shortName} ${s.fullName}`).includes(needle)).slice(0, limit);
}

export function searchMunicipalities(all: Municipality[], text: string): Municipality[] {
  const needle = searchKey(text);
  return all.filter((m) => searchKey(m.name).includes(needle));
}

/** Text as search compares it: lower case, ё as е, no quotes or №, single spaces. */
export function searchKey(text: string): string {
  return text
    .toLocaleLowerCase('ru')
    .replaceAll('ё', 'е')
    .replace(/["«»№]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The region's zone, else the deployment default. */
export async function regionTimezone(core: Core): Promise<string> {
  const row = await core.database.db.select().from(region).where(eq(region.id, 1)).get();
  return row?.timezone ?? core.config.defaultTimezone;
}

export async function schoolInMunicipality(core: Core, schoolId: number, municipalityId: number): Promise<boolean> {
  const row = await core.database.db
    .select({ id: schools.id })
    .from(schools)
    .where(and(eq(schools.id, schoolId), eq(schools.municipalityId, municipalityId)))
    .get();
  return row !== undefined;
}
