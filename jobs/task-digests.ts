import { dailyDigestJobKind, runDailyDigest, runWeeklyDigest, weeklyDigestJobKind } from '../core/tasks/digests.js';
import { describeDailyDigests, describeWeeklyDigests } from '../core/tasks/schedule-items.js';
import type { JobDefinition } from './job.js';

/** The coordinators' weekly digest of overdue tasks and schools; each run plans the next at the configured day and hour. */
export const taskWeeklyDigestJob: JobDefinition = {
  kind: weeklyDigestJobKind,
  // Always runs, so the chain of runs never breaks; the run itself sends nothing when it is too late.
  maxLatenessMs: Number.POSITIVE_INFINITY,
  describe: describeWeeklyDigests,
  async run(core, payload, now) {
    await runWeeklyDigest(core, payload, now);
  },
};

/** The personal daily digest of open tasks for those who chose it in /profile; each run plans the next day's. */
export const taskDailyDigestJob: JobDefinition = {
  kind: dailyDigestJobKind,
  maxLatenessMs: Number.POSITIVE_INFINITY,
  describe: describeDailyDigests,
  async run(core, payload, now) {
    await runDailyDigest(core, payload, now);
  },
};
