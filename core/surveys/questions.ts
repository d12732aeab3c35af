import { z } from 'zod';
import type { ChoiceOption, QuestionCondition, QuestionSettings, surveyQuestions } from '../../db/schema/index.js';
import { questionKinds, type QuestionKind } from '../vocabulary/surveys.js';
import { DomainError, invalidInput, parseInput, type FieldIssue } from '../errors.js';

export type Question = typeof surveyQuestions.$inferSelect;

/** The key of the «Другое» choice of a multiple-choice question; its text goes with it. */
export const otherKey = 'other';
export const yesNoKeys = ['yes', 'no'] as const;
/** Telegram shows at most 4096 characters; a long answer leaves room for the question around it. */
export const textLimits = { short_text: { default: 200, max: 500 }, long_text: { default: 2000, max: 3500 } } as const;
export const scaleSizes = [5, 10] as const;
const maxOptions = 20;

/** A question as an admin composes it; options as labels in order (keys are given by the domain). */
export const questionInputSchema = z.object({
  kind: z.enum(questionKinds),
  text: z.string().trim().min(3).max(500),
  required: z.boolean(),
  options: z.array(z.string().trim().min(1).max(60)).max(maxOptions).default([]),
  allowOther: z.boolean().default(false),
  min: z.number({ error: 'not-a-number' }).finite().nullable().default(null),
  max: z.number({ error: 'not-a-number' }).finite().nullable().default(null),
  minLabel: z.string().trim().max(40).default(''),
  maxLabel: z.string().trim().max(40).default(''),
  maxLength: z.number({ error: 'not-a-number' }).int().positive().nullable().default(null),
  condition: z
    .object({ questionId: z.number().int().positive(), equals: z.string().min(1).max(20) })
    .nullable()
    .default(null),
});
export type QuestionInput = z.input<typeof questionInputSchema>;
type ValidQuestionInput = z.output<typeof questionInputSchema>;

export interface QuestionDraft {
  kind: QuestionKind;
  text: string;
  required: boolean;
  settings: QuestionSettings;
  condition: QuestionCondition | null;
}

export const isChoice = (kind: QuestionKind) => kind === 'single' || kind === 'multiple';

/** The keys a condition may test on a question: its options (and «Другое»), or yes / no. */
export function conditionValues(q: Pick<Question, 'kind' | 'settings'>): string[] {
  if (q.kind === 'yes_no') return [...yesNoKeys];
  if (!isChoice(q.kind)) return [];
  return (q.settings.options ?? []).map((o) => o.key);
}

/**
 * Validates a question and turns it into what is stored. Option labels keep their keys by position against
 * `previous` only when the label is unchanged or merely reworded in place; a new label gets a new key.
 * `earlier` are the questions before it: a condition may only look back, at a choice or yes / no question.
 */
export function parseQuestion(input: unknown, earlier: Pick<Question, 'id' | 'kind' | 'settings'>[], previous?: Pick<Question, 'settings'>): QuestionDraft {
  const q = parseInput(questionInputSchema, input);
  const issues = questionIssues(q, earlier);
  if (issues.length) throw new DomainError('invalid-input', undefined, issues);
  return { kind: q.kind, text: q.text, required: q.required, settings: settingsOf(q, previous), condition: q.condition };
}

function questionIssues(q: ValidQuestionInput, earlier: Pick<Question, 'id' | 'kind' | 'settings'>[]): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (isChoice(q.kind)) {
    if (q.options.length < 2) out.push({ field: 'options', reason: 'survey-options-too-few' });
    if (new Set(q.options.map((o) => o.toLowerCase())).size !== q.options.length) out.push({ field: 'options', reason: 'survey-options-repeated' });
  }
  if (q.kind === 'scale' && !scaleSizes.includes((q.max ?? 0) as 5 | 10)) out.push({ field: 'max', reason: 'survey-scale-size' });
  if (q.kind === 'number' && q.min !== null && q.max !== null && q.min >= q.max) out.push({ field: 'max', reason: 'survey-bounds' });
  if ((q.kind === 'short_text' || q.kind === 'long_text') && q.maxLength !== null && q.maxLength > textLimits[q.kind].max) {
    out.push({ field: 'maxLength', reason: 'too_big', params: { maximum: textLimits[q.kind].max } });
  }
  if (q.condition) {
    const target = earlier.find((e) => e.id === q.condition!.questionId);
    if (!target || !conditionValues(target).includes(q.condition.equals)) out.push({ field: 'condition', reason: 'survey-condition' });
  }
  return out;
}

