import type { Actor } from '../../core/admins/access.js';
import type { Core } from '../../core/core.js';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import type { QuestionInput } from '../../core/surveys/questions.js';
import { addQuestion } from '../../core/surveys/questionnaire.js';
import { createSurvey, publishSurvey, type Survey, type SurveyInput } from '../../core/surveys/surveys.js';
import { user } from './harness.js';

export const hour = 3_600_000;
/** The manual clock starts on 23 Nov 2026 at 09:00 UTC (12:00 in Moscow): surveys open at once and close in two days. */
export const surveyOpens = Date.parse('2026-11-23T09:00:00Z');
export const surveyCloses = Date.parse('2026-11-25T15:00:00Z');
export const surveyEditor: Actor = { kind: 'token', id: 1, label: 'api:surveys', role: 'editor', municipalityIds: [] };
/** Demo people: 4 lead and 5 teacher of school 1 (municipality 1), 6 teacher in municipality 2, 7 lead in 3. */
export const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);

export function surveyInput(overrides: Partial<SurveyInput> = {}): SurveyInput {
  return {
    title: 'Потребности школ в методической помощи',
    intro: 'Пять минут, чтобы спланировать поддержку на весну.',
    anonymous: false,
    audience: { roles: ['teacher'] },
    municipalityId: null,
    opensAt: surveyOpens,
    closesAt: surveyCloses,
    reminderHours: [24],
    ...overrides,
  };
}

export const q = {
  single: (o: Partial<QuestionInput> = {}): QuestionInput => ({
    kind: 'single',
    text: 'Какой формат удобнее?',
    required: true,
    options: ['Вебинар', 'Очный семинар', 'Стажировка'],
    ...o,
  }),
  multiple: (o: Partial<QuestionInput> = {}): QuestionInput => ({
    kind: 'multiple',
    text: 'Какие темы нужны?',
    required: true,
    options: ['Функциональная грамотность', 'ВПР', 'Работа с родителями'],
    allowOther: true,
    ...o,
  }),
  scale: (o: Partial<QuestionInput> = {}): QuestionInput => ({
    kind: 'scale',
    text: 'Насколько вы готовы к ВПР?',
    required: true,
    max: 5,
    minLabel: 'совсем нет',
    maxLabel: 'полностью',
    ...o,
  }),
  number: (o: Partial<QuestionInput> = {}): QuestionInput => ({ kind: 'number', text: 'Сколько у вас учеников?', required: true, min: 0, max: 300, ...o }),
  short: (o: Partial<QuestionInput> = {}): QuestionInput => ({ kind: 'short_text', text: 'Ваша должность', required: false, maxLength: 50, ...o }),
  long: (o: Partial<QuestionInput> = {}): QuestionInput => ({ kind: 'long_text', text: 'Что мешает школе улучшить результаты?', required: false, ...o }),
  yesNo: (o: Partial<QuestionInput> = {}): QuestionInput => ({ kind: 'yes_no', text: 'Был ли у вас наставник?', required: true, ...o }),
};

/** A survey with the given questions, created and (unless told) published. */
export async function surveyWith(
  core: Core,
  questions: QuestionInput[],
  overrides: Partial<SurveyInput> = {},
  publish = true,
): Promise<{ survey: Survey; questionIds: number[] }> {
  const survey = await createSurvey(core, surveyEditor, surveyInput(overrides));
  const questionIds: number[] = [];
  for (const question of questions) questionIds.push((await addQuestion(core, surveyEditor, survey.id, question)).id);
  return { survey: publish ? await publishSurvey(core, surveyEditor, survey.id) : survey, questionIds };
}
