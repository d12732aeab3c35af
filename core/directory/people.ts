import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, people, type NotificationSettings, type PersonStatus } from '../../db/schema/index.js';
import { prepared } from '../../db/prepared.js';
import type { Locale } from '../../locales/translator.js';
import type { Core } from '../core.js';
import { DomainError, parseInput } from '../errors.js';
import { sendWhatIsStillOpen } from '../onboarding/open-work.js';
import { isValidTimezone, subjects } from './vocabulary.js';

export type Person = typeof people.$inferSelect;

/** Statuses in which a person still hears from us. */
export const reachableStatuses: PersonStatus[] = ['pending', 'active'];

/** Runs for every update the bot receives, hence prepared once. */
export async function findPersonByTelegramId(core: Core, telegramId: number): Promise<Person | undefined> {
  const { db } = core.database;
  const query = prepared(db, 'person-by-telegram-id', () =>
    db
      .select()
      .from(people)
      .where(eq(people.telegramId, sql.placeholder('id')))
      .prepare(),
  );
  return query.get({ id: telegramId });
}

export async function getPerson(core: Core, id: number): Promise<Person | undefined> {
  return core.database.db.select().from(people).where(eq(people.id, id)).get();
}

export const profilePatchSchema = z
  .object({
    subjects: z.array(z.enum(subjects)).max(subjects.length),
    language: z.enum(['ru', 'en']),
    timezone: z.string().refine(isValidTimezone, 'unknown-timezone'),
    notifications: z.object({ reminders: z.boolean(), announcements: z.boolean() }),
  })
  .partial();
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

export async function updateProfile(core: Core, personId: number, patch: ProfilePatch): Promise<Person> {
  const valid = parseInput(profilePatchSchema, patch);
  const row = await core.database.db
    .update(people)
    .set({ ...valid, updatedAt: core.clock.now() })
    .where(eq(people.id, personId))
    .returning()
    .get();
  if (!row) throw new DomainError('not-found');
  return row;
}

export async function toggleSubject(core: Core, person: Person, subject: (typeof subjects)[number]): Promise<Person> {
  const current = person.subjects as (typeof subjects)[number][];
  const next = current.includes(subject) ? current.filter((s) => s !== subject) : [...current, subject];
  return updateProfile(core, person.id, { subjects: next });
}

export async function toggleNotification(core: Core, person: Person, key: keyof NotificationSettings): Promise<Person> {
  return updateProfile(core, person.id, { notifications: { ...person.notifications, [key]: !person.notifications[key] } });
}

export async function setLanguage(core: Core, personId: number, language: Locale): Promise<Person> {
  return updateProfile(core, personId, { language });
}

/** Records consent (152-ФЗ) for someone already in the directory (imported by an admin) who now writes to the bot. */
export async function giveConsent(core: Core, personId: number): Promise<void> {
  await core.database.db
    .update(people)
    .set({ consentAt: core.clock.now(), consentVersion: core.config.consentVersion, updatedAt: core.clock.now() })
    .where(eq(people.id, personId));
  await sendWhatIsStillOpen(core, personId);
}

/** /stop: no more messages of any kind until /start. Pending deliveries are skipped, not kept for later. */
export async function stopPerson(core: Core, personId: number): Promise<void> {
  const now = core.clock.now();
  await core.database.atomic([
    core.database.db
      .update(people)
      .set({ status: 'stopped', updatedAt: now })
      .where(and(eq(people.id, personId), inArray(people.status, ['active', 'blocked']))),
    skipPendingDeliveries(core, personId, 'recipient-stopped'),
  ]);
}

/**
 * A person who writes to the bot again after /stop or after blocking it is reachable again.
 * Returns the person as now stored.
 */
export async function resumePerson(core: Core, person: Person): Promise<Person> {
  if (person.status !== 'stopped' && person.status !== 'blocked') return person;
  const row = await core.database.db
    .update(people)
    .set({ status: person.decidedAt === null && person.inviteId === null ? 'pending' : 'active', updatedAt: core.clock.now() })
    .where(eq(people.id, person.id))
    .returning()
    .get();
  return row ?? person;
}

/** Telegram answered 403 for this chat: the person blocked the bot or is gone. */
export async function markBlockedByChat(core: Core, personId: number): Promise<void> {
  const now = core.clock.now();
  await core.database.atomic([
    core.database.db
      .update(people)
      .set({ status: 'blocked', updatedAt: now })
      .where(and(eq(people.id, personId), inArray(people.status, ['active', 'pending', 'stopped']))),
    skipPendingDeliveries(core, personId, 'recipient-blocked'),
  ]);
}

function skipPendingDeliveries(core: Core, personId: number, reason: string) {
  return core.database.db
    .update(deliveries)
    .set({ status: 'skipped', error: reason })
    .where(and(eq(deliveries.personId, personId), eq(deliveries.status, 'pending')));
}

/** The active coordinators of a municipality the bot can write to (registrations to approve, late tasks, problems). */
export async function coordinatorsOf(core: Core, municipalityId: number | null): Promise<Person[]> {
  if (municipalityId === null) return [];
  return core.database.db
    .select()
    .from(people)
    .where(
      and(
        eq(people.municipalityId, municipalityId),
        eq(people.status, 'active'),
        isNotNull(people.telegramId),
        sql`exists (select 1 from json_each(${people.roles}) where value = 'coordinator')`,
      ),
    );
}

export function hasRole(person: Person, role: string): boolean {
  return person.roles.includes(role);
}

/** The active people of a role the bot can write to (each role's own command menu). */
export async function peopleWithRole(core: Core, role: string): Promise<Person[]> {
  return core.database.db
    .select()
    .from(people)
    .where(and(eq(people.status, 'active'), isNotNull(people.telegramId), sql`exists (select 1 from json_each(${people.roles}) where value = ${role})`));
}
