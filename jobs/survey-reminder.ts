import { remindUnfinished } from '../core/surveys/delivery.js';
import { surveyReminderJobKind } from '../core/surveys/surveys.js';
import type { JobDefinition } from './job.js';

/** A reminder round before a survey closes, only to those who have not finished it; late by more than a day it is skipped. */
export const surveyReminderJob: JobDefinition = {
  kind: surveyReminderJobKind,
  maxLatenessMs: 24 * 3_600_000,
  async run(core, payload, now) {
    await remindUnfinished(core, payload, now);
  },
};
