import { Composer } from 'grammy';
import { profileButton } from '../../core/directory/profile-buttons.js';
import { pressProfile, profileScreen } from '../../core/onboarding/profile.js';
import type { BotContext } from '../context.js';
import { translation } from '../i18n.js';
import { replyOptions } from '../messenger.js';

/** /profile: a person's card, and buttons to change subjects, notifications, language and time zone (core/onboarding/profile.ts). */
export const profileFeature = new Composer<BotContext>();

profileFeature.chatType('private').command('profile', async (ctx) => {
  if (!ctx.person) return ctx.reply(ctx.t('not-registered'));
  const view = await profileScreen(ctx.core, ctx.person, 'show');
  await ctx.reply(view.html, replyOptions(view));
});

profileFeature.callbackQuery(profileButton.pattern, async (ctx) => {
  const action = profileButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person || !action) return ctx.answerCallbackQuery({ text: ctx.t(person ? 'button-outdated' : 'not-registered') });
  const outcome = await pressProfile(ctx.core, person, action);
  ctx.person = outcome.person;
  Object.assign(ctx, translation(ctx.core, outcome.person.language));
  await ctx.answerCallbackQuery();
  if ('reply' in outcome) return ctx.reply(outcome.reply.html, replyOptions(outcome.reply));
  await ctx.editMessageText(outcome.screen.html, replyOptions(outcome.screen)).catch(ignoreNotModified);
});

/** Pressing a button that changes nothing makes Telegram refuse the identical edit; that is fine. */
function ignoreNotModified(error: unknown): void {
  if (error instanceof Error && error.message.includes('message is not modified')) return;
  throw error;
}
