import type { Attachment } from '@maxhub/max-bot-api/types';
import { personZone } from '../core/directory/zones.js';
import { DomainError } from '../core/errors.js';
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
} from '../core/tasks/confirmations.js';
import { lateListMessage } from '../core/tasks/digests.js';
import { taskAction, taskCard, verificationRequest, verifyAction } from '../core/tasks/messages.js';
import { clearPrompt, currentPrompt, setPrompt } from '../core/tasks/prompts.js';
import { visitButton } from '../core/tasks/visit-steps.js';
import { shownStatus } from '../core/tasks/reports.js';
import { escapeHtml } from '../core/text/html.js';
import { formatInstant } from '../core/time/time.js';
import { maxFilePrefix } from './messenger.js';
import type { MaxTurn } from './turn.js';

/**
 * Tasks on MAX, as on Telegram (bot/features/tasks.ts): «Выполнено» / «Есть проблема» / «Подробнее», the evidence
 * and reasons they ask for (the domain's stored prompt), the verifier's «Подтверждаю» / «Вернуть на доработку», and
 * /tasks. A photo or file sent as evidence is kept by its MAX URL (`max:<url>`), which the panel opens through
 * the MAX messenger.
 */
export const taskPayloads = { task: /^tk:(\d{1,15}):(done|prob|info)$/, verify: /^tkv:(\d{1,15}):(ok|ret)$/ };

function refusal(turn: MaxTurn, error: DomainError): string {
  if (error.code === 'invalid-input') return turn.t('task-invalid-text');
  return turn.t(error.code === 'not-found' ? 'task-not-found' : `error-${error.code}`);
}

export async function tasksList(turn: MaxTurn): Promise<void> {
  const person = turn.person;
  if (!person) return void (await turn.reply(turn.t('not-registered')));
  if (person.status !== 'active') return void (await turn.reply(turn.t('events-not-active')));
  // A verifier's queue comes first: each waiting confirmation with its Подтверждаю / Вернуть buttons.
  for (const waiting of await awaitingVerification(turn.core, person)) {
    await turn.reply(verificationRequest(turn.core, waiting.task, waiting.confirmation, waiting.name, waiting.by, turn.locale));
  }
  const rows = await openTasksFor(turn.core, person);
  // A curator's visits start here too, as under Telegram's /tasks.
  const visitRow = person.roles.includes('curator') ? [[{ text: turn.t('visit-button-start'), action: visitButton.encode('go') }]] : [];
  if (rows.length === 0) return void (await turn.reply({ html: escapeHtml(turn.t('task-list-empty')), buttons: visitRow }));
  const zone = await personZone(turn.core, person);
  const now = turn.core.clock.now();
  const lines = rows.map(
    ({ task, status }, i) =>
      `${i + 1}. <b>${escapeHtml(task.title)}</b>\n${turn.t('task-due', { date: formatInstant(task.dueAt, zone, turn.locale) })}\n${turn.t(`task-mark-${shownStatus(status, task.dueAt, now)}`)}`,
  );
  const buttons = rows.map(({ task }, i) => ({ text: turn.t('task-open', { n: i + 1 }), action: taskAction(task.id, 'info') }));
  await turn.reply({
    html: [turn.t('task-list-title'), ...lines].join('\n\n'),
    buttons: [buttons.slice(0, 4), buttons.slice(4, 8), ...visitRow].filter((r) => r.length),
  });
}

/** Tells the presser how their «Выполнено» ended: done, or already done by someone of their school. */
async function tellOutcome(turn: MaxTurn, taskId: number, outcome: Exclude<ConfirmOutcome, { kind: 'needs-evidence' }>): Promise<void> {
  if (outcome.kind === 'confirmed') {
    await turn.reply({ html: confirmedText(turn.core, await taskForPerson(turn.core, taskId), turn.locale) });
    return;
  }
  await turn.reply({ html: turn.t('task-already-confirmed', { name: escapeHtml(outcome.byName ?? turn.t('task-someone')) }) });
}

