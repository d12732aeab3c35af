import { profileButton } from '../core/directory/profile-buttons.js';
import { pressProfile, profileScreen } from '../core/onboarding/profile.js';
import { setDigestChosen } from '../core/tasks/digests.js';
import type { MaxTurn } from './turn.js';

/**
 * /profile on MAX, as on Telegram (bot/features/profile.ts): the card and its screens are the domain's
 * (core/onboarding/profile.ts) with Telegram's payloads (`prof:…`, `subs:…`, `tkd:on|off`); a press is answered with
 * the next screen in place of the pressed message. Every choice is a button, so nothing waits for typed input.
 */
export const profilePayloads = { profile: profileButton.pattern, digest: /^tkd:/ };

export async function profile(turn: MaxTurn): Promise<void> {
  if (!turn.person) return void (await turn.reply(turn.t('not-registered')));
  await turn.reply(await profileScreen(turn.core, turn.person, 'show'));
}

/** A `prof:` button: subjects, notifications, language, time zone, or a linking code for the other messenger. */
export async function profilePress(turn: MaxTurn, payload: string): Promise<void> {
  const action = profileButton.parse(payload);
  const person = turn.person;
  if (!person || !action) return turn.answer({ notification: turn.t(person ? 'button-outdated' : 'not-registered') });
  const outcome = await pressProfile(turn.core, person, action);
  // A new language: the answer and all that follows are in it.
  turn.person = outcome.person;
  turn.locale = outcome.person.language;
  if ('screen' in outcome) return turn.answer({ message: outcome.screen });
  await turn.answer();
  await turn.reply(outcome.reply);
}

/** The daily digest's button on the card (`tkd:on|off`, the state wanted): the card comes back with it turned. */
export async function digestPress(turn: MaxTurn, payload: string): Promise<void> {
  const person = turn.person;
  const wanted = /^tkd:(on|off)$/.exec(payload)?.[1];
  if (!person || !wanted) return turn.answer({ notification: turn.t(person ? 'button-outdated' : 'not-registered') });
  const on = wanted === 'on';
  if (person.status !== 'active') return turn.answer({ notification: turn.t('events-not-active') });
  await setDigestChosen(turn.core, person.id, on);
  await turn.answer({ notification: turn.t(on ? 'task-digest-on' : 'task-digest-off'), message: await profileScreen(turn.core, person, 'show') });
}
