import { reminderJobKind, sendReminder } from '../core/events/reminding.js';
import { describeEventReminders } from '../core/schedule/event-items.js';
import type { JobDefinition } from './job.js';

/**
 * A reminder of an event to one person, due at one of the event's offsets before its start (its kind's default, or
 * its own). The run checks again that the event still takes place and has not begun, that the offset is still the
 * event's and that the person is still going; inside the person's quiet hours it puts itself off until they end
 * (unless the event starts first). The delivery's dedupe key sends it once, even if a crash repeats the run. Missed
 * while the process was down, it still goes on start unless the event began.
 */
export const eventReminderJob: JobDefinition = {
  kind: reminderJobKind,
  maxLatenessMs: 24 * 3_600_000,
  describe: describeEventReminders,
  async run(core, payload, now) {
    await sendReminder(core, payload, now);
  },
};
