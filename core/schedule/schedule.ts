import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, scheduledJobs } from '../../db/schema/index.js';
import { assertCanWrite, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { dailySummaryJobKind } from '../deliveries/delivery-rules.js';
import { regionTimezone } from '../directory/places.js';
import { DomainError, parseInput } from '../errors.js';
import { offsetAt } from '../time/time.js';
import { kindWords } from '../words/words.js';
import type { Locale } from '../../locales/translator.js';
import type { DescribeDue, DueRow } from '../scheduler/due.js';

const day = 86_400_000;
/** How far ahead the schedule looks. */
export const scheduleDays = 7;

/** What the schedule knows of each job kind: its way to describe due rows, if it has one. */
export type Describers = ReadonlyMap<string, { describe?: DescribeDue | undefined }>;

export interface ScheduleItem {
  source: 'job' | 'delivery';
  /** The job's kind, or the delivery's purpose. */
  kind: string;
  group: string;
  title: string;
  recipients: number;
  link: string | null;
  /** The first row's due time. */
  dueAt: number;
  /** The local day (region's zone) as YYYY-MM-DD. */
  day: string;
  paused: boolean;
}

function localDay(at: number, zone: string): string {
  return new Date(at + offsetAt(at, zone)).toISOString().slice(0, 10);
}

async function jobRows(core: Core, from: number, until: number, kind?: string) {
  return core.database.db
    .select({ id: scheduledJobs.id, kind: scheduledJobs.kind, payload: scheduledJobs.payload, dueAt: scheduledJobs.dueAt, status: scheduledJobs.status })
    .from(scheduledJobs)
    .where(
      and(
        inArray(scheduledJobs.status, ['due', 'paused']),
        lte(scheduledJobs.dueAt, until),
        kind ? eq(scheduledJobs.kind, kind) : undefined,
        sql`${scheduledJobs.dueAt} >= ${from}`,
      ),
    )
    .orderBy(asc(scheduledJobs.dueAt));
}

/** Describes rows of one kind with its describer, or plainly by kind (one group per kind). */
async function describeRows(core: Core, describers: Describers, kind: string, rows: DueRow[], locale: Locale) {
  const describe = describers.get(kind)?.describe;
  if (describe) return describe(core, rows, locale);
  const title = kindWords(core.translate, locale, kind);
  return rows.map(() => ({ title, recipients: 1, link: null, group: kind }));
}

/**
 * Everything due to be sent in the next days: scheduled jobs (grouped by what they describe, e.g. one event's
 * reminders) and deliveries waiting in the outbox for a later time (quiet hours, a set time), by local day, in time
 * order, titled in the reader's language.
 */
export async function upcomingSchedule(core: Core, describers: Describers, locale: Locale, days = scheduleDays): Promise<ScheduleItem[]> {
  const now = core.clock.now();
  const zone = await regionTimezone(core);
  const until = now + days * day;
  const items = new Map<string, ScheduleItem>();
  const rows = await jobRows(core, 0, until);
  const byKind = new Map<string, typeof rows>();
  for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  for (const [kind, list] of byKind) {
    const described = await describeRows(core, describers, kind, list, locale);
    list.forEach((r, i) => {
      const d = described[i]!;
      const dayKey = localDay(Math.max(r.dueAt, now), zone);
      const key = `job|${kind}|${d.group}|${dayKey}`;
      const item = items.get(key);
      if (item) {
        item.recipients += d.recipients;
        item.paused &&= r.status === 'paused';
      } else {
        items.set(key, {
          source: 'job',
          kind,
          group: d.group,
          title: d.title,
          recipients: d.recipients,
          link: d.link,
          dueAt: r.dueAt,
          day: dayKey,
          paused: r.status === 'paused',
        });
      }
    });
  }
  const waiting = await core.database.db
    .select({ purpose: deliveries.purpose, notBefore: deliveries.notBefore })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'pending'), gt(deliveries.notBefore, now), lte(deliveries.notBefore, until)))
    .orderBy(asc(deliveries.notBefore));
  for (const d of waiting) {
    const dayKey = localDay(d.notBefore, zone);
    const key = `delivery|${d.purpose}|${dayKey}`;
    const item = items.get(key);
    if (item) item.recipients += 1;
    else
      items.set(key, {
        source: 'delivery',
        kind: d.purpose,
        group: dayKey,
        title: kindWords(core.translate, locale, d.purpose),
        recipients: 1,
        link: null,
        dueAt: d.notBefore,
        day: dayKey,
        paused: false,
      });
  }
  return [...items.values()].sort((a, b) => a.day.localeCompare(b.day) || a.dueAt - b.dueAt || a.kind.localeCompare(b.kind));
}

