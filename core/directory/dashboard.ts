import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import { people, schools } from '../../db/schema/index.js';
import { scopeWhere, type Scope } from '../admins/access.js';
import type { Core } from '../core.js';
import { countSchoolsWithoutLead } from '../dashboard/dashboard.js';
import { personRoles } from './vocabulary.js';

export interface DashboardFigures {
  byRole: Record<string, number>;
  byStatus: Record<string, number>;
  pending: number;
  blocked: number;
  schools: number;
  schoolsWithoutLead: number;
}

/** The directory's numbers (the API's /dashboard) for the municipalities in scope; each links to the list it counts. */
export async function dashboardFigures(core: Core, scope: Scope): Promise<DashboardFigures> {
  const { db } = core.database;
  const peopleScope = [scopeWhere(scope, people.municipalityId)].filter((c): c is SQL => c !== undefined);
  const schoolScope = [scopeWhere(scope, schools.municipalityId)].filter((c): c is SQL => c !== undefined);
  const [statusRows, roleRows, schoolRow, leadless] = await Promise.all([
    db
      .select({ status: people.status, n: count() })
      .from(people)
      .where(peopleScope.length ? and(...peopleScope) : undefined)
      .groupBy(people.status),
    db
      .select({ role: sql<string>`value`, n: count() })
      .from(sql`${people}, json_each(${people.roles})`)
      .where(and(eq(people.status, 'active'), ...peopleScope))
      .groupBy(sql`value`),
    db
      .select({ n: count() })
      .from(schools)
      .where(schoolScope.length ? and(...schoolScope) : undefined)
      .get(),
    countSchoolsWithoutLead(core, scope),
  ]);
  const byStatus = Object.fromEntries(statusRows.map((r) => [r.status, r.n]));
  const byRole = Object.fromEntries(personRoles.map((r) => [r, roleRows.find((x) => x.role === r)?.n ?? 0]));
  return { byRole, byStatus, pending: byStatus.pending ?? 0, blocked: byStatus.blocked ?? 0, schools: schoolRow?.n ?? 0, schoolsWithoutLead: leadless };
}
