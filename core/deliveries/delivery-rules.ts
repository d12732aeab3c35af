import { and, eq, gte, sql } from 'drizzle-orm';
import { inJsonList } from '../../db/json-lists.js';
import { z } from 'zod';
import {
  contacts,
  deliveries,
  deliveryPreferences,
  municipalities,
  people,
  systemState,
  type DeliveryStatus,
  type PersonStatus,
} from '../../db/schema/index.js';
import type { ContactStatus, MessengerChannel } from '../vocabulary/channels.js';
import { assertCanWrite, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { contactToWrite } from '../directory/contacts.js';
import { regionTimezone } from '../directory/places.js';
import { DomainError, parseInput } from '../errors.js';
import { offsetAt } from '../time/time.js';
import { scheduleJobs } from '../scheduler/jobs.js';
import { quietHours, quietHoursEnd, type QuietHours } from './quiet-hours.js';

/**
 * The rules every message to a person passes on its way into the outbox, unless it is urgent or answers the person's
 * own action (priority below 5): it waits for the end of the person's quiet hours (their own, or the region's), and
 * beyond a number of such messages per local day it is held and told in one summary the next morning.
 */
export interface DeliverySettings {
  quietHours: QuietHours;
  /** Non-urgent messages one person receives per local day; the rest are folded into the next morning's summary. */
  dailyCap: number;
}

export const defaultDeliverySettings: DeliverySettings = { quietHours: { ...quietHours }, dailyCap: 5 };
const settingsKey = 'delivery.settings';
export const dailySummaryJobKind = 'delivery-daily-summary';
export const heldByCap = 'held-daily-cap';
const day = 86_400_000;
const minuteOfDay = z
  .number({ error: 'not-a-number' })
  .int()
  .min(0)
  .max(24 * 60 - 1);

export const deliverySettingsSchema = z.object({
  quietHours: z.object({ from: minuteOfDay, to: minuteOfDay }).refine((h) => h.from !== h.to, { error: 'quiet-hours-empty' }),
  dailyCap: z.number({ error: 'not-a-number' }).int().min(1).max(100),
});

export async function deliverySettings(core: Core): Promise<DeliverySettings> {
  const row = await core.database.db.select().from(systemState).where(eq(systemState.key, settingsKey)).get();
  if (!row) return defaultDeliverySettings;
  const parsed = deliverySettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : defaultDeliverySettings;
}

/** The region-wide quiet hours and daily cap, set in the panel by an owner or editor; audited. */
export async function setDeliverySettings(core: Core, actor: Actor, input: unknown): Promise<DeliverySettings> {
  assertCanWrite(actor);
  if (actor.role === 'coordinator') throw new DomainError('not-allowed', 'region-wide setting');
  const valid = parseInput(deliverySettingsSchema, input);
  const before = await deliverySettings(core);
  const now = core.clock.now();
  const value = JSON.stringify(valid);
  await core.database.atomic([
    core.database.db
      .insert(systemState)
      .values({ key: settingsKey, value, updatedAt: now })
      .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: now } }),
    auditEntry(core, actor, { action: 'delivery.settings', entity: 'delivery-settings', before: { ...before }, after: { ...valid } }),
  ]);
  await retimeHeld(core, before.quietHours, null);
  return valid;
}

/** A person's own quiet hours, or null when they keep the region's. */
export async function ownQuietHours(core: Core, personId: number): Promise<QuietHours | null> {
  const row = await core.database.db.select().from(deliveryPreferences).where(eq(deliveryPreferences.personId, personId)).get();
  return row && row.quietFrom !== null && row.quietTo !== null ? { from: row.quietFrom, to: row.quietTo } : null;
}

/** The quiet hours that hold for a person: their own, else the region's (events' reminders ask this too). */
export async function quietHoursOf(core: Core, personId: number): Promise<QuietHours> {
  return (await ownQuietHours(core, personId)) ?? (await deliverySettings(core)).quietHours;
}

