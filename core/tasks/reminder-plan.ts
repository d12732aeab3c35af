/** A task's reminder plan and the jobs that carry it out: the chasing points and the escalation. */
import { z } from 'zod';
import type { tasks } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { scheduleJobs, type NewScheduledJob } from '../scheduler/jobs.js';

export const chaseJobKind = 'task-chase';
export const escalateJobKind = 'task-escalate';
const minute = 60_000;
/** What a plan needs of a task (its row type is `Task` in tasks.ts, which imports this file). */
type PlannedTask = Pick<typeof tasks.$inferSelect, 'id' | 'dueAt' | 'reminderPlan' | 'escalateAfterMinutes'>;

export const reminderPlanSchema = z.object({
  beforeMinutes: z
    .array(
      z
        .number()
        .int()
        .positive()
        .max(60 * 24 * 60),
    )
    .max(10),
  overdueEveryMinutes: z
    .number()
    .int()
    .min(60)
    .max(60 * 24 * 30)
    .nullable(),
  overdueTimes: z.number().int().min(0).max(20),
});
/** 7 days, 1 day before, on the day (3 hours before); then every 2 days while overdue, at most 3 times. */
export const defaultReminderPlan = { beforeMinutes: [7 * 1440, 1440, 180], overdueEveryMinutes: 2 * 1440, overdueTimes: 3 };

/** The plan's points as jobs: before the due time, then while overdue; and the escalation. Keyed by due time, so a move plans anew. */
export function taskJobs(task: PlannedTask, now: number): NewScheduledJob[] {
  const plan = task.reminderPlan;
  const points: { at: number; point: string }[] = plan.beforeMinutes.map((m) => ({ at: task.dueAt - m * minute, point: `b${m}` }));
  if (plan.overdueEveryMinutes) {
    for (let n = 1; n <= plan.overdueTimes; n++) points.push({ at: task.dueAt + n * plan.overdueEveryMinutes * minute, point: `o${n}` });
  }
  const jobs: NewScheduledJob[] = points
    .filter((p) => p.at > now)
    .map((p) => ({
      kind: chaseJobKind,
      dueAt: p.at,
      payload: { taskId: task.id, dueAt: task.dueAt, point: p.point },
      dedupeKey: `task:${task.id}:chase:${task.dueAt}:${p.point}`,
    }));
  if (task.escalateAfterMinutes !== null) {
    const at = task.dueAt + task.escalateAfterMinutes * minute;
    if (at > now)
      jobs.push({ kind: escalateJobKind, dueAt: at, payload: { taskId: task.id, dueAt: task.dueAt }, dedupeKey: `task:${task.id}:escalate:${task.dueAt}` });
  }
  return jobs;
}

/** Plans (or plans anew, after a move of the due time) the chasing and escalation jobs of a published task. */
export async function scheduleTaskJobs(core: Core, task: PlannedTask): Promise<void> {
  await scheduleJobs(core, taskJobs(task, core.clock.now()));
}
