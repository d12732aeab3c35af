import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people, systemState, taskDigestSubscribers } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { hasActiveContact } from '../directory/contacts.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import type { Person } from '../directory/people.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { regionTimezone } from '../directory/places.js';
import { DomainError, parseInput } from '../errors.js';
import { personZone, zoneResolver } from '../directory/zones.js';
import { offsetAt, formatInstant } from '../time/time.js';
import { escapeHtml } from '../text/html.js';
import { scheduleJobs } from '../scheduler/jobs.js';
import { lateListAction, taskAction } from './messages.js';
import { openTasksFor } from './confirmations.js';
import { overdueIn } from './reports.js';

export const weeklyDigestJobKind = 'task-weekly-digest';
export const dailyDigestJobKind = 'task-daily-digest';
const day = 86_400_000;
const settingsKey = 'tasks.weekly-digest';
/** A digest found this late (the process was down) is not sent: a new one comes at its next time. */
const digestLatenessMs = 6 * 3_600_000;
/** The personal daily digest goes at this local hour of the region. */
export const dailyDigestHour = 9;

/** When the coordinators' weekly digest goes: ISO weekday (1 = Monday) and hour, region's time. */
export const weeklyDigestSettingsSchema = z.object({ weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23) });
export type WeeklyDigestSettings = z.infer<typeof weeklyDigestSettingsSchema>;
export const defaultWeeklyDigest: WeeklyDigestSettings = { weekday: 1, hour: 9 };

export async function weeklyDigestSettings(core: Core): Promise<WeeklyDigestSettings> {
  const row = await core.database.db.select().from(systemState).where(eq(systemState.key, settingsKey)).get();
  const parsed = row ? weeklyDigestSettingsSchema.safeParse(JSON.parse(row.value)) : undefined;
  return parsed?.success ? parsed.data : defaultWeeklyDigest;
}

/** Changes the weekly digest's day and hour; the next run is planned at once (an older plan finds itself out of date). */
export async function setWeeklyDigestSettings(core: Core, input: unknown): Promise<WeeklyDigestSettings> {
  const valid = parseInput(weeklyDigestSettingsSchema, input);
  const value = JSON.stringify(valid);
  const now = core.clock.now();
  await core.database.db
    .insert(systemState)
    .values({ key: settingsKey, value, updatedAt: now })
    .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: now } });
  await ensureDigestJobs(core);
  return valid;
}

/** The next instant after `now` that is `weekday` (ISO; null = any day) at `hour`:00 in `zone`. */
export function nextLocal(now: number, zone: string, hour: number, weekday: number | null): number {
  const local = now + offsetAt(now, zone);
  const midnight = Math.floor(local / day) * day;
  for (let d = 0; d <= 8; d++) {
    const candidateLocal = midnight + d * day + hour * 3_600_000;
    const iso = ((new Date(candidateLocal).getUTCDay() + 6) % 7) + 1;
    if (weekday !== null && iso !== weekday) continue;
    const at = candidateLocal - offsetAt(candidateLocal - offsetAt(candidateLocal, zone), zone);
    if (at > now) return at;
  }
  return now + 7 * day;
}

/** Keeps the next weekly and daily digest runs on the books (one each, by their dedupe keys). */
export async function ensureDigestJobs(core: Core): Promise<void> {
  const now = core.clock.now();
  const zone = await regionTimezone(core);
  const settings = await weeklyDigestSettings(core);
  const weekly = nextLocal(now, zone, settings.hour, settings.weekday);
  const daily = nextLocal(now, zone, dailyDigestHour, null);
  await scheduleJobs(core, [
    { kind: weeklyDigestJobKind, dueAt: weekly, payload: { at: weekly }, dedupeKey: `${weeklyDigestJobKind}:${weekly}` },
    { kind: dailyDigestJobKind, dueAt: daily, payload: { at: daily }, dedupeKey: `${dailyDigestJobKind}:${daily}` },
  ]);
}

/**
 * The weekly digest to each coordinator: their municipality's overdue tasks and schools, with a button to open the
 * list in the bot. A run planned for a day and hour no longer set sends nothing. Once per run and coordinator.
 */
export async function runWeeklyDigest(core: Core, payload: Record<string, unknown>, now: number): Promise<number> {
  const at = Number(payload['at']);
  const zone = await regionTimezone(core);
  const settings = await weeklyDigestSettings(core);
  const stillPlanned = nextLocal(at - 1, zone, settings.hour, settings.weekday) === at;
  await ensureDigestJobs(core);
  if (!stillPlanned || now - at > digestLatenessMs) return 0;
  const zoneOf = await zoneResolver(core);
  const items: NewDelivery[] = [];
  for (const c of await weeklyDigestReach(core)) {
    const late = await overdueIn(core, [c.municipalityId!], now);
    const personal = zoneOf(c);
    const t = (key: string, args?: Record<string, string | number>) => core.translate(c.language, key, args);
    const lines = late.length === 0 ? [t('task-weekly-none')] : [t('task-weekly-head', { count: late.length }), ...lateLines(late, c.language, personal, core)];
    items.push({
      personId: c.id,
      purpose: 'task-weekly-digest',
      dedupeKey: `${weeklyDigestJobKind}:${at}:${c.id}`,
      priority: 7,
      message: { html: lines.join('\n'), buttons: late.length ? [[{ text: t('task-button-late-list'), action: lateListAction }]] : [], noPreview: true },
    });
  }
  await enqueueDeliveries(core, items);
  return items.length;
}

