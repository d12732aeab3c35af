import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { DomainError } from '../../core/errors.js';
import { personZone } from '../../core/directory/zones.js';
import { formatInstant } from '../../core/time/time.js';
import { escapeHtml } from '../../core/text/html.js';
import { digestButton, lateListMessage, setDigestChosen } from '../../core/tasks/digests.js';
import { taskAction, taskCard, verificationRequest, verifyAction } from '../../core/tasks/messages.js';
import { clearPrompt, currentPrompt, setPrompt, type TaskPrompt } from '../../core/tasks/prompts.js';
import {
  actionable,
  awaitingVerification,
  confirmedText,
  confirmTask,
  evidenceFits,
  openTasksFor,
  reportProblem,
  taskForAssignee,
  taskForPerson,
  textEvidence,
  verificationTarget,
  verifyConfirmation,
  type ConfirmOutcome,
  type Evidence,
} from '../../core/tasks/confirmations.js';
import { shownStatus } from '../../core/tasks/reports.js';
import { taskButton } from '../callback-data/tasks.js';
import { visitButton } from '../../core/tasks/visit-steps.js';
import type { BotContext } from '../context.js';
import { replyOptions, toTelegramButton } from '../messenger.js';

/**
 * Tasks in the bot: the task message's buttons (Выполнено / Есть проблема / Подробнее), the evidence and reasons
 * they ask for (a stored prompt, so a restart half-way continues), the verifier's decision, /tasks, the
 * coordinator's late list and the daily-digest choice of /profile. Works in a group chat too: the presser is
 * `from.id`, and the domain checks that they may act.
 */
export const tasksFeature = new Composer<BotContext>();

function refusal(ctx: BotContext, error: DomainError): string {
  if (error.code === 'invalid-input') return ctx.t('task-invalid-text');
  return ctx.t(error.code === 'not-found' ? 'task-not-found' : `error-${error.code}`);
}

/** The card of a task of the person's; a refusal is thrown before anything is answered, so the press gets one answer. */
async function cardOf(ctx: BotContext, taskId: number) {
  const person = ctx.person!;
  const { task, confirmation } = await taskForAssignee(ctx.core, person, taskId);
  return taskCard(ctx.core, task, ctx.locale, await personZone(ctx.core, person), confirmation);
}

/** Tells the presser how their "Выполнено" ended: done, or already done by someone of their school. */
async function tellOutcome(ctx: BotContext, taskId: number, outcome: Exclude<ConfirmOutcome, { kind: 'needs-evidence' }>): Promise<void> {
  if (outcome.kind === 'confirmed') {
    const task = await taskForPerson(ctx.core, taskId);
    await ctx.reply(confirmedText(ctx.core, task, ctx.locale), { parse_mode: 'HTML' });
    return;
  }
  const name = outcome.byName ?? ctx.t('task-someone');
  await ctx.reply(ctx.t('task-already-confirmed', { name: escapeHtml(name) }), { parse_mode: 'HTML' });
}

tasksFeature.chatType('private').command('tasks', async (ctx) => {
  const person = ctx.person;
  if (!person) return ctx.reply(ctx.t('not-registered'));
  if (person.status !== 'active') return ctx.reply(ctx.t('events-not-active'));
  const rows = await openTasksFor(ctx.core, person);
  // A verifier's queue comes first: each waiting confirmation with its Подтверждаю / Вернуть buttons.
  for (const waiting of await awaitingVerification(ctx.core, person)) {
    const request = verificationRequest(ctx.core, waiting.task, waiting.confirmation, waiting.name, waiting.by, ctx.locale);
    await ctx.reply(request.html, replyOptions(request));
  }
  const isCurator = person.roles.includes('curator');
  const visitKeyboard = isCurator ? new InlineKeyboard().text(ctx.t('visit-button-start'), visitButton.encode('go')) : undefined;
  if (rows.length === 0) return ctx.reply(ctx.t('task-list-empty'), { reply_markup: visitKeyboard });
  const zone = await personZone(ctx.core, person);
  const now = ctx.core.clock.now();
  const lines = rows.map(
    ({ task, status }, i) =>
      `${i + 1}. <b>${escapeHtml(task.title)}</b>\n${ctx.t('task-due', { date: formatInstant(task.dueAt, zone, ctx.locale) })}\n${ctx.t(`task-mark-${shownStatus(status, task.dueAt, now)}`)}`,
  );
  const keyboard = new InlineKeyboard();
  rows.forEach(({ task }, i) => {
    keyboard.text(ctx.t('task-open', { n: i + 1 }), taskAction(task.id, 'info'));
    if (i % 4 === 3) keyboard.row();
  });
  if (visitKeyboard) keyboard.row().text(ctx.t('visit-button-start'), visitButton.encode('go'));
  await ctx.reply([ctx.t('task-list-title'), ...lines].join('\n\n'), { parse_mode: 'HTML', reply_markup: keyboard });
});

