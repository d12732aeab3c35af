import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError } from '../../core/errors.js';
import { listEventsForAdmin } from '../../core/events/events.js';
import { utcToLocalInput } from '../../core/time/time.js';
import { answerText } from '../../core/surveys/messages.js';
import { resultsFilterSchema, surveyExport, surveyResults } from '../../core/surveys/results.js';
import { addQuestion, deleteQuestion, moveQuestion, updateQuestion } from '../../core/surveys/questionnaire.js';
import {
  closeSurvey,
  countDone,
  createSurvey,
  duplicateSurvey,
  listQuestions,
  listSurveysForAdmin,
  publishSurvey,
  surveyForAdmin,
  updateSurvey,
  type Survey,
} from '../../core/surveys/surveys.js';
import type { AdminEnv } from '../env.js';
import { questionInput, questionToForm, surveyFormFields, surveyInput, surveyToForm } from '../forms/surveys.js';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import { fieldErrors, formatDateTime, isDomainError, page, queryFilters, str, tableDownload, type PanelContext } from '../kit.js';
import { countAudienceForm, loadAudiencePicker } from '../views/audience-picker.js';
import { SurveyBuilder } from '../views/surveys/builder.js';
import { SurveysList } from '../views/surveys/list.js';
import { QuestionPage } from '../views/surveys/question.js';
import { ResultsPage } from '../views/surveys/results.js';

