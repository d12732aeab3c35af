import type { Question, QuestionInput } from '../../core/surveys/questions.js';
import type { Survey, SurveyInput } from '../../core/surveys/surveys.js';
import { localToUtc, utcToLocalInput } from '../../core/time/time.js';
import type { FormValues } from '../forms.js';
import { str } from '../kit.js';
import { audienceToForm, readAudienceForm } from '../views/audience-picker.js';

/** The survey's reminders are a list in the domain: each one's message goes next to the one field. */
export const surveyFormFields = { reminderHours: 'reminderHours' };

const num = (v: string | string[] | undefined): number | null => (str(v) === '' ? null : Number(str(v).replace(',', '.')));

/** The survey form as the domain's input: times typed in the region's zone, reminders as hours before closing. */
export function surveyInput(form: FormValues, zone: string): SurveyInput {
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

export function surveyToForm(s: Survey, zone: string): FormValues {
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

/** A question's form as the domain's input; the kind decides which fields count. */
export function questionInput(form: FormValues): QuestionInput {
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

export function questionToForm(q: Question): FormValues {
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
