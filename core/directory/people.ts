import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people, type NotificationSettings } from '../../db/schema/index.js';
import type { Locale } from '../../locales/translator.js';
import type { Core } from '../core.js';
import { DomainError, parseInput } from '../errors.js';
import { hasActiveContact } from './contacts.js';
import { sendWhatIsStillOpen } from './reachable.js';
import { isValidTimezone, subjects } from './vocabulary.js';

export type Person = typeof people.$inferSelect;

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
        hasActiveContact(people.id),
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
    .where(and(eq(people.status, 'active'), hasActiveContact(people.id), sql`exists (select 1 from json_each(${people.roles}) where value = ${role})`));
}
