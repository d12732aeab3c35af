import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, sum, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
  broadcasts,
  deliveries,
  deliveriesSentTally,
  eventParticipants,
  events,
  municipalities,
  schools,
  surveyParticipants,
  surveys,
  taskConfirmations,
  tasks,
} from '../../db/schema/index.js';
import { scopeWhere, type Scope } from '../admins/access.js';
import type { Core } from '../core.js';
import { countPeople, countSchoolsWithoutLead } from '../directory/dashboard.js';
import { openStatuses } from '../tasks/tasks.js';

const week = 7 * 86_400_000;
/** How many weeks the trends look back. */
export const trendWeeks = 8;
const listLength = 5;

export interface UpcomingEvent {
  id: number;
  title: string;
  startsAt: number;
  capacity: number | null;
  going: number;
}
export interface OverdueByMunicipality {
  municipalityId: number;
  name: string;
  overdue: number;
}
export interface SilentSchool {
  schoolId: number;
  name: string;
  overdue: number;
}
export interface OpenSurvey {
  id: number;
  title: string;
  closesAt: number;
  invited: number;
  done: number;
}
export interface BroadcastInProgress {
  id: number;
  status: 'scheduled' | 'sending';
  sendAt: number | null;
  recipients: number | null;
  sent: number;
  failed: number;
}
/** One series of weekly counts, oldest week first. */
export interface Trend {
  name: 'signups' | 'confirmations' | 'answers' | 'sent';
  weeks: number[];
}

/** What needs the admin now, in the municipalities of their scope; every figure is the count of a list they can open. */
export interface Dashboard {
  pending: number;
  blocked: number;
  schools: number;
  schoolsWithoutLead: number;
  upcomingEvents: UpcomingEvent[];
  overdueByMunicipality: OverdueByMunicipality[];
  silentSchools: SilentSchool[];
  openSurveys: OpenSurvey[];
  broadcasts: BroadcastInProgress[];
  trends: Trend[];
  /** The start of the oldest week of the trends (a Monday, 00:00 UTC, in ms); the last week is the current one. */
  trendsFrom: number;
}

/** Weeks start on Monday, 00:00 UTC: 1970-01-01 was a Thursday, three days into its week. */
const weekShift = 3 * 86_400_000;
/** The number of the week an instant falls in, as `deliveries_sent_tally` (migration 0016) counts them. */
export const weekNumber = (at: number) => Math.floor((at + weekShift) / week);

const where = (...conditions: (SQL | undefined)[]) => and(...conditions.filter((c): c is SQL => c !== undefined));

/**
 * The home page's figures. People and messages sent are counted from tallies kept by triggers (rows per municipality
 * and status; per week and municipality); every other query is bounded by what it shows (the next events' sign-ups,
 * open assignments past their due time, this survey's invitations, the last weeks' sign-ups, confirmations and
 * answers), read through an index, so the page costs the same at 2,000 people and at 200,000.
 */
