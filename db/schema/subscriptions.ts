import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { people } from './directory.js';
import type { TopicKind } from '../../core/vocabulary/subscriptions.js';

/** Who changed a subscription: the person in the bot, an admin in the panel. */
export type SubscriptionChanger = 'person' | 'admin';

/** What people may choose to hear beyond what their audience requires: a subject, a kind of event, a programme, a digest. */
export const topics = sqliteTable('topics', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  kind: text('kind').$type<TopicKind>().notNull(),
  /** Roles (people's, see vocabulary) for whom the topic is on until they choose otherwise. */
  defaultRoles: text('default_roles', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** Deleted topics stay for the history of changes; nobody can toggle them. */
  deletedAt: integer('deleted_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * A person's own choice for one topic. No row: the role's default holds, so a new person (or a new topic) starts
 * with the defaults without anything written for them.
 */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    subscribed: integer('subscribed', { mode: 'boolean' }).notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.topicId] }), index('subscriptions_topic').on(t.topicId, t.subscribed)],
);

/** Every change of a subscription: who (the person or which admin), what, when. Append-only. */
export const subscriptionChanges = sqliteTable(
  'subscription_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    subscribed: integer('subscribed', { mode: 'boolean' }).notNull(),
    changedBy: text('changed_by').$type<SubscriptionChanger>().notNull(),
    /** The admin's label (e-mail or api:name) when an admin changed it. */
    actor: text('actor'),
    at: integer('at').notNull(),
  },
  (t) => [index('subscription_changes_person').on(t.personId, t.at), index('subscription_changes_at').on(t.at)],
);

/** A person's own delivery settings: their quiet hours (minutes since local midnight), or null for the region's. */
export const deliveryPreferences = sqliteTable('delivery_preferences', {
  personId: integer('person_id')
    .primaryKey()
    .references(() => people.id),
  quietFrom: integer('quiet_from'),
  quietTo: integer('quiet_to'),
  updatedAt: integer('updated_at').notNull(),
});
