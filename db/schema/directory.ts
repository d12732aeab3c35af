import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One deployment serves one region; this table holds its single row (id = 1). */
export const region = sqliteTable('region', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
});

export const municipalities = sqliteTable('municipalities', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  /** Overrides the region's zone where a region spans several (Russia has 11). */
  timezone: text('timezone'),
  createdAt: integer('created_at').notNull(),
});

export const schools = sqliteTable(
  'schools',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    fullName: text('full_name').notNull(),
    shortName: text('short_name').notNull(),
    /** Natural key for imports (the school's official code, e.g. its INN), when known. */
    code: text('code').unique(),
    /** shnor, shnsu, 500plus, risk_zone or free tags. */
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('schools_municipality').on(t.municipalityId)],
);

/** `deactivated` is an admin's decision (a /start does not undo it); `stopped` is the person's own /stop. */
export type PersonStatus = 'pending' | 'active' | 'stopped' | 'blocked' | 'deleted' | 'rejected' | 'deactivated' | 'imported';
export type Language = 'ru' | 'en';

export interface NotificationSettings {
  reminders: boolean;
  announcements: boolean;
}

export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null once erased; the row stays for anonymous aggregates. */
    fullName: text('full_name'),
    /** The name lower-cased with ё as е: SQLite's lower() does not fold Cyrillic, so search uses this. */
    searchName: text('search_name'),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    schoolId: integer('school_id').references(() => schools.id),
    subjects: text('subjects', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Null means the municipality's or region's zone. */
    timezone: text('timezone'),
    language: text('language').$type<Language>().notNull().default('ru'),
    notifications: text('notifications', { mode: 'json' }).$type<NotificationSettings>().notNull().default(sql`'{"reminders":true,"announcements":true}'`),
    status: text('status').$type<PersonStatus>().notNull(),
    /** When and to which policy version the person consented (152-ФЗ). */
    consentAt: integer('consent_at'),
    consentVersion: text('consent_version'),
    inviteId: integer('invite_id'),
    decidedAt: integer('decided_at'),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('people_municipality_status').on(t.municipalityId, t.status),
    index('people_school').on(t.schoolId),
    index('people_status').on(t.status),
    index('people_search_name').on(t.searchName),
    // The dashboard's "schools without a lead": one probe per school (core/directory/dashboard.ts repeats this condition).
    index('people_school_leads')
      .on(t.schoolId)
      .where(sql`status = 'active' and instr(roles, '"school_lead"') > 0`),
  ],
);

/**
 * How many people each municipality has in each status: overall (role '') and per role of their roles. Kept by the
 * triggers of migration 0015 on every insert, update and delete of `people` (imports, erasure and status changes
 * included, whatever statement makes them), so the dashboards read a few hundred rows, not the directory.
 */
export const peopleTally = sqliteTable(
  'people_tally',
  {
    /** 0 for people without a municipality. */
    municipalityId: integer('municipality_id').notNull(),
    status: text('status').$type<PersonStatus>().notNull(),
    role: text('role').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.status, t.role] })],
);

export const curatorSchools = sqliteTable(
  'curator_schools',
  {
    curatorId: integer('curator_id')
      .notNull()
      .references(() => people.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    assignedAt: integer('assigned_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.curatorId, t.schoolId] }), index('curator_schools_school').on(t.schoolId)],
);
