import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { events } from '../../db/schema/index.js';

type Event = typeof events.$inferSelect;

/** What an .ics needs of an event (reminders are the calendar app's business, not the file's). */
export type IcsEvent = Pick<Event, 'id' | 'title' | 'description' | 'startsAt' | 'endsAt' | 'place' | 'link' | 'status' | 'createdAt' | 'updatedAt'>;

export interface IcsOptions {
  /** DTSTAMP: when the file was made. */
  now: number;
  /** Whether the link goes in (only for those who may see it). */
  includeLink: boolean;
  /** The calendar's name in the app that subscribes to it (a feed); a single event's file has none. */
  name?: string;
}

/**
 * Events as an iCalendar file (RFC 5545: escaping, folding at 75 octets and CRLF are ical-generator's): one event for
 * a download in the bot or the panel, or a person's whole feed. UIDs are stable, so a calendar app updates an event
 * it already has (a moved time, a cancellation) instead of adding a second one.
 */
export function eventsIcs(list: readonly IcsEvent[], options: IcsOptions): string {
  const calendar = ical({
    prodId: { company: 'Mayak', product: 'Events', language: 'RU' },
    method: ICalCalendarMethod.PUBLISH,
    ...(options.name ? { name: options.name } : {}),
  });
  for (const event of list) {
    const link = options.includeLink ? event.link : null;
    calendar.createEvent({
      id: `event-${event.id}@mayak`,
      stamp: new Date(options.now),
      start: new Date(event.startsAt),
      end: new Date(event.endsAt),
      // Seconds since creation only grow, so each edit is a newer version to the calendar app.
      sequence: Math.max(0, Math.floor((event.updatedAt - event.createdAt) / 1000)),
      summary: event.title,
      description: [event.description, link ?? ''].filter(Boolean).join('\n\n') || null,
      location: event.place ?? link ?? null,
      url: link ?? null,
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // RFC 5545 ends every content line, the last one too, with CRLF; some clients reject a file without it.
  return `${calendar.toString()}\r\n`;
}

export function eventIcs(event: IcsEvent, options: IcsOptions): string {
  return eventsIcs([event], options);
}
