/**
 * Where a person is reached: a contact per messenger (channel, the user's id there, the private chat). The adapters
 * find the person behind an update by `(channel, userId)`; the outbox writes to the preferred active contact.
 */
import { and, asc, desc, eq, ne, sql, type SQLWrapper } from 'drizzle-orm';
import { prepared } from '../../db/prepared.js';
import { contacts, people } from '../../db/schema/index.js';
import type { MessengerChannel } from '../vocabulary/channels.js';
import { assertCanWrite, assertInScope, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';

export type Contact = typeof contacts.$inferSelect;
type Person = typeof people.$inferSelect;

/** The condition "this person has an active contact", for queries over people: who the bot can write to at all. */
export function hasActiveContact(personId: SQLWrapper) {
  return sql`exists (select 1 from ${contacts} where ${contacts.personId} = ${personId} and ${contacts.status} = 'active')`;
}

/** The condition "this person has a contact, even a blocked one": someone the outbox can at least account for. */
export function hasAnyContact(personId: SQLWrapper) {
  return sql`exists (select 1 from ${contacts} where ${contacts.personId} = ${personId})`;
}

/**
 * The person behind an update from a messenger (runs for every update, hence prepared once). A contact marked blocked
 * that writes again has unblocked the bot there: it is active again.
 */
export async function personByContact(core: Core, channel: MessengerChannel, userId: string): Promise<Person | undefined> {
  const { db } = core.database;
  const query = prepared(db, 'person-by-contact', () =>
    db
      .select({ person: people, contactId: contacts.id, contactStatus: contacts.status })
      .from(contacts)
      .innerJoin(people, eq(people.id, contacts.personId))
      .where(and(eq(contacts.channel, sql.placeholder('channel')), eq(contacts.userId, sql.placeholder('userId'))))
      .prepare(),
  );
  const row = await query.get({ channel, userId });
  if (!row) return undefined;
  if (row.contactStatus === 'blocked') await db.update(contacts).set({ status: 'active', updatedAt: core.clock.now() }).where(eq(contacts.id, row.contactId));
  return row.person;
}

/** A person's contacts, the preferred first. */
export async function contactsOf(core: Core, personId: number): Promise<Contact[]> {
  return core.database.db.select().from(contacts).where(eq(contacts.personId, personId)).orderBy(desc(contacts.preferred), asc(contacts.id));
}

/** A person's contact on one messenger, if they have one. */
export async function contactOn(core: Core, personId: number, channel: MessengerChannel): Promise<Contact | undefined> {
  return core.database.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.personId, personId), eq(contacts.channel, channel)))
    .get();
}

/**
 * Gives a person a contact on a messenger, or points the one they have there at a new user id and chat: the first
 * contact is preferred. A (channel, user id) that belongs to someone else is refused, never moved silently.
 */
export async function linkContact(core: Core, personId: number, channel: MessengerChannel, userId: string, chatId: string): Promise<Contact> {
  const { db } = core.database;
  const taken = await db
    .select({ personId: contacts.personId })
    .from(contacts)
    .where(and(eq(contacts.channel, channel), eq(contacts.userId, userId)))
    .get();
  if (taken && taken.personId !== personId) throw new DomainError('already-registered');
  const now = core.clock.now();
  const mine = await contactOn(core, personId, channel);
  if (mine) {
    const row = await db.update(contacts).set({ userId, chatId, status: 'active', updatedAt: now }).where(eq(contacts.id, mine.id)).returning().get();
    return row!;
  }
  const others = await contactsOf(core, personId);
  const row = await db
    .insert(contacts)
    .values({ personId, channel, userId, chatId, status: 'active', preferred: others.length === 0, createdAt: now, updatedAt: now })
    .returning()
    .get();
  return row!;
}

/** An admin chooses which messenger a person is written to first (the person's page in the panel); audited. */
export async function setPreferredContact(core: Core, actor: Actor, personId: number, contactId: number): Promise<void> {
  assertCanWrite(actor);
  const { db } = core.database;
  const person = await db.select({ municipalityId: people.municipalityId }).from(people).where(eq(people.id, personId)).get();
  if (!person) throw new DomainError('not-found');
  assertInScope(actor, person.municipalityId);
  const all = await contactsOf(core, personId);
  const chosen = all.find((c) => c.id === contactId);
  if (!chosen) throw new DomainError('not-found');
  const before = all.find((c) => c.preferred);
  if (before?.id === chosen.id) return;
  const now = core.clock.now();
  await core.database.atomic([
    db
      .update(contacts)
      .set({ preferred: false, updatedAt: now })
      .where(and(eq(contacts.personId, personId), ne(contacts.id, contactId))),
    db.update(contacts).set({ preferred: true, updatedAt: now }).where(eq(contacts.id, contactId)),
    auditEntry(core, actor, {
      action: 'person.preferred-contact',
      entity: 'person',
      entityId: personId,
      municipalityId: person.municipalityId,
      before: before ? { channel: before.channel } : null,
      after: { channel: chosen.channel },
    }),
  ]);
}

/** Whether a person has any contact at all (a blocked one included): one the outbox can at least account for. */
export async function hasContact(core: Core, personId: number): Promise<boolean> {
  const row = await core.database.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.personId, personId)).limit(1).get();
  return row !== undefined;
}

/** The contact a message to the person goes to now: the preferred one if active, else another active one. */
export async function contactToWrite(core: Core, personId: number): Promise<Contact | undefined> {
  return core.database.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.personId, personId), eq(contacts.status, 'active')))
    .orderBy(desc(contacts.preferred), asc(contacts.id))
    .get();
}