tasksFeature.callbackQuery(taskButton.pattern, async (ctx) => {
  const action = taskButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person) return ctx.answerCallbackQuery({ text: ctx.t('not-registered') });
  if (!action) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  if (person.status !== 'active') return ctx.answerCallbackQuery({ text: ctx.t('events-not-active') });
  const chatId = ctx.chat?.id ?? ctx.from.id;
  try {
    switch (action.kind) {
      case 'tk': {
        if (action.action === 'info') {
          const card = await cardOf(ctx, action.taskId);
          await ctx.answerCallbackQuery();
          await ctx.reply(card.html, replyOptions(card));
          return;
        }
        if (action.action === 'prob') {
          await actionable(ctx.core, person, action.taskId);
          await setPrompt(ctx.core, person.id, chatId, 'problem', { taskId: action.taskId });
          await ctx.answerCallbackQuery();
          await ctx.reply(ctx.t('task-ask-problem'));
          return;
        }
        const outcome = await confirmTask(ctx.core, person, action.taskId);
        if (outcome.kind === 'needs-evidence') {
          if (outcome.evidence !== 'visit') await setPrompt(ctx.core, person.id, chatId, 'evidence', { taskId: action.taskId });
          await ctx.answerCallbackQuery();
          await ctx.reply(ctx.t(`task-ask-evidence-${outcome.evidence}`));
          return;
        }
        await ctx.answerCallbackQuery({ text: ctx.t(outcome.kind === 'confirmed' ? 'task-toast-confirmed' : 'task-toast-already') });
        await tellOutcome(ctx, action.taskId, outcome);
        return;
      }
      case 'tkv': {
        if (action.action === 'ok') {
          const result = await verifyConfirmation(ctx.core, person, action.confirmationId, { ok: true });
          await ctx.answerCallbackQuery({
            text: ctx.t(result.changed ? 'task-verify-done' : `task-verify-already-${result.confirmation.status}`),
            show_alert: !result.changed,
          });
          // The verdict stays on the request itself, as its one button (pressed again, it says «Уже подтверждено»).
          const verdict = { text: ctx.t('task-verdict-verified'), callback_data: verifyAction(action.confirmationId, 'ok') };
          if (result.changed) await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [[verdict]] } }).catch(() => undefined);
          return;
        }
        const { confirmation } = await verificationTarget(ctx.core, person, action.confirmationId);
        if (confirmation.status !== 'confirmed') {
          await ctx.answerCallbackQuery({ text: ctx.t(`task-verify-already-${confirmation.status}`), show_alert: true });
          return;
        }
        await setPrompt(ctx.core, person.id, chatId, 'return', { confirmationId: action.confirmationId });
        await ctx.answerCallbackQuery();
        await ctx.reply(ctx.t('task-ask-return'));
        return;
      }
      case 'tkl': {
        const list = await lateListMessage(ctx.core, person, ctx.locale);
        await ctx.answerCallbackQuery();
        await ctx.reply(list.html, replyOptions(list));
        return;
      }
      case 'tkd': {
        await setDigestChosen(ctx.core, person.id, action.on);
        await ctx.answerCallbackQuery({ text: ctx.t(action.on ? 'task-digest-on' : 'task-digest-off') });
        // The button sits among the profile's own: only it changes.
        const rows = ctx.callbackQuery.message?.reply_markup?.inline_keyboard ?? [];
        const fresh = toTelegramButton(digestButton(ctx.core, ctx.locale, action.on));
        const inline_keyboard = rows.map((row) => row.map((b) => ('callback_data' in b && b.callback_data?.startsWith('tkd:') ? fresh : b)));
        await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard } }).catch(() => undefined);
        return;
      }
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return ctx.answerCallbackQuery({ text: refusal(ctx, error), show_alert: true });
  }
});

