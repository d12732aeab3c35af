import { and, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { eventParticipants, people, schools, surveyAnswers, surveyParticipants, surveyResponses, surveys } from '../../db/schema/index.js';
import { inAudience, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import {
  isVisible,
  mayBeAsked,
  nextQuestionId,
  parseAnswer,
  previousQuestionId,
  visibleQuestions,
  type AnswerProblem,
  type AnswerValue,
  type Question,
  type RawAnswer,
} from './questions.js';
import { tallyResponses } from './results.js';
import { getSurvey, listQuestions, surveyAudienceScope, type Survey } from './surveys.js';

const day = 86_400_000;

/** One step of answering as the bot shows it; plain data (a conversation keeps it in its replay log). */
export type SurveyStep =
  | { kind: 'question'; question: Question; number: number; total: number; answer: AnswerValue | null; first: boolean }
  | { kind: 'summary'; items: { question: Question; answer: AnswerValue }[] };

export interface SurveyView {
  surveyId: number;
  title: string;
  anonymous: boolean;
  closesAt: number;
  step: SurveyStep;
}

export type AnswerOutcome =
  | { kind: 'saved'; view: SurveyView }
  | { kind: 'invalid'; problem: AnswerProblem; params?: Record<string, number>; view: SurveyView }
  /** The question answered is not the one being asked (an old message's button): nothing stored. */
  | { kind: 'stale'; view: SurveyView };

/** Refuses answers to a survey that is not open now: closed, past its closing time, not yet open, or a draft. */
function assertOpen(survey: Survey, now: number): void {
  if (survey.status === 'closed' || now >= survey.closesAt) throw new DomainError('survey-closed');
  if (survey.status !== 'published' || now < survey.opensAt) throw new DomainError('survey-not-open');
}

async function openSurvey(core: Core, surveyId: number): Promise<Survey> {
  const survey = await getSurvey(core, surveyId);
  if (!survey || survey.status === 'draft') throw new DomainError('not-found');
  assertOpen(survey, core.clock.now());
  return survey;
}

/** Whether the person is one the survey is for: invited already, in its audience now, or (event feedback) went to the event. */
async function mayAnswer(core: Core, survey: Survey, personId: number): Promise<boolean> {
  const { db } = core.database;
  const invited = await db
    .select({ id: surveyParticipants.id })
    .from(surveyParticipants)
    .where(and(eq(surveyParticipants.surveyId, survey.id), eq(surveyParticipants.personId, personId)))
    .get();
  if (invited) return true;
  if (survey.eventId !== null) {
    const went = await db
      .select({ id: eventParticipants.id })
      .from(eventParticipants)
      .where(and(eq(eventParticipants.eventId, survey.eventId), eq(eventParticipants.personId, personId), eq(eventParticipants.status, 'going')))
      .get();
    return went !== undefined;
  }
  return inAudience(core, survey.audience as AudienceRule, personId, surveyAudienceScope(survey));
}

async function participant(core: Core, surveyId: number, personId: number) {
  return core.database.db
    .select()
    .from(surveyParticipants)
    .where(and(eq(surveyParticipants.surveyId, surveyId), eq(surveyParticipants.personId, personId)))
    .get();
}

/** Whether the person has already sent their answers to the survey (a later button press must not read as «continuing»). */
export async function hasSubmitted(core: Core, personId: number, surveyId: number): Promise<boolean> {
  return Boolean((await participant(core, surveyId, personId))?.doneAt);
}

/** Times of an anonymous response are kept to the day, so they cannot be matched with the completion marks. */
const stamp = (survey: Pick<Survey, 'anonymous'>, now: number) => (survey.anonymous ? Math.floor(now / day) * day : now);

function randomResponseId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/**
 * «Начать»: the person's response to the survey, made on the first start (a random id; for an anonymous survey
 * without the person, with only their coarse groups for the filters) and found again on every later one.
 */
export async function startSurvey(core: Core, personId: number, surveyId: number): Promise<SurveyView> {
  const survey = await openSurvey(core, surveyId);
  if (!(await mayAnswer(core, survey, personId))) throw new DomainError('not-found');
  const mine = await participant(core, surveyId, personId);
  if (mine?.doneAt) throw new DomainError('survey-done');
  if (!mine?.responseId) {
    const { db } = core.database;
    const person = await db
      .select({ municipalityId: people.municipalityId, roles: people.roles, tags: schools.tags })
      .from(people)
      .leftJoin(schools, eq(schools.id, people.schoolId))
      .where(eq(people.id, personId))
      .get();
    if (!person) throw new DomainError('not-found');
    const questions = await listQuestions(core, surveyId);
    const now = core.clock.now();
    const id = randomResponseId();
    await core.database.atomic([
      db.insert(surveyResponses).values({
        id,
        surveyId,
        personId: survey.anonymous ? null : personId,
        status: 'in_progress',
        currentQuestionId: nextQuestionId(questions, new Map(), null),
        municipalityId: person.municipalityId,
        roles: person.roles,
        schoolTags: person.tags ?? [],
        startedAt: stamp(survey, now),
      }),
      db
        .insert(surveyParticipants)
        .values({ surveyId, personId, responseId: id })
        .onConflictDoUpdate({
          target: [surveyParticipants.surveyId, surveyParticipants.personId],
          set: { responseId: id },
          setWhere: and(isNull(surveyParticipants.responseId), isNull(surveyParticipants.doneAt)),
        }),
    ]);
  }
  return (await loadView(core, survey, personId))!;
}

interface Loaded {
  survey: Survey;
  questions: Question[];
  responseId: string;
  currentQuestionId: number | null;
  answers: Map<number, AnswerValue>;
}

async function load(core: Core, survey: Survey, personId: number): Promise<Loaded | undefined> {
  const mine = await participant(core, survey.id, personId);
  if (!mine?.responseId || mine.doneAt) return undefined;
  const { db } = core.database;
  const response = await db.select().from(surveyResponses).where(eq(surveyResponses.id, mine.responseId)).get();
  if (!response || response.status !== 'in_progress') return undefined;
  const rows = await db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, response.id));
  const answers = new Map(rows.map((r) => [r.questionId, { choices: r.choices, numberValue: r.numberValue, textValue: r.textValue, skipped: r.skipped }]));
  return { survey, questions: await listQuestions(core, survey.id), responseId: response.id, currentQuestionId: response.currentQuestionId, answers };
}

