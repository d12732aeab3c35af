import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Due, ItemStatus, RoadMapEventKind, RoadMapRowKind } from '../../core/vocabulary/roadmaps.js';
import { events } from './events.js';
import { municipalities, people } from './directory.js';
import { tasks } from './tasks.js';

/** `review`: rows being checked after an import, nothing created yet; `active`: drafts were created, execution is tracked. */
export type RoadMapStage = 'review' | 'active';

/** A road map (дорожная карта) imported into the panel: a regional plan (municipality null) or one municipality's. */
export const roadMaps = sqliteTable(
  'road_maps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    /** The plan's period, `YYYY-MM-DD` in its own calendar. */
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    academic: integer('academic', { mode: 'boolean' }).notNull(),
    /** The uploaded file's name, or "текст" for pasted text. */
    sourceName: text('source_name').notNull(),
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    stage: text('stage').$type<RoadMapStage>().notNull().default('review'),
    importedBy: text('imported_by').notNull(),
    importedAt: integer('imported_at').notNull(),
    /** The last re-import of a corrected version. */
    reimportedAt: integer('reimported_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('road_maps_municipality').on(t.municipalityId)],
);

/** One row of a plan: the parsed fields (editable in review), the order in the table and whether a re-import dropped it. */
export const roadMapItems = sqliteTable(
  'road_map_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roadMapId: integer('road_map_id')
      .notNull()
      .references(() => roadMaps.id),
    position: integer('position').notNull(),
    number: text('number'),
    section: text('section'),
    text: text('text').notNull(),
    dateText: text('date_text').notNull(),
    kind: text('kind').$type<RoadMapRowKind>().notNull(),
    eventKind: text('event_kind').$type<RoadMapEventKind>(),
    due: text('due', { mode: 'json' }).$type<Due>().notNull(),
    responsible: text('responsible', { mode: 'json' }).$type<string[]>().notNull(),
    audience: text('audience', { mode: 'json' }).$type<string[]>().notNull(),
    result: text('result'),
    form: text('form'),
    doubts: text('doubts', { mode: 'json' }).$type<string[]>().notNull(),
    /** An event draft got only the month: its day is to be fixed by a person («уточнить дату»). */
    dateToConfirm: integer('date_to_confirm', { mode: 'boolean' }).notNull().default(false),
    /** Set when a re-imported version no longer has this row; kept for the history and the links. */
    droppedAt: integer('dropped_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('road_map_items_plan').on(t.roadMapId, t.position)],
);

/** The drafts made from an item: an event or a task (one per occurrence of a recurring row). */
export const roadMapItemLinks = sqliteTable(
  'road_map_item_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => roadMapItems.id),
    eventId: integer('event_id').references(() => events.id),
    taskId: integer('task_id').references(() => tasks.id),
  },
  (t) => [index('road_map_item_links_item').on(t.itemId), index('road_map_item_links_event').on(t.eventId), index('road_map_item_links_task').on(t.taskId)],
);

/**
 * What was said about an item's execution: a status set by hand with a comment (`manual`, audited too) or an
 * executor's answer in the bot (`executor`: done, postponed, a problem, with a result text or a file). The item's
 * status as of any date is read from these and from its linked events and tasks.
 */
export const roadMapItemHistory = sqliteTable(
  'road_map_item_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => roadMapItems.id),
    source: text('source').$type<'manual' | 'executor'>().notNull(),
    /** For an executor's problem: null (the status does not change). */
    status: text('status').$type<ItemStatus>(),
    comment: text('comment'),
    fileId: text('file_id'),
    personId: integer('person_id').references(() => people.id),
    by: text('by').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('road_map_item_history_item').on(t.itemId, t.at)],
);

/** The next text or file from an executor after a button is the result, the new date or the problem (a restart keeps it). */
export const roadMapPrompts = sqliteTable(
  'road_map_prompts',
  {
    personId: integer('person_id')
      .primaryKey()
      .references(() => people.id),
    historyId: integer('history_id')
      .notNull()
      .references(() => roadMapItemHistory.id),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [uniqueIndex('road_map_prompts_history').on(t.historyId)],
);
