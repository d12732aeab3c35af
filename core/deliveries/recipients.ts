/**
 * The recipients' side of deliveries: whether a person still hears from us, and what happens to what waits for them
 * when they stop, block the bot or come back. Here rather than in the directory, so the outbox needs nothing above it.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { contacts, deliveries, people, type PersonStatus } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { contactToWrite, type Contact } from '../directory/contacts.js';
import type { Person } from '../directory/people.js';
import type { MessengerChannel } from '../vocabulary/channels.js';

/** Statuses in which a person still hears from us. */
export const reachableStatuses: PersonStatus[] = ['pending', 'active'];

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

/**
 * A messenger answered that the person blocked the bot there (Telegram's 403) or is gone: that contact is blocked. If
 * another contact is still active, what waits for them on the blocked one goes there instead, and that contact is
 * returned; only with none left is the person blocked (pending deliveries skipped, audiences leave them out).
 */
export async function markBlockedByChat(core: Core, personId: number, channel: MessengerChannel): Promise<Contact | undefined> {
  const now = core.clock.now();
  const { db } = core.database;
  await db
    .update(contacts)
    .set({ status: 'blocked', updatedAt: now })
    .where(and(eq(contacts.personId, personId), eq(contacts.channel, channel)));
  const instead = await contactToWrite(core, personId);
  if (instead) {
    await db
      .update(deliveries)
      .set({ channel: instead.channel, chatId: instead.chatId })
      .where(and(eq(deliveries.personId, personId), eq(deliveries.status, 'pending'), eq(deliveries.channel, channel)));
    core.outboxChanged();
    return instead;
  }
  await core.database.atomic([
    core.database.db
      .update(people)
      .set({ status: 'blocked', updatedAt: now })
      .where(and(eq(people.id, personId), inArray(people.status, ['active', 'pending', 'stopped']))),
    skipPendingDeliveries(core, personId, 'recipient-blocked'),
  ]);
  return undefined;
}

function skipPendingDeliveries(core: Core, personId: number, reason: string) {
  return core.database.db
    .update(deliveries)
    .set({ status: 'skipped', error: reason })
    .where(and(eq(deliveries.personId, personId), eq(deliveries.status, 'pending')));
}
