import { z } from 'zod';
import { localToUtc, utcToLocalInput } from '../../core/events/time.js';
import type { Task, TaskInput } from '../../core/tasks/tasks.js';
import { formBody, type FormValues } from '../forms.js';
import { str } from '../kit.js';
import { audienceToForm, readAudienceForm } from '../views/audience-picker.js';

const day = 1440;
/** "On the due day" in the reminders is 3 hours before the deadline. */
const onTheDay = 180;
/** The domain's bounds in minutes, said in the form's days: no repeat more often than hourly. */
const limits = { remindBeforeDays: 60, overdueEveryDays: 30, overdueEveryMinMinutes: 60, escalateAfterDays: 60, overdueTimes: 20 };

const days = (text: string): number => Number(text.replace(',', '.'));
const dayList = (text: string): string[] => text.split(/[\s,;]+/).filter(Boolean);

/**
 * The plan's fields in the form's unit (days), checked here so each message says days: the domain counts minutes and
 * would say «не меньше 60». The other fields are the domain's to judge.
 */
export const taskForm = formBody.superRefine((form, ctx) => {
  const issue = (field: string, message: string, params?: Record<string, string | number>) =>
    ctx.addIssue({ code: 'custom', path: [field], message, ...(params ? { params } : {}) });
  const wrong = dayList(str(form.remindBefore)).find((d) => !Number.isFinite(days(d)) || days(d) < 0);
  if (wrong !== undefined) issue('remindBefore', 'not-duration', { value: wrong });
  else if (dayList(str(form.remindBefore)).some((d) => days(d) > limits.remindBeforeDays))
    issue('remindBefore', 'days-at-most', { maximum: limits.remindBeforeDays });
  const every = str(form.overdueEveryDays);
  if (every !== '') {
    if (!Number.isFinite(days(every))) issue('overdueEveryDays', 'not-days');
    else if (days(every) * day < limits.overdueEveryMinMinutes) issue('overdueEveryDays', 'days-positive');
    else if (days(every) > limits.overdueEveryDays) issue('overdueEveryDays', 'days-at-most', { maximum: limits.overdueEveryDays });
  }
  const times = str(form.overdueTimes);
  if (times !== '' && !/^\d+$/.test(times)) issue('overdueTimes', 'not-a-number');
  else if (Number(times) > limits.overdueTimes) issue('overdueTimes', 'too-big', { maximum: limits.overdueTimes });
  const escalate = str(form.escalateAfterDays);
  if (escalate !== '') {
    if (!Number.isFinite(days(escalate))) issue('escalateAfterDays', 'not-days');
    else if (days(escalate) < 0) issue('escalateAfterDays', 'days-not-negative');
    else if (days(escalate) > limits.escalateAfterDays) issue('escalateAfterDays', 'days-at-most', { maximum: limits.escalateAfterDays });
  }
});

/** The domain's fields whose messages belong next to the form's day fields. */
export const taskFormFields = {
  'reminderPlan.beforeMinutes': 'remindBefore',
  'reminderPlan.overdueEveryMinutes': 'overdueEveryDays',
  'reminderPlan.overdueTimes': 'overdueTimes',
  escalateAfterMinutes: 'escalateAfterDays',
  audience: 'audience',
};

/** The form as the domain's input: the due time typed in the region's zone, the plan in days (0 = on the day). */
export function taskInput(form: FormValues, zone: string): TaskInput {
  const numberOr = (text: string, fallback: number | null) => (text === '' ? fallback : days(text));
  const every = numberOr(str(form.overdueEveryDays), null);
  const escalate = numberOr(str(form.escalateAfterDays), null);
  return {
    title: str(form.title),
    instructions: str(form.instructions),
    dueAt: str(form.dueAt) ? localToUtc(str(form.dueAt), zone) : Number.NaN,
    audience: readAudienceForm(form),
    assignment: str(form.assignment) as TaskInput['assignment'],
    evidence: str(form.evidence) as TaskInput['evidence'],
    verifier: str(form.verifier) as TaskInput['verifier'],
    reminderPlan: {
      beforeMinutes: dayList(str(form.remindBefore)).map((d) => (days(d) === 0 ? onTheDay : Math.round(days(d) * day))),
      overdueEveryMinutes: every === null ? null : Math.round(every * day),
      overdueTimes: Number(str(form.overdueTimes) || '0'),
    },
    escalateAfterMinutes: escalate === null ? null : Math.round(escalate * day),
    municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
  };
}

export function taskToForm(
  task: Pick<
    Task,
    'title' | 'instructions' | 'dueAt' | 'assignment' | 'evidence' | 'verifier' | 'reminderPlan' | 'escalateAfterMinutes' | 'municipalityId' | 'audience'
  >,
  zone: string,
): FormValues {
  const inDays = (m: number) => String(Math.round((m / day) * 100) / 100);
  return {
    title: task.title,
    instructions: task.instructions,
    dueAt: Number.isFinite(task.dueAt) ? utcToLocalInput(task.dueAt, zone) : '',
    assignment: task.assignment,
    evidence: task.evidence,
    verifier: task.verifier,
    remindBefore: task.reminderPlan.beforeMinutes.map((m) => (m === onTheDay ? '0' : inDays(m))).join(', '),
    overdueEveryDays: task.reminderPlan.overdueEveryMinutes === null ? '' : inDays(task.reminderPlan.overdueEveryMinutes),
    overdueTimes: String(task.reminderPlan.overdueTimes),
    escalateAfterDays: task.escalateAfterMinutes === null ? '' : inDays(task.escalateAfterMinutes),
    municipalityId: task.municipalityId === null ? '' : String(task.municipalityId),
    ...audienceToForm(task.audience),
  };
}

/** A manual status change: the reason is said in characters, next to its field in the assignee's row. */
export const statusForm = z.object({
  status: z.string(),
  reason: z.string().trim().min(3, 'reason-too-short').max(500),
});
