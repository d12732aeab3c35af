import { reminderJobKind, sendReminder } from '../core/events/events.js';
import type { JobDefinition } from './job.js';

/**
 * A reminder of an event to one person, due 1 day or 1 hour before its start. The run checks again that the event
 * still takes place and has not begun and that the person is still going; the delivery's dedupe key sends it once,
 * even if a crash repeats the run. Missed while the process was down, it still goes on start unless the event began.
 */
export const eventReminderJob: JobDefinition = {
  kind: reminderJobKind,
  maxLatenessMs: 24 * 3_600_000,
  async run(core, payload, now) {
    await sendReminder(core, payload, now);
  },
};
