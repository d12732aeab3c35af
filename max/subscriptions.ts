import { subscriptionButton } from '../core/subscriptions/buttons.js';
import { pressSubscription, topicsScreen } from '../core/subscriptions/screens.js';
import type { MaxTurn } from './turn.js';

/**
 * /subscriptions on MAX, as on Telegram (bot/features/subscriptions.ts): the topics a person hears and their own
 * quiet hours, the domain's screens (core/subscriptions/screens.ts) with Telegram's `subs:…` payloads. A press is
 * answered with the screen as it is now, so an old keyboard only shows the current state.
 */
export const subscriptionPayload = subscriptionButton.pattern;

export async function subscriptionsList(turn: MaxTurn): Promise<void> {
  if (!turn.person) return void (await turn.reply(turn.t('not-registered')));
  await turn.reply(await topicsScreen(turn.core, turn.person));
}

export async function subscriptionPress(turn: MaxTurn, payload: string): Promise<void> {
  const action = subscriptionButton.parse(payload);
  const person = turn.person;
  if (!person || !action) return turn.answer({ notification: turn.t(person ? 'button-outdated' : 'not-registered') });
  const { screen, notice } = await pressSubscription(turn.core, person, action);
  await turn.answer({ notification: notice, message: screen });
}
