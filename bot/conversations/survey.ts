import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import type { Core } from '../../core/core.js';
import { DomainError } from '../../core/errors.js';
import { escapeHtml } from '../../core/onboarding/registration.js';
import { answerQuestion, goBack, reviseQuestion, skipQuestion, startSurvey, submitSurvey, type AnswerOutcome, type SurveyView } from '../../core/surveys/answering.js';
import { otherKey, type AnswerValue, type Question, type RawAnswer } from '../../core/surveys/questions.js';
import { surveyInviteButton, surveyStepButton, type SurveyStepAction } from '../callback-data/surveys.js';
import type { BotContext, ConversationContext } from '../context.js';

type SurveyConversation = Conversation<BotContext, ConversationContext>;
type Attempt<T> = { ok: true; value: T } | { ok: false; code: string };
type Reply = { kind: 'press'; action: SurveyStepAction } | { kind: 'text'; text: string } | { kind: 'again' };

export const surveyConversationId = 'survey';

/** Runs a domain call; an expected refusal comes back as its code (the conversation says it in words and stops). */
async function attempt<T>(run: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, code: error.code };
    throw error;
  }
}

/**
 * Answering one survey, one question at a time. The truth is in the database (each answer saved as it is given,
 * the question being asked kept on the response), so a stop or a restart continues exactly there; the conversation
 * only waits for the next press or text. Commands and other features' buttons pass through to them.
 */
export function surveyConversation(core: Core) {
  return async function survey(conversation: SurveyConversation, ctx: ConversationContext, surveyId: number, personId: number) {
    const started = await conversation.external(() => attempt(() => startSurvey(core, personId, surveyId)));
    if (!started.ok) {
      await ctx.reply(ctx.t(refusal(started.code)));
      return;
    }
    let view = started.value;
    let ask = true;
    let sent: { chat: { id: number }; message_id: number } | null = null;
    for (;;) {
      const step = view.step;
      const stepId = step.kind === 'question' ? step.question.id : 0;
      if (ask) sent = await ctx.reply(render(ctx, view), { parse_mode: 'HTML', reply_markup: keyboard(ctx, view, new Set()) });
      ask = true;
      const reply = await waitReply(conversation, ctx, view);
      if (reply.kind === 'again') continue;
      let outcome: Attempt<AnswerOutcome | 'sent'>;
      if (reply.kind === 'press' && reply.action.act === 'send') {
        outcome = await conversation.external(() => attempt(async () => (await submitSurvey(core, personId, surveyId), 'sent' as const)));
      } else if (reply.kind === 'press' && reply.action.act === 'edit' && step.kind === 'summary') {
        await ctx.reply(ctx.t('survey-pick-to-change'), { reply_markup: reviseKeyboard(view) });
        ask = false;
        continue;
      } else if (reply.kind === 'press' && step.kind === 'question' && step.question.kind === 'multiple' && (reply.action.act === 'c' || reply.action.act === 'done')) {
        const picked = await pickMany(conversation, ctx, view, step.question, sent, reply.action);
        if (picked === null) {
          ask = true;
          continue;
        }
        outcome = await conversation.external(() => attempt(() => answerQuestion(core, personId, surveyId, stepId, picked)));
      } else {
        const raw = reply;
        outcome = await conversation.external(() =>
          attempt(async () => {
            if (raw.kind === 'text') return answerQuestion(core, personId, surveyId, stepId, { text: raw.text });
            const { act, value } = raw.action;
            if (act === 'back') return goBack(core, personId, surveyId, stepId || null);
            if (act === 'skip') return skipQuestion(core, personId, surveyId, stepId);
            if (act === 'rev') return reviseQuestion(core, personId, surveyId, Number(value));
            if (act === 'n') return answerQuestion(core, personId, surveyId, stepId, { text: value });
            return answerQuestion(core, personId, surveyId, stepId, { choices: [value] });
          }),
        );
      }
      if (!outcome.ok) {
        await ctx.reply(ctx.t(refusal(outcome.code)));
        return;
      }
      if (outcome.value === 'sent') {
        await ctx.reply(ctx.t(view.anonymous ? 'survey-thanks-anonymous' : 'survey-thanks', { title: escapeHtml(view.title) }), { parse_mode: 'HTML' });
        return;
      }
      const result = outcome.value;
      view = result.view;
      if (result.kind === 'invalid') {
        await ctx.reply(ctx.t(`survey-invalid-${result.problem}`, result.params));
        ask = false;
      } else if (sent) {
        // The step is behind us: its buttons go, so nobody presses them later by mistake.
        const { chat, message_id } = sent;
        await ctx.api.editMessageReplyMarkup(chat.id, message_id, { reply_markup: undefined }).catch(() => undefined);
        sent = null;
      }
    }
  };
}

