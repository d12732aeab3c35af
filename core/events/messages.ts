import type { events } from '../../db/schema/index.js';
import type { ParticipantStatus } from '../vocabulary/events.js';
import type { Locale } from '../../locales/translator.js';
import type { Core } from '../core.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { escapeHtml } from '../text/html.js';
import { formatEventTime, formatInstant } from '../time/time.js';

type Event = typeof events.$inferSelect;

/** A deep link into the bot that opens an event's card (the bot's /start ev_<id>, parsed in core/events/buttons.ts). */
export function eventDeepLink(core: Core, eventId: number): string {
  return `https://t.me/${core.config.botUsername}?start=ev_${eventId}`;
}

/** Callback data of the event buttons: `ev:<id>:go|no|info` (validated on the way back in core/events/buttons.ts). */
export function eventAction(eventId: number, action: 'go' | 'no' | 'info' | 'ics' | 'came' | 'missed' | 'rate', rating?: number): string {
  return rating === undefined ? `ev:${eventId}:${action}` : `ev:${eventId}:${action}:${rating}`;
}

export function eventButtons(core: Core, event: Event, locale: Locale): MessageButton[][] {
  const t = (key: string) => core.translate(locale, key);
  return [
    [
      { text: t('events-button-go'), action: eventAction(event.id, 'go') },
      { text: t('events-button-no'), action: eventAction(event.id, 'no') },
    ],
    [{ text: t('events-button-info'), action: eventAction(event.id, 'info') }],
  ];
}

/** The lines every event message shares: title, kind, time in the reader's zone, place; the link only for those going. */
function eventLines(core: Core, event: Event, locale: Locale, zone: string, options: { link: boolean; description: boolean }): string[] {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const lines = [`<b>${escapeHtml(event.title)}</b>`, `${t(`event-kind-${event.kind}`)} · ${formatEventTime(event.startsAt, event.endsAt, zone, locale)}`];
  if (event.place) lines.push(t('events-place', { place: escapeHtml(event.place) }));
  if (options.link && event.link) lines.push(t('events-link', { link: escapeHtml(event.link) }));
  if (event.registrationDeadline !== null) {
    lines.push(t('events-deadline', { date: formatInstant(event.registrationDeadline, zone, locale) }));
  }
  if (options.description && event.description) lines.push('', escapeHtml(event.description));
  return lines;
}

export function announcementMessage(core: Core, event: Event, locale: Locale, zone: string): OutgoingMessage {
  const html = [core.translate(locale, 'events-announcement-head'), ...eventLines(core, event, locale, zone, { link: false, description: true })].join('\n');
  return { html, buttons: eventButtons(core, event, locale), noPreview: true };
}

/** The card a person opens (Подробнее, /start ev_<id>, /events): with their status, the link if they are going. */
export function eventCard(core: Core, event: Event, locale: Locale, zone: string, status: ParticipantStatus | null): OutgoingMessage {
  const lines = eventLines(core, event, locale, zone, { link: status === 'going', description: true });
  if (event.status === 'cancelled') lines.push('', core.translate(locale, 'events-card-cancelled'));
  else if (status) lines.push('', core.translate(locale, `events-status-${status}`));
  const open = event.status === 'published';
  const buttons = open ? eventButtons(core, event, locale) : [];
  if (open && status === 'going') buttons.push([{ text: core.translate(locale, 'events-button-ics'), action: eventAction(event.id, 'ics') }]);
  return { html: lines.join('\n'), buttons, noPreview: true };
}

/** /events: the person's upcoming events, numbered, each with their mark, and a «Подробнее N» button per event. */
export function eventListMessage(core: Core, rows: { event: Event; status: ParticipantStatus | null }[], locale: Locale, zone: string): OutgoingMessage {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const lines = rows.map(({ event, status }, i) => {
    const mark = t(`events-mark-${status ?? 'none'}`);
    return `${i + 1}. <b>${escapeHtml(event.title)}</b>\n${formatEventTime(event.startsAt, event.endsAt, zone, locale)}\n${mark}`;
  });
  const buttons = rows.map(({ event }, i) => ({ text: t('events-open', { n: i + 1 }), action: eventAction(event.id, 'info') }));
  const rowsOfFour = Array.from({ length: Math.ceil(buttons.length / 4) }, (_, i) => buttons.slice(i * 4, i * 4 + 4));
  return { html: [t('events-list-title'), '', ...lines].join('\n\n'), buttons: rowsOfFour };
}

export function reminderMessage(core: Core, event: Event, locale: Locale, zone: string): OutgoingMessage {
  const html = [core.translate(locale, 'events-reminder-head'), ...eventLines(core, event, locale, zone, { link: true, description: false })].join('\n');
  return { html, noPreview: true };
}

export function cancellationMessage(core: Core, event: Event, locale: Locale, zone: string): OutgoingMessage {
  const html = [core.translate(locale, 'events-cancelled-head'), ...eventLines(core, event, locale, zone, { link: false, description: false })].join('\n');
  return { html, noPreview: true };
}

export function promotionMessage(core: Core, event: Event, locale: Locale, zone: string): OutgoingMessage {
  const html = [core.translate(locale, 'events-promoted-head'), ...eventLines(core, event, locale, zone, { link: true, description: false })].join('\n');
  return { html, noPreview: true };
}

/** What changed in a published event, old → new in the reader's zone; the link only for those going. */
export interface EventChange {
  time?: { before: Pick<Event, 'startsAt' | 'endsAt'>; after: Pick<Event, 'startsAt' | 'endsAt'> };
  place?: { before: string | null; after: string | null };
  link?: { before: string | null; after: string | null };
}

export function changeMessage(core: Core, event: Event, change: EventChange, locale: Locale, zone: string, going: boolean): OutgoingMessage {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const none = t('events-changed-none');
  const lines = [t('events-changed-head'), `<b>${escapeHtml(event.title)}</b>`];
  if (change.time) {
    const { before, after } = change.time;
    lines.push(
      t('events-changed-time', {
        before: formatEventTime(before.startsAt, before.endsAt, zone, locale),
        after: formatEventTime(after.startsAt, after.endsAt, zone, locale),
      }),
    );
  }
  if (change.place) lines.push(t('events-changed-place', { before: escapeHtml(change.place.before ?? none), after: escapeHtml(change.place.after ?? none) }));
  if (change.link && going)
    lines.push(t('events-changed-link', { before: escapeHtml(change.link.before ?? none), after: escapeHtml(change.link.after ?? none) }));
  return { html: lines.join('\n'), noPreview: true };
}

/** After the event: "Были на мероприятии?" with Да / Нет. */
export function attendanceMessage(core: Core, event: Event, locale: Locale, zone: string): OutgoingMessage {
  const t = (key: string) => core.translate(locale, key);
  const html = [t('events-attendance-question'), `<b>${escapeHtml(event.title)}</b>`, formatEventTime(event.startsAt, event.endsAt, zone, locale)].join('\n');
  return {
    html,
    buttons: [
      [
        { text: t('events-button-came'), action: eventAction(event.id, 'came') },
        { text: t('events-button-missed'), action: eventAction(event.id, 'missed') },
      ],
    ],
    noPreview: true,
  };
}

/** The 1–5 rating buttons offered to one who came. */
export function ratingMessage(core: Core, event: Event, locale: Locale): OutgoingMessage {
  return {
    html: core.translate(locale, 'events-rating-question', { title: escapeHtml(event.title) }),
    buttons: [[1, 2, 3, 4, 5].map((n) => ({ text: `${n} ⭐`, action: eventAction(event.id, 'rate', n) }))],
    noPreview: true,
  };
}
