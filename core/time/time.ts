import type { Locale } from '../../locales/translator.js';

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * Intl.DateTimeFormat objects are costly to build (a reminder to 10,000 people formats 10,000 times): one per
 * options and zone, kept. Few distinct keys exist (two languages, a handful of zones).
 */
const formats = new Map<string, Intl.DateTimeFormat>();
function format(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    if (formats.size > 500) formats.clear();
    f = new Intl.DateTimeFormat(tag, options);
    formats.set(key, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Moscow: +3 h). */
export function offsetAt(ms: number, timeZone: string): number {
  const parts = format('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * A `YYYY-MM-DDTHH:MM` typed in a zone (the panel's datetime-local field) as UTC ms; NaN when it is not such a value
 * or names no real date (31 February).
 */
export function localToUtc(value: string, timeZone: string): number {
  const m = localPattern.exec(value.trim());
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(naive);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return Number.NaN;
  // Two passes settle the offset across a DST change (Russia has none now, but the zone database may).
  let utc = naive - offsetAt(naive, timeZone);
  utc = naive - offsetAt(utc, timeZone);
  return utc;
}

/** UTC ms as the value of a datetime-local field in a zone. */
export function utcToLocalInput(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const local = new Date(ms + offsetAt(ms, timeZone));
  return local.toISOString().slice(0, 16);
}

/** "UTC+3" for a zone at an instant. */
function zoneLabel(ms: number, timeZone: string): string {
  const name =
    format('en', { timeZone, timeZoneName: 'shortOffset' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return name === 'GMT' ? 'UTC' : name.replace('GMT', 'UTC');
}

/** The Intl tag a locale's dates are written in (British English: day before month, a 24-hour clock). */
export const intlTag = (locale: string): string => (locale === 'en' ? 'en-GB' : 'ru-RU');

/**
 * An event's time as a person reads it, in their zone: "вт, 24 ноября, 15:00–16:30 (UTC+3)";
 * a multi-day event names both days.
 */
export function formatEventTime(startsAt: number, endsAt: number, timeZone: string, locale: Locale): string {
  const tag = intlTag(locale);
  const day = format(tag, { timeZone, weekday: 'short', day: 'numeric', month: 'long' });
  const time = format(tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sameDay = day.format(startsAt) === day.format(endsAt) && endsAt - startsAt < 86_400_000;
  const text = sameDay
    ? `${day.format(startsAt)}, ${time.format(startsAt)}–${time.format(endsAt)}`
    : `${day.format(startsAt)}, ${time.format(startsAt)} — ${day.format(endsAt)}, ${time.format(endsAt)}`;
  return `${text} (${zoneLabel(startsAt, timeZone)})`;
}

/** One instant as a person reads it: "вт, 24 ноября, 15:00 (UTC+3)". */
export function formatInstant(ms: number, timeZone: string, locale: Locale): string {
  const tag = intlTag(locale);
  const text = format(tag, { timeZone, weekday: 'short', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  return `${text} (${zoneLabel(ms, timeZone)})`;
}