function viewOf(l: Loaded): SurveyView {
  const visible = visibleQuestions(l.questions, l.answers);
  // A current question hidden by a changed answer, or removed, gives way to the next one due.
  let current = l.currentQuestionId;
  if (current !== null && !visible.some((q) => q.id === current)) current = nextQuestionId(l.questions, l.answers, null);
  const base = { surveyId: l.survey.id, title: l.survey.title, anonymous: l.survey.anonymous, closesAt: l.survey.closesAt };
  const question = visible.find((q) => q.id === current);
  if (!question)
    return { ...base, step: { kind: 'summary', items: visible.flatMap((q) => (l.answers.has(q.id) ? [{ question: q, answer: l.answers.get(q.id)! }] : [])) } };
  const counted = l.questions.filter((q) => mayBeAsked(q, l.questions, l.answers));
  const number = counted.indexOf(question) + 1;
  const first = visible.indexOf(question) === 0;
  return { ...base, step: { kind: 'question', question, number, total: counted.length, answer: l.answers.get(question.id) ?? null, first } };
}

async function loadView(core: Core, survey: Survey, personId: number): Promise<SurveyView | undefined> {
  const l = await load(core, survey, personId);
  return l ? viewOf(l) : undefined;
}

/** Where the person is in a survey they started (to ask again after a pause or a restart), or null if not started or done. */
export async function surveyViewFor(core: Core, personId: number, surveyId: number): Promise<SurveyView | null> {
  const survey = await openSurvey(core, surveyId);
  return (await loadView(core, survey, personId)) ?? null;
}

async function current(core: Core, personId: number, surveyId: number): Promise<Loaded> {
  const survey = await openSurvey(core, surveyId);
  const l = await load(core, survey, personId);
  if (!l) {
    const mine = await participant(core, surveyId, personId);
    throw new DomainError(mine?.doneAt ? 'survey-done' : 'not-found');
  }
  const view = viewOf(l);
  l.currentQuestionId = view.step.kind === 'question' ? view.step.question.id : null;
  return l;
}

async function move(core: Core, l: Loaded, to: number | null): Promise<SurveyView> {
  await core.database.db
    .update(surveyResponses)
    .set({ currentQuestionId: to })
    .where(and(eq(surveyResponses.id, l.responseId), eq(surveyResponses.status, 'in_progress')));
  return viewOf({ ...l, currentQuestionId: to });
}

/** Saves one answer to the question being asked (checked against its kind and bounds) and moves on. */
export async function answerQuestion(core: Core, personId: number, surveyId: number, questionId: number, raw: RawAnswer): Promise<AnswerOutcome> {
  const l = await current(core, personId, surveyId);
  if (l.currentQuestionId !== questionId) return { kind: 'stale', view: viewOf(l) };
  const question = l.questions.find((q) => q.id === questionId)!;
  const parsed = parseAnswer(question, raw);
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem, ...(parsed.params ? { params: parsed.params } : {}), view: viewOf(l) };
  return { kind: 'saved', view: await save(core, l, question, parsed.value) };
}

async function save(core: Core, l: Loaded, question: Question, value: AnswerValue): Promise<SurveyView> {
  const { db } = core.database;
  l.answers.set(question.id, value);
  const to = nextQuestionId(l.questions, l.answers, question.id);
  await core.database.atomic([
    db
      .insert(surveyAnswers)
      .values({ responseId: l.responseId, questionId: question.id, ...value })
      .onConflictDoUpdate({ target: [surveyAnswers.responseId, surveyAnswers.questionId], set: { ...value } }),
    db.update(surveyResponses).set({ currentQuestionId: to }).where(eq(surveyResponses.id, l.responseId)),
  ]);
  return viewOf({ ...l, currentQuestionId: to });
}

