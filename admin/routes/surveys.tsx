import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { personRoles, schoolTags } from '../../core/directory/vocabulary.js';
import { DomainError } from '../../core/errors.js';
import { listEventsForAdmin } from '../../core/events/events.js';
import { localToUtc, utcToLocalInput } from '../../core/events/time.js';
import type { SurveyView } from '../../core/surveys/answering.js';
import { answerText, stepMessage } from '../../core/surveys/messages.js';
import { conditionValues, textLimits, type Question, type QuestionInput } from '../../core/surveys/questions.js';
import { resultsFilterSchema, surveyExport, surveyResults, type QuestionResult } from '../../core/surveys/results.js';
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
  type SurveyInput,
} from '../../core/surveys/surveys.js';
import { questionKinds } from '../../db/schema/index.js';
import type { AdminEnv } from '../env.js';
import {
  CsrfField,
  FieldError,
  fieldErrors,
  formatDateTime,
  isDomainError,
  page,
  type PanelContext,
  queryFilters,
  readForm,
  str,
  tableDownload,
} from '../kit.js';
import { AudiencePicker, audienceToForm, countAudienceForm, loadAudiencePicker, readAudienceForm } from '../views/audience-picker.js';
import { Select } from '../views/components.js';
import { History } from '../views/history.js';

type FormValues = Record<string, string | string[]>;
const num = (v: string | string[] | undefined): number | null => (str(v) === '' ? null : Number(str(v).replace(',', '.')));

function formToSurvey(form: FormValues, zone: string): SurveyInput {
  const time = (name: string) => (str(form[name]) ? localToUtc(str(form[name]), zone) : Number.NaN);
  return {
    title: str(form.title),
    intro: str(form.intro),
    anonymous: str(form.anonymous) === 'on',
    audience: readAudienceForm(form),
    municipalityId: num(form.municipalityId),
    eventId: num(form.eventId),
    opensAt: time('opensAt'),
    closesAt: time('closesAt'),
    reminderHours: str(form.reminderHours)
      ? str(form.reminderHours)
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map(Number)
      : [],
  };
}

function surveyToForm(s: Survey, zone: string): FormValues {
  return {
    title: s.title,
    intro: s.intro,
    anonymous: s.anonymous ? 'on' : '',
    municipalityId: s.municipalityId === null ? '' : String(s.municipalityId),
    eventId: s.eventId === null ? '' : String(s.eventId),
    opensAt: utcToLocalInput(s.opensAt, zone),
    closesAt: utcToLocalInput(s.closesAt, zone),
    reminderHours: s.reminderHours.join(', '),
    ...audienceToForm(s.audience),
  };
}

function formToQuestion(form: FormValues): QuestionInput {
  const [conditionId, equals] = str(form.condition).split(':');
  return {
    kind: str(form.kind) as QuestionInput['kind'],
    text: str(form.text),
    required: str(form.required) === 'on',
    options: str(form.options)
      .split(/\r?\n/)
      .map((o) => o.trim())
      .filter(Boolean),
    allowOther: str(form.allowOther) === 'on',
    min: num(form.min),
    max: num(form.max),
    minLabel: str(form.minLabel),
    maxLabel: str(form.maxLabel),
    maxLength: num(form.maxLength),
    condition: conditionId && equals ? { questionId: Number(conditionId), equals } : null,
  };
}

function questionToForm(q: Question): FormValues {
  const s = q.settings;
  return {
    kind: q.kind,
    text: q.text,
    required: q.required ? 'on' : '',
    options: (s.options ?? []).map((o) => o.label).join('\n'),
    allowOther: s.allowOther ? 'on' : '',
    min: s.min === undefined ? '' : String(s.min),
    max: s.max === undefined ? '' : String(s.max),
    minLabel: s.minLabel ?? '',
    maxLabel: s.maxLabel ?? '',
    maxLength: s.maxLength === undefined ? '' : String(s.maxLength),
    condition: q.condition ? `${q.condition.questionId}:${q.condition.equals}` : '',
  };
}

