/** A survey itself: its input, drafts and edits, its jobs, publishing, closing and duplicating it, and the panel's list. */
import { searchKey } from '../directory/places.js';
import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { events, scheduledJobs, surveyAnswers, surveyParticipants, surveyQuestions, surveyResponses, surveys } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import { assertCanWrite, assertInScope, inScope, scopeOf, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import { audienceRuleSchema, countAudience, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, parseInput, type FieldIssue } from '../errors.js';
import { scheduleJobs, type NewScheduledJob } from '../scheduler/jobs.js';
import type { Question } from './questions.js';

export type Survey = typeof surveys.$inferSelect;

export const surveyOpenJobKind = 'survey-open';
export const surveyReminderJobKind = 'survey-reminder';
export const surveyCloseJobKind = 'survey-close';
const hour = 3_600_000;
export const defaultReminderHours = [24];

/** A survey as an admin composes it; times are UTC ms (the panel converts what was typed in the region's zone). */
export const surveyInputSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    intro: z.string().trim().max(2000),
    anonymous: z.boolean(),
    audience: audienceRuleSchema,
    municipalityId: z.number().int().positive().nullable(),
    eventId: z.number({ error: 'not-a-number' }).int().positive().nullable().default(null),
    opensAt: z.number({ error: 'invalid-date' }).int(),
    closesAt: z.number({ error: 'invalid-date' }).int(),
    /** Hours before closing; at most five, each between 1 hour and 30 days. */
    reminderHours: z
      .array(z.number({ error: 'not-a-number' }).int().min(1).max(720))
      .max(5)
      .default(defaultReminderHours),
  })
  .superRefine((s, ctx) => {
    if (s.closesAt <= s.opensAt) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'survey-closes-before-opens' });
  });
export type SurveyInput = z.input<typeof surveyInputSchema>;
type ValidSurvey = z.output<typeof surveyInputSchema>;

/** The scope that bounds a survey's audience: its municipality, or the whole region. */
export function surveyAudienceScope(survey: Pick<Survey, 'municipalityId'>): Scope {
  return survey.municipalityId === null ? { all: true } : { all: false, municipalityIds: [survey.municipalityId] };
}

export async function getSurvey(core: Core, id: number): Promise<Survey | undefined> {
  return core.database.db.select().from(surveys).where(eq(surveys.id, id)).get();
}

/** A survey as an admin may see it, or not-found outside a coordinator's municipalities. */
export async function surveyForAdmin(core: Core, actor: Actor, id: number): Promise<Survey> {
  const survey = await getSurvey(core, id);
  if (!survey) throw new DomainError('not-found');
  if (actor.role === 'coordinator') assertInScope(actor, survey.municipalityId);
  return survey;
}

export async function listQuestions(core: Core, surveyId: number): Promise<Question[]> {
  return core.database.db
    .select()
    .from(surveyQuestions)
    .where(eq(surveyQuestions.surveyId, surveyId))
    .orderBy(asc(surveyQuestions.position), asc(surveyQuestions.id));
}

export interface SurveyRow {
  survey: Survey;
  questions: number;
  done: number;
}

/** Surveys in scope, newest first, with how many questions and finished answers each has; `q` keeps those whose title holds it, in any case (matched here: SQLite lowers only Latin). */
export async function listSurveysForAdmin(core: Core, scope: Scope, q?: string): Promise<SurveyRow[]> {
  // The outer row by its table's name: in a one-table select drizzle writes `${x.id}` as a bare "id", which binds to the subquery's own table.
  const rows = await core.database.db
    .select({
      survey: surveys,
      questions: sql<number>`(select count(*) from survey_questions q where q.survey_id = surveys.id)`,
      done: sql<number>`(select count(*) from survey_participants p where p.survey_id = surveys.id and p.done_at is not null)`,
    })
    .from(surveys)
    .where(scopeWhere(scope, surveys.municipalityId))
    .orderBy(desc(surveys.id))
    .limit(q ? 5000 : 500);
  if (!q) return rows;
  const needle = searchKey(q);
  return rows.filter((row) => searchKey(row.survey.title).includes(needle)).slice(0, 500);
}

/** Whether anyone has answered anything yet: from then on questions may be reworded but not broken. */
export async function hasAnswers(core: Core, surveyId: number, questionId?: number): Promise<boolean> {
  const row = await core.database.db
    .select({ one: sql`1` })
    .from(surveyAnswers)
    .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
    .where(and(eq(surveyResponses.surveyId, surveyId), questionId === undefined ? undefined : eq(surveyAnswers.questionId, questionId)))
    .limit(1)
    .get();
  return row !== undefined;
}

