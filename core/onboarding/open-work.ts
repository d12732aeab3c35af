import { and, eq, isNotNull } from 'drizzle-orm';
import { people } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { announceOpenEventsTo } from '../events/publishing.js';
import { tellTopicDefaults } from '../subscriptions/subscriptions.js';
import { inviteToOpenSurveys } from '../surveys/delivery.js';
import { assignOpenTasksTo } from '../tasks/assignment.js';

/**
 * Everything still open for a person who has just become reachable (approved, registered by invite, consented after
 * an import): an audience is a rule, so they get what its rule gives them now. Each part is keyed per person, so
 * calling it again sends nothing twice. Every way of becoming reachable calls this, and only this.
 */
export async function sendWhatIsStillOpen(core: Core, personId: number): Promise<void> {
  const reachable = await core.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.status, 'active'), isNotNull(people.consentAt), isNotNull(people.telegramId)))
    .get();
  if (!reachable) return;
  await tellTopicDefaults(core, personId);
  await announceOpenEventsTo(core, personId);
  await assignOpenTasksTo(core, personId);
  await inviteToOpenSurveys(core, personId);
}
