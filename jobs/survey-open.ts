import { inviteAudience } from '../core/surveys/delivery.js';
import { surveyOpenJobKind } from '../core/surveys/surveys.js';
import type { JobDefinition } from './job.js';

/**
 * A survey opens: its audience is invited (each person once, by the delivery's key; in their waking hours). Missed
 * while the process was down, it still runs on start while the survey is open.
 */
export const surveyOpenJob: JobDefinition = {
  kind: surveyOpenJobKind,
  maxLatenessMs: Number.POSITIVE_INFINITY,
  async run(core, payload, now) {
    await inviteAudience(core, payload, now);
  },
};