export const scheduleActionSchema = z.object({
  source: z.enum(['job', 'delivery']),
  kind: z.string().min(1).max(100),
  group: z.string().min(1).max(200),
  action: z.enum(['pause', 'resume', 'cancel', 'send-now']),
});
export type ScheduleAction = z.input<typeof scheduleActionSchema>;

/**
 * Pauses, resumes or cancels one item of the schedule (all its rows), or sends waiting deliveries now, past quiet
 * hours (an urgent decision). Owners and editors only; audited with the number of rows it touched.
 */
export async function actOnScheduleItem(core: Core, actor: Actor, describers: Describers, input: ScheduleAction): Promise<number> {
  assertCanWrite(actor);
  if (actor.role === 'coordinator') throw new DomainError('not-allowed', 'region-wide schedule');
  const valid = parseInput(scheduleActionSchema, input);
  const now = core.clock.now();
  const { db } = core.database;
  let ids: number[];
  let change;
  if (valid.source === 'job') {
    if (valid.action === 'send-now') throw new DomainError('invalid-input');
    const rows = await jobRows(core, 0, now + scheduleDays * day, valid.kind);
    // Only the groups are read here, which no language changes.
    const described = await describeRows(core, describers, valid.kind, rows, 'ru');
    const wanted = valid.action === 'pause' ? ['due'] : valid.action === 'resume' ? ['paused'] : ['due', 'paused'];
    ids = rows.filter((r, i) => described[i]!.group === valid.group && wanted.includes(r.status)).map((r) => r.id);
    const status = valid.action === 'pause' ? 'paused' : valid.action === 'resume' ? 'due' : 'cancelled';
    change = (chunk: number[]) =>
      db
        .update(scheduledJobs)
        .set(status === 'cancelled' ? { status, note: `cancelled by ${actor.label}`, finishedAt: now } : { status })
        .where(and(inArray(scheduledJobs.id, chunk), inArray(scheduledJobs.status, wanted as ('due' | 'paused')[])));
  } else {
    if (valid.action !== 'cancel' && valid.action !== 'send-now') throw new DomainError('invalid-input');
    const zone = await regionTimezone(core);
    const rows = await db
      .select({ id: deliveries.id, notBefore: deliveries.notBefore })
      .from(deliveries)
      .where(and(eq(deliveries.status, 'pending'), eq(deliveries.purpose, valid.kind), gt(deliveries.notBefore, now)));
    ids = rows.filter((r) => localDay(r.notBefore, zone) === valid.group).map((r) => r.id);
    change = (chunk: number[]) =>
      db
        .update(deliveries)
        .set(valid.action === 'cancel' ? { status: 'skipped', error: 'cancelled-by-admin' } : { notBefore: now })
        .where(and(inArray(deliveries.id, chunk), eq(deliveries.status, 'pending')));
  }
  if (ids.length === 0) throw new DomainError('not-found');
  const statements = [];
  for (let i = 0; i < ids.length; i += 90) statements.push(change(ids.slice(i, i + 90)));
  statements.push(
    auditEntry(core, actor, {
      action: `schedule.${valid.action}`,
      entity: valid.source === 'job' ? 'scheduled-job' : 'delivery',
      entityId: `${valid.kind}:${valid.group}`,
      after: { rows: ids.length },
    }),
  );
  await core.database.atomic(statements);
  core.outboxChanged();
  return ids.length;
}

/** The morning summaries of held messages: one item a day, one recipient per row. */
export const describeDailySummaries: DescribeDue = async (core, rows, locale) =>
  rows.map(() => ({ title: core.translate(locale, 'schedule-daily-summary'), recipients: 1, link: null, group: dailySummaryJobKind }));