function checkMunicipality(actor: Actor, municipalityId: number | null): void {
  if (actor.role === 'coordinator') {
    if (municipalityId === null) throw invalidInput('municipalityId', 'municipality-required');
    assertInScope(actor, municipalityId);
  }
}

async function validSurvey(core: Core, actor: Actor, input: unknown): Promise<ValidSurvey> {
  const valid = parseInput(surveyInputSchema, input);
  checkMunicipality(actor, valid.municipalityId);
  if (valid.eventId !== null) {
    const event = await core.database.db.select().from(events).where(eq(events.id, valid.eventId)).get();
    if (!event || (actor.role === 'coordinator' && !inScope(scopeOf(actor), event.municipalityId))) throw invalidInput('eventId', 'survey-event-unknown');
  }
  return { ...valid, reminderHours: [...new Set(valid.reminderHours)].sort((a, b) => b - a) };
}

export async function createSurvey(
  core: Core,
  actor: Actor,
  input: SurveyInput,
  audit: { action: string; after?: Record<string, unknown> } = { action: 'survey.create' },
): Promise<Survey> {
  assertCanWrite(actor);
  const valid = await validSurvey(core, actor, input);
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db.insert(surveys).values({ ...valid, status: 'draft', createdBy: actor.label, createdAt: now, updatedAt: now }),
    auditEntryWhere(core, actor, {
      action: audit.action,
      entity: 'survey',
      entityId: sql`select cast(max(${surveys.id}) as text) from ${surveys}`,
      municipalityId: valid.municipalityId,
      after: audit.after ?? { ...valid },
    }),
  ]);
  return (await db.select().from(surveys).where(eq(surveys.createdBy, actor.label)).orderBy(desc(surveys.id)).get())!;
}

/** Edits a survey that is not closed. Once answered, it cannot turn anonymous or named; a new time moves its jobs. */
export async function updateSurvey(core: Core, actor: Actor, id: number, input: SurveyInput): Promise<Survey> {
  assertCanWrite(actor);
  const before = await surveyForAdmin(core, actor, id);
  if (before.status === 'closed') throw invalidInput('status', 'survey-closed');
  const valid = await validSurvey(core, actor, input);
  if (valid.anonymous !== before.anonymous && (await hasAnswers(core, id))) throw invalidInput('anonymous', 'survey-answered-anonymous');
  const now = core.clock.now();
  const { db } = core.database;
  const statements: PendingQuery[] = [
    db
      .update(surveys)
      .set({ ...valid, updatedAt: now })
      .where(eq(surveys.id, id)),
    auditEntry(core, actor, {
      action: 'survey.edit',
      entity: 'survey',
      entityId: id,
      municipalityId: valid.municipalityId,
      before: pick(before, valid),
      after: { ...valid },
    }),
  ];
  if (before.status === 'published') statements.push(cancelDueJobs(core, id, 'survey edited'));
  await core.database.atomic(statements);
  const after = (await getSurvey(core, id))!;
  if (after.status === 'published') await scheduleJobs(core, await surveyJobs(core, after));
  return after;
}

function pick(before: Survey, valid: ValidSurvey): Record<string, unknown> {
  return Object.fromEntries(Object.keys(valid).map((k) => [k, before[k as keyof Survey]]));
}

function cancelDueJobs(core: Core, id: number, note: string): PendingQuery {
  return core.database.db
    .update(scheduledJobs)
    .set({ status: 'cancelled', note, finishedAt: core.clock.now() })
    .where(
      and(
        inArray(scheduledJobs.kind, [surveyOpenJobKind, surveyReminderJobKind, surveyCloseJobKind]),
        eq(scheduledJobs.status, 'due'),
        like(scheduledJobs.dedupeKey, `survey:${id}:%`),
      ),
    );
}

/**
 * The jobs of a published survey: invitations when it opens (for feedback on an event: when the event ends),
 * a reminder round at each planned hour before closing, and the closing. Keys carry the time, so a moved survey
 * gets new jobs and the old ones (cancelled) stay as history.
 */
export async function surveyJobs(core: Core, survey: Survey): Promise<NewScheduledJob[]> {
  const now = core.clock.now();
  let opens = Math.max(survey.opensAt, now);
  if (survey.eventId !== null) {
    const event = await core.database.db.select({ endsAt: events.endsAt }).from(events).where(eq(events.id, survey.eventId)).get();
    if (event) opens = Math.max(opens, event.endsAt);
  }
  const jobs: NewScheduledJob[] = [
    { kind: surveyOpenJobKind, dueAt: opens, payload: { surveyId: survey.id }, dedupeKey: `survey:${survey.id}:open:${opens}` },
    { kind: surveyCloseJobKind, dueAt: survey.closesAt, payload: { surveyId: survey.id }, dedupeKey: `survey:${survey.id}:close:${survey.closesAt}` },
  ];
  for (const h of survey.reminderHours) {
    const at = survey.closesAt - h * hour;
    if (at > opens)
      jobs.push({ kind: surveyReminderJobKind, dueAt: at, payload: { surveyId: survey.id, hours: h }, dedupeKey: `survey:${survey.id}:remind:${h}:${at}` });
  }
  return jobs;
}

