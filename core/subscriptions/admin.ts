import { and, asc, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { municipalities, people, schools, subscriptionChanges, topics } from '../../db/schema/index.js';
import { topicKinds } from '../vocabulary/subscriptions.js';
import { assertCanWrite, assertInScope, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import type { Core } from '../core.js';
import { personForAdmin } from '../directory/directory.js';
import { personRoles } from '../directory/vocabulary.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import { subscribedToAny } from '../audiences/subscribed.js';
import { subscriptionHistory, subscriptionWrites, topicStates, type Topic } from './subscriptions.js';

export const topicInputSchema = z.object({
  name: z.string().trim().min(2).max(100),
  description: z.string().trim().max(500),
  kind: z.enum(topicKinds),
  defaultRoles: z.array(z.enum(personRoles)).max(personRoles.length),
});
export type TopicInput = z.input<typeof topicInputSchema>;

/** Topics are the region's: owners and editors manage them; coordinators only look and add or remove their people. */
function assertMayManage(actor: Actor): void {
  assertCanWrite(actor);
  if (actor.role === 'coordinator') throw new DomainError('not-allowed', 'region-wide topics');
}

export async function topicForAdmin(core: Core, id: number): Promise<Topic> {
  const topic = await core.database.db
    .select()
    .from(topics)
    .where(and(eq(topics.id, id), isNull(topics.deletedAt)))
    .get();
  if (!topic) throw new DomainError('not-found');
  return topic;
}

/** Names are compared folded in JS: SQLite's lower() does not fold Cyrillic, and a region has few topics. */
async function assertNameFree(core: Core, name: string, except?: number): Promise<void> {
  const folded = name.toLocaleLowerCase('ru');
  const live = await core.database.db.select({ id: topics.id, name: topics.name }).from(topics).where(isNull(topics.deletedAt));
  if (live.some((t) => t.id !== except && t.name.toLocaleLowerCase('ru') === folded)) throw invalidInput('name', 'topic-name-taken');
}

export async function createTopic(core: Core, actor: Actor, input: TopicInput): Promise<Topic> {
  assertMayManage(actor);
  const valid = parseInput(topicInputSchema, input);
  await assertNameFree(core, valid.name);
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db.insert(topics).values({ ...valid, createdAt: now, updatedAt: now }),
    auditEntryWhere(core, actor, {
      action: 'topic.create',
      entity: 'topic',
      entityId: sql`select cast(max(${topics.id}) as text) from ${topics}`,
      after: { ...valid },
    }),
  ]);
  return (await db.select().from(topics).orderBy(desc(topics.id)).get())!;
}

export async function updateTopic(core: Core, actor: Actor, id: number, input: TopicInput): Promise<Topic> {
  assertMayManage(actor);
  const before = await topicForAdmin(core, id);
  const valid = parseInput(topicInputSchema, input);
  await assertNameFree(core, valid.name, id);
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(topics)
      .set({ ...valid, updatedAt: core.clock.now() })
      .where(eq(topics.id, id)),
    auditEntry(core, actor, {
      action: 'topic.edit',
      entity: 'topic',
      entityId: id,
      before: { name: before.name, description: before.description, kind: before.kind, defaultRoles: before.defaultRoles },
      after: { ...valid },
    }),
  ]);
  return topicForAdmin(core, id);
}

/** Deletes a topic: nobody hears it any more and nobody can toggle it; its history stays. */
export async function deleteTopic(core: Core, actor: Actor, id: number): Promise<void> {
  assertMayManage(actor);
  const before = await topicForAdmin(core, id);
  const now = core.clock.now();
  await core.database.atomic([
    core.database.db.update(topics).set({ deletedAt: now, updatedAt: now }).where(eq(topics.id, id)),
    auditEntry(core, actor, { action: 'topic.delete', entity: 'topic', entityId: id, before: { name: before.name } }),
  ]);
}

export interface TopicRow {
  topic: Topic;
  subscribers: number;
}

/** Live topics with their subscribers within the scope. */
export async function listTopicsForAdmin(core: Core, scope: Scope): Promise<TopicRow[]> {
  const rows = await core.database.db.select().from(topics).where(isNull(topics.deletedAt)).orderBy(asc(topics.name));
  const out: TopicRow[] = [];
  for (const topic of rows) out.push({ topic, subscribers: await countSubscribers(core, scope, topic.id) });
  return out;
}

function subscriberConditions(scope: Scope, topicId: number) {
  return and(eq(people.status, 'active'), subscribedToAny([topicId]), scopeWhere(scope, people.municipalityId));
}

export async function countSubscribers(core: Core, scope: Scope, topicId: number): Promise<number> {
  const row = await core.database.db.select({ n: count() }).from(people).where(subscriberConditions(scope, topicId)).get();
  return row?.n ?? 0;
}