export async function taskPress(turn: MaxTurn, payload: string): Promise<void> {
  const person = turn.person;
  if (!person) return turn.answer({ notification: turn.t('not-registered') });
  if (person.status !== 'active') return turn.answer({ notification: turn.t('events-not-active') });
  const task = taskPayloads.task.exec(payload);
  const verify = taskPayloads.verify.exec(payload);
  try {
    if (task) {
      const taskId = Number(task[1]);
      if (task[2] === 'info') {
        const { task: row, confirmation } = await taskForAssignee(turn.core, person, taskId);
        await turn.answer();
        return void (await turn.reply(taskCard(turn.core, row, turn.locale, await personZone(turn.core, person), confirmation)));
      }
      if (task[2] === 'prob') {
        await actionable(turn.core, person, taskId);
        await setPrompt(turn.core, person.id, turn.chatId, 'problem', { taskId });
        await turn.answer();
        return void (await turn.reply(turn.t('task-ask-problem')));
      }
      const outcome = await confirmTask(turn.core, person, taskId);
      if (outcome.kind === 'needs-evidence') {
        if (outcome.evidence !== 'visit') await setPrompt(turn.core, person.id, turn.chatId, 'evidence', { taskId });
        await turn.answer();
        return void (await turn.reply(turn.t(`task-ask-evidence-${outcome.evidence}`)));
      }
      await turn.answer({ notification: turn.t(outcome.kind === 'confirmed' ? 'task-toast-confirmed' : 'task-toast-already') });
      return tellOutcome(turn, taskId, outcome);
    }
    if (!verify) return turn.answer({ notification: turn.t('button-outdated') });
    const confirmationId = Number(verify[1]);
    if (verify[2] === 'ok') {
      const result = await verifyConfirmation(turn.core, person, confirmationId, { ok: true });
      // The verdict stays on the request itself, as its one button (pressed again, it says «Уже подтверждено»).
      const verdict = [[{ text: turn.t('task-verdict-verified'), action: verifyAction(confirmationId, 'ok') }]];
      await turn.answer({ notification: turn.t(result.changed ? 'task-verify-done' : `task-verify-already-${result.confirmation.status}`) });
      if (result.changed) await turn.setButtons(verdict);
      return;
    }
    const { confirmation } = await verificationTarget(turn.core, person, confirmationId);
    if (confirmation.status !== 'confirmed') return turn.answer({ notification: turn.t(`task-verify-already-${confirmation.status}`) });
    await setPrompt(turn.core, person.id, turn.chatId, 'return', { confirmationId });
    await turn.answer();
    await turn.reply(turn.t('task-ask-return'));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await turn.answer({ notification: refusal(turn, error) });
  }
}

/** «Кто опаздывает» under a coordinator's weekly digest: the late list of their municipality. */
export async function lateListPress(turn: MaxTurn): Promise<void> {
  const person = turn.person;
  if (!person) return turn.answer({ notification: turn.t('not-registered') });
  try {
    const list = await lateListMessage(turn.core, person, turn.locale);
    await turn.answer();
    await turn.reply(list);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await turn.answer({ notification: refusal(turn, error) });
  }
}

/** The photo or file a MAX message carries, kept by its URL (`max:<url>`); null when it has neither. */
export function attachedFile(attachments: Attachment[]): { kind: 'photo' | 'document'; fileId: string; name: string | null } | null {
  for (const a of attachments) {
    if (a.type === 'image') return { kind: 'photo', fileId: `${maxFilePrefix}${a.payload.url}`, name: null };
    if (a.type === 'file') return { kind: 'document', fileId: `${maxFilePrefix}${a.payload.url}`, name: a.filename || null };
  }
  return null;
}

/** Evidence from a MAX message: a photo or a file, else its text; null when there is neither. */
function evidenceOf(text: string, attachments: Attachment[]): Evidence | null {
  const file = attachedFile(attachments);
  if (file) return { kind: file.kind, fileId: file.fileId, text: text || file.name };
  return text ? textEvidence(text) : null;
}

/**
 * The answer to an open prompt of this person in this chat: evidence, a problem's reason, a return's reason. False
 * when none is open (the message is for someone else); a wrong kind of evidence is asked again, nothing changes.
 */
export async function taskAnswer(turn: MaxTurn, text: string, attachments: Attachment[]): Promise<boolean> {
  const person = turn.person;
  if (!person || person.status !== 'active' || text.startsWith('/')) return false;
  const prompt = await currentPrompt(turn.core, person.id, turn.chatId);
  if (!prompt || prompt.kind === 'visit') return false;
  try {
    if (prompt.kind === 'evidence') {
      const taskId = Number(prompt.payload['taskId']);
      const { task } = await actionable(turn.core, person, taskId);
      const evidence = evidenceOf(text, attachments);
      // The task may have been edited to need nothing since the question: then any answer will do.
      if (task.evidence !== 'none' && (!evidence || !evidenceFits(task.evidence, evidence))) {
        await turn.reply(turn.t(`task-evidence-wrong-${task.evidence}`));
        return true;
      }
      const outcome = await confirmTask(turn.core, person, taskId, evidence ?? undefined);
      await clearPrompt(turn.core, person.id);
      if (outcome.kind !== 'needs-evidence') await tellOutcome(turn, taskId, outcome);
      return true;
    }
    if (!text) {
      await turn.reply(turn.t(prompt.kind === 'problem' ? 'task-ask-problem' : 'task-ask-return'));
      return true;
    }
    if (prompt.kind === 'problem') {
      await reportProblem(turn.core, person, Number(prompt.payload['taskId']), text);
      await clearPrompt(turn.core, person.id);
      await turn.reply(turn.t('task-problem-sent'));
      return true;
    }
    const result = await verifyConfirmation(turn.core, person, Number(prompt.payload['confirmationId']), { ok: false, reason: text });
    await clearPrompt(turn.core, person.id);
    await turn.reply(turn.t(result.changed ? 'task-returned-done' : `task-verify-already-${result.confirmation.status}`));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code !== 'invalid-input') await clearPrompt(turn.core, person.id);
    await turn.reply(refusal(turn, error));
  }
  return true;
}