/** Surveys: a list, the builder (survey fields, questions with preview), publish, close, duplicate; results and exports. */
export function surveysRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const [rows, zone] = await Promise.all([listSurveysForAdmin(c.get('core'), scopeOf(actor), q || undefined), regionTimezone(c.get('core'))]);
    return page(
      c,
      { title: t('surveys-title'), section: '/surveys' },
      <>
        <h1>{t('surveys-title')}</h1>
        {canWrite(actor) ? (
          <p>
            <a href="/surveys/new">{t('surveys-new')}</a>
          </p>
        ) : null}
        <form class="filters" method="get" action="/surveys" role="search">
          <label>
            {t('title-search')}
            <input type="search" name="q" value={q} maxlength={100} />
          </label>
          <button type="submit">{t('filter-apply')}</button>
          <a href="/surveys">{t('filter-reset')}</a>
        </form>
        {rows.length === 0 ? (
          <p class="muted">{t('surveys-empty')}</p>
        ) : (
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th>{t('surveys-col-title')}</th>
                  <th>{t('surveys-col-closes')}</th>
                  <th>{t('surveys-col-status')}</th>
                  <th>{t('surveys-col-done')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ survey, questions, done }) => (
                  <tr data-survey={String(survey.id)}>
                    <td>
                      <a href={`/surveys/${survey.id}`}>{survey.title}</a> <span class="muted">({t('surveys-questions-count', { count: questions })})</span>
                    </td>
                    <td>{formatDateTime(survey.closesAt, zone)}</td>
                    <td>{t(`survey-status-${survey.status}`)}</td>
                    <td>
                      <a href={`/surveys/${survey.id}/results`}>{done}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>,
    );
  });

  app.get('/new', async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor)) throw new DomainError('not-allowed');
    const zone = await regionTimezone(c.get('core'));
    const now = c.get('core').clock.now();
    return builderPage(c, null, {
      municipalityId: actor.role === 'coordinator' ? String(actor.municipalityIds[0] ?? '') : '',
      opensAt: utcToLocalInput(now, zone),
      closesAt: utcToLocalInput(now + 7 * 86_400_000, zone),
      reminderHours: '24',
    });
  });

  app.post('/new', async (c) => {
    const core = c.get('core');
    const form = await readForm(c);
    try {
      const survey = await createSurvey(core, c.get('actor'), formToSurvey(form, await regionTimezone(core)));
      return c.redirect(`/surveys/${survey.id}?done=survey-created`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return builderPage(c, null, form, fieldErrors(error, c.get('t')), 400);
    }
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const survey = await surveyForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return builderPage(c, survey, surveyToForm(survey, await regionTimezone(c.get('core'))));
  });

  app.post('/:id{[0-9]+}', async (c) => {
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    try {
      await updateSurvey(core, c.get('actor'), id, formToSurvey(form, await regionTimezone(core)));
      return c.redirect(`/surveys/${id}?done=survey-saved`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return builderPage(c, await surveyForAdmin(core, c.get('actor'), id), form, fieldErrors(error, c.get('t')), 400);
    }
  });

  app.post('/:id{[0-9]+}/questions', async (c) => {
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    try {
      await addQuestion(core, c.get('actor'), id, formToQuestion(form));
      return c.redirect(`/surveys/${id}?done=survey-question-added#questions`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const survey = await surveyForAdmin(core, c.get('actor'), id);
      return builderPage(c, survey, surveyToForm(survey, await regionTimezone(core)), undefined, 400, { values: form, errors: fieldErrors(error, c.get('t')) });
    }
  });

  app.get('/:id{[0-9]+}/questions/:qid{[0-9]+}', async (c) => questionPage(c, Number(c.req.param('id')), Number(c.req.param('qid'))));

  app.post('/:id{[0-9]+}/questions/:qid{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const qid = Number(c.req.param('qid'));
    const form = await readForm(c);
    try {
      await updateQuestion(c.get('core'), c.get('actor'), qid, formToQuestion(form));
      return c.redirect(`/surveys/${id}?done=survey-question-saved#questions`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return questionPage(c, id, qid, form, fieldErrors(error, c.get('t')));
    }
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

  app.get('/:id{[0-9]+}/results', async (c) => resultsPage(c, Number(c.req.param('id'))));

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

async function problemPage(c: PanelContext, id: number, error: DomainError) {
  const core = c.get('core');
  const survey = await surveyForAdmin(core, c.get('actor'), id);
  const errors = fieldErrors(error, c.get('t'));
  return builderPage(c, survey, surveyToForm(survey, await regionTimezone(core)), errors, 400, undefined, Object.values(errors).join(' '));
}

/** The question's fields; the kind decides which of them count (the domain ignores the rest). */
function QuestionFields(props: { c: PanelContext; values: FormValues; errors?: Record<string, string>; earlier: Question[] }) {
  const { c, values, errors, earlier } = props;
  const t = c.get('t');
  const v = (name: string) => str(values[name]);
  const conditions = earlier.flatMap((q, i) =>
    conditionValues(q).map((key): [string, string] => [
      `${q.id}:${key}`,
      `${i + 1}. ${q.text.slice(0, 40)} = ${key === 'yes' ? t('survey-yes') : key === 'no' ? t('survey-no') : (q.settings.options?.find((o) => o.key === key)?.label ?? key)}`,
    ]),
  );
  return (
    <>
      <Select
        label={t('survey-q-kind')}
        name="kind"
        value={v('kind') || 'single'}
        options={questionKinds.map((k) => [k, t(`survey-kind-${k}`)])}
        errors={errors}
      />
      <FieldError errors={errors} name="kind" />
      <label>
        {t('survey-q-text')}
        <textarea name="text" rows={2} maxlength={500}>
          {v('text')}
        </textarea>
      </label>
      <FieldError errors={errors} name="text" />
      <label>
        <input type="checkbox" name="required" checked={v('required') === 'on'} /> {t('survey-q-required')}
      </label>
      <label>
        {t('survey-q-options')}
        <textarea name="options" rows={4}>
          {v('options')}
        </textarea>
      </label>
      <FieldError errors={errors} name="options" />
      <label>
        <input type="checkbox" name="allowOther" checked={v('allowOther') === 'on'} /> {t('survey-q-allow-other')}
      </label>
      <FieldError errors={errors} name="allowOther" />
      <div class="row">
        <label>
          {t('survey-q-min')}
          <input name="min" value={v('min')} inputmode="decimal" />
        </label>
        <label>
          {t('survey-q-max')}
          <input name="max" value={v('max')} inputmode="decimal" />
        </label>
      </div>
      <FieldError errors={errors} name="min" />
      <FieldError errors={errors} name="max" />
      <div class="row">
        <label>
          {t('survey-q-min-label')}
          <input name="minLabel" value={v('minLabel')} maxlength={40} />
        </label>
        <label>
          {t('survey-q-max-label')}
          <input name="maxLabel" value={v('maxLabel')} maxlength={40} />
        </label>
      </div>
      <label>
        {t('survey-q-max-length', { short: textLimits.short_text.default, long: textLimits.long_text.default })}
        <input name="maxLength" value={v('maxLength')} inputmode="numeric" />
      </label>
      <FieldError errors={errors} name="maxLength" />
      <Select label={t('survey-q-condition')} name="condition" value={v('condition')} options={conditions} empty={t('survey-q-always')} />
      <FieldError errors={errors} name="condition" />
    </>
  );
}

/** A question as the bot will ask it (its text and buttons), from the same code the bot uses. */
function Preview(props: { c: PanelContext; survey: Survey; question: Question; number: number; total: number }) {
  const t = props.c.get('t');
  const view: SurveyView = {
    surveyId: props.survey.id,
    title: props.survey.title,
    anonymous: props.survey.anonymous,
    closesAt: props.survey.closesAt,
    step: { kind: 'question', question: props.question, number: props.number, total: props.total, answer: null, first: props.number === 1 },
  };
  const message = stepMessage(t, view);
  return (
    <div class="tg-preview survey-preview">
      <div class="tg-bubble" dangerouslySetInnerHTML={{ __html: message.html.replaceAll('\n', '<br>') }} />
      {(message.buttons ?? []).map((row) => (
        <div class="tg-row">
          {row.map((b) => (
            <span class="tg-button">{b.text}</span>
          ))}
        </div>
      ))}
    </div>
  );
}

async function builderPage(
  c: PanelContext,
  survey: Survey | null,
  values: FormValues,
  errors?: Record<string, string>,
  status: 200 | 400 = 200,
  newQuestion?: { values: FormValues; errors: Record<string, string> },
  problem?: string,
) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const [municipalities, audienceData, count, questions, history, done, zone, eventRows] = await Promise.all([
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
  const writable = canWrite(actor) && survey?.status !== 'closed';
  const v = (name: string) => str(values[name]);
  const title = survey ? survey.title : t('surveys-new');
  return page(
    c,
    { title, section: '/surveys', status, flash: problem ? { text: problem, bad: true } : undefined },
    <>
      <h1>{title}</h1>
      {survey ? (
        <p>
          <span data-status={survey.status}>{t(`survey-status-${survey.status}`)}</span> · {t('survey-done-count', { count: done })} ·{' '}
          <a href={`/surveys/${survey.id}/results`}>{t('survey-results-link')}</a>
        </p>
      ) : null}
      <form method="post" action={survey ? `/surveys/${survey.id}` : '/surveys/new'} id="survey-form">
        <CsrfField c={c} />
        <fieldset disabled={!writable}>
          <label>
            {t('survey-f-title')}
            <input name="title" value={v('title')} maxlength={200} required />
          </label>
          <FieldError errors={errors} name="title" />
          <label>
            {t('survey-f-intro')}
            <textarea name="intro" rows={3} maxlength={2000}>
              {v('intro')}
            </textarea>
          </label>
          <label>
            <input type="checkbox" name="anonymous" checked={v('anonymous') === 'on'} /> {t('survey-f-anonymous')}
          </label>
          <FieldError errors={errors} name="anonymous" />
          <div class="row">
            <label>
              {t('survey-f-opens')}
              <input type="datetime-local" name="opensAt" value={v('opensAt')} />
            </label>
            <label>
              {t('survey-f-closes')}
              <input type="datetime-local" name="closesAt" value={v('closesAt')} />
            </label>
          </div>
          <FieldError errors={errors} name="opensAt" />
          <FieldError errors={errors} name="closesAt" />
          <label>
            {t('survey-f-reminders')}
            <input name="reminderHours" value={v('reminderHours')} />
          </label>
          <FieldError errors={errors} name="reminderHours" />
          <Select
            label={t('survey-f-municipality')}
            name="municipalityId"
            value={v('municipalityId')}
            options={municipalities.map((m) => [m.id, m.name])}
            empty={actor.role === 'coordinator' ? undefined : t('survey-f-region')}
          />
          <FieldError errors={errors} name="municipalityId" />
          <Select label={t('survey-f-event')} name="eventId" value={v('eventId')} options={eventOptions} empty={t('survey-f-no-event')} errors={errors} />
          <AudiencePicker c={c} data={audienceData} values={values} count={count} errors={errors} />
          <button type="submit">{t(survey ? 'survey-save' : 'survey-create')}</button>
        </fieldset>
      </form>
      {survey ? (
        <>
          <h2 id="questions">{t('survey-questions')}</h2>
          <FieldError errors={errors} name="questions" />
          <FieldError errors={errors} name="question" />
          <FieldError errors={errors} name="position" />
          <ol class="survey-questions">
            {questions.map((q, i) => (
              <li data-question={String(q.id)}>
                <div class="q-head">
                  <b>{q.text}</b>{' '}
                  <span class="muted">
                    · {t(`survey-kind-${q.kind}`)}
                    {q.required ? '' : ` · ${t('survey-q-optional')}`}
                    {q.condition ? ` · ${t('survey-q-conditional')}` : ''}
                  </span>
                </div>
                <Preview c={c} survey={survey} question={q} number={i + 1} total={questions.length} />
                {writable ? (
                  <div class="q-actions">
                    <a href={`/surveys/${survey.id}/questions/${q.id}`}>{t('survey-q-edit')}</a>
                    {(['up', 'down', 'delete'] as const).map((action) => (
                      <form method="post" action={`/surveys/${survey.id}/questions/${q.id}/${action}`} class="inline">
                        <CsrfField c={c} />
                        <button type="submit" class="link">
                          {t(`survey-q-${action}`)}
                        </button>
                      </form>
                    ))}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
          {writable ? (
            <form method="post" action={`/surveys/${survey.id}/questions`} id="question-form">
              <CsrfField c={c} />
              <h3>{t('survey-q-add')}</h3>
              <QuestionFields c={c} values={newQuestion?.values ?? { kind: 'single', required: 'on' }} errors={newQuestion?.errors} earlier={questions} />
              <button type="submit">{t('survey-q-add-button')}</button>
            </form>
          ) : null}
          {canWrite(actor) ? (
            <div class="actions">
              {survey.status === 'draft' ? (
                <form method="post" action={`/surveys/${survey.id}/publish`} class="inline" data-confirm={t('confirm-survey-publish')}>
                  <CsrfField c={c} />
                  <button type="submit">{t('survey-publish')}</button>
                </form>
              ) : null}
              {survey.status === 'published' ? (
                <form method="post" action={`/surveys/${survey.id}/close`} class="inline">
                  <CsrfField c={c} />
                  <button type="submit">{t('survey-close')}</button>
                </form>
              ) : null}
              <form method="post" action={`/surveys/${survey.id}/duplicate`} class="inline">
                <CsrfField c={c} />
                <button type="submit">{t('survey-duplicate')}</button>
              </form>
            </div>
          ) : null}
          <History c={c} entries={history} zone={zone} empty={t('survey-history-empty')} />
        </>
      ) : null}
    </>,
  );
}

async function questionPage(c: PanelContext, id: number, qid: number, values?: FormValues, errors?: Record<string, string>) {
  const t = c.get('t');
  const survey = await surveyForAdmin(c.get('core'), c.get('actor'), id);
  const questions = await listQuestions(c.get('core'), id);
  const at = questions.findIndex((q) => q.id === qid);
  if (at < 0) throw new DomainError('not-found');
  return page(
    c,
    { title: survey.title, section: '/surveys', status: errors ? 400 : 200 },
    <>
      <h1>{t('survey-q-edit-title', { number: at + 1 })}</h1>
      <p>
        <a href={`/surveys/${id}#questions`}>← {survey.title}</a>
      </p>
      <form method="post" action={`/surveys/${id}/questions/${qid}`} id="question-form">
        <CsrfField c={c} />
        <QuestionFields c={c} values={values ?? questionToForm(questions[at]!)} errors={errors} earlier={questions.slice(0, at)} />
        <button type="submit">{t('survey-save')}</button>
      </form>
    </>,
  );
}

/** A label in lines of at most `width` characters, broken between words, at most two lines (the rest as "…"). */
function labelLines(label: string, width = 26): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const shown = lines.slice(0, 2).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (lines.length > 2) shown[1] = `${shown[1]!.slice(0, width - 1)}…`;
  return shown;
}

/** Horizontal bars as inline SVG: one per option, its label whole (in two lines if long), its count and share. */
function BarChart(props: { rows: { label: string; count: number }[]; total: number }) {
  const width = 560;
  const bar = 22;
  const labelWidth = 200;
  const lineHeight = 14;
  const max = Math.max(1, ...props.rows.map((r) => r.count));
  const rows = props.rows.map((r) => ({ ...r, lines: labelLines(r.label), share: props.total ? Math.round((100 * r.count) / props.total) : 0 }));
  const tops: number[] = [];
  for (let i = 0; i < rows.length; i++) tops.push(i === 0 ? 2 : tops[i - 1]! + Math.max(bar, rows[i - 1]!.lines.length * lineHeight + 4) + 8);
  const height = rows.length ? tops[rows.length - 1]! + Math.max(bar, rows[rows.length - 1]!.lines.length * lineHeight + 4) + 4 : 4;
  const summary = rows.map((r) => `${r.label}: ${r.count} (${r.share}%)`).join('; ');
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={summary} xmlns="http://www.w3.org/2000/svg">
      {rows.map((r, i) => {
        const y = tops[i]!;
        const w = Math.round(((width - labelWidth - 90) * r.count) / max);
        return (
          <g data-bar={r.label} data-count={String(r.count)}>
            <text x={labelWidth - 6} y={y + 15} text-anchor="end" font-size="13">
              {r.lines.map((line, k) => (
                <tspan x={labelWidth - 6} dy={k === 0 ? 0 : lineHeight}>
                  {line}
                </tspan>
              ))}
            </text>
            <rect x={labelWidth} y={y} width={Math.max(w, r.count ? 2 : 0)} height={bar} fill="#2a6fb0" rx="3" />
            <text x={labelWidth + w + 6} y={y + bar * 0.7} font-size="13">
              {`${r.count} (${r.share}%)`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function QuestionResultView(props: { c: PanelContext; result: QuestionResult; number: number }) {
  const t = props.c.get('t');
  const r = props.result;
  const q = r.question;
  const label = (key: string, text: string) =>
    key === 'yes' && q.kind === 'yes_no'
      ? t('survey-yes')
      : key === 'no' && q.kind === 'yes_no'
        ? t('survey-no')
        : key === 'other' && q.kind === 'multiple'
          ? t('survey-other')
          : text;
  const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(2).replace('.', ','));
  return (
    <section class="result" data-question={String(q.id)}>
      <h3>
        {props.number}. {q.text}
      </h3>
      <p class="muted">{t('survey-r-answered', { answered: r.answered, skipped: r.skipped })}</p>
      {r.choices.length ? <BarChart rows={r.choices.map((c) => ({ label: label(c.key, c.label), count: c.count }))} total={r.answered} /> : null}
      {q.kind === 'scale' ? (
        <>
          <p>
            {t('survey-r-average')}: <b class="avg">{fmt(r.average)}</b>
          </p>
          <BarChart rows={r.distribution.map((d) => ({ label: String(d.value), count: d.count }))} total={r.answered} />
        </>
      ) : null}
      {q.kind === 'number' ? (
        <p>
          {t('survey-r-average')}: <b class="avg">{fmt(r.average)}</b> · {t('survey-r-min')}: {fmt(r.min)} · {t('survey-r-max')}: {fmt(r.max)}
        </p>
      ) : null}
      {r.texts.length ? (
        <ul class="texts">
          {r.texts.map((text) => (
            <li>{text}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

async function resultsPage(c: PanelContext, id: number) {
  const t = c.get('t');
  const core = c.get('core');
  const filters = queryFilters(c);
  const parsed = resultsFilterSchema.safeParse(filters);
  const filter = parsed.success ? parsed.data : {};
  const [results, municipalities] = await Promise.all([surveyResults(core, c.get('actor'), id, filter), municipalitiesInScope(core, scopeOf(c.get('actor')))]);
  const query = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)])).toString();
  const { survey } = results;
  return page(
    c,
    { title: survey.title, section: '/surveys', flash: parsed.success ? undefined : { text: t('survey-bad-filter'), bad: true } },
    <>
      <h1>{t('survey-results-title', { title: survey.title })}</h1>
      <p>
        <a href={`/surveys/${id}`}>← {t('survey-back-to-builder')}</a> · <a href={`/surveys/${id}/results.csv${query ? `?${query}` : ''}`}>CSV</a> ·{' '}
        <a href={`/surveys/${id}/results.xlsx${query ? `?${query}` : ''}`}>XLSX</a>
        {survey.anonymous ? ` · ${t('survey-anonymous-note')}` : ''}
      </p>
      <form method="get" class="filters">
        <Select
          label={t('survey-r-municipality')}
          name="municipalityId"
          value={filter.municipalityId ?? ''}
          options={municipalities.map((m) => [m.id, m.name])}
          empty={t('survey-r-any')}
        />
        <Select
          label={t('survey-r-tag')}
          name="schoolTag"
          value={filter.schoolTag ?? ''}
          options={schoolTags.map((s) => [s, t(`tag-${s}`)])}
          empty={t('survey-r-any')}
        />
        <Select
          label={t('survey-r-role')}
          name="role"
          value={filter.role ?? ''}
          options={personRoles.map((r) => [r, t(`role-${r}`)])}
          empty={t('survey-r-any')}
        />
        <button type="submit">{t('survey-r-apply')}</button>
      </form>
      <h2>{t('survey-r-rate')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('survey-r-municipality')}</th>
            <th>{t('survey-r-audience')}</th>
            <th>{t('survey-r-done')}</th>
            <th>%</th>
          </tr>
        </thead>
        <tbody>
          {results.rates.map((r) => (
            <tr data-rate={String(r.municipalityId ?? '')}>
              <td>{r.name}</td>
              <td>{r.audience}</td>
              <td>{r.done}</td>
              <td>{r.audience ? Math.round((100 * r.done) / r.audience) : 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <b id="respondents" data-count={String(results.respondents)}>
          {t('survey-r-respondents', { count: results.respondents })}
        </b>
      </p>
      {results.hidden ? <p class="muted">{t('survey-r-too-few')}</p> : results.questions.map((r, i) => <QuestionResultView c={c} result={r} number={i + 1} />)}
    </>,
  );
}
