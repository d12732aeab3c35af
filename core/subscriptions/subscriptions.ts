import { asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import { people, subscriptionChanges, subscriptions, topics, type SubscriptionChanger } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { hasContact } from '../directory/contacts.js';
import { enqueueDeliveries } from '../deliveries/outbox.js';
import type { Person } from '../directory/people.js';
import { DomainError } from '../errors.js';

export type Topic = typeof topics.$inferSelect;
export type SubscriptionChange = typeof subscriptionChanges.$inferSelect;

export interface TopicState {
  topic: Topic;
  subscribed: boolean;
  /** True while the person has not chosen: the state is their role's default. */
  byDefault: boolean;
}

export function isDefaultFor(topic: Pick<Topic, 'defaultRoles'>, roles: readonly string[]): boolean {
  return topic.defaultRoles.some((r) => roles.includes(r));
}

/** The topics one may choose from, in name order. */
export async function liveTopics(core: Core): Promise<Topic[]> {
  return core.database.db.select().from(topics).where(isNull(topics.deletedAt)).orderBy(asc(topics.name));
}

/** Every live topic with the person's state: their own choice, or their role's default. */
export async function topicStates(core: Core, person: Pick<Person, 'id' | 'roles'>): Promise<TopicState[]> {
  const own = new Map((await core.database.db.select().from(subscriptions).where(eq(subscriptions.personId, person.id))).map((s) => [s.topicId, s.subscribed]));
  return (await liveTopics(core)).map((topic) => {
    const chosen = own.get(topic.id);
    return { topic, subscribed: chosen ?? isDefaultFor(topic, person.roles), byDefault: chosen === undefined };
  });
}

/** The statements that set subscriptions and record who did it (one batch with the caller's audit entry, if any). */
export function subscriptionWrites(
  core: Core,
  personIds: number[],
  topicId: number,
  subscribed: boolean,
  by: { changedBy: SubscriptionChanger; actor?: string },
) {
  const { db } = core.database;
  const now = core.clock.now();
  const out = [];
  for (let i = 0; i < personIds.length; i += 20) {
    const chunk = personIds.slice(i, i + 20);
    out.push(
      db
        .insert(subscriptions)
        .values(chunk.map((personId) => ({ personId, topicId, subscribed, updatedAt: now })))
        .onConflictDoUpdate({ target: [subscriptions.personId, subscriptions.topicId], set: { subscribed, updatedAt: now } }),
      db
        .insert(subscriptionChanges)
        .values(chunk.map((personId) => ({ personId, topicId, subscribed, changedBy: by.changedBy, actor: by.actor ?? null, at: now }))),
    );
  }
  return out;
}

/**
 * A press of a topic button in /subscriptions: the button says the state wanted, so an old keyboard pressed again
 * changes nothing. A topic deleted meanwhile is not-found: the bot shows the current list again.
 */
export async function setOwnSubscription(
  core: Core,
  person: Pick<Person, 'id' | 'roles'>,
  topicId: number,
  subscribed: boolean,
): Promise<{ changed: boolean }> {
  const state = (await topicStates(core, person)).find((s) => s.topic.id === topicId);
  if (!state) throw new DomainError('not-found');
  if (state.subscribed === subscribed) return { changed: false };
  await core.database.atomic(subscriptionWrites(core, [person.id], topicId, subscribed, { changedBy: 'person' }));
  return { changed: true };
}

/** A person's history of changes, newest first, with the topic's name (deleted topics included). */
export async function subscriptionHistory(core: Core, personId: number, limit = 100): Promise<(SubscriptionChange & { topicName: string })[]> {
  return core.database.db
    .select({ ...getTableColumns(subscriptionChanges), topicName: topics.name })
    .from(subscriptionChanges)
    .innerJoin(topics, eq(topics.id, subscriptionChanges.topicId))
    .where(eq(subscriptionChanges.personId, personId))
    .orderBy(sql`${subscriptionChanges.at} desc, ${subscriptionChanges.id} desc`)
    .limit(limit);
}

/**
 * Tells a newly active person, once, which topics they hear by their role and how to change that (one line).
 * Called wherever a person becomes reachable; the dedupe key makes later calls a no-op.
 */
export async function tellTopicDefaults(core: Core, personId: number): Promise<void> {
  const person = await core.database.db.select().from(people).where(eq(people.id, personId)).get();
  if (!person || !(await hasContact(core, person.id))) return;
  const states = await topicStates(core, person);
  if (states.length === 0) return;
  const on = states.filter((s) => s.subscribed).map((s) => s.topic.name);
  const html = on.length
    ? core.translate(person.language, 'subscriptions-defaults', { topics: on.join(', ') })
    : core.translate(person.language, 'subscriptions-defaults-none');
  await enqueueDeliveries(core, [
    {
      personId,
      purpose: 'subscriptions-defaults',
      dedupeKey: `subscriptions:defaults:${personId}`,
      priority: 4,
      message: { html },
    },
  ]);
}

/** Topics by id (deleted ones too), for naming them in an audience. */
export async function topicsByIds(core: Core, ids: number[]): Promise<Topic[]> {
  if (ids.length === 0) return [];
  return core.database.db.select().from(topics).where(inArray(topics.id, ids));
}
