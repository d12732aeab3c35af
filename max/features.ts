import { giveConsent } from '../core/directory/people.js';
import { personZone } from '../core/directory/zones.js';
import { resumePerson, stopPerson } from '../core/deliveries/recipients.js';
import { erasePerson } from '../core/erasure/erasure.js';
import { participation } from '../core/events/events.js';
import { eventCard } from '../core/events/messages.js';
import { decline, eventForPerson, signUp, signUpNoticeKey, upcomingEventsFor } from '../core/events/participation.js';
import { DomainError } from '../core/errors.js';
import { invitePrefix } from '../core/onboarding/invites.js';
import { linkFromStart } from '../core/directory/link-codes.js';
import { escapeHtml } from '../core/text/html.js';
import { formatEventTime } from '../core/time/time.js';
import { beginRegistration } from './registration.js';
import type { MaxTurn } from './turn.js';

/**
 * What the bot does on MAX, feature by feature, each the same as on Telegram (bot/features/*) in the same words and
 * by the same domain calls; only the answering differs (MaxTurn). The buttons' payloads are Telegram's
 * (`ev:<id>:go`, `consent:yes`, `delme:yes`), so a message the outbox renders for either messenger works on both.
 */

/** The commands of MAX's menu, a subset of Telegram's (the features built for MAX so far). */
export const maxCommands = ['start', 'events', 'calendar', 'tasks', 'surveys', 'subscriptions', 'profile', 'help', 'stop', 'delete_me', 'cancel'] as const;

/** /start or the bot opened from a link (`bot_started` with its payload): register, come back, or open an event. */
export async function start(turn: MaxTurn, payload: string): Promise<void> {
  const linked = await linkFromStart(turn.core, payload, 'max', turn.userId, turn.chatId);
  if (linked) return void (await turn.reply(turn.t(`link-${linked}`)));
  const inviteCode = payload.startsWith(invitePrefix) ? payload.slice(invitePrefix.length) : null;
  let person = turn.person;
  if (person?.status === 'deactivated') return void (await turn.reply(turn.t('start-deactivated')));
  if (person && person.consentAt === null && person.status !== 'rejected') {
    await turn.reply({
      html: turn.t('consent-request', { operator: escapeHtml(turn.core.config.operatorName), url: turn.core.config.privacyPolicyUrl }),
      buttons: [
        [
          { text: turn.t('consent-yes'), action: 'consent:yes' },
          { text: turn.t('consent-no'), action: 'consent:no' },
        ],
      ],
    });
    return;
  }
  if (person && person.status !== 'rejected') {
    if (inviteCode) await turn.reply(turn.t('start-already-registered'));
    if (person.status === 'stopped' || person.status === 'blocked') {
      person = await resumePerson(turn.core, person);
      turn.person = person;
      await turn.reply(turn.t('start-resumed'));
    }
    const event = /^ev_([0-9]{1,15})$/.exec(payload);
    if (event && person.status === 'active') return showEventCard(turn, Number(event[1]));
    await turn.reply(turn.t(person.status === 'pending' ? 'start-pending' : 'start-welcome-back', { name: person.fullName ?? '' }));
    return;
  }
  await turn.reply(turn.t('start-greeting'));
  await beginRegistration(turn, inviteCode);
}

/** Someone an admin imported starts the bot: consent before anything is sent; declining erases the import. */
export async function consent(turn: MaxTurn, yes: boolean): Promise<void> {
  const person = turn.person;
  await turn.dropButtons();
  await turn.answer();
  if (!person || person.consentAt !== null) return;
  if (yes) {
    await giveConsent(turn.core, person.id);
    await turn.reply(turn.t('registration-done-active'));
  } else {
    await erasePerson(turn.core, person);
    await turn.reply(turn.t('consent-declined'));
  }
}

export async function help(turn: MaxTurn): Promise<void> {
  if (!turn.person) return void (await turn.reply(turn.t('help-newcomer')));
  const lines = maxCommands.map((command) => `/${command} — ${turn.t(`command-${command.replace('_', '-')}`)}`);
  await turn.reply([turn.t('help-registered'), ...lines].join('\n'));
}

