import type { SurveyView } from '../../../core/surveys/answering.js';
import { stepMessage } from '../../../core/surveys/messages.js';
import { conditionValues, textLimits, type Question } from '../../../core/surveys/questions.js';
import type { Survey } from '../../../core/surveys/surveys.js';
import { questionKinds } from '../../../core/vocabulary/surveys.js';
import type { FieldErrors, FormValues } from '../../forms.js';
import { CsrfField, FieldError, str, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';

/** One question's own page: its fields, after the questions it may depend on. */
export function QuestionPage(props: { c: PanelContext; survey: Survey; questions: Question[]; at: number; values: FormValues; errors?: FieldErrors }) {
  const { c, survey, questions, at, values, errors } = props;
  const t = c.get('t');
  const id = survey.id;
  const qid = questions[at]!.id;
  return (
    <>
      <h1>{t('survey-q-edit-title', { number: at + 1 })}</h1>
      <p>
        <a href={`/surveys/${id}#questions`}>← {survey.title}</a>
      </p>
      <form method="post" action={`/surveys/${id}/questions/${qid}`} id="question-form">
        <CsrfField c={c} />
        <QuestionFields c={c} values={values} errors={errors} earlier={questions.slice(0, at)} />
        <button type="submit">{t('survey-save')}</button>
      </form>
    </>
  );
}

/** The question's fields; the kind decides which of them count (the domain ignores the rest). */
export function QuestionFields(props: { c: PanelContext; values: FormValues; errors?: Record<string, string>; earlier: Question[] }) {
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
export function Preview(props: { c: PanelContext; survey: Survey; question: Question; number: number; total: number }) {
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
