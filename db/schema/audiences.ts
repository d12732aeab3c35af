import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { municipalities } from './directory.js';

/** Who something is for (an event, a task, a survey, a broadcast): a rule over the directory, evaluated when used. */
export interface AudienceRuleJson {
  roles?: string[];
  municipalityIds?: number[];
  schoolTags?: string[];
  schoolIds?: number[];
  subjects?: string[];
  /** Subscribers of these topics (core/subscriptions). */
  topicIds?: number[];
}

/** A named rule admins pick again and again ("Руководители ШНОР", "Учителя математики Усольского района"). */
export const savedAudiences = sqliteTable(
  'saved_audiences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    rule: text('rule', { mode: 'json' }).$type<AudienceRuleJson>().notNull(),
    /** A coordinator's audience belongs to their municipality (its scope); null = regional, visible to everyone. */
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Archived audiences are no longer offered; what used them keeps its own copy of the rule. */
    archivedAt: integer('archived_at'),
  },
  (t) => [index('saved_audiences_municipality').on(t.municipalityId)],
);
