import { giveConsent } from '../core/directory/people.js';
import { resumePerson, stopPerson } from '../core/deliveries/recipients.js';
import { erasePerson } from '../core/erasure/erasure.js';
import { invitePrefix } from '../core/onboarding/invites.js';
import { linkFromStart } from '../core/directory/link-codes.js';
import { escapeHtml } from '../core/text/html.js';
import { showEventCard } from './events.js';
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