/** «Пропустить»: only an optional question; recorded as skipped so it is not asked again. */
export async function skipQuestion(core: Core, personId: number, surveyId: number, questionId: number): Promise<AnswerOutcome> {
  const l = await current(core, personId, surveyId);
  const question = l.questions.find((q) => q.id === questionId);
  if (l.currentQuestionId !== questionId || !question || question.required) return { kind: 'stale', view: viewOf(l) };
  return { kind: 'saved', view: await save(core, l, question, { choices: null, numberValue: null, textValue: null, skipped: true }) };
}

/** «Назад»: to the question before the one being asked (from the summary: the last one). */
export async function goBack(core: Core, personId: number, surveyId: number, fromQuestionId: number | null): Promise<AnswerOutcome> {
  const l = await current(core, personId, surveyId);
  if (l.currentQuestionId !== fromQuestionId) return { kind: 'stale', view: viewOf(l) };
  return { kind: 'saved', view: await move(core, l, previousQuestionId(l.questions, l.answers, fromQuestionId)) };
}

/** «Изменить» on the summary: ask one answered question again. */
export async function reviseQuestion(core: Core, personId: number, surveyId: number, questionId: number): Promise<AnswerOutcome> {
  const l = await current(core, personId, surveyId);
  if (l.currentQuestionId !== null || !visibleQuestions(l.questions, l.answers).some((q) => q.id === questionId)) return { kind: 'stale', view: viewOf(l) };
  return { kind: 'saved', view: await move(core, l, questionId) };
}

/**
 * «Отправить»: the response is final. Answers to questions a later answer hid are dropped, the rest are added to
 * the results' tallies. For an anonymous survey the person's link to the response goes in the same batch: only the
 * completion mark (to stop reminders) remains.
 */
export async function submitSurvey(core: Core, personId: number, surveyId: number): Promise<void> {
  const l = await current(core, personId, surveyId);
  if (l.currentQuestionId !== null) throw new DomainError('survey-unfinished');
  const now = core.clock.now();
  const hidden = l.questions.filter((q) => !isVisible(q, l.answers) && l.answers.has(q.id)).map((q) => q.id);
  const { db } = core.database;
  await core.database.atomic([
    ...(hidden.length ? [db.delete(surveyAnswers).where(and(eq(surveyAnswers.responseId, l.responseId), inArray(surveyAnswers.questionId, hidden)))] : []),
    tallyResponses(core, sql`r.id = ${l.responseId} and r.status = 'in_progress'`),
    db
      .update(surveyResponses)
      .set({ status: 'submitted', submittedAt: stamp(l.survey, now), currentQuestionId: null })
      .where(eq(surveyResponses.id, l.responseId)),
    db
      .update(surveyParticipants)
      .set({ doneAt: now, ...(l.survey.anonymous ? { responseId: null } : {}) })
      .where(and(eq(surveyParticipants.surveyId, surveyId), eq(surveyParticipants.personId, personId))),
  ]);
}

/** «Позже»: nothing is asked until the next reminder (or /surveys). */
export async function postponeSurvey(core: Core, personId: number, surveyId: number): Promise<void> {
  const survey = await openSurvey(core, surveyId);
  if (!(await mayAnswer(core, survey, personId))) throw new DomainError('not-found');
  if (await hasSubmitted(core, personId, surveyId)) throw new DomainError('survey-done');
  const now = core.clock.now();
  await core.database.db
    .insert(surveyParticipants)
    .values({ surveyId, personId, postponedAt: now })
    .onConflictDoUpdate({ target: [surveyParticipants.surveyId, surveyParticipants.personId], set: { postponedAt: now } });
}

export interface OpenSurveyRow {
  survey: Survey;
  started: boolean;
}

/** /surveys: the open surveys the person may answer and has not finished, the soonest to close first. */
export async function openSurveysFor(core: Core, personId: number, limit = 10): Promise<OpenSurveyRow[]> {
  const now = core.clock.now();
  const rows = await core.database.db
    .select({ survey: surveys, responseId: surveyParticipants.responseId, doneAt: surveyParticipants.doneAt })
    .from(surveys)
    .leftJoin(surveyParticipants, and(eq(surveyParticipants.surveyId, surveys.id), eq(surveyParticipants.personId, personId)))
    .where(and(eq(surveys.status, 'published'), lte(surveys.opensAt, now), gt(surveys.closesAt, now), sql`${surveyParticipants.doneAt} is null`))
    .orderBy(surveys.closesAt)
    .limit(100);
  const out: OpenSurveyRow[] = [];
  for (const row of rows) {
    if (out.length >= limit) break;
    if (await mayAnswer(core, row.survey, personId)) out.push({ survey: row.survey, started: row.responseId !== null });
  }
  return out;
}
