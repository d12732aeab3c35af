// The check of a schools file: each row by its code, within the importer's municipalities.
import { eq, isNotNull, type InferInsertModel } from 'drizzle-orm';
import { municipalities, schools } from '../../../db/schema/index.js';
import { inScope } from '../../admins/access.js';
// The same rules as the school form: codes, free tags and how many of them.
import { freeTagPattern, maxFreeTags, schoolCodePattern } from '../forms.js';
import { schoolTags } from '../vocabulary.js';
import { FirstSeen, insertsOf, municipalityFinder, rowsOf, sameSet, touch, type PlanContext } from './plan.js';
import { canonicalTags, splitList, tagOf } from './words.js';

/** Checks a schools file into the plan: each code created or updated, within the importer's scope. */
export async function planSchools(context: PlanContext): Promise<void> {
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