/** Sets (or with null, clears) a person's own quiet hours, from /profile. */
export async function setOwnQuietHours(core: Core, personId: number, hours: QuietHours | null): Promise<void> {
  const valid = hours === null ? null : parseInput(deliverySettingsSchema.shape.quietHours, hours);
  const before = await quietHoursOf(core, personId);
  const now = core.clock.now();
  const set = { quietFrom: valid?.from ?? null, quietTo: valid?.to ?? null, updatedAt: now };
  await core.database.db
    .insert(deliveryPreferences)
    .values({ personId, ...set })
    .onConflictDoUpdate({ target: deliveryPreferences.personId, set });
  await retimeHeld(core, before, personId);
}

/**
 * After quiet hours change, messages held by the old ones (pending, released exactly when the old hours end) are
 * released by the new ones instead: at once if the new hours do not cover now, else when they end. `personId`
 * null: the region's hours changed, for everyone who keeps them. A message about an event is never pushed later
 * (it may start first); one that was held for another reason (not ending with the old hours) keeps its time.
 */
async function retimeHeld(core: Core, oldHours: QuietHours, personId: number | null): Promise<void> {
  const { db } = core.database;
  const now = core.clock.now();
  const held = await db
    .select({ id: deliveries.id, personId: deliveries.personId, purpose: deliveries.purpose, notBefore: deliveries.notBefore, createdAt: deliveries.createdAt })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, 'pending'),
        gte(deliveries.priority, 5),
        sql`${deliveries.notBefore} > ${now}`,
        sql`${deliveries.chatId} not like '-%'`,
        personId === null ? sql`${deliveries.personId} is not null` : eq(deliveries.personId, personId),
      ),
    );
  if (held.length === 0) return;
  const settings = await deliverySettings(core);
  const recipients = await recipientsOf(core, await recipientProfiles(core, [...new Set(held.map((r) => r.personId!))]), settings.quietHours);
  // Only people whose hours changed: a person with their own hours keeps them when the region's change.
  const keepOwn = new Set<number>();
  if (personId === null) {
    const own = await db
      .select({ id: deliveryPreferences.personId })
      .from(deliveryPreferences)
      .where(and(inJsonList(deliveryPreferences.personId, [...recipients.keys()]), sql`${deliveryPreferences.quietFrom} is not null`));
    for (const r of own) keepOwn.add(r.id);
  }
  const moves = new Map<number, number[]>();
  for (const row of held) {
    const who = recipients.get(row.personId!);
    if (!who || keepOwn.has(row.personId!)) continue;
    const due = Math.max(now, row.createdAt);
    if (quietHoursEnd(row.notBefore - 60_000, who.zone, oldHours) !== row.notBefore) continue;
    const release = quietHoursEnd(due, who.zone, who.hours) ?? now;
    if (release === row.notBefore || (release > row.notBefore && row.purpose.startsWith('event'))) continue;
    moves.set(release, [...(moves.get(release) ?? []), row.id]);
  }
  for (const [release, ids] of moves) {
    await db
      .update(deliveries)
      .set({ notBefore: release })
      .where(and(inJsonList(deliveries.id, ids), eq(deliveries.status, 'pending')));
  }
  if (moves.size > 0) core.outboxChanged?.();
}

/** A delivery about to be stored, as far as the rules need it (the outbox's row, changed in place). */
export interface RuledDelivery {
  personId: number | null;
  chatId: string;
  priority: number;
  notBefore: number;
  status: DeliveryStatus;
  error: string | null;
}

export interface RuleOptions {
  urgent?: boolean | undefined;
  /** The latest moment the message is of use (an event's start): quiet hours never push it past this. */
  sendBy?: number | undefined;
}

interface Recipient {
  zone: string;
  hours: QuietHours;
}

/** The start of the local day that `at` falls in, as UTC ms. */
function localDayStart(at: number, zone: string): number {
  const local = at + offsetAt(at, zone);
  const start = local - (((local % day) + day) % day);
  return start - offsetAt(start - offsetAt(at, zone), zone);
}

/**
 * Applies quiet hours and the daily cap to deliveries being enqueued (called by the outbox). Only messages to a
 * person's private chat with priority 5 or more (notices and bulk) that are not urgent are touched.
 */
