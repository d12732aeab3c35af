import { runEscalation } from '../core/tasks/chasing.js';
import { escalateJobKind } from '../core/tasks/reminder-plan.js';
import { describeTaskEscalations } from '../core/tasks/schedule-items.js';
import type { JobDefinition } from './job.js';

/** Overdue escalation of one task: curators and municipal coordinators of those still open are told once. */
export const taskEscalateJob: JobDefinition = {
  kind: escalateJobKind,
  maxLatenessMs: 3 * 24 * 3_600_000,
  describe: describeTaskEscalations,
  async run(core, payload, now) {
    await runEscalation(core, payload, now);
  },
};
