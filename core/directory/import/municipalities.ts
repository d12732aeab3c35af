// The check of a municipalities file: each row by its name, created or given its time zone.
import { eq, type InferInsertModel } from 'drizzle-orm';
import { municipalities } from '../../../db/schema/index.js';
import { searchKey } from '../places.js';
import { FirstSeen, insertsOf, rowsOf, touch, type PlanContext } from './plan.js';
import { timezoneOf } from './words.js';

/** Checks a municipalities file into the plan: each name created, or its zone updated. */
export async function planMunicipalities(context: PlanContext): Promise<void> {
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