function refusal(code: string): string {
  return code === 'not-found' ? 'survey-not-found' : `error-${code}`;
}

/**
 * Waits for an answer to this step. A button of another question or survey step gets a short toast and is dropped;
 * a text where a press is expected gets a kind hint; commands and other features' buttons go on to their handlers
 * (skipped updates never enter the replay log, so a confused person does not make the stored state grow).
 */
async function waitReply(conversation: SurveyConversation, ctx: ConversationContext, view: SurveyView): Promise<Reply> {
  const step = view.step;
  const stepId = step.kind === 'question' ? step.question.id : 0;
  const takesText = step.kind === 'question' && !['single', 'multiple', 'yes_no'].includes(step.question.kind);
  for (;;) {
    const u = await conversation.wait();
    const data = u.callbackQuery?.data;
    if (data !== undefined) {
      const invite = surveyInviteButton.parse(data);
      // «Начать» / «Продолжить» of this survey again: ask the current step once more.
      if (invite?.surveyId === view.surveyId && invite.action === 'go') {
        await u.answerCallbackQuery();
        return { kind: 'again' };
      }
      const action = surveyStepButton.parse(data);
      if (!action && !surveyStepButton.pattern.test(data)) await conversation.skip({ next: true });
      if (!action || action.surveyId !== view.surveyId || action.step !== stepId) {
        await u.answerCallbackQuery({ text: u.t('survey-button-outdated') });
        await conversation.skip();
      }
      await u.answerCallbackQuery();
      return { kind: 'press', action: action! };
    }
    const text = u.message?.text;
    if (text?.startsWith('/')) await conversation.skip({ next: true });
    if (text !== undefined && takesText) return { kind: 'text', text };
    if (u.message) await u.reply(u.t(text !== undefined ? 'survey-press-button' : 'survey-type-text'));
    await conversation.skip();
  }
}

/**
 * Multiple choice: presses tick and untick (the ticks are redrawn on the same message); «Готово» with at least one
 * tick finishes; with «Другое» ticked, its text is asked next. Null: the person pressed «Назад» or «Пропустить»
 * (the caller asks the step again after the domain moved).
 */
async function pickMany(conversation: SurveyConversation, ctx: ConversationContext, view: SurveyView, question: Question, message: { chat: { id: number }; message_id: number } | null, first: SurveyStepAction): Promise<RawAnswer | null> {
  const chosen = new Set<string>();
  let action = first;
  for (;;) {
    if (action.act === 'c') {
      if (chosen.has(action.value)) chosen.delete(action.value);
      else chosen.add(action.value);
      if (message) await ctx.api.editMessageReplyMarkup(message.chat.id, message.message_id, { reply_markup: keyboard(ctx, view, chosen) }).catch(() => undefined);
    } else if (action.act === 'done') {
      if (chosen.size === 0) await ctx.reply(ctx.t('survey-invalid-choose'));
      else if (!chosen.has(otherKey)) return { choices: [...chosen] };
      else {
        await ctx.reply(ctx.t('survey-other-ask'));
        for (;;) {
          const reply = await waitReply(conversation, ctx, { ...view, step: { ...view.step, question: { ...question, kind: 'short_text' } } as SurveyView['step'] });
          if (reply.kind === 'text') return { choices: [...chosen], other: reply.text };
        }
      }
    } else return null;
    const reply = await waitReply(conversation, ctx, view);
    if (reply.kind === 'press') action = reply.action;
    else if (reply.kind === 'again') return null;
  }
}