/** Evidence from a message: a text (a link or a comment), the largest size of a photo, or a document; null for anything else. */
function evidenceOf(message: Message): Evidence | null {
  if (message.photo?.length) return { kind: 'photo', fileId: message.photo.at(-1)!.file_id, text: message.caption ?? null };
  if (message.document) return { kind: 'document', fileId: message.document.file_id, text: message.caption ?? message.document.file_name ?? null };
  if (message.text) return textEvidence(message.text);
  return null;
}

/**
 * The answer to an open prompt of this person in this chat: evidence, a problem's reason, a return's reason.
 * Commands and other people's messages go on untouched; a wrong kind of evidence is asked again, nothing changes.
 */
tasksFeature.on('message', async (ctx, next) => {
  const person = ctx.person;
  if (!person || person.status !== 'active' || ctx.message.text?.startsWith('/')) return next();
  const prompt = await currentPrompt(ctx.core, person.id, ctx.chat.id);
  if (!prompt || prompt.kind === 'visit') return next();
  try {
    await answerPrompt(ctx, prompt, ctx.message);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code !== 'invalid-input') await clearPrompt(ctx.core, person.id);
    await ctx.reply(refusal(ctx, error));
  }
});

async function answerPrompt(ctx: BotContext, prompt: TaskPrompt, message: Message): Promise<void> {
  const person = ctx.person!;
  const text = message.text?.trim();
  switch (prompt.kind) {
    case 'evidence': {
      const taskId = Number(prompt.payload['taskId']);
      const { task } = await actionable(ctx.core, person, taskId);
      if (task.evidence === 'visit') {
        await clearPrompt(ctx.core, person.id);
        await ctx.reply(ctx.t('task-ask-evidence-visit'));
        return;
      }
      const evidence = evidenceOf(message);
      // The task may have been edited to need nothing since the question: then any answer will do.
      if (task.evidence !== 'none' && (!evidence || !evidenceFits(task.evidence, evidence))) {
        await ctx.reply(ctx.t(`task-evidence-wrong-${task.evidence}`));
        return;
      }
      const outcome = await confirmTask(ctx.core, person, taskId, evidence ?? undefined);
      await clearPrompt(ctx.core, person.id);
      if (outcome.kind !== 'needs-evidence') await tellOutcome(ctx, taskId, outcome);
      return;
    }
    case 'problem': {
      if (!text) {
        await ctx.reply(ctx.t('task-ask-problem'));
        return;
      }
      await reportProblem(ctx.core, person, Number(prompt.payload['taskId']), text);
      await clearPrompt(ctx.core, person.id);
      await ctx.reply(ctx.t('task-problem-sent'));
      return;
    }
    case 'return': {
      if (!text) {
        await ctx.reply(ctx.t('task-ask-return'));
        return;
      }
      const result = await verifyConfirmation(ctx.core, person, Number(prompt.payload['confirmationId']), { ok: false, reason: text });
      await clearPrompt(ctx.core, person.id);
      await ctx.reply(ctx.t(result.changed ? 'task-returned-done' : `task-verify-already-${result.confirmation.status}`));
      return;
    }
    case 'visit':
      return;
  }
}
