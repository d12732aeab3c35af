import { and, eq, isNotNull } from 'drizzle-orm';
import { people } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { hasActiveContact } from './contacts.js';

/**
 * Everything still open for a person who has just become reachable (approved, registered by invite, consented after
 * an import): each feature registered what such a person should receive (`core.personReachable`, wired in
 * runtime/core.ts), so the directory and onboarding know no feature. Each part is keyed per person, so calling it
 * again sends nothing twice. Every way of becoming reachable calls this, and only this.
 */
export async function sendWhatIsStillOpen(core: Core, personId: number): Promise<void> {
  const reachable = await core.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.status, 'active'), isNotNull(people.consentAt), hasActiveContact(people.id)))
    .get();
  if (!reachable) return;
  for (const send of core.personReachable) await send(core, personId);
}
