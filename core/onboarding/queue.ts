import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { municipalities, people, schools } from '../../db/schema/index.js';
import { scopeWhere, type Scope } from '../admins/access.js';
import type { Core } from '../core.js';
import type { Person } from '../directory/people.js';
import type { Municipality, School } from '../directory/places.js';

export interface PendingRegistration {
  person: Person;
  school: Pick<School, 'id' | 'shortName'> | null;
  municipality: Pick<Municipality, 'id' | 'name'> | null;
  /** When the request was sent: the consent is given at submission, also on a new request after a rejection. */
  requestedAt: number;
}

/** Registrations waiting for a decision in the municipalities in scope, oldest request first. */
export async function listPendingRegistrations(core: Core, scope: Scope, limit = 200): Promise<{ rows: PendingRegistration[]; total: number }> {
  const { db } = core.database;
  const conditions: SQL[] = [eq(people.status, 'pending')];
  const inScope = scopeWhere(scope, people.municipalityId);
  if (inScope) conditions.push(inScope);
  const requestedAt = sql<number>`coalesce(${people.consentAt}, ${people.createdAt})`;
  const [rows, totalRow] = await Promise.all([
    db
      .select({
        person: people,
        school: { id: schools.id, shortName: schools.shortName },
        municipality: { id: municipalities.id, name: municipalities.name },
        requestedAt,
      })
      .from(people)
      .leftJoin(schools, eq(schools.id, people.schoolId))
      .leftJoin(municipalities, eq(municipalities.id, people.municipalityId))
      .where(and(...conditions))
      .orderBy(asc(requestedAt), asc(people.id))
      .limit(limit),
    db
      .select({ n: count() })
      .from(people)
      .where(and(...conditions))
      .get(),
  ]);
  return { rows: rows as PendingRegistration[], total: totalRow?.n ?? 0 };
}
