import { Composer, InlineKeyboard } from 'grammy';
import type { Person } from '../../core/directory/people.js';
import { setLanguage, toggleNotification, toggleSubject, updateProfile } from '../../core/directory/people.js';
import { issueLinkCode, linkPayloadPrefix } from '../../core/directory/link-codes.js';
import { regionTimezone } from '../../core/directory/places.js';
import { russianTimezones, subjects } from '../../core/directory/vocabulary.js';
import { describePerson } from '../../core/onboarding/registration.js';
import { timezoneWords } from '../../core/words/words.js';
import { digestChosen } from '../../core/tasks/digests.js';
import { profileButton } from '../callback-data/profile.js';
import { subscriptionButton } from '../callback-data/subscriptions.js';
import type { BotContext } from '../context.js';
import { translation } from '../i18n.js';
import { digestButton } from './tasks.js';

/** /profile: a person's card, and buttons to change subjects, notifications, language and time zone. */
export const profileFeature = new Composer<BotContext>();

profileFeature.chatType('private').command('profile', async (ctx) => {
  if (!ctx.person) return ctx.reply(ctx.t('not-registered'));
  const view = await render(ctx, ctx.person, 'show');
  await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
});

profileFeature.callbackQuery(profileButton.pattern, async (ctx) => {
  const action = profileButton.parse(ctx.callbackQuery.data);
  let person = ctx.person;
  if (!person || !action) return ctx.answerCallbackQuery({ text: ctx.t(person ? 'button-outdated' : 'not-registered') });
  let screen: Screen = 'show';
  switch (action.action) {
    case 'subjects':
    case 'subj':
      if (action.action === 'subj') person = await toggleSubject(ctx.core, person, action.value);
      screen = 'subjects';
      break;
    case 'notif':
    case 'notif-toggle':
      if (action.action === 'notif-toggle') person = await toggleNotification(ctx.core, person, action.value);
      screen = 'notifications';
      break;
    case 'lang':
      person = await setLanguage(ctx.core, person.id, action.value);
      Object.assign(ctx, translation(ctx.core, person.language));
      break;
    case 'tz':
      screen = 'timezone';
      break;
    case 'link': {
      const { code } = await issueLinkCode(ctx.core, person.id);
      await ctx.answerCallbackQuery();
      return ctx.reply(ctx.t('profile-link-code', { command: `/start ${linkPayloadPrefix}${code}` }), { parse_mode: 'HTML' });
    }
    case 'tz-set':
      person = await updateProfile(ctx.core, person.id, { timezone: russianTimezones[action.value] });
      break;
  }
  await ctx.answerCallbackQuery();
  const view = await render(ctx, person, screen);
  await ctx.editMessageText(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard }).catch(ignoreNotModified);
});

type Screen = 'show' | 'subjects' | 'notifications' | 'timezone';

async function render(ctx: BotContext, person: Person, screen: Screen): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const back = () => new InlineKeyboard().text(ctx.t('profile-back'), profileButton.encode('show'));
  switch (screen) {
    case 'subjects': {
      const kb = new InlineKeyboard();
      subjects.forEach((s, i) => {
        kb.text(`${person.subjects.includes(s) ? '✅ ' : ''}${ctx.t(`subject-${s}`)}`, profileButton.encode('subj', s));
        if (i % 2 === 1) kb.row();
      });
      return { text: ctx.t('profile-subjects-title'), keyboard: kb.row().append(back()) };
    }
    case 'notifications': {
      const kb = new InlineKeyboard();
      for (const key of ['reminders', 'announcements'] as const) {
        kb.text(`${person.notifications[key] ? '🔔' : '🔕'} ${ctx.t(`profile-notify-${key}`)}`, profileButton.encode('notif-toggle', key)).row();
      }
      return { text: ctx.t('profile-notifications-title'), keyboard: kb.append(back()) };
    }
    case 'timezone': {
      const kb = new InlineKeyboard();
      russianTimezones.forEach((zone, i) => {
        kb.text(timezoneWords(ctx.core.translate, ctx.locale, zone, ctx.core.clock.now()), profileButton.encode('tz-set', i));
        if (i % 2 === 1) kb.row();
      });
      return { text: ctx.t('profile-timezone-title'), keyboard: kb.row().append(back()) };
    }
    case 'show': {
      const words = (await describePerson(ctx.core, person))(ctx.locale);
      const zone = person.timezone ?? (await regionTimezone(ctx.core));
      const text = ctx.t('profile-card', {
        ...words,
        status: ctx.t(`status-${person.status}`),
        language: ctx.t(`language-${person.language}`),
        timezone: timezoneWords(ctx.core.translate, ctx.locale, zone, ctx.core.clock.now()),
      });
      const keyboard = new InlineKeyboard()
        .text(ctx.t('profile-edit-subjects'), profileButton.encode('subjects'))
        .text(ctx.t('profile-edit-notifications'), profileButton.encode('notif'))
        .row()
        .text(ctx.t('profile-switch-language'), profileButton.encode('lang', person.language === 'ru' ? 'en' : 'ru'))
        .text(ctx.t('profile-edit-timezone'), profileButton.encode('tz'))
        .row()
        .text(ctx.t('subscriptions-open'), subscriptionButton.encode('show'))
        .text(ctx.t('subscriptions-quiet-open'), subscriptionButton.encode('quiet'))
        .row()
        .add(digestButton(ctx, await digestChosen(ctx.core, person.id)))
        .row()
        .text(ctx.t('profile-link-open'), profileButton.encode('link'));
      return { text, keyboard };
    }
  }
}

/** Pressing a button that changes nothing makes Telegram refuse the identical edit; that is fine. */
function ignoreNotModified(error: unknown): void {
  if (error instanceof Error && error.message.includes('message is not modified')) return;
  throw error;
}
