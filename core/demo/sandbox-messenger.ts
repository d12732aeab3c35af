import { and, eq, ne } from 'drizzle-orm';
import { contacts } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { contactOn, linkContact, personByContact } from '../directory/contacts.js';
import type { MessengerChannel } from '../vocabulary/channels.js';

/**
 * The sandbox's person talks on Telegram or on MAX from now on: where they are already someone in Маяк (by either
 * contact), the chosen messenger's contact is made if missing (MAX's user id is the sandbox person's own number, as
 * its web chat plays them) and becomes the preferred one, so what the outbox sends next arrives where they look.
 * Returns whether a person was found (a newcomer who has not registered yet is no one: they /start where they are).
 */
export async function useMessengerInSandbox(
  core: Core,
  sandboxId: number,
  channel: MessengerChannel,
  maxContact: { userId: string; chatId: string },
): Promise<boolean> {
  const person = (await personByContact(core, 'telegram', String(sandboxId))) ?? (await personByContact(core, 'max', maxContact.userId));
  if (!person) return false;
  const contact =
    (await contactOn(core, person.id, channel)) ??
    (channel === 'max' ? await linkContact(core, person.id, 'max', maxContact.userId, maxContact.chatId) : undefined);
  if (!contact || contact.preferred) return true;
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(contacts)
      .set({ preferred: false, updatedAt: now })
      .where(and(eq(contacts.personId, person.id), ne(contacts.id, contact.id))),
    db.update(contacts).set({ preferred: true, updatedAt: now }).where(eq(contacts.id, contact.id)),
  ]);
  return true;
}
