import { broadcastSendJob } from './broadcast-send.js';
import { channelPostJob } from './channel-post.js';
import { deliveryDailySummaryJob } from './delivery-daily-summary.js';
import { eventAttendanceJob } from './event-attendance.js';
import { eventReminderJob } from './event-reminder.js';
import { forgetAbandonedConversationsJob } from './forget-abandoned-conversations.js';
import type { JobDefinition } from './job.js';
import { roadmapAskJob } from './roadmap-ask.js';
import { surveyCloseJob } from './survey-close.js';
import { surveyOpenJob } from './survey-open.js';
import { surveyReminderJob } from './survey-reminder.js';
import { taskChaseJob } from './task-chase.js';
import { taskDailyDigestJob, taskWeeklyDigestJob } from './task-digests.js';
import { taskEscalateJob } from './task-escalate.js';

/** Every kind of scheduled work the product knows. A row of an unknown kind fails loudly, it is never dropped. */
export const jobRegistry: ReadonlyMap<string, JobDefinition> = new Map(
  [
    forgetAbandonedConversationsJob,
    eventReminderJob,
    eventAttendanceJob,
    taskChaseJob,
    taskEscalateJob,
    taskWeeklyDigestJob,
    taskDailyDigestJob,
    broadcastSendJob,
    channelPostJob,
    deliveryDailySummaryJob,
    surveyOpenJob,
    surveyReminderJob,
    surveyCloseJob,
    roadmapAskJob,
  ].map((job) => [job.kind, job]),
);