export async function applyDeliveryRules(core: Core, rows: { row: RuledDelivery; options: RuleOptions }[], profiles: RecipientProfile[]): Promise<void> {
  const ruled = rows.filter(
    ({ row, options }) => row.status === 'pending' && row.personId !== null && row.priority >= 5 && !options.urgent && !row.chatId.startsWith('-'),
  );
  if (ruled.length === 0) return;
  const settings = await deliverySettings(core);
  const ruledIds = new Set(ruled.map((r) => r.row.personId!));
  const recipients = await recipientsOf(
    core,
    profiles.filter((p) => ruledIds.has(p.id)),
    settings.quietHours,
  );
  for (const { row, options } of ruled) {
    const who = recipients.get(row.personId!);
    if (!who) continue;
    const end = quietHoursEnd(row.notBefore, who.zone, who.hours);
    if (end !== null && (options.sendBy === undefined || end < options.sendBy)) row.notBefore = end;
  }
  await holdOverCap(
    core,
    ruled.map((r) => r.row),
    recipients,
    settings.dailyCap,
  );
}

/** What the outbox and its rules need to know of each recipient, read in one statement for a whole send-out. */
export interface RecipientProfile {
  id: number;
  status: PersonStatus;
  consentAt: number | null;
  timezone: string | null;
  municipalZone: string | null;
  quietFrom: number | null;
  quietTo: number | null;
  /**
   * The contact to write to: the preferred active one, else another active one, else a blocked one (the row is then
   * stored as skipped, and says where it would have gone); null without any.
   */
  contactChannel: MessengerChannel | null;
  contactChatId: string | null;
  contactStatus: ContactStatus | null;
}

export async function recipientProfiles(core: Core, personIds: number[]): Promise<RecipientProfile[]> {
  if (personIds.length === 0) return [];
  return (
    core.database.db
      .select({
        id: people.id,
        status: people.status,
        consentAt: people.consentAt,
        timezone: people.timezone,
        municipalZone: municipalities.timezone,
        quietFrom: deliveryPreferences.quietFrom,
        quietTo: deliveryPreferences.quietTo,
        contactChannel: contacts.channel,
        contactChatId: contacts.chatId,
        contactStatus: contacts.status,
      })
      .from(people)
      .leftJoin(municipalities, eq(municipalities.id, people.municipalityId))
      .leftJoin(deliveryPreferences, eq(deliveryPreferences.personId, people.id))
      // In the same statement as the rest of the profile: one query per send-out, not one more per recipient.
      .leftJoin(
        contacts,
        eq(contacts.id, sql`(select c.id from contacts c where c.person_id = ${people.id} order by c.status = 'active' desc, c.preferred desc, c.id limit 1)`),
      )
      .where(inJsonList(people.id, personIds))
  );
}

async function recipientsOf(core: Core, profiles: RecipientProfile[], region: QuietHours): Promise<Map<number, Recipient>> {
  // The region's zone is read only when someone has neither a zone of their own nor their municipality's.
  const regionZone = profiles.some((p) => !p.timezone && !p.municipalZone) ? await regionTimezone(core) : '';
  const out = new Map<number, Recipient>();
  for (const p of profiles) {
    const hours = p.quietFrom !== null && p.quietTo !== null ? { from: p.quietFrom, to: p.quietTo } : region;
    out.set(p.id, { zone: p.timezone ?? p.municipalZone ?? regionZone, hours });
  }
  return out;
}

/**
 * Counts each person's non-urgent messages of the local day a new one falls in (stored ones and the new ones in
 * order); those beyond the cap are held (skipped with a reason) and one summary is scheduled for the next morning.
 */
async function holdOverCap(core: Core, rows: RuledDelivery[], recipients: Map<number, Recipient>, cap: number): Promise<void> {
  const dayOf = new Map<RuledDelivery, number>();
  for (const row of rows) {
    const who = recipients.get(row.personId!);
    if (who) dayOf.set(row, localDayStart(row.notBefore, who.zone));
  }
  const counted = await storedCounts(
    core,
    [...dayOf].map(([row, start]) => ({ personId: row.personId!, start })),
  );
  const summaries = new Map<string, { personId: number; dueAt: number }>();
  for (const [row, start] of dayOf) {
    const key = `${row.personId}:${start}`;
    const n = counted.get(key) ?? 0;
    if (n < cap) {
      counted.set(key, n + 1);
      continue;
    }
    const who = recipients.get(row.personId!)!;
    row.status = 'skipped';
    row.error = heldByCap;
    const nextDay = localDayStart(start + day + day / 2, who.zone);
    summaries.set(key, { personId: row.personId!, dueAt: quietHoursEnd(nextDay, who.zone, who.hours) ?? nextDay + 8 * 3_600_000 });
  }
  await scheduleJobs(
    core,
    [...summaries.values()].map((s) => ({
      kind: dailySummaryJobKind,
      dueAt: s.dueAt,
      payload: { personId: s.personId },
      dedupeKey: `${dailySummaryJobKind}:${s.personId}:${s.dueAt}`,
    })),
  );
}

