import { askJobKind, describeExecutorAsks, runExecutorAsk } from '../core/roadmaps/executor-asks.js';
import type { JobDefinition } from './job.js';

/**
 * One question point of a road map's row: before its deadline its executors are asked (Выполнено / Перенести / Есть
 * проблема), after it the overdue are chased. The run rechecks the row (done, dropped, deadline moved) and the
 * deliveries' dedupe keys send each question once.
 */
export const roadmapAskJob: JobDefinition = {
  kind: askJobKind,
  maxLatenessMs: 24 * 3_600_000,
  describe: describeExecutorAsks,
  async run(core, payload, now) {
    await runExecutorAsk(core, payload, now);
  },
};
