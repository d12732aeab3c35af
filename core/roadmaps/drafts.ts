import { eq, inArray } from 'drizzle-orm';
import { roadMapItemLinks, roadMapItems, roadMaps, type EventKind } from '../../db/schema/index.js';
import { assertCanWrite, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { personRoles, schoolTags, type PersonRole } from '../directory/vocabulary.js';
import { regionTimezone } from '../directory/places.js';
import { DomainError } from '../errors.js';
import { createEvent } from '../events/events.js';
import { localToUtc } from '../events/time.js';
import { escapeHtml } from '../text/html.js';
import { defaultReminderPlan } from '../tasks/reminder-plan.js';
import { createTask } from '../tasks/tasks.js';
import { itemsOf, roadMapForAdmin, type RoadMap, type RoadMapItem } from './plans.js';
import { scheduleExecutorAsks } from './executor-asks.js';
import type { DueOccurrence, RoadMapEventKind } from './types.js';

/**
 * "Create drafts": each row of a reviewed plan becomes what it is in the product, as drafts only (publishing stays a
 * person's decision on the event's or task's own page): an event row a draft event of its kind at its dates (one per
 * occurrence), a task row a draft task due at its deadline, a recurring row a task per occurrence; other rows (ongoing
 * work) stay plan items. Rows that already have drafts are skipped, so it may be pressed again after a re-import.
 */

/** The parser's kinds of event in the events' own vocabulary. */
const eventKindOf: Record<RoadMapEventKind, EventKind> = {
  webinar: 'webinar',
  seminar: 'seminar',
  conference: 'conference',
  internship: 'internship',
  course: 'course',
  visit: 'visit',
  meeting: 'consultation',
  monitoring: 'other',
  contest: 'competition',
  other: 'other',
};

/** At most this many drafts from one recurring row (a weekly cadence over a year is a reminder, not 52 tasks). */
const maxOccurrences = 24;

export interface DraftsOutcome {
  events: number;
  tasks: number;
  /** Rows left as plan items: ongoing work, no date, or already with drafts. */
  kept: number;
}

/** The audience of a row's drafts: its roles and school tags in the directory's words, within the plan's municipality. */
export function audienceOfItem(item: Pick<RoadMapItem, 'audience'>, plan: Pick<RoadMap, 'municipalityId'>): AudienceRule {
  const roles = item.audience.filter((a): a is PersonRole => (personRoles as readonly string[]).includes(a));
  const tags = item.audience.filter((a) => (schoolTags as readonly string[]).includes(a));
  return {
    ...(roles.length ? { roles } : {}),
    ...(tags.length ? { schoolTags: tags } : {}),
    ...(plan.municipalityId !== null ? { municipalityIds: [plan.municipalityId] } : {}),
  };
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 7);
}

const cadenceMonths: Partial<Record<RoadMapItem['due']['recurrence'], number>> = { monthly: 1, bimonthly: 2, quarterly: 3, 'twice-a-year': 6, yearly: 12 };

/**
 * The occasions of a row: its listed occurrences, else one per cadence step over the row's (or the plan's) period,
 * else the row's own from–to. Each ends at a deadline; a step ends on the last day of its months.
 */
export function occasionsOf(item: Pick<RoadMapItem, 'due'>, plan: Pick<RoadMap, 'periodFrom' | 'periodTo'>): DueOccurrence[] {
  const { due } = item;
  if (due.occurrences.length > 0) return due.occurrences.slice(0, maxOccurrences);
  const step = cadenceMonths[due.recurrence];
  if (step) {
    const from = due.from ?? plan.periodFrom;
    const to = due.to ?? plan.periodTo;
    const out: DueOccurrence[] = [];
    for (let month = addMonths(from, step - 1); lastDayOfMonth(month) <= to && out.length < maxOccurrences; month = addMonths(`${month}-01`, step)) {
      out.push({ from: `${addMonths(`${month}-01`, 1 - step)}-01`, to: lastDayOfMonth(month) });
    }
    return out;
  }
  return due.from || due.to ? [{ from: due.from, to: due.to }] : [];
}

function titleOf(item: RoadMapItem, occasion: DueOccurrence | null, many: boolean): string {
  const suffix = many && occasion ? ` (${occasion.label ?? occasion.to ?? occasion.from})` : '';
  const head = item.text.replace(/\s+/g, ' ').trim();
  return `${head.length + suffix.length > 200 ? `${head.slice(0, 199 - suffix.length)}…` : head}${suffix}`;
}

function descriptionOf(core: Core, item: RoadMapItem, plan: RoadMap, dateToConfirm: boolean): string {
  const t = (key: string, args?: Record<string, string>) => core.translate('ru', key, args);
  const lines = [
    item.number ? t('roadmap-draft-source-numbered', { plan: plan.title, number: item.number }) : plan.title,
    t('roadmap-draft-due', { due: item.dateText || '—' }),
  ];
  if (item.responsible.length) lines.push(t('roadmap-draft-responsible', { names: item.responsible.join(', ') }));
  if (item.result) lines.push(t('roadmap-draft-result', { result: item.result }));
  if (dateToConfirm) lines.unshift(t('roadmap-draft-date-to-confirm'));
  return lines.join('\n').slice(0, 3000);
}

