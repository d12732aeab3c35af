import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { curatorSchools, curatorVisits, people, schools, taskConfirmations, tasks } from '../../db/schema/index.js';
import { visitKinds } from '../vocabulary/tasks.js';
import type { Core } from '../core.js';
import type { Person } from '../directory/people.js';
import { DomainError, parseInput } from '../errors.js';

export type Visit = typeof curatorVisits.$inferSelect;

/** The schools a curator is assigned to, by short name. */
export async function curatedSchools(core: Core, curatorId: number): Promise<{ id: number; shortName: string; municipalityId: number }[]> {
  return core.database.db
    .select({ id: schools.id, shortName: schools.shortName, municipalityId: schools.municipalityId })
    .from(curatorSchools)
    .innerJoin(schools, eq(schools.id, curatorSchools.schoolId))
    .where(eq(curatorSchools.curatorId, curatorId))
    .orderBy(asc(schools.shortName));
}

export const visitInputSchema = z.object({
  schoolId: z.number().int().positive(),
  visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid-date'),
  kind: z.enum(visitKinds),
  result: z.string().trim().min(2).max(1000),
  // A Telegram file id, or a MAX photo kept by its URL (`max:<url>`), which can be longer.
  photoFileId: z.string().min(1).max(2000).nullable(),
});
export type VisitInput = z.input<typeof visitInputSchema>;

/**
 * Records a curator's visit to one of their schools. A visit counts toward school tasks that a visit fulfils
 * (evidence "visit"): those still open for that school become confirmed by the curator.
 */
export async function recordVisit(core: Core, curator: Pick<Person, 'id'>, input: VisitInput): Promise<Visit> {
  const valid = parseInput(visitInputSchema, input);
  const mine = await curatedSchools(core, curator.id);
  if (!mine.some((s) => s.id === valid.schoolId)) throw new DomainError('not-allowed');
  const now = core.clock.now();
  const { db } = core.database;
  const visit = await db
    .insert(curatorVisits)
    .values({ ...valid, curatorId: curator.id, createdAt: now })
    .returning()
    .get();
  const open = await db
    .select({ id: taskConfirmations.id })
    .from(taskConfirmations)
    .innerJoin(tasks, eq(tasks.id, taskConfirmations.taskId))
    .where(
      and(
        eq(tasks.status, 'published'),
        eq(tasks.evidence, 'visit'),
        eq(taskConfirmations.schoolId, valid.schoolId),
        inArray(taskConfirmations.status, ['pending', 'returned', 'problem']),
      ),
    );
  if (open.length) {
    await db
      .update(taskConfirmations)
      .set({
        status: 'confirmed',
        confirmedBy: curator.id,
        confirmedAt: now,
        evidenceKind: 'visit',
        evidenceText: valid.result,
        evidenceFileId: valid.photoFileId,
        updatedAt: now,
      })
      .where(
        and(
          inArray(
            taskConfirmations.id,
            open.map((o) => o.id),
          ),
          inArray(taskConfirmations.status, ['pending', 'returned', 'problem']),
        ),
      );
  }
  return visit;
}

/** Visits to a school, newest first, with the curator's name: its history in the panel. */
export async function visitsOfSchool(core: Core, schoolId: number): Promise<(Visit & { curator: string | null })[]> {
  const rows = await core.database.db
    .select({ visit: curatorVisits, curator: people.fullName })
    .from(curatorVisits)
    .innerJoin(people, eq(people.id, curatorVisits.curatorId))
    .where(eq(curatorVisits.schoolId, schoolId))
    .orderBy(desc(curatorVisits.visitedOn), desc(curatorVisits.id));
  return rows.map((r) => ({ ...r.visit, curator: r.curator }));
}