function settingsOf(q: ValidQuestionInput, previous?: Pick<Question, 'settings'>): QuestionSettings {
  switch (q.kind) {
    case 'single':
    case 'multiple':
      return { options: optionKeys(q.options, previous?.settings.options ?? []), ...(q.kind === 'multiple' && q.allowOther ? { allowOther: true } : {}) };
    case 'scale':
      return { min: 1, max: q.max ?? 5, minLabel: q.minLabel, maxLabel: q.maxLabel };
    case 'number':
      return { ...(q.min !== null ? { min: q.min } : {}), ...(q.max !== null ? { max: q.max } : {}) };
    case 'short_text':
    case 'long_text':
      return { maxLength: q.maxLength ?? textLimits[q.kind].default };
    case 'yes_no':
      return {};
  }
}

/**
 * Keys for option labels: a label that was there keeps its key; at the same position a changed label is a rewording
 * (keeps the key); anything else is a new option with a fresh key.
 */
function optionKeys(labels: string[], previous: ChoiceOption[]): ChoiceOption[] {
  const used = new Set<string>();
  const byLabel = new Map(previous.map((o) => [o.label.toLowerCase(), o.key]));
  const taken = new Set(labels.flatMap((l) => (byLabel.has(l.toLowerCase()) ? [byLabel.get(l.toLowerCase())!] : [])));
  let next = previous.reduce((m, o) => Math.max(m, Number(o.key.slice(1)) || 0), 0);
  return labels.map((label, i) => {
    let key = byLabel.get(label.toLowerCase());
    const inPlace = previous[i]?.key;
    if (!key && inPlace && !taken.has(inPlace) && !used.has(inPlace)) key = inPlace;
    if (!key || used.has(key)) key = `o${++next}`;
    used.add(key);
    return { key, label };
  });
}

/**
 * Once a survey has answers, a question may be reworded but not changed in a way that breaks them: its kind, an
 * option that was there, a scale's size, number bounds made narrower, a text limit made shorter. Returns the refusals.
 */
export function breakingChanges(before: Question, after: QuestionDraft): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (before.kind !== after.kind) return [{ field: 'kind', reason: 'survey-answered-kind' }];
  const kept = new Set((after.settings.options ?? []).map((o) => o.key));
  if ((before.settings.options ?? []).some((o) => !kept.has(o.key))) out.push({ field: 'options', reason: 'survey-answered-options' });
  if (before.settings.allowOther && !after.settings.allowOther) out.push({ field: 'allowOther', reason: 'survey-answered-options' });
  if (before.kind === 'scale' && before.settings.max !== after.settings.max) out.push({ field: 'max', reason: 'survey-answered-scale' });
  if (before.kind === 'number') {
    if ((after.settings.min ?? -Infinity) > (before.settings.min ?? -Infinity)) out.push({ field: 'min', reason: 'survey-answered-bounds' });
    if ((after.settings.max ?? Infinity) < (before.settings.max ?? Infinity)) out.push({ field: 'max', reason: 'survey-answered-bounds' });
  }
  if ((after.settings.maxLength ?? Infinity) < (before.settings.maxLength ?? Infinity)) out.push({ field: 'maxLength', reason: 'survey-answered-length' });
  return out;
}

/** One answer as it is stored. */
export interface AnswerValue {
  choices: string[] | null;
  numberValue: number | null;
  textValue: string | null;
  skipped: boolean;
}

/** What the person gave: a pressed choice (or several), or a text typed. */
export type RawAnswer = { choices: string[]; other?: string } | { text: string };

/** Why an answer is refused; the bot says `survey-invalid-<reason>` and asks again. */
export type AnswerProblem = 'choose' | 'not-a-number' | 'too-small' | 'too-big' | 'too-long' | 'empty' | 'choose-one';

