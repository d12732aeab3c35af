import { offsetAt } from '../time/time.js';

/**
 * The region's quiet hours until an admin sets them on /schedule (the delivery settings): no announcement or
 * reminder arrives between 21:00 and 08:00 local time of the reader. Minutes since local midnight; the span may
 * cross midnight. Read the hours that hold through `quietHoursOf` or the delivery rules, never this default.
 */
export const quietHours = { from: 21 * 60, to: 8 * 60 } as const;
export type QuietHours = { from: number; to: number };

const minute = 60_000;

function localMinuteOfDay(at: number, zone: string): number {
  const local = at + offsetAt(at, zone);
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / minute);
}

/** When the quiet hours that `at` falls in end, in `zone`; null when `at` is outside them. */
export function quietHoursEnd(at: number, zone: string, hours: QuietHours): number | null {
  const m = localMinuteOfDay(at, zone);
  const inside = hours.from > hours.to ? m >= hours.from || m < hours.to : m >= hours.from && m < hours.to;
  if (!inside) return null;
  const untilEnd = (hours.to - m + 24 * 60) % (24 * 60);
  const naive = Math.floor(at / minute) * minute + untilEnd * minute;
  // A clock change inside the span moves its end by the difference of offsets.
  return naive + offsetAt(at, zone) - offsetAt(naive, zone);
}

/**
 * When a message about an event, due at `at`, should go to a person in `zone`: at once, or when their quiet hours
 * end — unless the event starts before they end, then at once (a reminder after the start is no use).
 */
export function outsideQuietHours(at: number, zone: string, eventStartsAt: number, hours: QuietHours): number {
  const end = quietHoursEnd(at, zone, hours);
  return end === null || end >= eventStartsAt ? at : end;
}
