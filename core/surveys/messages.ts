import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { escapeHtml } from '../text/html.js';
import type { SurveyView } from './answering.js';
import { otherKey, type AnswerValue, type Question } from './questions.js';

type T = (key: string, args?: Record<string, string | number>) => string;
export type SurveyStepAct = 'c' | 'n' | 'done' | 'back' | 'skip' | 'send' | 'edit' | 'rev';

/**
 * Callback data of a step's buttons: `sq:<survey>:<question>:<act>[:<value>]`, the summary's with question 0
 * (validated on the way back in bot/callback-data/surveys.ts).
 */
export const stepAction = (surveyId: number, step: number, act: SurveyStepAct, value?: string | number) =>
  `sq:${surveyId}:${step}:${act}${value === undefined ? '' : `:${value}`}`;

/** A step as the bot asks it: the question (number, wording, hint, the current answer) or the summary. */
export function stepMessage(t: T, view: SurveyView, ticked: ReadonlySet<string> = new Set()): OutgoingMessage {
  return { html: stepText(t, view), buttons: stepButtons(t, view, ticked) };
}

function stepText(t: T, view: SurveyView): string {
  const step = view.step;
  if (step.kind === 'summary') {
    const lines = step.items.map(
      ({ question, answer }, i) => `${i + 1}. ${escapeHtml(question.text)}\n   → <i>${escapeHtml(answerText(t, question, answer))}</i>`,
    );
    return [t('survey-summary-head', { title: escapeHtml(view.title) }), '', ...lines, '', t('survey-summary-hint')].join('\n');
  }
  const q = step.question;
  const s = q.settings;
  const lines = [t('survey-question-head', { number: step.number, total: step.total }), `<b>${escapeHtml(q.text)}</b>`];
  const hint =
    q.kind === 'scale'
      ? t('survey-hint-scale', { max: s.max ?? 5, minLabel: escapeHtml(s.minLabel || '1'), maxLabel: escapeHtml(s.maxLabel || String(s.max ?? 5)) })
      : q.kind === 'number'
        ? t(s.min !== undefined && s.max !== undefined ? 'survey-hint-number-between' : 'survey-hint-number', { min: s.min ?? 0, max: s.max ?? 0 })
        : q.kind === 'short_text' || q.kind === 'long_text'
          ? t('survey-hint-text', { max: s.maxLength ?? 0 })
          : t(`survey-hint-${q.kind}`);
  lines.push(`<i>${hint}</i>`);
  if (!q.required) lines.push(t('survey-optional'));
  if (step.answer && !step.answer.skipped) lines.push('', t('survey-current-answer', { answer: escapeHtml(answerText(t, q, step.answer)) }));
  return lines.join('\n');
}

/** An answer as words: option labels, Да / Нет, the number, the text (shortened in the summary). */
export function answerText(t: T, q: Pick<Question, 'kind' | 'settings'>, a: AnswerValue): string {
  if (a.skipped) return t('survey-skipped');
  if (q.kind === 'yes_no') return t(a.choices?.[0] === 'yes' ? 'survey-yes' : 'survey-no');
  if (a.choices) {
    const labels = new Map((q.settings.options ?? []).map((o) => [o.key, o.label]));
    return a.choices.map((c) => (c === otherKey ? `${t('survey-other')}: ${a.textValue ?? ''}` : (labels.get(c) ?? c))).join('; ');
  }
  if (a.numberValue !== null) return t('survey-number-answer', { value: a.numberValue });
  const text = a.textValue ?? '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function stepButtons(t: T, view: SurveyView, ticked: ReadonlySet<string>): MessageButton[][] {
  const step = view.step;
  const id = view.surveyId;
  if (step.kind === 'summary') {
    return [
      [
        { text: t('survey-button-send'), action: stepAction(id, 0, 'send') },
        { text: t('survey-button-edit'), action: stepAction(id, 0, 'edit') },
      ],
      [{ text: t('survey-button-back'), action: stepAction(id, 0, 'back') }],
    ];
  }
  const q = step.question;
  const current = new Set(step.answer?.choices ?? []);
  const rows: MessageButton[][] = [];
  const button = (act: 'c' | 'n', value: string, text: string): MessageButton => ({ text, action: stepAction(id, q.id, act, value) });
  const options = q.settings.options ?? [];
  if (q.kind === 'single') for (const o of options) rows.push([button('c', o.key, `${current.has(o.key) ? '• ' : ''}${o.label}`)]);
  if (q.kind === 'multiple') {
    for (const o of options) rows.push([button('c', o.key, `${ticked.has(o.key) ? '✅ ' : ''}${o.label}`)]);
    if (q.settings.allowOther) rows.push([button('c', otherKey, `${ticked.has(otherKey) ? '✅ ' : ''}${t('survey-other')}…`)]);
    rows.push([{ text: t('survey-button-done'), action: stepAction(id, q.id, 'done') }]);
  }
  if (q.kind === 'yes_no') rows.push([button('c', 'yes', t('survey-yes')), button('c', 'no', t('survey-no'))]);
  if (q.kind === 'scale') {
    const max = q.settings.max ?? 5;
    for (let n = 1; n <= max; n += 5) rows.push(Array.from({ length: Math.min(5, max - n + 1) }, (_, i) => button('n', String(n + i), String(n + i))));
  }
  const nav: MessageButton[] = [];
  if (!step.first) nav.push({ text: t('survey-button-back'), action: stepAction(id, q.id, 'back') });
  if (!q.required) nav.push({ text: t('survey-button-skip'), action: stepAction(id, q.id, 'skip') });
  if (nav.length) rows.push(nav);
  return rows;
}

/** The numbers of the answered questions, to pick the one to change from the summary. */
export function reviseButtons(view: SurveyView): MessageButton[][] {
  if (view.step.kind !== 'summary') return [];
  const buttons = view.step.items.map(({ question }, i) => ({ text: String(i + 1), action: stepAction(view.surveyId, 0, 'rev', question.id) }));
  const rows: MessageButton[][] = [];
  for (let i = 0; i < buttons.length; i += 5) rows.push(buttons.slice(i, i + 5));
  return rows;
}
