import { personZone } from '../core/directory/zones.js';
import { eventButton } from '../core/events/buttons.js';
import { attendanceNoticeKey, rateEvent, recordAttendance, takeComment } from '../core/events/feedback.js';
import { eventListMessage, ratingMessage } from '../core/events/messages.js';
import { decline, eventCardFor, eventIcsFor, eventIcsName, signUp, signUpNoticeKey, upcomingEventsFor } from '../core/events/participation.js';
import { DomainError } from '../core/errors.js';
import { escapeHtml } from '../core/text/html.js';
import type { MaxTurn } from './turn.js';

/**
 * Events on MAX, as on Telegram (bot/features/events.ts) by the same domain calls: /events, the card, and every
 * button of an event message (`ev:<id>:…`, Telegram's payloads): «Пойду», «Не смогу», «Подробнее», «Добавить в
 * календарь» (the .ics uploaded to MAX as a file), after the event «Да» / «Нет» and the 1–5 rating, and the comment
 * typed after a rating.
 */

/** The card of an event (a deep link, «Подробнее», /events). */
export async function showEventCard(turn: MaxTurn, eventId: number): Promise<void> {
  const person = turn.person;
  if (!person || person.status !== 'active') return void (await turn.reply(turn.t(person ? 'events-not-active' : 'not-registered')));
  await turn.reply(await eventCardFor(turn.core, person, eventId, turn.locale));
}

export async function events(turn: MaxTurn): Promise<void> {
  const person = turn.person;
  if (!person) return void (await turn.reply(turn.t('not-registered')));
  if (person.status !== 'active') return void (await turn.reply(turn.t('events-not-active')));
  const rows = await upcomingEventsFor(turn.core, person);
  if (rows.length === 0) return void (await turn.reply(turn.t('events-none')));
  await turn.reply(eventListMessage(turn.core, rows, turn.locale, await personZone(turn.core, person)));
}

/** A button of an event message; a stale or forged one, or an event not the presser's, is answered, never acted on. */
export async function eventPress(turn: MaxTurn, payload: string): Promise<void> {
  const action = eventButton.parse(payload);
  const person = turn.person;
  if (!person) return turn.answer({ notification: turn.t('not-registered') });
  if (!action) return turn.answer({ notification: turn.t('button-outdated') });
  if (person.status !== 'active') return turn.answer({ notification: turn.t('events-not-active') });
  try {
    switch (action.action) {
      case 'info':
        await turn.answer();
        return showEventCard(turn, action.eventId);
      case 'go': {
        const result = await signUp(turn.core, person, action.eventId);
        await turn.answer({ notification: turn.t(signUpNoticeKey(result)) });
        if (result.changed) await showEventCard(turn, action.eventId);
        return;
      }
      case 'no': {
        const result = await decline(turn.core, person, action.eventId);
        return turn.answer({ notification: turn.t(result.changed ? 'events-declined' : 'events-already-declined') });
      }
      case 'ics': {
        const ics = await eventIcsFor(turn.core, person, action.eventId);
        if (ics === null) return turn.answer({ notification: turn.t('events-ics-going-only') });
        await turn.answer();
        await turn.replyWithFile(new TextEncoder().encode(ics), eventIcsName, turn.t('events-ics-caption'));
        return;
      }
      case 'came':
      case 'missed': {
        const came = action.action === 'came';
        const result = await recordAttendance(turn.core, person, action.eventId, came);
        await turn.answer({ notification: turn.t(attendanceNoticeKey(came, result.changed)) });
        if (result.changed && came) await turn.reply(ratingMessage(turn.core, result.event, turn.locale));
        return;
      }
      case 'rate': {
        const result = await rateEvent(turn.core, person, action.eventId, action.rating);
        await turn.answer({ notification: turn.t(result.changed ? 'events-rated' : 'events-rated-already') });
        if (result.changed) await turn.reply(turn.t('events-comment-invite'));
        return;
      }
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await turn.answer({ notification: turn.t(error.code === 'not-found' ? 'events-not-found' : `error-${error.code}`) });
  }
}

/**
 * The comment after a rating: the next text from one who rated an event within the window. False when nothing
 * awaits a comment from them (commands and other texts go on to the other features).
 */
export async function eventComment(turn: MaxTurn, text: string): Promise<boolean> {
  const person = turn.person;
  if (!person || person.status !== 'active' || text.startsWith('/')) return false;
  const event = await takeComment(turn.core, person, text);
  if (!event) return false;
  await turn.reply({ html: turn.t('events-comment-saved', { title: escapeHtml(event.title) }) });
  return true;
}
