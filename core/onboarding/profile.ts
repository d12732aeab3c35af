import type { Core } from '../core.js';
import { issueLinkCode, linkPayloadPrefix } from '../directory/link-codes.js';
import { setLanguage, toggleNotification, toggleSubject, updateProfile, type Person } from '../directory/people.js';
import { regionTimezone } from '../directory/places.js';
import { profileButton, type ProfileAction } from '../directory/profile-buttons.js';
import { russianTimezones, subjects } from '../directory/vocabulary.js';
import { subscriptionButton } from '../subscriptions/buttons.js';
import { inPairs } from '../subscriptions/screens.js';
import { digestButton, digestChosen } from '../tasks/digests.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { timezoneWords } from '../words/words.js';
import { describePerson } from './registration.js';

/**
 * /profile as both messengers show it: the person's card with buttons to change subjects, notifications, language
 * and time zone (and to open subscriptions, quiet hours, the daily digest, linking the other messenger), each
 * screen a channel-neutral message in the person's language. Telegram edits the pressed message into the next
 * screen, MAX answers the press with it.
 */
export type ProfileScreen = 'show' | 'subjects' | 'notifications' | 'timezone';

export async function profileScreen(core: Core, person: Person, screen: ProfileScreen): Promise<OutgoingMessage> {
  const locale = person.language;
  const t = (key: string) => core.translate(locale, key);
  const back: MessageButton[] = [{ text: t('profile-back'), action: profileButton.encode('show') }];
  switch (screen) {
    case 'subjects': {
      const choices = subjects.map((s) => ({
        text: `${person.subjects.includes(s) ? '✅ ' : ''}${t(`subject-${s}`)}`,
        action: profileButton.encode('subj', s),
      }));
      return { html: t('profile-subjects-title'), buttons: [...inPairs(choices), back] };
    }
    case 'notifications': {
      const toggles = (['reminders', 'announcements'] as const).map((key) => [
        { text: `${person.notifications[key] ? '🔔' : '🔕'} ${t(`profile-notify-${key}`)}`, action: profileButton.encode('notif-toggle', key) },
      ]);
      return { html: t('profile-notifications-title'), buttons: [...toggles, back] };
    }
    case 'timezone': {
      const zones = russianTimezones.map((zone, i) => ({
        text: timezoneWords(core.translate, locale, zone, core.clock.now()),
        action: profileButton.encode('tz-set', i),
      }));
      return { html: t('profile-timezone-title'), buttons: [...inPairs(zones), back] };
    }
    case 'show': {
      const words = (await describePerson(core, person))(locale);
      const zone = person.timezone ?? (await regionTimezone(core));
      const html = core.translate(locale, 'profile-card', {
        ...words,
        status: t(`status-${person.status}`),
        language: t(`language-${person.language}`),
        timezone: timezoneWords(core.translate, locale, zone, core.clock.now()),
      });
      const buttons: MessageButton[][] = [
        [
          { text: t('profile-edit-subjects'), action: profileButton.encode('subjects') },
          { text: t('profile-edit-notifications'), action: profileButton.encode('notif') },
        ],
        [
          { text: t('profile-switch-language'), action: profileButton.encode('lang', person.language === 'ru' ? 'en' : 'ru') },
          { text: t('profile-edit-timezone'), action: profileButton.encode('tz') },
        ],
        [
          { text: t('subscriptions-open'), action: subscriptionButton.encode('show') },
          { text: t('subscriptions-quiet-open'), action: subscriptionButton.encode('quiet') },
        ],
        [digestButton(core, locale, await digestChosen(core, person.id))],
        [{ text: t('profile-link-open'), action: profileButton.encode('link') }],
      ];
      return { html, buttons };
    }
  }
}

/**
 * A press of a `prof:` button: the change it asks for, then either the screen to show in place of the pressed
 * message, or (for «Подключить другой мессенджер») a new message with a one-time linking code. `person` comes back
 * changed (a new language: what follows is in it).
 */
export async function pressProfile(
  core: Core,
  person: Person,
  action: ProfileAction,
): Promise<{ person: Person; screen: OutgoingMessage } | { person: Person; reply: OutgoingMessage }> {
  let screen: ProfileScreen = 'show';
  switch (action.action) {
    case 'subjects':
    case 'subj':
      if (action.action === 'subj') person = await toggleSubject(core, person, action.value);
      screen = 'subjects';
      break;
    case 'notif':
    case 'notif-toggle':
      if (action.action === 'notif-toggle') person = await toggleNotification(core, person, action.value);
      screen = 'notifications';
      break;
    case 'lang':
      person = await setLanguage(core, person.id, action.value);
      break;
    case 'tz':
      screen = 'timezone';
      break;
    case 'tz-set':
      person = await updateProfile(core, person.id, { timezone: russianTimezones[action.value] });
      break;
    case 'link': {
      const { code } = await issueLinkCode(core, person.id);
      return { person, reply: { html: core.translate(person.language, 'profile-link-code', { command: `/start ${linkPayloadPrefix}${code}` }) } };
    }
    case 'show':
      break;
  }
  return { person, screen: await profileScreen(core, person, screen) };
}
