import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { municipalities, people, schools } from './directory.js';
import type { AudienceRuleJson } from './audiences.js';
import type { ConfirmationStatus, EvidenceKind, TaskAssignment, TaskStatus, TaskVerifier, VisitKind } from '../../core/vocabulary/tasks.js';

/** When the silent are chased: minutes before the due time, then every `overdueEveryMinutes` while overdue, at most `overdueTimes`. */
export interface ReminderPlan {
  beforeMinutes: number[];
  overdueEveryMinutes: number | null;
  overdueTimes: number;
}

export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    /** Telegram's HTML subset: formatting and links. */
    instructions: text('instructions').notNull().default(''),
    /** UTC ms. */
    dueAt: integer('due_at').notNull(),
    audience: text('audience', { mode: 'json' }).$type<AudienceRuleJson>().notNull().default(sql`'{}'`),
    assignment: text('assignment').$type<TaskAssignment>().notNull(),
    evidence: text('evidence').$type<EvidenceKind>().notNull().default('none'),
    verifier: text('verifier').$type<TaskVerifier>().notNull().default('none'),
    reminderPlan: text('reminder_plan', { mode: 'json' }).$type<ReminderPlan>().notNull(),
    /** Minutes after the due time when curators and the municipal coordinator are told of those still open; null = never. */
    escalateAfterMinutes: integer('escalate_after_minutes'),
    status: text('status').$type<TaskStatus>().notNull().default('draft'),
    /** A coordinator's task belongs to their municipality (its scope); null = regional. */
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    createdBy: text('created_by').notNull(),
    publishedAt: integer('published_at'),
    closedAt: integer('closed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('tasks_status_due').on(t.status, t.dueAt), index('tasks_municipality').on(t.municipalityId)],
);

/**
 * One row per assignee of a published task (a school, or a person), created at publication. The unique
 * (task, assignee) pair and conditional updates make two leads of one school confirming at once one confirmation.
 */
export const taskConfirmations = sqliteTable(
  'task_confirmations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    /** `s<schoolId>` or `p<personId>`. */
    assignee: text('assignee').notNull(),
    schoolId: integer('school_id').references(() => schools.id),
    personId: integer('person_id').references(() => people.id),
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    status: text('status').$type<ConfirmationStatus>().notNull().default('pending'),
    confirmedBy: integer('confirmed_by').references(() => people.id),
    confirmedAt: integer('confirmed_at'),
    evidenceKind: text('evidence_kind').$type<'text' | 'link' | 'photo' | 'document' | 'visit'>(),
    evidenceText: text('evidence_text'),
    /** Telegram keeps the file; the panel fetches it by this id. */
    evidenceFileId: text('evidence_file_id'),
    problem: text('problem'),
    verifiedBy: integer('verified_by').references(() => people.id),
    verifiedAt: integer('verified_at'),
    returnReason: text('return_reason'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('task_confirmations_assignee').on(t.taskId, t.assignee),
    index('task_confirmations_school').on(t.schoolId),
    index('task_confirmations_person').on(t.personId),
    index('task_confirmations_confirmed_at').on(t.confirmedAt),
    // The dashboard's open assignments of overdue tasks by municipality and school, read from the index alone.
    index('task_confirmations_task_status').on(t.taskId, t.status, t.municipalityId, t.schoolId),
  ],
);

/**
 * What the bot waits for from one person (evidence, a reason, the steps of a visit), so a restart half-way continues:
 * the next message from them in that chat answers it.
 */
export const taskPrompts = sqliteTable('task_prompts', {
  personId: integer('person_id')
    .primaryKey()
    .references(() => people.id),
  chatId: text('chat_id').notNull(),
  kind: text('kind').$type<'evidence' | 'problem' | 'return' | 'visit'>().notNull(),
  payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/** People who chose one daily digest of what they owe instead of separate reminders (/profile). */
export const taskDigestSubscribers = sqliteTable('task_digest_subscribers', {
  personId: integer('person_id')
    .primaryKey()
    .references(() => people.id),
  createdAt: integer('created_at').notNull(),
});

export const curatorVisits = sqliteTable(
  'curator_visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    curatorId: integer('curator_id')
      .notNull()
      .references(() => people.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    /** The local day of the visit, YYYY-MM-DD. */
    visitedOn: text('visited_on').notNull(),
    kind: text('kind').$type<VisitKind>().notNull(),
    result: text('result').notNull(),
    photoFileId: text('photo_file_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('curator_visits_school').on(t.schoolId, t.visitedOn)],
);
