import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { PendingQuery } from '../../db/database.js';
import { municipalities, people, schools, surveyParticipants, surveyTallies } from '../../db/schema/index.js';
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

/** Texts listed per question on the results page. */
const textsShown = 200;
/** Up to this many respondents in view, the texts are read from the responses rather than per question. */
const smallGroup = 2000;

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
  /** Texts (and «Другое»), at most `textsShown` per question. */
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

/**
 * The WHERE of one survey's respondent groups under the filters and the actor's scope, over the alias `r` (the
 * submitted responses) or `t` (the tallies): both carry the same municipality, roles and school tags.
 */
function groupWhere(actor: Actor, surveyId: number, filter: ResultsFilter, alias: 'r' | 't'): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  const parts: SQL[] = [sql`${col('survey_id')} = ${surveyId}`];
  if (alias === 'r') parts.push(sql`r.status = 'submitted'`);
  const scope = scopeOf(actor);
  if (!scope.all) parts.push(scope.municipalityIds.length ? sql`${col('municipality_id')} in ${scope.municipalityIds}` : sql`0`);
  if (filter.municipalityId) parts.push(sql`${col('municipality_id')} = ${filter.municipalityId}`);
  if (filter.role) parts.push(sql`exists (select 1 from json_each(${col('roles')}) where value = ${filter.role})`);
  if (filter.schoolTag) parts.push(sql`exists (select 1 from json_each(${col('school_tags')}) where value = ${filter.schoolTag})`);
  return sql.join(parts, sql` and `);
}

const responseWhere = (actor: Actor, surveyId: number, filter: ResultsFilter) => groupWhere(actor, surveyId, filter, 'r');

/**
 * Adds the answers of the responses matching `responses` (a condition over `r`) to the tallies: the question's own
 * row, one row per option chosen, one per scale value. Submitting runs it for one response still in progress,
 * after hidden answers are dropped and before its status changes, in the same batch: a second «Отправить» racing
 * the first finds it submitted and adds nothing.
 */
export function tallyResponses(core: Core, responses: SQL): PendingQuery {
  const group = sql`r.survey_id, a.question_id, coalesce(r.municipality_id, '') || '|' || r.roles || '|' || r.school_tags, r.municipality_id, r.roles, r.school_tags`;
  const from = sql`from survey_answers a join survey_responses r on r.id = a.response_id`;
  const where = responses;
  return core.database.db
    .insert(surveyTallies)
    .select(
      sql`select ${group}, '', 1 - a.skipped, a.skipped, a.number_value, a.number_value, a.number_value ${from} where ${where}
        union all select ${group}, j.value, 1, 0, null, null, null ${from}, json_each(a.choices) j where ${where}
        union all select ${group}, cast(cast(a.number_value as integer) as text), 1, 0, null, null, null ${from} join survey_questions q on q.id = a.question_id where q.kind = 'scale' and a.number_value is not null and ${where}`,
    )
    .onConflictDoUpdate({
      target: [surveyTallies.surveyId, surveyTallies.questionId, surveyTallies.groupKey, surveyTallies.value],
      set: {
        count: sql`count + excluded.count`,
        skipped: sql`skipped + excluded.skipped`,
        total: sql`coalesce(total + excluded.total, total, excluded.total)`,
        low: sql`min(coalesce(low, excluded.low), coalesce(excluded.low, low))`,
        high: sql`max(coalesce(high, excluded.high), coalesce(excluded.high, high))`,
      },
    });
}

/**
 * The results page's figures: every count, distribution and average from one grouped query over the tallies (a
 * few thousand rows, whatever the number of respondents); the texts (capped per question) and the number of
 * respondents from the responses, the response rate per municipality from the completion marks.
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

  const textIds = questions.filter((q) => q.kind === 'short_text' || q.kind === 'long_text' || q.settings.allowOther).map((q) => q.id);
  type TextRow = { q: number; t: string };
  const [tallies, ...textLists] = await Promise.all([
    db.all<{ q: number; v: string; n: number; skipped: number; total: number | null; low: number | null; high: number | null }>(
      sql`select t.question_id as q, t.value as v, sum(t.count) as n, sum(t.skipped) as skipped, sum(t.total) as total, min(t.low) as low, max(t.high) as high from survey_tallies t where ${groupWhere(actor, id, filter, 't')} group by t.question_id, t.value`,
    ),
    // The texts, at most `textsShown` per question. A small group: its responses are read once with their texts
    // (CROSS JOIN keeps that order); a large one: each question's answers in turn until enough of the group are met.
    ...(textIds.length === 0
      ? []
      : respondents <= smallGroup
        ? [
            db.all<TextRow>(
              sql`select q, t from (select a.question_id as q, a.text_value as t, row_number() over (partition by a.question_id) as n from survey_responses r cross join survey_answers a on a.response_id = r.id where ${where} and a.question_id in ${textIds} and a.text_value is not null) where n <= ${textsShown}`,
            ),
          ]
        : textIds.map((q) =>
            db.all<TextRow>(
              sql`select a.question_id as q, a.text_value as t from survey_answers a join survey_responses r on r.id = a.response_id where a.question_id = ${q} and a.text_value is not null and ${where} limit ${textsShown}`,
            ),
          )),
  ]);
  const textRows = textLists.flat();
  const results = questions.map((q): QuestionResult => {
    const stats = tallies.find((s) => s.q === q.id && s.v === '');
    const counts = new Map(tallies.filter((r) => r.q === q.id && r.v !== '').map((r) => [r.v, r.n]));
    const labels: [string, string][] =
      q.kind === 'yes_no'
        ? yesNoKeys.map((k) => [k, k])
        : isChoice(q.kind)
          ? [
              ...(q.settings.options ?? []).map((o): [string, string] => [o.key, o.label]),
              ...(q.settings.allowOther ? [[otherKey, otherKey] as [string, string]] : []),
            ]
          : [];
    const max = q.settings.max ?? 5;
    const answered = stats?.n ?? 0;
    return {
      question: q,
      answered,
      skipped: stats?.skipped ?? 0,
      choices: labels.map(([key, label]) => ({ key, label, count: counts.get(key) ?? 0 })),
      // Every answer to a scale or number question that is not skipped holds a number.
      average: (q.kind === 'scale' || q.kind === 'number') && answered > 0 && stats?.total != null ? stats.total / answered : null,
      distribution: q.kind === 'scale' ? Array.from({ length: max }, (_, i) => ({ value: i + 1, count: counts.get(String(i + 1)) ?? 0 })) : [],
      min: stats?.low ?? null,
      max: stats?.high ?? null,
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
    .map((m) => ({
      municipalityId: m,
      name: m === null ? '—' : (names.get(m) ?? `#${m}`),
      audience: audience.find((a) => a.m === m)?.n ?? 0,
      done: done.find((d) => d.m === m)?.n ?? 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

export interface ExportTable {
  /** Named: full name, municipality, school; anonymous: none of these. */
  identityColumns: ('fullName' | 'municipality' | 'school')[];
  questions: Question[];
  rows: {
    identity: (string | null)[];
    submittedAt: number | null;
    answers: Map<number, { choices: string[] | null; numberValue: number | null; textValue: string | null; skipped: boolean }>;
  }[];
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
