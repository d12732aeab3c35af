import { z } from 'zod';
import type { EventKind } from '../../db/schema/index.js';

const day = 24 * 60;

/**
 * How long before the start each kind of event is reminded of, in minutes (the event may set its own). A webinar or
 * a consultation is easy to forget on the day; an internship or a course needs days to arrange a replacement at school.
 */
export const defaultReminderOffsets: Readonly<Record<EventKind, readonly number[]>> = {
  webinar: [day, 60],
  consultation: [day, 60],
  seminar: [day, 120],
  workshop: [day, 120],
  conference: [day, 120],
  methodological_association: [day, 120],
  internship: [3 * day, day],
  course: [3 * day, day],
  visit: [day],
  competition: [day],
  other: [day],
};

export const minReminderOffset = 5;
export const maxReminderOffset = 30 * day;
export const maxReminders = 5;

/**
 * Minutes before the start, as an admin sets them for one event: each from 5 minutes to 30 days, at most five; a
 * reminder at or after the start is refused by name. Stored without repeats, earliest reminder first.
 */
export const reminderOffsetsSchema = z
  .array(z.number({ error: 'not-a-number' }).int({ error: 'not-a-number' }))
  .max(maxReminders, { error: 'too-many-reminders' })
  .superRefine((offsets, ctx) => {
    const reason = offsets.some((m) => m <= 0)
      ? 'reminder-after-start'
      : offsets.some((m) => m < minReminderOffset)
        ? 'reminder-too-close'
        : offsets.some((m) => m > maxReminderOffset)
          ? 'reminder-too-early'
          : null;
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  })
  .transform((offsets) => [...new Set(offsets)].sort((a, b) => b - a));

/** The offsets an event uses: its own, or (for an event stored before they existed) its kind's. */
export function reminderOffsetsOf(event: { kind: EventKind; reminderOffsets: readonly number[] | null }): readonly number[] {
  return event.reminderOffsets ?? defaultReminderOffsets[event.kind];
}

/**
 * The stable name of an offset in a reminder's dedupe keys: "1d", "2h", "90m" (one name per number of minutes, so
 * 1 day and 1 hour keep the names reminders had before offsets became editable).
 */
export function offsetLabel(minutes: number): string {
  if (minutes % day === 0) return `${minutes / day}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** The minutes of an offset's name, or null when it is not one. */
export function offsetMinutes(label: string): number | null {
  const m = /^([1-9]\d{0,5})([dhm])$/.exec(label);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'd' ? n * day : m[2] === 'h' ? n * 60 : n;
}
