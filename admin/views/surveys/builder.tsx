import { canWrite } from '../../../core/admins/access.js';
import type { AuditEntry } from '../../../core/admins/audit.js';
import type { Question } from '../../../core/surveys/questions.js';
import type { Survey } from '../../../core/surveys/surveys.js';
import type { FieldErrors, FormValues } from '../../forms.js';
import { CsrfField, FieldError, str, type PanelContext } from '../../kit.js';
import { AudiencePicker, type AudiencePickerData } from '../audience-picker.js';
import { Select } from '../components.js';
import { History } from '../history.js';
import { Preview, QuestionFields } from './question.js';

export interface BuilderData {
  municipalities: { id: number; name: string }[];
  audience: AudiencePickerData;
  /** How many people the audience in the form reaches now. */
  count: number;
  questions: Question[];
  history: AuditEntry[];
  /** How many have answered. */
  done: number;
  zone: string;
  /** The events a survey may follow: [id, a short label]. */
  eventOptions: (readonly [number, string])[];
}

/** The new-survey form, or a survey's builder: its fields, its questions with the bot's preview, publish, close, history. */
export function SurveyBuilder(props: {
  c: PanelContext;
  survey: Survey | null;
  values: FormValues;
  errors?: FieldErrors;
  data: BuilderData;
  /** The add-a-question form as typed, when the domain refused it. */
  newQuestion?: { values: FormValues; errors: FieldErrors };
}) {
  const { c, survey, values, errors, data, newQuestion } = props;
  const { municipalities, count, questions, history, done, zone, eventOptions } = data;
  const audienceData = data.audience;
  const t = c.get('t');
  const actor = c.get('actor');
  const writable = canWrite(actor) && survey?.status !== 'closed';
  const v = (name: string) => str(values[name]);
  const title = survey ? survey.title : t('surveys-new');
  return (
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
                    {/* Moving the first question up or the last down would do nothing: not offered. */}
                    {(['up', 'down', 'delete'] as const)
                      .filter((action) => !(action === 'up' && i === 0) && !(action === 'down' && i === questions.length - 1))
                      .map((action) => (
                        <form
                          method="post"
                          action={`/surveys/${survey.id}/questions/${q.id}/${action}`}
                          class="inline"
                          data-confirm={action === 'delete' ? t('confirm-survey-question-delete') : undefined}
                        >
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
                <form method="post" action={`/surveys/${survey.id}/close`} class="inline" data-confirm={t('confirm-survey-close')}>
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
    </>
  );
}
