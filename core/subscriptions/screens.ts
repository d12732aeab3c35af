import type { Core } from '../core.js';
import { deliverySettings, ownQuietHours, setOwnQuietHours } from '../deliveries/delivery-rules.js';
import type { QuietHours } from '../deliveries/quiet-hours.js';
import type { Person } from '../directory/people.js';
import { profileButton } from '../directory/profile-buttons.js';
import { DomainError } from '../errors.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { quietChoices, subscriptionButton, type SubscriptionAction } from './buttons.js';
import { setOwnSubscription, topicStates } from './subscriptions.js';

/**
 * The screens of /subscriptions (the topics a person hears, as toggle buttons, and what they cannot switch off) and
 * of their own quiet hours, opened from /profile: channel-neutral, so Telegram and MAX show the same words and
 * buttons. Every screen shows the state as it is now, so an old button is harmless.
 */

/** The topics screen, in the person's language. */
export async function topicsScreen(core: Core, person: Person): Promise<OutgoingMessage> {
  const t = (key: string) => core.translate(person.language, key);
  const states = await topicStates(core, person);
  const buttons: MessageButton[][] = states.map((s) => [
    { text: `${s.subscribed ? '✅' : '▫️'} ${s.topic.name}`, action: subscriptionButton.encode(s.subscribed ? 'off' : 'on', s.topic.id) },
  ]);
  buttons.push([{ text: t('profile-back'), action: profileButton.encode('show') }]);
  const html = [t(states.length ? 'subscriptions-title' : 'subscriptions-none'), '', t('subscriptions-required')].join('\n');
  return { html, buttons };
}

function hoursLabel(h: QuietHours): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(h.from)}–${hhmm(h.to)}`;
}

/** The quiet hours screen: the region's hours or one of `quietChoices`, the current one marked. */
export async function quietScreen(core: Core, person: Person): Promise<OutgoingMessage> {
  const t = (key: string, args?: Record<string, string>) => core.translate(person.language, key, args);
  const own = await ownQuietHours(core, person.id);
  const region = t('subscriptions-quiet-region', { hours: hoursLabel((await deliverySettings(core)).quietHours) });
  const choices = quietChoices.map((choice, i): MessageButton => {
    const current = choice === null ? own === null : own !== null && own.from === choice.from && own.to === choice.to;
    return { text: `${current ? '● ' : ''}${choice === null ? region : hoursLabel(choice)}`, action: subscriptionButton.encode('q', i) };
  });
  const buttons = [...inPairs(choices), [{ text: t('profile-back'), action: profileButton.encode('show') }]];
  return { html: t('subscriptions-quiet-title', { hours: own ? hoursLabel(own) : region }), buttons };
}

/**
 * A press of a `subs:` button: the change it asks for, the screen to show in place of the pressed message, and a
 * short notice of what changed (none when nothing did: an old keyboard only shows the state again).
 */
export async function pressSubscription(core: Core, person: Person, action: SubscriptionAction): Promise<{ screen: OutgoingMessage; notice?: string }> {
  const t = (key: string) => core.translate(person.language, key);
  switch (action.action) {
    case 'on':
    case 'off': {
      let notice: string | undefined;
      try {
        const { changed } = await setOwnSubscription(core, person, action.value, action.action === 'on');
        if (changed) notice = t(action.action === 'on' ? 'subscriptions-subscribed' : 'subscriptions-unsubscribed');
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'not-found')) throw error;
        notice = t('subscriptions-topic-gone');
      }
      return { screen: await topicsScreen(core, person), notice };
    }
    case 'show':
      return { screen: await topicsScreen(core, person) };
    case 'q':
      await setOwnQuietHours(core, person.id, quietChoices[action.value] ?? null);
      return { screen: await quietScreen(core, person), notice: t('subscriptions-quiet-saved') };
    case 'quiet':
      return { screen: await quietScreen(core, person) };
  }
}

/** Buttons two to a row, as the profile's choices are laid out. */
export function inPairs<T>(items: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / 2) }, (_, i) => items.slice(i * 2, i * 2 + 2));
}
