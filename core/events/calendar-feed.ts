import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { calendarFeeds, eventParticipants, events, people } from '../../db/schema/index.js';
import { serverSecret } from '../admins/secrets.js';
import type { Core } from '../core.js';
import type { Locale } from '../../locales/translator.js';
import { escapeHtml } from '../text/html.js';
import type { OutgoingMessage } from '../vocabulary/message.js';
import { eventsIcs } from './ics.js';

/** Past events stay in a feed this long, so a calendar app does not drop what a person attended last week. */
const keepPastMs = 30 * 86_400_000;

async function feedSecret(core: Core, personId: number, epoch: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(await serverSecret(core, 'calendar-feed')),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`calendar:${personId}:${epoch}`)));
  return btoa(String.fromCharCode(...mac.slice(0, 18)))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

function feedUrl(core: Core, personId: number, secret: string): string {
  return `${core.config.publicUrl}/calendar/${personId}/${secret}.ics`;
}

/** The person's private feed link (made on first use); the same link each time it is asked for. */
export async function calendarFeedLink(core: Core, personId: number): Promise<string> {
  const { db } = core.database;
  await db.insert(calendarFeeds).values({ personId, createdAt: core.clock.now() }).onConflictDoNothing();
  const feed = await db.select().from(calendarFeeds).where(eq(calendarFeeds.personId, personId)).get();
  return feedUrl(core, personId, await feedSecret(core, personId, feed!.epoch));
}

/** A new link for a person whose link leaked: the old one stops working at once. */
export async function renewCalendarFeedLink(core: Core, personId: number): Promise<string> {
  const { db } = core.database;
  await db
    .insert(calendarFeeds)
    .values({ personId, epoch: 1, createdAt: core.clock.now() })
    .onConflictDoUpdate({ target: calendarFeeds.personId, set: { epoch: sql`${calendarFeeds.epoch} + 1` } });
  const feed = await db.select().from(calendarFeeds).where(eq(calendarFeeds.personId, personId)).get();
  return feedUrl(core, personId, await feedSecret(core, personId, feed!.epoch));
}

/** The button under a live feed link that replaces it with a new one (Telegram and MAX alike). */
export const renewCalendarPayload = 'cal:renew';

/** /calendar's answer: the feed's link with its «Новая ссылка» button (every message showing a live link carries it). */
export function feedLinkMessage(core: Core, locale: Locale, link: string): OutgoingMessage {
  return {
    html: core.translate(locale, 'events-feed-link', { link: escapeHtml(link) }),
    noPreview: true,
    buttons: [[{ text: core.translate(locale, 'events-feed-renew'), action: renewCalendarPayload }]],
  };
}

/**
 * The feed behind a link: the events the person signed up for (or waits for a place at), from a month ago on, with
 * the webinar link only where they have a place. `null` for a wrong secret, an old link, or a person who left.
 */
export async function calendarFeedFor(core: Core, personId: number, secret: string): Promise<string | null> {
  const { db } = core.database;
  const row = await db
    .select({ epoch: calendarFeeds.epoch, status: people.status })
    .from(calendarFeeds)
    .innerJoin(people, eq(people.id, calendarFeeds.personId))
    .where(eq(calendarFeeds.personId, personId))
    .get();
  if (!row || row.status !== 'active' || !sameSecret(secret, await feedSecret(core, personId, row.epoch))) return null;
  const now = core.clock.now();
  const rows = await db
    .select({ event: events, status: eventParticipants.status })
    .from(eventParticipants)
    .innerJoin(events, eq(events.id, eventParticipants.eventId))
    .where(
      and(
        eq(eventParticipants.personId, personId),
        inArray(eventParticipants.status, ['going', 'waitlist']),
        ne(events.status, 'draft'),
        gt(events.endsAt, now - keepPastMs),
      ),
    )
    .orderBy(asc(events.startsAt));
  const going = rows.filter((r) => r.status === 'going').map((r) => r.event);
  const waiting = rows.filter((r) => r.status === 'waitlist').map((r) => r.event);
  const name = core.translate('ru', 'events-feed-name');
  // Two files joined would be two calendars; one file, with the link left out of the waiting list's events.
  return eventsIcs([...going, ...waiting.map((e) => ({ ...e, link: null }))], { now, includeLink: true, name });
}

/** Compares secrets in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