export async function stop(turn: MaxTurn): Promise<void> {
  if (!turn.person) return void (await turn.reply(turn.t('not-registered')));
  await stopPerson(turn.core, turn.person.id);
  await turn.reply(turn.t('stop-done'));
}

export async function deleteMe(turn: MaxTurn): Promise<void> {
  if (!turn.person) return void (await turn.reply(turn.t('not-registered')));
  await turn.reply({
    html: escapeHtml(turn.t('delete-me-confirm')),
    buttons: [[{ text: turn.t('delete-me-yes'), action: 'delme:yes' }], [{ text: turn.t('delete-me-no'), action: 'delme:no' }]],
  });
}

export async function deleteMeAnswer(turn: MaxTurn, yes: boolean): Promise<void> {
  const text = !yes ? 'delete-me-kept' : turn.person ? 'delete-me-done' : 'not-registered';
  if (yes && turn.person) await erasePerson(turn.core, turn.person);
  await turn.answer({ message: { html: escapeHtml(turn.t(text)) } });
}

/** The card of an event (a deep link, «Подробнее», /events). */
export async function showEventCard(turn: MaxTurn, eventId: number): Promise<void> {
  const person = turn.person;
  if (!person || person.status !== 'active') return void (await turn.reply(turn.t(person ? 'events-not-active' : 'not-registered')));
  let event;
  try {
    event = await eventForPerson(turn.core, eventId, person);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return void (await turn.reply(turn.t(error.code === 'not-found' ? 'events-not-found' : `error-${error.code}`)));
  }
  const status = await participation(turn.core, eventId, person.id);
  await turn.reply(eventCard(turn.core, event, turn.locale, await personZone(turn.core, person), status));
}

export async function events(turn: MaxTurn): Promise<void> {
  const person = turn.person;
  if (!person) return void (await turn.reply(turn.t('not-registered')));
  if (person.status !== 'active') return void (await turn.reply(turn.t('events-not-active')));
  const rows = await upcomingEventsFor(turn.core, person);
  if (rows.length === 0) return void (await turn.reply(turn.t('events-none')));
  const zone = await personZone(turn.core, person);
  const lines = rows.map(({ event, status }, i) => {
    const mark = turn.t(`events-mark-${status ?? 'none'}`);
    return `${i + 1}. <b>${escapeHtml(event.title)}</b>\n${formatEventTime(event.startsAt, event.endsAt, zone, turn.locale)}\n${mark}`;
  });
  const buttons = rows.map(({ event }, i) => ({ text: turn.t('events-open', { n: i + 1 }), action: `ev:${event.id}:info` }));
  const rowsOfFour = Array.from({ length: Math.ceil(buttons.length / 4) }, (_, i) => buttons.slice(i * 4, i * 4 + 4));
  await turn.reply({ html: [turn.t('events-list-title'), '', ...lines].join('\n\n'), buttons: rowsOfFour });
}

/** An event's buttons: «Пойду», «Не смогу», «Подробнее» (`ev:<id>:go|no|info`). */
export async function eventPress(turn: MaxTurn, eventId: number, action: string): Promise<void> {
  const person = turn.person;
  if (!person) return turn.answer({ notification: turn.t('not-registered') });
  if (person.status !== 'active') return turn.answer({ notification: turn.t('events-not-active') });
  try {
    if (action === 'info') {
      await turn.answer();
      return showEventCard(turn, eventId);
    }
    if (action === 'go') {
      const result = await signUp(turn.core, person, eventId);
      const key = signUpNoticeKey(result);
      await turn.answer({ notification: turn.t(key) });
      if (result.changed) await showEventCard(turn, eventId);
      return;
    }
    if (action === 'no') {
      const result = await decline(turn.core, person, eventId);
      return turn.answer({ notification: turn.t(result.changed ? 'events-declined' : 'events-already-declined') });
    }
    // The rest (an .ics file, attendance and ratings) is Telegram's for now.
    await turn.answer({ notification: turn.t('max-telegram-only') });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await turn.answer({ notification: turn.t(`error-${error.code}`) });
  }
}