/** Surveys: a list, the builder (survey fields, questions with preview), publish, close, duplicate; results and exports. */
export function surveysRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const [rows, zone] = await Promise.all([listSurveysForAdmin(c.get('core'), scopeOf(c.get('actor')), q || undefined), regionTimezone(c.get('core'))]);
    return page(c, { title: c.get('t')('surveys-title'), section: '/surveys' }, <SurveysList c={c} q={q} rows={rows} zone={zone} />);
  });

  app.get('/new', async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor)) throw new DomainError('not-allowed');
    const zone = await regionTimezone(c.get('core'));
    const now = c.get('core').clock.now();
    return showBuilder(c, null, {
      municipalityId: actor.role === 'coordinator' ? String(actor.municipalityIds[0] ?? '') : '',
      opensAt: utcToLocalInput(now, zone),
      closesAt: utcToLocalInput(now + 7 * 86_400_000, zone),
      reminderHours: '24',
    });
  });

  app.post('/new', validForm(formBody, { view: (c, values, errors) => showBuilder(c, null, values, errors), fields: surveyFormFields }), async (c) => {
    const core = c.get('core');
    const survey = await createSurvey(core, c.get('actor'), surveyInput(c.req.valid('form'), await regionTimezone(core)));
    return c.redirect(`/surveys/${survey.id}?done=survey-created`, 303);
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const survey = await surveyForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return showBuilder(c, survey, surveyToForm(survey, await regionTimezone(c.get('core'))));
  });

  app.post(
    '/:id{[0-9]+}',
    validForm(formBody, {
      view: async (c, values, errors) => showBuilder(c, await surveyForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id'))), values, errors),
      fields: surveyFormFields,
    }),
    async (c) => {
      const core = c.get('core');
      const id = Number(c.req.param('id'));
      await updateSurvey(core, c.get('actor'), id, surveyInput(c.req.valid('form'), await regionTimezone(core)));
      return c.redirect(`/surveys/${id}?done=survey-saved`, 303);
    },
  );

  /** A refused new question is shown in the add-a-question form, as typed, under the survey as saved. */
  app.post(
    '/:id{[0-9]+}/questions',
    validForm(formBody, {
      view: async (c, values, errors) => {
        const survey = await surveyForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
        return showBuilder(c, survey, surveyToForm(survey, await regionTimezone(c.get('core'))), undefined, 400, { values, errors });
      },
    }),
    async (c) => {
      const id = Number(c.req.param('id'));
      await addQuestion(c.get('core'), c.get('actor'), id, questionInput(c.req.valid('form')));
      return c.redirect(`/surveys/${id}?done=survey-question-added#questions`, 303);
    },
  );

  app.get('/:id{[0-9]+}/questions/:qid{[0-9]+}', async (c) => showQuestion(c));

  app.post('/:id{[0-9]+}/questions/:qid{[0-9]+}', validForm(formBody, { view: (c, values, errors) => showQuestion(c, values, errors) }), async (c) => {
    await updateQuestion(c.get('core'), c.get('actor'), Number(c.req.param('qid')), questionInput(c.req.valid('form')));
    return c.redirect(`/surveys/${c.req.param('id')}?done=survey-question-saved#questions`, 303);
  });

  for (const [path, run] of [
    ['up', (c: PanelContext, qid: number) => moveQuestion(c.get('core'), c.get('actor'), qid, 'up')],
    ['down', (c: PanelContext, qid: number) => moveQuestion(c.get('core'), c.get('actor'), qid, 'down')],
    ['delete', (c: PanelContext, qid: number) => deleteQuestion(c.get('core'), c.get('actor'), qid)],
  ] as const) {
    app.post(`/:id{[0-9]+}/questions/:qid{[0-9]+}/${path}`, async (c) => {
      const id = Number(c.req.param('id'));
      try {
        await run(c, Number(c.req.param('qid')));
        return c.redirect(`/surveys/${id}?done=survey-questions-changed#questions`, 303);
      } catch (error) {
        if (!isDomainError(error, 'invalid-input')) throw error;
        return problemPage(c, id, error);
      }
    });
  }

  app.post('/:id{[0-9]+}/publish', async (c) => {
    const id = Number(c.req.param('id'));
    try {
      await publishSurvey(c.get('core'), c.get('actor'), id);
      return c.redirect(`/surveys/${id}?done=survey-published`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return problemPage(c, id, error);
    }
  });

  app.post('/:id{[0-9]+}/close', async (c) => {
    const id = Number(c.req.param('id'));
    await closeSurvey(c.get('core'), c.get('actor'), id);
    return c.redirect(`/surveys/${id}?done=survey-closed`, 303);
  });

  app.post('/:id{[0-9]+}/duplicate', async (c) => {
    const copy = await duplicateSurvey(c.get('core'), c.get('actor'), Number(c.req.param('id')), c.get('t')('survey-copy-suffix'));
    return c.redirect(`/surveys/${copy.id}?done=survey-duplicated`, 303);
  });

  app.get('/:id{[0-9]+}/results', async (c) => {
    const core = c.get('core');
    const parsed = resultsFilterSchema.safeParse(queryFilters(c));
    const filter = parsed.success ? parsed.data : {};
    const [results, municipalities] = await Promise.all([
      surveyResults(core, c.get('actor'), Number(c.req.param('id')), filter),
      municipalitiesInScope(core, scopeOf(c.get('actor'))),
    ]);
    return page(
      c,
      { title: results.survey.title, section: '/surveys', flash: parsed.success ? undefined : { text: c.get('t')('survey-bad-filter'), bad: true } },
      <ResultsPage c={c} results={results} filter={filter} municipalities={municipalities} />,
    );
  });

  const download = (format: 'csv' | 'xlsx') => async (c: PanelContext) => {
    const t = c.get('t');
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    const [table, zone] = await Promise.all([surveyExport(core, c.get('actor'), id, queryFilters(c)), regionTimezone(core)]);
    const head = [
      ...table.identityColumns.map((k) => t(`survey-export-${k}`)),
      ...(table.identityColumns.length ? [t('survey-export-submitted')] : []),
      ...table.questions.map((q, i) => `${i + 1}. ${q.text}`),
    ];
    const body = table.rows.map((r) => [
      ...r.identity,
      ...(table.identityColumns.length ? [formatDateTime(r.submittedAt, zone)] : []),
      ...table.questions.map((q) => {
        const a = r.answers.get(q.id);
        if (!a) return null;
        if (a.numberValue !== null && !a.skipped) return a.numberValue;
        return answerText(t, q, a);
      }),
    ]);
    return tableDownload(c, `survey-${id}-results`, format, [head, ...body]);
  };
  app.get('/:id{[0-9]+}/results.csv', download('csv'));
  app.get('/:id{[0-9]+}/results.xlsx', download('xlsx'));

  return app;
}

/** A refused change to the questions or the publication: the builder with the messages at the top and by the fields. */
async function problemPage(c: PanelContext, id: number, error: DomainError) {
  const core = c.get('core');
  const survey = await surveyForAdmin(core, c.get('actor'), id);
  const errors = fieldErrors(error, c.get('t'));
  return showBuilder(c, survey, surveyToForm(survey, await regionTimezone(core)), errors, 400, undefined, Object.values(errors).join(' '));
}

/** The new-survey form, or a survey's builder, with what it shows read from the domain. */
async function showBuilder(
  c: PanelContext,
  survey: Survey | null,
  values: FormValues,
  errors?: FieldErrors,
  status: 200 | 400 = 200,
  newQuestion?: { values: FormValues; errors: FieldErrors },
  problem?: string,
) {
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const [municipalities, audience, count, questions, history, done, zone, eventRows] = await Promise.all([
    municipalitiesInScope(core, scope),
    loadAudiencePicker(core, actor),
    countAudienceForm(core, actor, values),
    survey ? listQuestions(core, survey.id) : Promise.resolve([]),
    survey ? listAudit(core, scope, actor, { entity: 'survey', entityId: String(survey.id), limit: 20 }) : Promise.resolve([]),
    survey ? countDone(core, survey.id) : Promise.resolve(0),
    regionTimezone(core),
    listEventsForAdmin(core, scope),
  ]);
  // Upcoming events and those of the last 90 days (feedback comes after an event), plus the one already chosen however old.
  const recentSince = core.clock.now() - 90 * 86_400_000;
  const eventOptions = eventRows
    .filter(({ event }) => event.endsAt > recentSince || String(event.id) === str(values.eventId))
    // Short enough for a phone's width: the date and the title's start.
    .map(
      ({ event }) =>
        [
          event.id,
          `${utcToLocalInput(event.startsAt, zone).slice(0, 10).split('-').reverse().join('.')} · ${event.title.length > 24 ? `${event.title.slice(0, 23)}…` : event.title}`,
        ] as const,
    );
  return page(
    c,
    { title: survey ? survey.title : c.get('t')('surveys-new'), section: '/surveys', status, flash: problem ? { text: problem, bad: true } : undefined },
    <SurveyBuilder
      c={c}
      survey={survey}
      values={values}
      errors={errors}
      data={{ municipalities, audience, count, questions, history, done, zone, eventOptions }}
      newQuestion={newQuestion}
    />,
  );
}

/** One question's page, as saved or as typed when refused. */
async function showQuestion(c: PanelContext, values?: FormValues, errors?: FieldErrors) {
  const id = Number(c.req.param('id'));
  const qid = Number(c.req.param('qid'));
  const survey = await surveyForAdmin(c.get('core'), c.get('actor'), id);
  const questions = await listQuestions(c.get('core'), id);
  const at = questions.findIndex((q) => q.id === qid);
  if (at < 0) throw new DomainError('not-found');
  return page(
    c,
    { title: survey.title, section: '/surveys', status: errors ? 400 : 200 },
    <QuestionPage c={c} survey={survey} questions={questions} at={at} values={values ?? questionToForm(questions[at]!)} errors={errors} />,
  );
}