/** Checks one answer against its question; a refusal names what is wrong so the bot can ask again kindly. */
export function parseAnswer(
  q: Pick<Question, 'kind' | 'settings'>,
  raw: RawAnswer,
): { ok: true; value: AnswerValue } | { ok: false; problem: AnswerProblem; params?: Record<string, number> } {
  const answer = (v: Partial<AnswerValue>): { ok: true; value: AnswerValue } => ({
    ok: true,
    value: { choices: null, numberValue: null, textValue: null, skipped: false, ...v },
  });
  const s = q.settings;
  switch (q.kind) {
    case 'single':
    case 'multiple':
    case 'yes_no': {
      if (!('choices' in raw)) return { ok: false, problem: 'choose' };
      const allowed = q.kind === 'yes_no' ? [...yesNoKeys] : [...(s.options ?? []).map((o) => o.key), ...(s.allowOther ? [otherKey] : [])];
      const picked = [...new Set(raw.choices)];
      if (picked.length === 0 || picked.some((c) => !allowed.includes(c))) return { ok: false, problem: 'choose' };
      if (q.kind !== 'multiple' && picked.length !== 1) return { ok: false, problem: 'choose-one' };
      const other = picked.includes(otherKey) ? (raw.other ?? '').trim() : '';
      if (picked.includes(otherKey) && !other) return { ok: false, problem: 'empty' };
      if (other.length > textLimits.short_text.default) return { ok: false, problem: 'too-long', params: { maximum: textLimits.short_text.default } };
      return answer({ choices: picked, textValue: other || null });
    }
    case 'scale':
    case 'number': {
      const text = 'text' in raw ? raw.text : (raw.choices[0] ?? '');
      const n = Number(text.trim().replace(',', '.').replace(/\s/g, ''));
      if (!text.trim() || !Number.isFinite(n)) return { ok: false, problem: 'not-a-number' };
      if (q.kind === 'scale' && !Number.isInteger(n)) return { ok: false, problem: 'not-a-number' };
      const min = q.kind === 'scale' ? 1 : s.min;
      const max = s.max;
      if (min !== undefined && n < min) return { ok: false, problem: 'too-small', params: { minimum: min } };
      if (max !== undefined && n > max) return { ok: false, problem: 'too-big', params: { maximum: max } };
      return answer({ numberValue: n });
    }
    case 'short_text':
    case 'long_text': {
      if (!('text' in raw)) return { ok: false, problem: 'empty' };
      const text = raw.text.trim();
      if (!text) return { ok: false, problem: 'empty' };
      const limit = s.maxLength ?? textLimits[q.kind].default;
      if (text.length > limit) return { ok: false, problem: 'too-long', params: { maximum: limit, length: text.length } };
      return answer({ textValue: text });
    }
  }
}

/** Whether a question is shown, given the answers so far: no condition, or its condition's question answered so. */
export function isVisible(q: Pick<Question, 'condition'>, answers: ReadonlyMap<number, AnswerValue>): boolean {
  if (!q.condition) return true;
  return answers.get(q.condition.questionId)?.choices?.includes(q.condition.equals) ?? false;
}

/**
 * Whether a question may still be asked, given the answers so far: shown now, or its condition waits on a question not
 * answered yet that may itself be asked. The counter («Вопрос 2 из 6») counts these, so it starts at the number the
 * invitation gave and only shrinks when an answer leaves a question out.
 */
export function mayBeAsked<Q extends Pick<Question, 'id' | 'condition'>>(q: Q, questions: readonly Q[], answers: ReadonlyMap<number, AnswerValue>): boolean {
  if (!q.condition) return true;
  if (answers.has(q.condition.questionId)) return isVisible(q, answers);
  const target = questions.find((e) => e.id === q.condition!.questionId);
  return target !== undefined && mayBeAsked(target, questions, answers);
}

export function visibleQuestions<Q extends Pick<Question, 'id' | 'condition'>>(questions: readonly Q[], answers: ReadonlyMap<number, AnswerValue>): Q[] {
  return questions.filter((q) => isVisible(q, answers));
}

/**
 * Where to go after a question was answered or skipped: the first visible unanswered question after it, else the
 * first visible unanswered one anywhere, else the summary (null).
 */
export function nextQuestionId(questions: readonly Question[], answers: ReadonlyMap<number, AnswerValue>, afterId: number | null): number | null {
  const visible = visibleQuestions(questions, answers);
  const at = afterId === null ? -1 : questions.findIndex((q) => q.id === afterId);
  const open = visible.filter((q) => !answers.has(q.id));
  return (open.find((q) => questions.indexOf(q) > at) ?? open[0])?.id ?? null;
}

/** «Назад»: the visible question before the current one (from the summary: the last visible one). */
export function previousQuestionId(questions: readonly Question[], answers: ReadonlyMap<number, AnswerValue>, currentId: number | null): number | null {
  const visible = visibleQuestions(questions, answers);
  if (currentId === null) return visible.at(-1)?.id ?? null;
  const at = visible.findIndex((q) => q.id === currentId);
  return at > 0 ? visible[at - 1]!.id : currentId;
}

/** Refuses an edit that would make a condition point at itself or later, or at a question that is gone. */
export function assertConditionsValid(questions: readonly Question[]): void {
  for (const [i, q] of questions.entries()) {
    if (!q.condition) continue;
    const target = questions.slice(0, i).find((e) => e.id === q.condition!.questionId);
    if (!target || !conditionValues(target).includes(q.condition.equals)) throw invalidInput('position', 'survey-condition-order');
  }
}
