import { Composer } from 'grammy';
import { subscriptionButton } from '../../core/subscriptions/buttons.js';
import { pressSubscription, topicsScreen } from '../../core/subscriptions/screens.js';
import type { BotContext } from '../context.js';
import { replyOptions } from '../messenger.js';

/**
 * /subscriptions: the topics a person hears, as toggle buttons, and what they cannot switch off and why; and the
 * person's own quiet hours, opened from /profile (core/subscriptions/screens.ts). Every screen shows the state as it
 * is now, so old buttons are harmless.
 */
export const subscriptionsFeature = new Composer<BotContext>();

subscriptionsFeature.chatType('private').command('subscriptions', async (ctx) => {
  if (!ctx.person) return ctx.reply(ctx.t('not-registered'));
  const view = await topicsScreen(ctx.core, ctx.person);
  await ctx.reply(view.html, replyOptions(view));
});

subscriptionsFeature.callbackQuery(subscriptionButton.pattern, async (ctx) => {
  const action = subscriptionButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person || !action) return ctx.answerCallbackQuery({ text: ctx.t(person ? 'button-outdated' : 'not-registered') });
  const { screen, notice } = await pressSubscription(ctx.core, person, action);
  await ctx.answerCallbackQuery(notice ? { text: notice } : undefined);
  await ctx.editMessageText(screen.html, replyOptions(screen)).catch(ignoreNotModified);
});

/** Pressing a button that changes nothing makes Telegram refuse the identical edit; that is fine. */
function ignoreNotModified(error: unknown): void {
  if (error instanceof Error && error.message.includes('message is not modified')) return;
  throw error;
}
