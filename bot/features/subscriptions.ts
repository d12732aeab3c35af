import { Composer, InlineKeyboard } from 'grammy';
import { deliverySettings, ownQuietHours, setOwnQuietHours } from '../../core/deliveries/delivery-rules.js';
import type { QuietHours } from '../../core/deliveries/quiet-hours.js';
import type { Person } from '../../core/directory/people.js';
import { DomainError } from '../../core/errors.js';
import { setOwnSubscription, topicStates } from '../../core/subscriptions/subscriptions.js';
import { profileButton } from '../callback-data/profile.js';
import { quietChoices, subscriptionButton } from '../callback-data/subscriptions.js';
import type { BotContext } from '../context.js';

/**
 * /subscriptions: the topics a person hears, as toggle buttons, and what they cannot switch off and why; and the
 * person's own quiet hours, opened from /profile. Every screen shows the state as it is now, so old buttons are harmless.
 */
export const subscriptionsFeature = new Composer<BotContext>();

subscriptionsFeature.chatType('private').command('subscriptions', async (ctx) => {
  if (!ctx.person) return ctx.reply(ctx.t('not-registered'));
  const view = await topicsView(ctx, ctx.person);
  await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
});

subscriptionsFeature.callbackQuery(subscriptionButton.pattern, async (ctx) => {
  const action = subscriptionButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person || !action) return ctx.answerCallbackQuery({ text: ctx.t(person ? 'button-outdated' : 'not-registered') });
  let toast: string | undefined;
  let view;
  switch (action.action) {
    case 'on':
    case 'off':
      try {
        const { changed } = await setOwnSubscription(ctx.core, person, action.value, action.action === 'on');
        if (changed) toast = ctx.t(action.action === 'on' ? 'subscriptions-subscribed' : 'subscriptions-unsubscribed');
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'not-found')) throw error;
        toast = ctx.t('subscriptions-topic-gone');
      }
      view = await topicsView(ctx, person);
      break;
    case 'show':
      view = await topicsView(ctx, person);
      break;
    case 'q':
      await setOwnQuietHours(ctx.core, person.id, quietChoices[action.value] ?? null);
      toast = ctx.t('subscriptions-quiet-saved');
      view = await quietView(ctx, person);
      break;
    case 'quiet':
      view = await quietView(ctx, person);
      break;
  }
  await ctx.answerCallbackQuery(toast ? { text: toast } : undefined);
  await ctx.editMessageText(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard }).catch(ignoreNotModified);
});

async function topicsView(ctx: BotContext, person: Person): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const states = await topicStates(ctx.core, person);
  const keyboard = new InlineKeyboard();
  for (const s of states) {
    keyboard.text(`${s.subscribed ? '✅' : '▫️'} ${s.topic.name}`, subscriptionButton.encode(s.subscribed ? 'off' : 'on', s.topic.id)).row();
  }
  keyboard.text(ctx.t('profile-back'), profileButton.encode('show'));
  const text = [ctx.t(states.length ? 'subscriptions-title' : 'subscriptions-none'), '', ctx.t('subscriptions-required')].join('\n');
  return { text, keyboard };
}

function hoursLabel(h: QuietHours): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(h.from)}–${hhmm(h.to)}`;
}

async function quietView(ctx: BotContext, person: Person): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const own = await ownQuietHours(ctx.core, person.id);
  const region = ctx.t('subscriptions-quiet-region', { hours: hoursLabel((await deliverySettings(ctx.core)).quietHours) });
  const keyboard = new InlineKeyboard();
  quietChoices.forEach((choice, i) => {
    const current = choice === null ? own === null : own !== null && own.from === choice.from && own.to === choice.to;
    keyboard.text(`${current ? '● ' : ''}${choice === null ? region : hoursLabel(choice)}`, subscriptionButton.encode('q', i));
    if (i % 2 === 1) keyboard.row();
  });
  keyboard.row().text(ctx.t('profile-back'), profileButton.encode('show'));
  return { text: ctx.t('subscriptions-quiet-title', { hours: own ? hoursLabel(own) : region }), keyboard };
}

/** Pressing a button that changes nothing makes Telegram refuse the identical edit; that is fine. */
function ignoreNotModified(error: unknown): void {
  if (error instanceof Error && error.message.includes('message is not modified')) return;
  throw error;
}
