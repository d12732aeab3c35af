import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { municipalities, people, schools, surveyParticipants } from '../../db/schema/index.js';
import { scopeOf, scopeWhere, type Actor } from '../admins/access.js';
import { audienceConditions, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { personRoles, schoolTags } from '../directory/vocabulary.js';
import { parseInput } from '../errors.js';
import { isChoice, otherKey, yesNoKeys, type Question } from './questions.js';
import { listQuestions, surveyAudienceScope, surveyForAdmin, type Survey } from './surveys.js';

/** Filters of the results: the respondents' municipality, school tag and role (as they were when they answered). */
export const resultsFilterSchema = z.object({
  municipalityId: z.coerce.number().int().positive().optional(),
  schoolTag: z.enum(schoolTags).optional(),
  role: z.enum(personRoles).optional(),
});
export type ResultsFilter = z.infer<typeof resultsFilterSchema>;

/** An anonymous survey's results for a filtered group smaller than this are not shown: a group of two is a person. */
export const anonymousMinGroup = 3;

export interface ChoiceCount {
  key: string;
  label: string;
  count: number;
}

export interface QuestionResult {
  question: Question;
  answered: number;
  skipped: number;
  choices: ChoiceCount[];
  /** Scale and number: the average of the numbers given. */
  average: number | null;
  /** Scale: how many gave each value, 1..max. */
  distribution: { value: number; count: number }[];
  min: number | null;
  max: number | null;
  /** Texts (and «Другое»), at most 200 per question. */
  texts: string[];
}

export interface RateRow {
  municipalityId: number | null;
  name: string;
  audience: number;
  done: number;
}

export interface SurveyResults {
  survey: Survey;
  respondents: number;
  /** An anonymous survey's filtered group too small to show. */
  hidden: boolean;
  rates: RateRow[];
  questions: QuestionResult[];
}

/** The WHERE of the submitted responses of one survey under the filters and the actor's scope (over the alias `r`). */
function responseWhere(actor: Actor, surveyId: number, filter: ResultsFilter): SQL {
  const parts: SQL[] = [sql`r.survey_id = ${surveyId}`, sql`r.status = 'submitted'`];
  const scope = scopeOf(actor);
  if (!scope.all) parts.push(scope.municipalityIds.length ? sql`r.municipality_id in ${scope.municipalityIds}` : sql`0`);
  if (filter.municipalityId) parts.push(sql`r.municipality_id = ${filter.municipalityId}`);
  if (filter.role) parts.push(sql`exists (select 1 from json_each(r.roles) where value = ${filter.role})`);
  if (filter.schoolTag) parts.push(sql`exists (select 1 from json_each(r.school_tags) where value = ${filter.schoolTag})`);
  return sql.join(parts, sql` and `);
}

/**
 * The results page's figures, aggregated in SQL (a few grouped queries, whatever the number of respondents):
 * counts per option, numbers per scale value, averages, the texts (capped), and the response rate per municipality.
 */
export async function surveyResults(core: Core, actor: Actor, id: number, rawFilter: unknown = {}): Promise<SurveyResults> {
  const survey = await surveyForAdmin(core, actor, id);
  const filter = parseInput(resultsFilterSchema, rawFilter);
  const { db } = core.database;
  const where = responseWhere(actor, id, filter);
  const questions = await listQuestions(core, id);
  const respondents = (await db.get<{ n: number }>(sql`select count(*) as n from survey_responses r where ${where}`))?.n ?? 0;
  const filtered = filter.municipalityId !== undefined || filter.role !== undefined || filter.schoolTag !== undefined;
  const hidden = survey.anonymous && filtered && respondents < anonymousMinGroup;
  const rates = await responseRates(core, actor, survey);
  if (hidden) return { survey, respondents, hidden, rates, questions: questions.map((q) => emptyResult(q)) };

  // The responses in view, as a set built once; each answer is then checked against it (one pass per figure).
  const inView = sql`a.response_id in (select r.id from survey_responses r where ${where})`;
  const ofSurvey = sql`a.question_id in (select id from survey_questions where survey_id = ${id})`;
  const textQuestions = questions.filter((q) => q.kind === 'short_text' || q.kind === 'long_text' || q.settings.allowOther);
  const [choiceRows, numberRows, statRows, ...textLists] = await Promise.all([
    db.all<{ q: number; v: string; n: number }>(sql`select a.question_id as q, j.value as v, count(*) as n from survey_answers a, json_each(a.choices) j where ${ofSurvey} and a.choices is not null and ${inView} group by a.question_id, j.value`),
    db.all<{ q: number; v: number; n: number }>(
      sql`select a.question_id as q, a.number_value as v, count(*) as n from survey_answers a where a.question_id in (select id from survey_questions where survey_id = ${id} and kind = 'scale') and a.number_value is not null and ${inView} group by a.question_id, a.number_value`,
    ),
    db.all<{ q: number; answered: number; skipped: number; avg: number | null; min: number | null; max: number | null }>(
      sql`select a.question_id as q, sum(1 - a.skipped) as answered, sum(a.skipped) as skipped, avg(a.number_value) as avg, min(a.number_value) as min, max(a.number_value) as max from survey_answers a where ${ofSurvey} and ${inView} group by a.question_id`,
    ),
    ...textQuestions.map((q) =>
      db.all<{ q: number; t: string }>(sql`select a.question_id as q, a.text_value as t from survey_answers a where a.question_id = ${q.id} and a.text_value is not null and ${inView} limit 200`),
    ),
  ]);
  const textRows = textLists.flat();
  const results = questions.map((q): QuestionResult => {
    const stats = statRows.find((s) => s.q === q.id);
    const counts = new Map(choiceRows.filter((r) => r.q === q.id).map((r) => [r.v, r.n]));
    const labels: [string, string][] =
      q.kind === 'yes_no' ? yesNoKeys.map((k) => [k, k]) : isChoice(q.kind) ? [...(q.settings.options ?? []).map((o): [string, string] => [o.key, o.label]), ...(q.settings.allowOther ? [[otherKey, otherKey] as [string, string]] : [])] : [];
    const max = q.settings.max ?? 5;
    return {
      question: q,
      answered: stats?.answered ?? 0,
      skipped: stats?.skipped ?? 0,
      choices: labels.map(([key, label]) => ({ key, label, count: counts.get(key) ?? 0 })),
      average: q.kind === 'scale' || q.kind === 'number' ? (stats?.avg ?? null) : null,
      distribution: q.kind === 'scale' ? Array.from({ length: max }, (_, i) => ({ value: i + 1, count: numberRows.find((r) => r.q === q.id && r.v === i + 1)?.n ?? 0 })) : [],
      min: stats?.min ?? null,
      max: stats?.max ?? null,
      texts: textRows.filter((r) => r.q === q.id).map((r) => r.t),
    };
  });
  return { survey, respondents, hidden, rates, questions: results };
}

function emptyResult(question: Question): QuestionResult {
  return { question, answered: 0, skipped: 0, choices: [], average: null, distribution: [], min: null, max: null, texts: [] };
}

/** Per municipality: how many the survey is for now (its audience, or those invited) and how many finished. */
async function responseRates(core: Core, actor: Actor, survey: Survey): Promise<RateRow[]> {
  const { db } = core.database;
  const scope = scopeOf(actor);
  const audience =
    survey.eventId === null
      ? await db
          .select({ m: people.municipalityId, n: sql<number>`count(*)` })
          .from(people)
          .where(and(...audienceConditions(survey.audience as AudienceRule, surveyAudienceScope(survey)), scopeWhere(scope, people.municipalityId)))
          .groupBy(people.municipalityId)
      : await db
          .select({ m: people.municipalityId, n: sql<number>`count(*)` })
          .from(surveyParticipants)
          .innerJoin(people, eq(people.id, surveyParticipants.personId))
          .where(and(eq(surveyParticipants.surveyId, survey.id), scopeWhere(scope, people.municipalityId)))
          .groupBy(people.municipalityId);
  const done = await db
    .select({ m: people.municipalityId, n: sql<number>`count(*)` })
    .from(surveyParticipants)
    .innerJoin(people, eq(people.id, surveyParticipants.personId))
    .where(and(eq(surveyParticipants.surveyId, survey.id), sql`${surveyParticipants.doneAt} is not null`, scopeWhere(scope, people.municipalityId)))
    .groupBy(people.municipalityId);
  const names = new Map((await db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities)).map((m) => [m.id, m.name]));
  const ids = [...new Set([...audience.map((a) => a.m), ...done.map((d) => d.m)])];
  return ids
    .map((m) => ({ municipalityId: m, name: m === null ? '—' : (names.get(m) ?? `#${m}`), audience: audience.find((a) => a.m === m)?.n ?? 0, done: done.find((d) => d.m === m)?.n ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

export interface ExportTable {
  /** Named: full name, municipality, school; anonymous: none of these. */
  identityColumns: ('fullName' | 'municipality' | 'school')[];
  questions: Question[];
  rows: { identity: (string | null)[]; submittedAt: number | null; answers: Map<number, { choices: string[] | null; numberValue: number | null; textValue: string | null; skipped: boolean }> }[];
}

/**
 * One row per respondent, one column per question, for CSV and XLSX. An anonymous survey's rows carry no identity
 * (nor the municipality or school, which in a small place would name someone), in the random order of their ids.
 */
export async function surveyExport(core: Core, actor: Actor, id: number, rawFilter: unknown = {}): Promise<ExportTable> {
  const survey = await surveyForAdmin(core, actor, id);
  const filter = parseInput(resultsFilterSchema, rawFilter);
  const { db } = core.database;
  const where = responseWhere(actor, id, filter);
  const questions = await listQuestions(core, id);
  type Row = { id: string; at: number | null; name?: string | null; municipality?: string | null; school?: string | null };
  const responses = survey.anonymous
    ? await db.all<Row>(sql`select r.id as id, r.submitted_at as at from survey_responses r where ${where} order by r.id`)
    : await db.all<Row>(
        sql`select r.id as id, r.submitted_at as at, p.full_name as name, m.name as municipality, s.short_name as school from survey_responses r left join ${people} p on p.id = r.person_id left join ${municipalities} m on m.id = r.municipality_id left join ${schools} s on s.id = p.school_id where ${where} order by r.submitted_at, r.id`,
      );
  const answers = await db.all<{ r: string; q: number; choices: string | null; num: number | null; text: string | null; skipped: number }>(
    sql`select a.response_id as r, a.question_id as q, a.choices as choices, a.number_value as num, a.text_value as text, a.skipped as skipped from survey_answers a join survey_responses r on r.id = a.response_id where ${where}`,
  );
  const byResponse = new Map<string, ExportTable['rows'][number]['answers']>();
  for (const a of answers) {
    const map = byResponse.get(a.r) ?? new Map();
    map.set(a.q, { choices: a.choices ? (JSON.parse(a.choices) as string[]) : null, numberValue: a.num, textValue: a.text, skipped: a.skipped === 1 });
    byResponse.set(a.r, map);
  }
  return {
    identityColumns: survey.anonymous ? [] : ['fullName', 'municipality', 'school'],
    questions,
    rows: responses.map((r) => ({
      identity: survey.anonymous ? [] : [r.name ?? null, r.municipality ?? null, r.school ?? null],
      submittedAt: survey.anonymous ? null : r.at,
      answers: byResponse.get(r.id) ?? new Map(),
    })),
  };
}