export interface TopicFigures {
  byMunicipality: { id: number | null; name: string | null; n: number }[];
  byRole: Record<string, number>;
}

/** Subscribers of a topic by municipality and by role, within the scope. */
export async function topicFigures(core: Core, scope: Scope, topicId: number): Promise<TopicFigures> {
  const { db } = core.database;
  const byMunicipality = await db
    .select({ id: people.municipalityId, name: municipalities.name, n: count() })
    .from(people)
    .leftJoin(municipalities, eq(municipalities.id, people.municipalityId))
    .where(subscriberConditions(scope, topicId))
    .groupBy(people.municipalityId)
    .orderBy(asc(municipalities.name));
  const roles = await db
    .select({ role: sql<string>`r.value`, n: sql<number>`count(*)` })
    .from(sql`${people}, json_each(${people.roles}) r`)
    .where(subscriberConditions(scope, topicId))
    .groupBy(sql`r.value`);
  return { byMunicipality, byRole: Object.fromEntries(roles.map((r) => [r.role, r.n])) };
}

export interface SubscriberRow {
  id: number;
  fullName: string | null;
  roles: string[];
  municipality: string | null;
  school: string | null;
}

/** The subscribers of a topic within the scope, by name (at most `limit`). */
export async function topicSubscribers(core: Core, scope: Scope, topicId: number, limit = 5000): Promise<SubscriberRow[]> {
  return core.database.db
    .select({ id: people.id, fullName: people.fullName, roles: people.roles, municipality: municipalities.name, school: schools.shortName })
    .from(people)
    .leftJoin(municipalities, eq(municipalities.id, people.municipalityId))
    .leftJoin(schools, eq(schools.id, people.schoolId))
    .where(subscriberConditions(scope, topicId))
    .orderBy(asc(people.searchName), asc(people.id))
    .limit(limit);
}

export const bulkInputSchema = z.object({
  personIds: z.array(z.number().int().positive()).min(1, { error: 'nobody-chosen' }).max(5000),
  subscribed: z.boolean(),
});

/**
 * Adds or removes people to a topic on their behalf (an admin's decision, in their history as such). Every person must
 * be within the admin's scope: one outside makes the whole request not-found, nothing changed.
 */
export async function bulkSetSubscription(core: Core, actor: Actor, topicId: number, input: z.input<typeof bulkInputSchema>): Promise<number> {
  assertCanWrite(actor);
  const topic = await topicForAdmin(core, topicId);
  const valid = parseInput(bulkInputSchema, input);
  const ids = [...new Set(valid.personIds)];
  const found = [];
  for (let i = 0; i < ids.length; i += 90) {
    found.push(
      ...(await core.database.db
        .select({ id: people.id, municipalityId: people.municipalityId })
        .from(people)
        .where(inArray(people.id, ids.slice(i, i + 90)))),
    );
  }
  if (found.length !== ids.length) throw new DomainError('not-found');
  for (const p of found) assertInScope(actor, p.municipalityId);
  await core.database.atomic([
    ...subscriptionWrites(core, ids, topicId, valid.subscribed, { changedBy: 'admin', actor: actor.label }),
    auditEntry(core, actor, {
      action: valid.subscribed ? 'topic.add-people' : 'topic.remove-people',
      entity: 'topic',
      entityId: topicId,
      municipalityId: actor.role === 'coordinator' ? (actor.municipalityIds[0] ?? null) : null,
      after: { topic: topic.name, people: ids.length, personIds: ids.slice(0, 100) },
    }),
  ]);
  return ids.length;
}

/** One person's topics (with defaults) and history, as an admin in scope sees them. */
export async function personTopicsForAdmin(core: Core, actor: Actor, personId: number) {
  const person = await personForAdmin(core, actor, personId);
  return { person, states: await topicStates(core, person), history: await subscriptionHistory(core, personId) };
}

/** Topics gained and lost in the last seven days (choices made, by people or admins), within the scope. */
export async function weeklySubscriptionChanges(core: Core, scope: Scope): Promise<{ gained: number; lost: number }> {
  const since = core.clock.now() - 7 * 86_400_000;
  const rows = await core.database.db
    .select({ subscribed: subscriptionChanges.subscribed, n: count() })
    .from(subscriptionChanges)
    .innerJoin(people, eq(people.id, subscriptionChanges.personId))
    .where(and(gte(subscriptionChanges.at, since), scopeWhere(scope, people.municipalityId)))
    .groupBy(subscriptionChanges.subscribed);
  return { gained: rows.find((r) => r.subscribed)?.n ?? 0, lost: rows.find((r) => !r.subscribed)?.n ?? 0 };
}
