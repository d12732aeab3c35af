import { runChase } from '../core/tasks/chasing.js';
import { chaseJobKind } from '../core/tasks/reminder-plan.js';
import { describeTaskChases } from '../core/tasks/schedule-items.js';
import type { JobDefinition } from './job.js';

/**
 * One point of a task's reminder plan (before the due time, or while overdue): everyone who still owes the task is
 * reminded, outside their quiet hours, unless they chose the daily digest. The run checks that the task is still
 * open and still due when it was planned for; the deliveries' dedupe keys send each reminder once.
 */
export const taskChaseJob: JobDefinition = {
  kind: chaseJobKind,
  maxLatenessMs: 24 * 3_600_000,
  describe: describeTaskChases,
  async run(core, payload, now) {
    await runChase(core, payload, now);
  },
};