export async function dashboard(core: Core, scope: Scope): Promise<Dashboard> {
  const { db } = core.database;
  const now = core.clock.now();
  const firstWeek = weekNumber(now) - trendWeeks + 1;
  const trendsFrom = firstWeek * week - weekShift;
  /**
   * One count a week in one statement: for each week of a VALUES list, a count over a range of an index (`created_at`,
   * `confirmed_at`, `done_at`), which SQLite walks without evaluating an expression per row as a GROUP BY on the week
   * would; the scope's parameters are bound once (D1 allows 100 a statement).
   */
  const weeks = sql.raw(Array.from({ length: trendWeeks }, (_, i) => `(${i}, ${trendsFrom + i * week}, ${trendsFrom + (i + 1) * week})`).join(', '));
  const weekly = async (countIn: (from: SQL, to: SQL) => SQLWrapper) => {
    const rows = await db.all<{ i: number; n: number }>(
      sql`select w.column1 as i, (${countIn(sql`w.column2`, sql`w.column3`).getSQL()}) as n from (values ${weeks}) w`,
    );
    return Array.from({ length: trendWeeks }, (_, i) => rows.find((r) => r.i === i)?.n ?? 0);
  };
  const overdue = and(
    eq(tasks.status, 'published'),
    lt(tasks.dueAt, now),
    inArray(taskConfirmations.status, openStatuses),
    scopeWhere(scope, taskConfirmations.municipalityId),
  );

  const [peopleCounts, schoolRow, schoolsWithoutLead, nextEvents, overdueRows, surveyRows, broadcastRows, trendRows] = await Promise.all([
    countPeople(core, scope),
    db.select({ n: count() }).from(schools).where(scopeWhere(scope, schools.municipalityId)).get(),
    countSchoolsWithoutLead(core, scope),
    db
      .select({ id: events.id, title: events.title, startsAt: events.startsAt, capacity: events.capacity })
      .from(events)
      .where(where(eq(events.status, 'published'), gte(events.startsAt, now), scopeWhere(scope, events.municipalityId)))
      .orderBy(asc(events.startsAt))
      .limit(listLength),
    // One pass over the open assignments of overdue tasks (index only), by school; municipalities are summed from it.
    db
      .select({ municipalityId: taskConfirmations.municipalityId, schoolId: taskConfirmations.schoolId, overdue: count() })
      .from(taskConfirmations)
      .innerJoin(tasks, eq(tasks.id, taskConfirmations.taskId))
      .where(overdue)
      .groupBy(taskConfirmations.municipalityId, taskConfirmations.schoolId),
    db
      .select({ id: surveys.id, title: surveys.title, closesAt: surveys.closesAt })
      .from(surveys)
      .where(where(eq(surveys.status, 'published'), lte(surveys.opensAt, now), gte(surveys.closesAt, now), scopeWhere(scope, surveys.municipalityId)))
      .orderBy(asc(surveys.closesAt))
      .limit(listLength),
    db
      .select({ id: broadcasts.id, status: broadcasts.status, sendAt: broadcasts.sendAt, recipients: broadcasts.recipients })
      .from(broadcasts)
      .where(where(inArray(broadcasts.status, ['scheduled', 'sending']), scopeWhere(scope, broadcasts.municipalityId)))
      .orderBy(desc(broadcasts.id))
      .limit(listLength),
    Promise.all([
      weekly((from, to) =>
        db
          .select({ n: count() })
          .from(eventParticipants)
          .innerJoin(events, eq(events.id, eventParticipants.eventId))
          .where(
            where(
              gte(eventParticipants.createdAt, from),
              lt(eventParticipants.createdAt, to),
              eq(eventParticipants.status, 'going'),
              scopeWhere(scope, events.municipalityId),
            ),
          ),
      ),
      weekly((from, to) =>
        db
          .select({ n: count() })
          .from(taskConfirmations)
          .where(where(gte(taskConfirmations.confirmedAt, from), lt(taskConfirmations.confirmedAt, to), scopeWhere(scope, taskConfirmations.municipalityId))),
      ),
      weekly((from, to) =>
        db
          .select({ n: count() })
          .from(surveyParticipants)
          .innerJoin(surveys, eq(surveys.id, surveyParticipants.surveyId))
          .where(where(gte(surveyParticipants.doneAt, from), lt(surveyParticipants.doneAt, to), scopeWhere(scope, surveys.municipalityId))),
      ),
      db
        .select({ week: deliveriesSentTally.week, n: sum(deliveriesSentTally.n).mapWith(Number) })
        .from(deliveriesSentTally)
        .where(where(gte(deliveriesSentTally.week, firstWeek), scopeWhere(scope, deliveriesSentTally.municipalityId)))
        .groupBy(deliveriesSentTally.week),
    ]),
  ]);

  const overdueByMunicipality = new Map<number, number>();
  for (const r of overdueRows)
    if (r.municipalityId !== null) overdueByMunicipality.set(r.municipalityId, (overdueByMunicipality.get(r.municipalityId) ?? 0) + r.overdue);
  const worstMunicipalities = [...overdueByMunicipality].sort((a, b) => b[1] - a[1]).slice(0, 10);
  const silent = overdueRows
    .filter((r) => r.schoolId !== null)
    .sort((a, b) => b.overdue - a.overdue)
    .slice(0, listLength);
  const eventIds = nextEvents.map((e) => e.id);
  const surveyIds = surveyRows.map((s) => s.id);
  const sources = broadcastRows.map((b) => `broadcast:${b.id}`);
  const municipalityIds = worstMunicipalities.map(([id]) => id);
  const schoolIds = silent.map((r) => r.schoolId!);
  const [goingRows, invitedRows, deliveryRows, municipalityNames, schoolNames] = await Promise.all([
    eventIds.length
      ? db
          .select({ eventId: eventParticipants.eventId, n: count() })
          .from(eventParticipants)
          .where(and(inArray(eventParticipants.eventId, eventIds), eq(eventParticipants.status, 'going')))
          .groupBy(eventParticipants.eventId)
      : [],
    surveyIds.length
      ? db
          .select({ surveyId: surveyParticipants.surveyId, invited: count(), done: sql<number>`count(${surveyParticipants.doneAt})` })
          .from(surveyParticipants)
          .where(inArray(surveyParticipants.surveyId, surveyIds))
          .groupBy(surveyParticipants.surveyId)
      : [],
    sources.length
      ? db
          .select({ source: deliveries.source, status: deliveries.status, n: count() })
          .from(deliveries)
          .where(inArray(deliveries.source, sources))
          .groupBy(deliveries.source, deliveries.status)
      : [],
    municipalityIds.length
      ? db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities).where(inArray(municipalities.id, municipalityIds))
      : [],
    schoolIds.length ? db.select({ id: schools.id, name: schools.shortName }).from(schools).where(inArray(schools.id, schoolIds)) : [],
  ]);

  const { byStatus } = peopleCounts;
  const sentWeeks = Array.from({ length: trendWeeks }, (_, i) => trendRows[3].find((r) => r.week === firstWeek + i)?.n ?? 0);
  const delivered = (id: number, statuses: string[]) =>
    deliveryRows.filter((r) => r.source === `broadcast:${id}` && statuses.includes(r.status)).reduce((sum, r) => sum + r.n, 0);
  return {
    pending: byStatus.pending ?? 0,
    blocked: byStatus.blocked ?? 0,
    schools: schoolRow?.n ?? 0,
    schoolsWithoutLead,
    upcomingEvents: nextEvents.map((e) => ({ ...e, going: goingRows.find((g) => g.eventId === e.id)?.n ?? 0 })),
    overdueByMunicipality: worstMunicipalities.map(([municipalityId, n]) => ({
      municipalityId,
      name: municipalityNames.find((m) => m.id === municipalityId)?.name ?? '',
      overdue: n,
    })),
    silentSchools: silent.map((r) => ({ schoolId: r.schoolId!, name: schoolNames.find((x) => x.id === r.schoolId)?.name ?? '', overdue: r.overdue })),
    openSurveys: surveyRows.map((s) => {
      const counts = invitedRows.find((r) => r.surveyId === s.id);
      return { ...s, invited: counts?.invited ?? 0, done: Number(counts?.done ?? 0) };
    }),
    broadcasts: broadcastRows.map((b) => ({
      id: b.id,
      status: b.status as 'scheduled' | 'sending',
      sendAt: b.sendAt,
      recipients: b.recipients,
      sent: delivered(b.id, ['sent']),
      failed: delivered(b.id, ['failed', 'blocked', 'uncertain']),
    })),
    trends: [
      { name: 'signups', weeks: trendRows[0] },
      { name: 'confirmations', weeks: trendRows[1] },
      { name: 'answers', weeks: trendRows[2] },
      { name: 'sent', weeks: sentWeeks },
    ],
    trendsFrom,
  };
}