/** Publishes a draft with questions; invitations go when it opens (a job), never straight from the request. */
export async function publishSurvey(core: Core, actor: Actor, id: number): Promise<Survey> {
  assertCanWrite(actor);
  const survey = await surveyForAdmin(core, actor, id);
  if (survey.status !== 'draft') throw invalidInput('status', 'survey-not-draft');
  const now = core.clock.now();
  const issues: FieldIssue[] = [];
  if (survey.closesAt <= now) issues.push({ field: 'closesAt', reason: 'survey-closes-in-past' });
  if ((await listQuestions(core, id)).length === 0) issues.push({ field: 'questions', reason: 'survey-no-questions' });
  if (survey.eventId === null && (await countAudience(core, survey.audience as AudienceRule, surveyAudienceScope(survey))) === 0)
    issues.push({ field: 'audience', reason: 'audience-empty' });
  if (issues.length) throw new DomainError('invalid-input', undefined, issues);
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(surveys)
      .set({ status: 'published', publishedAt: now, updatedAt: now })
      .where(and(eq(surveys.id, id), eq(surveys.status, 'draft'))),
    auditEntry(core, actor, {
      action: 'survey.publish',
      entity: 'survey',
      entityId: id,
      municipalityId: survey.municipalityId,
      after: { status: 'published' },
    }),
  ]);
  const published = (await getSurvey(core, id))!;
  await scheduleJobs(core, await surveyJobs(core, published));
  return published;
}

/** Closes a survey now (or at its closing time, by the job): no more answers; the jobs still due are called off. */
export async function closeSurveyNow(core: Core, id: number, actor?: Actor): Promise<void> {
  const now = core.clock.now();
  const { db } = core.database;
  const survey = await getSurvey(core, id);
  if (!survey || survey.status === 'closed') return;
  await core.database.atomic([
    db.update(surveys).set({ status: 'closed', closedAt: now, updatedAt: now }).where(eq(surveys.id, id)),
    cancelDueJobs(core, id, 'survey closed'),
    ...(actor
      ? [
          auditEntry(core, actor, {
            action: 'survey.close',
            entity: 'survey',
            entityId: id,
            municipalityId: survey.municipalityId,
            before: { status: survey.status },
            after: { status: 'closed' },
          }),
        ]
      : []),
  ]);
}

export async function closeSurvey(core: Core, actor: Actor, id: number): Promise<void> {
  assertCanWrite(actor);
  await surveyForAdmin(core, actor, id);
  await closeSurveyNow(core, id, actor);
}

/** A new draft with the same fields and questions (conditions pointing at the copies), titled "… (копия)". */
export async function duplicateSurvey(core: Core, actor: Actor, id: number, suffix: string): Promise<Survey> {
  assertCanWrite(actor);
  const source = await surveyForAdmin(core, actor, id);
  const tail = ` ${suffix}`;
  const copy = await createSurvey(
    core,
    actor,
    { ...source, title: `${source.title.slice(0, 200 - tail.length)}${tail}`, audience: source.audience as AudienceRule },
    { action: 'survey.duplicate', after: { duplicateOf: id } },
  );
  const ids = new Map<number, number>();
  const { db } = core.database;
  for (const q of await listQuestions(core, id)) {
    const condition = q.condition ? { questionId: ids.get(q.condition.questionId)!, equals: q.condition.equals } : null;
    const row = await db
      .insert(surveyQuestions)
      .values({ surveyId: copy.id, position: q.position, kind: q.kind, text: q.text, required: q.required, settings: q.settings, condition })
      .returning()
      .get();
    ids.set(q.id, row!.id);
  }
  return copy;
}

/** How many people finished, for the list and the results (from the completion marks, never from the answers). */
export async function countDone(core: Core, surveyId: number): Promise<number> {
  const row = await core.database.db
    .select({ n: sql<number>`count(*)` })
    .from(surveyParticipants)
    .where(and(eq(surveyParticipants.surveyId, surveyId), sql`${surveyParticipants.doneAt} is not null`))
    .get();
  return row?.n ?? 0;
}
