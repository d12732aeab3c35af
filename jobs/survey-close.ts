import { closeSurveyJob } from '../core/surveys/delivery.js';
import { surveyCloseJobKind } from '../core/surveys/surveys.js';
import type { JobDefinition } from './job.js';

/** A survey reaches its closing time: closed (answers are refused from that moment anyway; this makes it final). */
export const surveyCloseJob: JobDefinition = {
  kind: surveyCloseJobKind,
  maxLatenessMs: Number.POSITIVE_INFINITY,
  async run(core, payload, now) {
    await closeSurveyJob(core, payload, now);
  },
};
