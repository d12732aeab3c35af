import { dailySummaryJobKind, sendDailySummary } from '../core/deliveries/delivery-rules.js';
import { describeDailySummaries } from '../core/schedule/schedule.js';
import type { JobDefinition } from './job.js';

/**
 * The morning after a person reached the daily cap: one message naming what was held back. Due at the end of their
 * quiet hours; still worth sending for two days after.
 */
export const deliveryDailySummaryJob: JobDefinition = {
  kind: dailySummaryJobKind,
  maxLatenessMs: 2 * 86_400_000,
  describe: describeDailySummaries,
  async run(core, payload) {
    await sendDailySummary(core, payload);
  },
};
