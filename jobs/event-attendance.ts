import { attendanceJobKind } from '../core/events/reminding.js';
import { sendAttendanceQuestion } from '../core/events/feedback.js';
import { describeEventAttendance } from '../core/schedule/event-items.js';
import type { JobDefinition } from './job.js';

/**
 * "Были на мероприятии?" to one person, due when the event ends (scheduled when they become "going"). The run checks
 * again that the event took place and they are still going and have not answered; the delivery's dedupe key per event
 * and person sends it once. Missed while the process was down, it is still worth asking for a week.
 */
export const eventAttendanceJob: JobDefinition = {
  kind: attendanceJobKind,
  maxLatenessMs: 7 * 24 * 3_600_000,
  describe: describeEventAttendance,
  async run(core, payload, now) {
    await sendAttendanceQuestion(core, payload, now);
  },
};
