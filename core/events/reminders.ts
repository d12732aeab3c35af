import { z } from 'zod';
import type { EventKind } from '../vocabulary/events.js';

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

const unitMinutes: Record<string, number> = { d: day, h: 60, m: 1 };
const unitOf = (word: string): 'd' | 'h' | 'm' | null =>
  /^(d|day|days|д|дн|дня|день|дней|сут|суток|сутки)\.?$/.test(word)
    ? 'd'
    : /^(h|hr|hour|hours|ч|час|часа|часов)\.?$/.test(word)
      ? 'h'
      : /^(m|min|mins|minutes|м|мин|минут|минуты|минута)\.?$/.test(word)
        ? 'm'
        : null;

/**
 * Reminder offsets as an admin types them: "1 д, 3 ч, 30 мин" (Russian or English units, commas or semicolons).
 * Empty = the kind's default (null); anything unreadable = 'unreadable', named next to the field.
 */
export function parseReminderText(text: string): number[] | null | 'unreadable' {
  const parts = text
    .toLowerCase()
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const out: number[] = [];
  for (const part of parts) {
    const m = /^(\d{1,5})\s*([a-zа-яё.]+)$/.exec(part);
    const unit = m ? unitOf(m[2]!) : null;
    if (!m || !unit) return 'unreadable';
    out.push(Number(m[1]) * unitMinutes[unit]!);
  }
  return out;
}

/** Offsets as the panel shows them, in the words of `unit` ("1 д, 3 ч"): the inverse of `parseReminderText`. */
export function formatReminderOffsets(offsets: readonly number[], unit: (u: 'd' | 'h' | 'm') => string): string {
  return offsets
    .map((minutes) => (minutes % day === 0 ? `${minutes / day} ${unit('d')}` : minutes % 60 === 0 ? `${minutes / 60} ${unit('h')}` : `${minutes} ${unit('m')}`))
    .join(', ');
}
