import { inArray } from 'drizzle-orm';
import { events } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { offsetWords } from '../words/words.js';
import type { DescribeDue, DueRow } from '../scheduler/due.js';

async function eventsOf(core: Core, rows: DueRow[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.map((r) => Number(r.payload['eventId'])).filter(Number.isInteger))];
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 90) {
    for (const e of await core.database.db
      .select({ id: events.id, title: events.title })
      .from(events)
      .where(inArray(events.id, ids.slice(i, i + 90))))
      out.set(e.id, e.title);
  }
  return out;
}

/** Reminders of one event at one offset are one item: «Напоминание за 1 день: <title>», one recipient per row. */
export const describeEventReminders: DescribeDue = async (core, rows, locale) => {
  const titles = await eventsOf(core, rows);
  return rows.map((r) => {
    const eventId = Number(r.payload['eventId']);
    const offset = String(r.payload['offset'] ?? '');
    return {
      title: core.translate(locale, 'schedule-event-reminder', {
        offset: offsetWords(core.translate, locale, offset),
        title: titles.get(eventId) ?? `#${eventId}`,
      }),
      recipients: 1,
      link: `/events/${eventId}`,
      group: `${eventId}:${offset}`,
    };
  });
};

/** The "Были на мероприятии?" questions of one event are one item. */
export const describeEventAttendance: DescribeDue = async (core, rows, locale) => {
  const titles = await eventsOf(core, rows);
  return rows.map((r) => {
    const eventId = Number(r.payload['eventId']);
    return {
      title: core.translate(locale, 'schedule-event-attendance', { title: titles.get(eventId) ?? `#${eventId}` }),
      recipients: 1,
      link: `/events/${eventId}`,
      group: String(eventId),
    };
  });
};
