/**
 * Survey results at a region's scale: one survey of 20 questions (choices, multiple choice, scales, numbers, texts)
 * answered by 20,000 people of 60 municipalities (400,000 answers). Measures the rendered results page (charts,
 * averages, texts, the response rate per municipality) through the real Hono app with a signed-in editor, unfiltered
 * and filtered, as p50/p99 over repeated requests, and the SQL statements one render prepares. The answers are
 * seeded as rows and then tallied by the very statement that submitting a response runs.
 */
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { createAdmin } from '../core/admins/accounts.js';
import { tallyResponses } from '../core/surveys/results.js';
import type { QuestionSettings } from '../db/schema/index.js';
import type { QuestionKind } from '../core/vocabulary/surveys.js';
import { surveyAnswers, surveyParticipants, surveyQuestions, surveyResponses, surveys } from '../db/schema/index.js';
import { chunks, envInt, fmt, log, percentile, type Row, seedRegion, startFake, startProduct, panelSessionCookie } from './support.js';
import { insertPeople } from '../test/support/people.js';

const target = { p99Ms: 500 };

export async function runSurveysBench(): Promise<Row[]> {
  const n = envInt('BENCH_SURVEY_N', 20_000);
  const repeats = envInt('BENCH_PAGE_REPEATS', 40);
  log(`\n## Surveys: results page, 20 questions × ${fmt.int(n)} respondents (BENCH_SURVEY_N), ${repeats} requests per case`);
  const fake = await startFake(0);
  const product = await startProduct(fake);
  try {
    const { core } = product.app;
    const { db } = core.database;
    const now = Date.now();
    const seedStart = performance.now();
    await seedRegion(core, 600, { tagged: true });
    const personRows = Array.from({ length: n }, (_, i) => ({
      telegramId: 20_000_000 + i,
      fullName: `Учитель ${i}`,
      searchName: `учитель ${i}`,
      roles: [i % 5 === 0 ? 'school_lead' : 'teacher'],
      municipalityId: ((i % 600) % 60) + 1,
      schoolId: (i % 600) + 1,
      subjects: [],
      status: 'active' as const,
      consentAt: now,
      createdAt: now,
      updatedAt: now,
    }));
    await insertPeople(core, personRows, 500);
    await db.insert(surveys).values({
      title: 'Диагностика профессиональных дефицитов',
      anonymous: false,
      audience: { roles: ['teacher', 'school_lead'] },
      opensAt: now - 86_400_000,
      closesAt: now + 86_400_000,
      status: 'published',
      createdBy: 'bench',
      createdAt: now,
      updatedAt: now,
    });
    const options = (k: number) => Array.from({ length: k }, (_, i) => ({ key: `o${i + 1}`, label: `Вариант ${i + 1}` }));
    const kinds: [QuestionKind, QuestionSettings][] = [
      ...Array.from({ length: 8 }, (): [QuestionKind, QuestionSettings] => ['single', { options: options(5) }]),
      ...Array.from({ length: 4 }, (): [QuestionKind, QuestionSettings] => ['multiple', { options: options(6), allowOther: true }]),
      ...Array.from({ length: 4 }, (_, i): [QuestionKind, QuestionSettings] => [
        'scale',
        { min: 1, max: i % 2 ? 10 : 5, minLabel: 'низко', maxLabel: 'высоко' },
      ]),
      ['number', { min: 0, max: 1000 }],
      ['yes_no', {}],
      ['short_text', { maxLength: 200 }],
      ['long_text', { maxLength: 2000 }],
    ];
    await db
      .insert(surveyQuestions)
      .values(kinds.map(([kind, settings], i) => ({ surveyId: 1, position: i + 1, kind, text: `Вопрос ${i + 1}`, required: true, settings })));
    const responseRows = personRows.map((p, i) => ({
      id: `r${String(i).padStart(8, '0')}`,
      surveyId: 1,
      personId: i + 1,
      status: 'submitted' as const,
      municipalityId: p.municipalityId,
      roles: p.roles,
      schoolTags: (p.schoolId - 1) % 3 === 0 ? ['shnor'] : [],
      startedAt: now,
      submittedAt: now,
    }));
    await core.database.atomic(chunks(responseRows, 500).map((rows) => db.insert(surveyResponses).values(rows)));
    await core.database.atomic(
      chunks(
        personRows.map((_, i) => ({ surveyId: 1, personId: i + 1, invitedAt: now, doneAt: now })),
        500,
      ).map((rows) => db.insert(surveyParticipants).values(rows)),
    );
    const answerRows = responseRows.flatMap((r, i) =>
      kinds.map(([kind, settings], q) => {
        const base = {
          responseId: r.id,
          questionId: q + 1,
          choices: null as string[] | null,
          numberValue: null as number | null,
          textValue: null as string | null,
        };
        if (kind === 'single') return { ...base, choices: [`o${((i * (q + 3)) % 5) + 1}`] };
        if (kind === 'multiple')
          return {
            ...base,
            choices: [`o${(i % 6) + 1}`, `o${((i + q) % 6) + 1}`].filter((v, k, a) => a.indexOf(v) === k),
            textValue: i % 50 === 0 ? 'Другое мнение' : null,
          };
        if (kind === 'scale') return { ...base, numberValue: ((i * 7 + q) % (settings.max ?? 5)) + 1 };
        if (kind === 'number') return { ...base, numberValue: i % 1000 };
        if (kind === 'yes_no') return { ...base, choices: [i % 3 ? 'yes' : 'no'] };
        return { ...base, textValue: `Ответ ${i} на вопрос ${q + 1}: не хватает времени на подготовку` };
      }),
    );
    await core.database.atomic(chunks(answerRows, 1000).map((rows) => db.insert(surveyAnswers).values(rows)));
    await core.database.atomic([tallyResponses(core, sql`r.survey_id = 1 and r.status = 'submitted'`)]);
    const tallies = (await db.get<{ n: number }>(sql`select count(*) as n from survey_tallies`))?.n ?? 0;
    log(`  seeded ${fmt.int(answerRows.length)} answers (${fmt.int(tallies)} tallies) in ${fmt.s(performance.now() - seedStart)}`);

    await createAdmin(core, { email: 'bench@mayak.test', password: 'bench password 123', role: 'editor' });
    const cookie = await panelSessionCookie(product.app.admin, 'bench@mayak.test', 'bench password 123');
    const rows: Row[] = [];
    for (const [name, path] of [
      ['results, all respondents', '/surveys/1/results'],
      ['results, role + municipality + tag', '/surveys/1/results?role=teacher&municipalityId=7&schoolTag=shnor'],
    ] as const) {
      const times: number[] = [];
      let statements = 0;
      for (let i = 0; i < repeats + 3; i++) {
        const before = prepared;
        const started = performance.now();
        const response = await product.app.admin.request(path, { headers: { cookie } });
        const html = await response.text();
        if (response.status !== 200 || !html.includes('<svg') || !html.includes('не хватает времени'))
          throw new Error(`${path} answered ${response.status} without its charts and texts`);
        if (i >= 3) times.push(performance.now() - started);
        statements = prepared - before;
      }
      times.sort((a, b) => a - b);
      const p99 = percentile(times, 99);
      log(`  ${name}: p50 ${fmt.ms(percentile(times, 50))}, p99 ${fmt.ms(p99)}, ${statements} SQL statements per render`);
      rows.push({
        case: 'surveys',
        metric: `${name} p50 / p99`,
        value: `${fmt.ms(percentile(times, 50))} / ${fmt.ms(p99)}`,
        target: `p99 < ${target.p99Ms} ms`,
        ok: p99 < target.p99Ms,
      });
      rows.push({ case: 'surveys', metric: `${name}: SQL statements per render`, value: String(statements) });
    }
    return rows;
  } finally {
    await product.close();
    await fake.close();
  }
}

/** Counts the statements better-sqlite3 prepares (drizzle prepares each query it runs), to report per render. */
let prepared = 0;
const prepare = BetterSqlite3.prototype.prepare;
BetterSqlite3.prototype.prepare = function (this: BetterSqlite3.Database, source: string) {
  prepared++;
  return prepare.call(this, source);
} as typeof prepare;
