import type { events } from '../../db/schema/index.js';

type Event = typeof events.$inferSelect;

/** RFC 5545 TEXT escaping: backslash, semicolon, comma, newline. */
export function escapeIcsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** UTC as 20261125T120000Z. */
export function icsUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const encoder = new TextEncoder();

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character; continuation lines start with a space. */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

export interface IcsOptions {
  /** DTSTAMP: when the file was made. */
  now: number;
  /** Whether the link goes in (only for those who may see it). */
  includeLink: boolean;
}

/** One event as an iCalendar file (VCALENDAR with one VEVENT), CRLF line endings, folded, UTC times. */
/** What an .ics needs of an event (reminders are the calendar app's business, not the file's). */
export type IcsEvent = Pick<Event, 'id' | 'title' | 'description' | 'startsAt' | 'endsAt' | 'place' | 'link' | 'status' | 'createdAt' | 'updatedAt'>;

export function eventIcs(event: IcsEvent, options: IcsOptions): string {
  const description = [event.description, options.includeLink && event.link ? event.link : ''].filter(Boolean).join('\n\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Mayak//Events//RU',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:event-${event.id}@mayak`,
    `DTSTAMP:${icsUtc(options.now)}`,
    `DTSTART:${icsUtc(event.startsAt)}`,
    `DTEND:${icsUtc(event.endsAt)}`,
    `SEQUENCE:${Math.max(0, Math.floor((event.updatedAt - event.createdAt) / 1000))}`,
    `SUMMARY:${escapeIcsText(event.title)}`,
    ...(description ? [`DESCRIPTION:${escapeIcsText(description)}`] : []),
    ...(event.place ? [`LOCATION:${escapeIcsText(event.place)}`] : options.includeLink && event.link ? [`LOCATION:${escapeIcsText(event.link)}`] : []),
    ...(options.includeLink && event.link ? [`URL:${event.link}`] : []),
    `STATUS:${event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
