import { calendarFeedLink, feedLinkMessage, renewCalendarFeedLink } from '../core/events/calendar-feed.js';
import { escapeHtml } from '../core/text/html.js';
import type { MaxTurn } from './turn.js';

/**
 * /calendar on MAX, as on Telegram (bot/features/events.ts): the person's private feed link of the events they
 * signed up for, to subscribe to in any calendar app, and «Новая ссылка» (`cal:renew`) for a link that leaked.
 */
export async function calendar(turn: MaxTurn): Promise<void> {
  const person = turn.person;
  if (!person) return void (await turn.reply(turn.t('not-registered')));
  if (person.status !== 'active') return void (await turn.reply(turn.t('events-not-active')));
  await turn.reply(feedLinkMessage(turn.core, turn.locale, await calendarFeedLink(turn.core, person.id)));
}

/** «Новая ссылка»: the old link stops working; its message keeps neither it nor the button, the new one follows. */
export async function renewCalendar(turn: MaxTurn): Promise<void> {
  const person = turn.person;
  if (!person || person.status !== 'active') return turn.answer({ notification: turn.t(person ? 'events-not-active' : 'not-registered') });
  const link = await renewCalendarFeedLink(turn.core, person.id);
  await turn.answer({ notification: turn.t('events-feed-renewed'), message: { html: escapeHtml(turn.t('events-feed-revoked')) } });
  await turn.reply(feedLinkMessage(turn.core, turn.locale, link));
}
