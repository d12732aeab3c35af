import type { Locale } from '../../locales/translator.js';
import type { Core } from '../core.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { formatInstant } from '../time/time.js';
import { escapeHtml } from '../text/html.js';
import type { Confirmation, Task } from './tasks.js';

/** Callback data of a task message: `tk:<taskId>:done|prob|info` (validated in bot/callback-data/tasks.ts). */
export function taskAction(taskId: number, action: 'done' | 'prob' | 'info'): string {
  return `tk:${taskId}:${action}`;
}

/** Callback data of a verifier's decision: `tkv:<confirmationId>:ok|ret`. */
export function verifyAction(confirmationId: number, action: 'ok' | 'ret'): string {
  return `tkv:${confirmationId}:${action}`;
}

/** The coordinator's late list in the bot (the weekly digest's button). */
export const lateListAction = 'tkl';

export function taskButtons(core: Core, task: Pick<Task, 'id'>, locale: Locale): MessageButton[][] {
  const t = (key: string) => core.translate(locale, key);
  return [
    [
      { text: t('task-button-done'), action: taskAction(task.id, 'done') },
      { text: t('task-button-problem'), action: taskAction(task.id, 'prob') },
    ],
    [{ text: t('task-button-info'), action: taskAction(task.id, 'info') }],
  ];
}

function taskLines(core: Core, task: Task, locale: Locale, zone: string, withInstructions: boolean): string[] {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const lines = [`<b>${escapeHtml(task.title)}</b>`, t('task-due', { date: formatInstant(task.dueAt, zone, locale) })];
  if (task.evidence !== 'none') lines.push(t(`task-evidence-${task.evidence}`));
  if (task.assignment === 'school') lines.push(t('task-once-per-school'));
  // Instructions are written by admins in Telegram's HTML subset (formatting and links), sent as they are.
  if (withInstructions && task.instructions) lines.push('', task.instructions);
  return lines;
}

export function taskMessage(core: Core, task: Task, locale: Locale, zone: string): OutgoingMessage {
  return {
    html: [core.translate(locale, 'task-new-head'), ...taskLines(core, task, locale, zone, true)].join('\n'),
    buttons: taskButtons(core, task, locale),
    noPreview: true,
  };
}

/** "Подробнее": the task with the assignee's current status. */
export function taskCard(core: Core, task: Task, locale: Locale, zone: string, confirmation: Confirmation | undefined): OutgoingMessage {
  const lines = taskLines(core, task, locale, zone, true);
  if (confirmation) {
    lines.push('', core.translate(locale, `task-status-${confirmation.status}`));
    if (confirmation.status === 'returned' && confirmation.returnReason)
      lines.push(core.translate(locale, 'task-return-reason', { reason: escapeHtml(confirmation.returnReason) }));
  }
  if (task.status === 'closed') lines.push('', core.translate(locale, 'task-closed'));
  const open = task.status === 'published' && confirmation !== undefined;
  return { html: lines.join('\n'), buttons: open ? taskButtons(core, task, locale) : [], noPreview: true };
}

export function reminderMessage(core: Core, task: Task, locale: Locale, zone: string, overdue: boolean): OutgoingMessage {
  const head = core.translate(locale, overdue ? 'task-overdue-head' : 'task-reminder-head');
  return { html: [head, ...taskLines(core, task, locale, zone, false)].join('\n'), buttons: taskButtons(core, task, locale), noPreview: true };
}

export function confirmedNotice(core: Core, task: Task, locale: Locale): string {
  return core.translate(locale, task.verifier === 'none' ? 'task-confirmed' : 'task-confirmed-verify', { title: escapeHtml(task.title) });
}

/** To a verifier: "Школа X отметила выполнение: …" with Подтверждаю / Вернуть на доработку. */
export function verificationRequest(core: Core, task: Task, confirmation: Confirmation, name: string, by: string, locale: Locale): OutgoingMessage {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const lines = [t('task-verify-head', { name: escapeHtml(name), title: escapeHtml(task.title) }), t('task-verify-by', { by: escapeHtml(by) })];
  if (confirmation.evidenceKind) {
    const text = confirmation.evidenceText ? escapeHtml(confirmation.evidenceText) : '';
    lines.push(t(`task-evidence-got-${confirmation.evidenceKind}`, { text }));
  }
  return {
    html: lines.join('\n'),
    buttons: [
      [
        { text: t('task-button-verify'), action: verifyAction(confirmation.id, 'ok') },
        { text: t('task-button-return'), action: verifyAction(confirmation.id, 'ret') },
      ],
    ],
    noPreview: true,
  };
}

export function verifiedNotice(core: Core, task: Task, locale: Locale): OutgoingMessage {
  return { html: core.translate(locale, 'task-verified-notice', { title: escapeHtml(task.title) }), noPreview: true };
}

export function returnedMessage(core: Core, task: Task, reason: string, locale: Locale, zone: string): OutgoingMessage {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const html = [t('task-returned-head'), ...taskLines(core, task, locale, zone, false), t('task-return-reason', { reason: escapeHtml(reason) })].join('\n');
  return { html, buttons: taskButtons(core, task, locale), noPreview: true };
}

export function problemAlert(core: Core, task: Task, name: string, by: string, reason: string, locale: Locale): OutgoingMessage {
  return {
    html: core.translate(locale, 'task-problem-alert', {
      name: escapeHtml(name),
      by: escapeHtml(by),
      title: escapeHtml(task.title),
      reason: escapeHtml(reason),
    }),
    noPreview: true,
  };
}

export function escalationMessage(core: Core, task: Task, names: string[], locale: Locale, zone: string): OutgoingMessage {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const html = [
    t('task-escalation-head', { title: escapeHtml(task.title), due: formatInstant(task.dueAt, zone, locale) }),
    ...names.map((n) => `• ${escapeHtml(n)}`),
  ].join('\n');
  return { html, noPreview: true };
}