/** Who the weekly digest goes to: every reachable coordinator of a municipality. */
export async function weeklyDigestReach(core: Core): Promise<Person[]> {
  return core.database.db
    .select()
    .from(people)
    .where(
      and(
        eq(people.status, 'active'),
        hasActiveContact(people.id),
        isNotNull(people.municipalityId),
        sql`exists (select 1 from json_each(${people.roles}) where value = 'coordinator')`,
      ),
    );
}

/** The coordinator's late list (the weekly digest's «Кто опаздывает»), as either messenger shows it: up to 60 lines. */
export async function lateListMessage(core: Core, person: Person, locale: Person['language']): Promise<OutgoingMessage> {
  if (!person.roles.includes('coordinator') || person.municipalityId === null) throw new DomainError('not-allowed');
  const late = await overdueIn(core, [person.municipalityId], core.clock.now());
  if (late.length === 0) return { html: core.translate(locale, 'task-weekly-none') };
  const lines = lateLines(late, locale, await personZone(core, person), core, 60);
  return { html: [core.translate(locale, 'task-late-title', { count: late.length }), ...lines].join('\n') };
}

/** Lines of a late list, at most 15 (the list button shows all). */
export function lateLines(late: Awaited<ReturnType<typeof overdueIn>>, locale: Person['language'], zone: string, core: Core, max = 15): string[] {
  const lines = late.slice(0, max).map((l) => `• ${escapeHtml(l.name)} — ${escapeHtml(l.task)} (${formatInstant(l.dueAt, zone, locale)})`);
  if (late.length > max) lines.push(core.translate(locale, 'task-late-more', { count: late.length - max }));
  return lines;
}

/** Who the daily digest goes to now: those who chose it and still owe something, with what they owe. */
export async function dailyDigestReach(core: Core): Promise<{ person: Person; open: Awaited<ReturnType<typeof openTasksFor>> }[]> {
  const subscribers = await core.database.db
    .select({ person: people })
    .from(taskDigestSubscribers)
    .innerJoin(people, eq(people.id, taskDigestSubscribers.personId))
    .where(and(eq(people.status, 'active'), hasActiveContact(people.id)));
  const out = [];
  for (const { person } of subscribers) {
    const open = (await openTasksFor(core, person)).filter((r) => r.status !== 'confirmed');
    if (open.length > 0) out.push({ person, open });
  }
  return out;
}

/** The personal daily digest: everything a subscriber still owes, in one message instead of separate reminders. */
export async function runDailyDigest(core: Core, payload: Record<string, unknown>, now: number): Promise<number> {
  const at = Number(payload['at']);
  await ensureDigestJobs(core);
  if (now - at > digestLatenessMs) return 0;
  const zoneOf = await zoneResolver(core);
  const items: NewDelivery[] = [];
  for (const { person, open } of await dailyDigestReach(core)) {
    const zone = zoneOf(person);
    const t = (key: string, args?: Record<string, string | number>) => core.translate(person.language, key, args);
    const lines = [
      t('task-daily-head', { count: open.length }),
      ...open.map(
        (r, i) =>
          `${i + 1}. <b>${escapeHtml(r.task.title)}</b> — ${formatInstant(r.task.dueAt, zone, person.language)}${r.task.dueAt < now ? ` · ${t('task-mark-overdue')}` : ''}`,
      ),
    ];
    items.push({
      personId: person.id,
      purpose: 'task-daily-digest',
      dedupeKey: `${dailyDigestJobKind}:${at}:${person.id}`,
      priority: 6,
      message: {
        html: lines.join('\n'),
        buttons: [open.slice(0, 8).map((r, i) => ({ text: String(i + 1), action: taskAction(r.task.id, 'info') }))],
        noPreview: true,
      },
    });
  }
  await enqueueDeliveries(core, items);
  return items.length;
}

export async function digestChosen(core: Core, personId: number): Promise<boolean> {
  return (await core.database.db.select().from(taskDigestSubscribers).where(eq(taskDigestSubscribers.personId, personId)).get()) !== undefined;
}

/** The /profile button for the daily digest (`tkd:on|off`, the state wanted), on Telegram and MAX alike. */
export function digestButton(core: Core, locale: Person['language'], on: boolean): MessageButton {
  return { text: `${on ? '✅' : '⬜'} ${core.translate(locale, 'task-digest-choice')}`, action: `tkd:${on ? 'off' : 'on'}` };
}

/** /profile: one daily digest instead of separate task reminders, or back. */
export async function setDigestChosen(core: Core, personId: number, chosen: boolean): Promise<void> {
  const { db } = core.database;
  if (chosen) {
    await db.insert(taskDigestSubscribers).values({ personId, createdAt: core.clock.now() }).onConflictDoNothing();
    await ensureDigestJobs(core);
  } else await db.delete(taskDigestSubscribers).where(eq(taskDigestSubscribers.personId, personId));
}
