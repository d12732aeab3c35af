import { and, count, sql, sum } from 'drizzle-orm';
import { peopleTally, type PersonStatus, schools } from '../../db/schema/index.js';
import { scopeWhere, type Scope } from '../admins/access.js';
import type { Core } from '../core.js';
import { personRoles } from './vocabulary.js';

export interface DashboardFigures {
  byRole: Record<string, number>;
  byStatus: Record<string, number>;
  pending: number;
  blocked: number;
  schools: number;
  schoolsWithoutLead: number;
}

/** People in scope by status, and the active ones by role. */
export interface PeopleCounts {
  byStatus: Partial<Record<PersonStatus, number>>;
  activeByRole: Record<string, number>;
}

/**
 * People in scope by status and the active ones by role, from `people_tally` (kept by triggers on `people`): at most
 * municipalities × statuses × roles rows, however many people the directory holds.
 */
export async function countPeople(core: Core, scope: Scope): Promise<PeopleCounts> {
  const rows = await core.database.db
    .select({ status: peopleTally.status, role: peopleTally.role, n: sum(peopleTally.n).mapWith(Number) })
    .from(peopleTally)
    .where(scopeWhere(scope, peopleTally.municipalityId))
    .groupBy(peopleTally.status, peopleTally.role);
  const byStatus: PeopleCounts['byStatus'] = {};
  const activeByRole: Record<string, number> = {};
  for (const r of rows) {
    if (r.n === 0) continue;
    if (r.role === '') byStatus[r.status] = r.n;
    else if (r.status === 'active') activeByRole[r.role] = r.n;
  }
  return { byStatus, activeByRole };
}

/**
 * Schools in scope with no active school lead. The lead check matches the partial index `people_school_leads`
 * word for word, so each school costs one index probe, not a scan of its people.
 */
export async function countSchoolsWithoutLead(core: Core, scope: Scope): Promise<number> {
  const row = await core.database.db
    .select({ n: count() })
    .from(schools)
    .where(
      and(
        scopeWhere(scope, schools.municipalityId),
        sql`not exists (select 1 from people where people.school_id = ${schools.id} and people.status = 'active' and instr(people.roles, '"school_lead"') > 0)`,
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** The directory's numbers (the API's /dashboard) for the municipalities in scope; each links to the list it counts. */
export async function dashboardFigures(core: Core, scope: Scope): Promise<DashboardFigures> {
  const [people, schoolRow, leadless] = await Promise.all([
    countPeople(core, scope),
    core.database.db.select({ n: count() }).from(schools).where(scopeWhere(scope, schools.municipalityId)).get(),
    countSchoolsWithoutLead(core, scope),
  ]);
  const { byStatus, activeByRole } = people;
  const byRole = Object.fromEntries(personRoles.map((r) => [r, activeByRole[r] ?? 0]));
  return { byRole, byStatus, pending: byStatus.pending ?? 0, blocked: byStatus.blocked ?? 0, schools: schoolRow?.n ?? 0, schoolsWithoutLead: leadless };
}