function render(ctx: ConversationContext, view: SurveyView): string {
  const step = view.step;
  if (step.kind === 'summary') {
    const lines = step.items.map(({ question, answer }, i) => `${i + 1}. ${escapeHtml(question.text)}\n   → <i>${escapeHtml(answerText(ctx, question, answer))}</i>`);
    return [ctx.t('survey-summary-head', { title: escapeHtml(view.title) }), '', ...lines, '', ctx.t('survey-summary-hint')].join('\n');
  }
  const q = step.question;
  const s = q.settings;
  const lines = [ctx.t('survey-question-head', { number: step.number, total: step.total }), `<b>${escapeHtml(q.text)}</b>`];
  const hint =
    q.kind === 'scale'
      ? ctx.t('survey-hint-scale', { max: s.max ?? 5, minLabel: escapeHtml(s.minLabel || '1'), maxLabel: escapeHtml(s.maxLabel || String(s.max ?? 5)) })
      : q.kind === 'number'
        ? ctx.t(s.min !== undefined && s.max !== undefined ? 'survey-hint-number-between' : 'survey-hint-number', { min: s.min ?? 0, max: s.max ?? 0 })
        : q.kind === 'short_text' || q.kind === 'long_text'
          ? ctx.t('survey-hint-text', { max: s.maxLength ?? 0 })
          : ctx.t(`survey-hint-${q.kind}`);
  lines.push(`<i>${hint}</i>`);
  if (!q.required) lines.push(ctx.t('survey-optional'));
  if (step.answer && !step.answer.skipped) lines.push('', ctx.t('survey-current-answer', { answer: escapeHtml(answerText(ctx, q, step.answer)) }));
  return lines.join('\n');
}

/** An answer as words: option labels, Да / Нет, the number, the text (shortened in the summary). */
export function answerText(ctx: Pick<ConversationContext, 't'>, q: Pick<Question, 'kind' | 'settings'>, a: AnswerValue): string {
  if (a.skipped) return ctx.t('survey-skipped');
  if (q.kind === 'yes_no') return ctx.t(a.choices?.[0] === 'yes' ? 'survey-yes' : 'survey-no');
  if (a.choices) {
    const labels = new Map((q.settings.options ?? []).map((o) => [o.key, o.label]));
    return a.choices.map((c) => (c === otherKey ? `${ctx.t('survey-other')}: ${a.textValue ?? ''}` : (labels.get(c) ?? c))).join('; ');
  }
  if (a.numberValue !== null) return String(a.numberValue).replace('.', ',');
  const text = a.textValue ?? '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function keyboard(ctx: ConversationContext, view: SurveyView, ticked: ReadonlySet<string>): InlineKeyboard {
  const kb = new InlineKeyboard();
  const step = view.step;
  const id = view.surveyId;
  if (step.kind === 'summary') {
    return kb
      .text(ctx.t('survey-button-send'), surveyStepButton.encode(id, 0, 'send'))
      .text(ctx.t('survey-button-edit'), surveyStepButton.encode(id, 0, 'edit'))
      .row()
      .text(ctx.t('survey-button-back'), surveyStepButton.encode(id, 0, 'back'));
  }
  const q = step.question;
  const current = new Set(step.answer?.choices ?? []);
  const button = (act: 'c' | 'n', value: string, label: string) => kb.text(label, surveyStepButton.encode(id, q.id, act, value));
  if (q.kind === 'single') for (const o of q.settings.options ?? []) button('c', o.key, `${current.has(o.key) ? '• ' : ''}${o.label}`).row();
  if (q.kind === 'multiple') {
    for (const o of q.settings.options ?? []) button('c', o.key, `${ticked.has(o.key) ? '✅ ' : ''}${o.label}`).row();
    if (q.settings.allowOther) button('c', otherKey, `${ticked.has(otherKey) ? '✅ ' : ''}${ctx.t('survey-other')}…`).row();
    kb.text(ctx.t('survey-button-done'), surveyStepButton.encode(id, q.id, 'done')).row();
  }
  if (q.kind === 'yes_no') button('c', 'yes', ctx.t('survey-yes')).text(ctx.t('survey-no'), surveyStepButton.encode(id, q.id, 'c', 'no')).row();
  if (q.kind === 'scale') {
    const max = q.settings.max ?? 5;
    for (let n = 1; n <= max; n++) {
      button('n', String(n), String(n));
      if (n % 5 === 0) kb.row();
    }
  }
  if (!step.first) kb.text(ctx.t('survey-button-back'), surveyStepButton.encode(id, q.id, 'back'));
  if (!q.required) kb.text(ctx.t('survey-button-skip'), surveyStepButton.encode(id, q.id, 'skip'));
  return kb;
}

function reviseKeyboard(view: SurveyView): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (view.step.kind !== 'summary') return kb;
  view.step.items.forEach(({ question }, i) => {
    kb.text(String(i + 1), surveyStepButton.encode(view.surveyId, 0, 'rev', question.id));
    if (i % 5 === 4) kb.row();
  });
  return kb;
}
