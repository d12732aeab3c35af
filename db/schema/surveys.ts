import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { municipalities, people } from './directory.js';
import type { AudienceRuleJson } from './audiences.js';
import { events } from './events.js';
import type { QuestionKind, SurveyStatus } from '../../core/vocabulary/surveys.js';

/** One option of a choice question: the key is what answers store, so the label may be reworded later. */
export interface ChoiceOption {
  key: string;
  label: string;
}

/** What each kind needs besides its wording; only the fields of the question's kind are set. */
export interface QuestionSettings {
  options?: ChoiceOption[];
  /** Multiple choice: an «Другое» option that asks for a text. */
  allowOther?: boolean;
  /** Scale (1–5 or 1–10) and number bounds. */
  min?: number;
  max?: number;
  minLabel?: string;
  maxLabel?: string;
  /** Short and long text: the longest answer taken. */
  maxLength?: number;
}

/** "Show this question only if question `questionId` was answered `equals`" (an option key, or yes / no). */
export interface QuestionCondition {
  questionId: number;
  equals: string;
}

export const surveys = sqliteTable(
  'surveys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    intro: text('intro').notNull().default(''),
    /** Anonymous: answers are never stored next to who gave them (see survey_participants). */
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
    audience: text('audience', { mode: 'json' }).$type<AudienceRuleJson>().notNull().default(sql`'{}'`),
    /** Set for a survey a coordinator made: it belongs to that municipality (its scope); null = regional. */
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    /** Feedback after an event: the audience is those who were going, invited when the event ends. */
    eventId: integer('event_id').references(() => events.id),
    /** UTC ms. */
    opensAt: integer('opens_at').notNull(),
    closesAt: integer('closes_at').notNull(),
    /** Hours before closing when those who have not finished are reminded, latest first. */
    reminderHours: text('reminder_hours', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
    status: text('status').$type<SurveyStatus>().notNull().default('draft'),
    createdBy: text('created_by').notNull(),
    publishedAt: integer('published_at'),
    closedAt: integer('closed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('surveys_status_closes').on(t.status, t.closesAt), index('surveys_municipality').on(t.municipalityId)],
);

export const surveyQuestions = sqliteTable(
  'survey_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    position: integer('position').notNull(),
    kind: text('kind').$type<QuestionKind>().notNull(),
    text: text('text').notNull(),
    required: integer('required', { mode: 'boolean' }).notNull().default(true),
    settings: text('settings', { mode: 'json' }).$type<QuestionSettings>().notNull().default(sql`'{}'`),
    condition: text('condition', { mode: 'json' }).$type<QuestionCondition>(),
  },
  (t) => [index('survey_questions_survey').on(t.surveyId, t.position)],
);

/**
 * One filled-in questionnaire. The id is random (128 bits), never derived from the person. Named surveys keep the
 * person; anonymous ones keep only coarse groups for the filters (municipality, roles, school tags) and times
 * rounded to the day, so neither the row nor its times lead back to someone.
 */
export const surveyResponses = sqliteTable(
  'survey_responses',
  {
    id: text('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    personId: integer('person_id').references(() => people.id),
    status: text('status').$type<'in_progress' | 'submitted'>().notNull(),
    /** The question being asked; null = the summary. */
    currentQuestionId: integer('current_question_id'),
    municipalityId: integer('municipality_id'),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    schoolTags: text('school_tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    startedAt: integer('started_at').notNull(),
    submittedAt: integer('submitted_at'),
  },
  (t) => [index('survey_responses_survey').on(t.surveyId, t.status)],
);

/** One answer, saved as soon as it is given. Choices (and yes / no) as keys, scales and numbers as numbers. */
export const surveyAnswers = sqliteTable(
  'survey_answers',
  {
    responseId: text('response_id')
      .notNull()
      .references(() => surveyResponses.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => surveyQuestions.id),
    choices: text('choices', { mode: 'json' }).$type<string[]>(),
    numberValue: real('number_value'),
    textValue: text('text_value'),
    skipped: integer('skipped', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.questionId] }), index('survey_answers_question').on(t.questionId)],
);

/**
 * A person's part in a survey, apart from the answers: invited, and done (to stop reminders). The link to the
 * response is kept only while they are answering an anonymous survey (to continue after a pause) and cleared in
 * the same batch that submits it.
 */
export const surveyParticipants = sqliteTable(
  'survey_participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    responseId: text('response_id'),
    invitedAt: integer('invited_at'),
    /** «Позже»: not asked again until a reminder. */
    postponedAt: integer('postponed_at'),
    doneAt: integer('done_at'),
  },
  (t) => [
    uniqueIndex('survey_participants_pair').on(t.surveyId, t.personId),
    index('survey_participants_person').on(t.personId),
    index('survey_participants_done').on(t.doneAt),
    index('survey_participants_survey_done').on(t.surveyId, t.doneAt),
  ],
);

/**
 * Submitted answers counted per question, value and respondent group, added to in the batch that submits a
 * response: the results page sums these few rows instead of reading every answer (20 questions × 20,000 people
 * are 400,000 answers, a few thousand tallies). A group is what the filters and the scope look at, copied from the
 * response: municipality, roles, school tags; `groupKey` joins them (the municipality may be null). `value` is ''
 * for the question's own row (answered, skipped, the sum, least and greatest of the numbers), else an option key
 * (or yes / no) counted once per answer that chose it, or a scale value.
 */
export const surveyTallies = sqliteTable(
  'survey_tallies',
  {
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    questionId: integer('question_id')
      .notNull()
      .references(() => surveyQuestions.id),
    groupKey: text('group_key').notNull(),
    municipalityId: integer('municipality_id'),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
    schoolTags: text('school_tags', { mode: 'json' }).$type<string[]>().notNull(),
    value: text('value').notNull(),
    count: integer('count').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    total: real('total'),
    low: real('low'),
    high: real('high'),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.questionId, t.groupKey, t.value] })],
);