/** Creates the drafts of every row of the plan that has none yet, links them, and schedules the executors' questions. */
export async function createDrafts(core: Core, actor: Actor, roadMapId: number): Promise<DraftsOutcome> {
  assertCanWrite(actor);
  const plan = await roadMapForAdmin(core, actor, roadMapId, { write: true });
  const items = await itemsOf(core, roadMapId);
  const { db } = core.database;
  const linked = new Set<number>();
  for (let i = 0; i < items.length; i += 90) {
    const rows = await db
      .select({ itemId: roadMapItemLinks.itemId })
      .from(roadMapItemLinks)
      .where(
        inArray(
          roadMapItemLinks.itemId,
          items.slice(i, i + 90).map((x) => x.id),
        ),
      );
    for (const r of rows) linked.add(r.itemId);
  }
  const zone = await regionTimezone(core);
  const outcome: DraftsOutcome = { events: 0, tasks: 0, kept: 0 };
  for (const item of items) {
    const made = linked.has(item.id) ? null : await draftsOfItem(core, actor, plan, item, zone);
    if (!made || (made.events === 0 && made.tasks === 0)) {
      outcome.kept++;
      continue;
    }
    outcome.events += made.events;
    outcome.tasks += made.tasks;
  }
  const now = core.clock.now();
  await core.database.atomic([
    db.update(roadMaps).set({ stage: 'active', updatedAt: now }).where(eq(roadMaps.id, roadMapId)),
    auditEntry(core, actor, { action: 'roadmap.drafts', entity: 'roadmap', entityId: roadMapId, municipalityId: plan.municipalityId, after: { ...outcome } }),
  ]);
  await scheduleExecutorAsks(core, { ...plan, stage: 'active' });
  return outcome;
}

async function draftsOfItem(core: Core, actor: Actor, plan: RoadMap, item: RoadMapItem, zone: string): Promise<{ events: number; tasks: number } | null> {
  if (item.kind === 'other') return null;
  // An occasion already past cannot be published: only those still ahead become drafts.
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: zone }).format(core.clock.now());
  const occasions = occasionsOf(item, plan).filter((o) => (o.to ?? o.from)! >= today);
  if (occasions.length === 0) return null;
  const audience = audienceOfItem(item, plan);
  const { db } = core.database;
  const made = { events: 0, tasks: 0 };
  try {
    if (item.kind === 'event') {
      let toConfirm = false;
      for (const occasion of occasions.slice(0, maxOccurrences)) {
        const times = eventTimes(occasion, item.due.precision, zone);
        if (!times) continue;
        toConfirm ||= times.toConfirm;
        const event = await createEvent(core, actor, {
          title: titleOf(item, occasion, occasions.length > 1),
          kind: eventKindOf[item.eventKind ?? 'other'],
          description: descriptionOf(core, item, plan, times.toConfirm),
          startsAt: times.startsAt,
          endsAt: times.endsAt,
          place: null,
          link: null,
          capacity: null,
          registrationDeadline: null,
          audience,
          municipalityId: plan.municipalityId,
        });
        await db.insert(roadMapItemLinks).values({ itemId: item.id, eventId: event.id });
        made.events++;
      }
      if (toConfirm) await db.update(roadMapItems).set({ dateToConfirm: true }).where(eq(roadMapItems.id, item.id));
      return made;
    }
    const schoolTask = audience.roles === undefined || audience.roles.some((r) => r === 'school_lead' || r === 'teacher');
    const taskAudience: AudienceRule = schoolTask ? { ...audience, roles: ['school_lead'] } : audience;
    const list = item.kind === 'recurring' ? occasions : occasions.slice(-1);
    for (const occasion of list) {
      const deadline = occasion.to ?? occasion.from;
      if (!deadline) continue;
      const task = await createTask(core, actor, {
        title: titleOf(item, occasion, list.length > 1),
        instructions: escapeHtml(descriptionOf(core, item, plan, false)),
        dueAt: localToUtc(`${deadline}T18:00`, zone),
        audience: taskAudience,
        assignment: schoolTask ? 'school' : 'person',
        evidence: 'none',
        verifier: 'none',
        reminderPlan: defaultReminderPlan,
        escalateAfterMinutes: null,
        municipalityId: plan.municipalityId,
      });
      await db.insert(roadMapItemLinks).values({ itemId: item.id, taskId: task.id });
      made.tasks++;
    }
    return made;
  } catch (error) {
    // A row the domain refuses (a date it cannot place) stays a plan item for a person to handle; the rest go on.
    if (error instanceof DomainError && error.code === 'invalid-input') return made;
    throw error;
  }
}

/**
 * When an event of a row takes place: a day at 10:00–12:00 (several days: to 17:00 of the last); a month or a wider
 * span only gives its first day, flagged «уточнить дату».
 */
function eventTimes(
  occasion: DueOccurrence,
  precision: RoadMapItem['due']['precision'],
  zone: string,
): { startsAt: number; endsAt: number; toConfirm: boolean } | null {
  const first = occasion.from ?? occasion.to;
  if (!first) return null;
  if (precision === 'day') {
    const last = occasion.to && occasion.from && occasion.to > occasion.from ? occasion.to : null;
    return { startsAt: localToUtc(`${first}T10:00`, zone), endsAt: localToUtc(`${last ?? first}T${last ? '17:00' : '12:00'}`, zone), toConfirm: false };
  }
  return { startsAt: localToUtc(`${first}T10:00`, zone), endsAt: localToUtc(`${first}T12:00`, zone), toConfirm: true };
}