/**
 * How many non-urgent messages each person already has on the local day in question, keyed `personId:dayStart`:
 * one grouped query for all of them, the (person, day) pairs bound as one JSON list. CROSS JOIN keeps the list as the
 * outer loop (SQLite does not reorder it), each pair a lookup by deliveries_person: left to the planner, it scanned the
 * outbox once per pair, and a 10,000-person broadcast took two minutes to enqueue instead of two seconds.
 */
async function storedCounts(core: Core, wanted: { personId: number; start: number }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (wanted.length === 0) return out;
  const pairs = [...new Set(wanted.map((w) => `${w.personId}:${w.start}`))].map((key) => key.split(':').map(Number));
  const rows = await core.database.db.all<{ personId: number; start: number; n: number }>(
    sql`select d.person_id as personId, w.start as start, count(*) as n
      from (select json_extract(value, '$[0]') as person_id, json_extract(value, '$[1]') as start from json_each(${JSON.stringify(pairs)})) w
      cross join ${deliveries} d on d.person_id = w.person_id
      where d.priority >= 5 and d.status in ('pending', 'sending', 'sent') and d.not_before >= w.start and d.not_before < w.start + ${day}
      group by d.person_id, w.start`,
  );
  for (const r of rows) out.set(`${r.personId}:${r.start}`, r.n);
  return out;
}

/** The first two lines of a held message (a heading, then what it is about) without tags, for the morning summary. */
function headline(html: string): string {
  const lines = html
    .replace(/<[^>]+>/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const text = lines.slice(0, 2).join(' — ');
  return text.length > 160 ? `${text.slice(0, 159).replace(/&[a-z]*$/, '')}…` : text;
}

const summaryLimit = 15;

/**
 * The morning summary of what the daily cap held back for one person: one message listing them. Safe to run twice
 * (the held rows are marked as told in the same batch, and the summary's dedupe key is per run's rows).
 */
export async function sendDailySummary(core: Core, payload: Record<string, unknown>): Promise<number> {
  const parsed = z.object({ personId: z.number().int() }).safeParse(payload);
  if (!parsed.success) return 0;
  const { db } = core.database;
  const held = await db
    .select({ id: deliveries.id, message: deliveries.message })
    .from(deliveries)
    .where(and(eq(deliveries.personId, parsed.data.personId), eq(deliveries.status, 'skipped'), eq(deliveries.error, heldByCap)))
    .orderBy(deliveries.id);
  const person = await db.select().from(people).where(eq(people.id, parsed.data.personId)).get();
  const contact = person && (await contactToWrite(core, person.id));
  if (held.length === 0 || !person || !contact) return 0;
  const lines = held.slice(0, summaryLimit).map((h) => `• ${headline(h.message.html)}`);
  const more = held.length - lines.length;
  const t = (key: string, args?: Record<string, string | number>) => core.translate(person.language, key, args);
  const html = [t('delivery-summary-title', { count: held.length }), '', ...lines, ...(more > 0 ? [t('delivery-summary-more', { count: more })] : [])].join(
    '\n',
  );
  await core.database.atomic([
    db
      .update(deliveries)
      .set({ error: `${heldByCap}:told` })
      .where(
        inJsonList(
          deliveries.id,
          held.map((h) => h.id),
        ),
      ),
    db
      .insert(deliveries)
      .values({
        channel: contact.channel,
        chatId: contact.chatId,
        personId: person.id,
        priority: 4,
        purpose: 'delivery-daily-summary',
        dedupeKey: `${dailySummaryJobKind}:${person.id}:${held[0]!.id}`,
        message: { html, noPreview: true },
        status: 'pending',
        notBefore: core.clock.now(),
        createdAt: core.clock.now(),
      })
      .onConflictDoNothing(),
  ]);
  core.outboxChanged();
  return held.length;
}
