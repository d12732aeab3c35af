import { Composer, InlineKeyboard } from 'grammy';
import { erasePerson } from '../../core/erasure/erasure.js';
import { giveConsent } from '../../core/directory/people.js';
import { resumePerson } from '../../core/deliveries/recipients.js';
import { invitePrefix } from '../../core/onboarding/invites.js';
import { linkFromStart } from '../../core/directory/link-codes.js';
import { escapeHtml } from '../../core/text/html.js';
import type { BotContext } from '../context.js';
import { registrationId } from '../conversations/registration.js';
import { parseEventStart } from '../../core/events/buttons.js';
import { showEventCard } from './events.js';

/**
 * /start, with or without a deep-link payload: a newcomer registers (by invite or on their own),
 * someone who pressed /stop or had blocked the bot is back, everyone else is greeted.
 */
export const startFeature = new Composer<BotContext>();

startFeature.chatType('private').command('start', async (ctx) => {
  const payload = ctx.match.trim();
  const linked = await linkFromStart(ctx.core, payload, 'telegram', String(ctx.from.id), String(ctx.chat.id));
  if (linked) return ctx.reply(ctx.t(`link-${linked}`));
  const inviteCode = payload.startsWith(invitePrefix) ? payload.slice(invitePrefix.length) : null;
  let person = ctx.person;
  if (person?.status === 'deactivated') return ctx.reply(ctx.t('start-deactivated'));
  if (person && person.consentAt === null && person.status !== 'rejected') return askConsent(ctx);
  if (person && person.status !== 'rejected') {
    if (inviteCode) await ctx.reply(ctx.t('start-already-registered'));
    if (person.status === 'stopped' || person.status === 'blocked') {
      person = await resumePerson(ctx.core, person);
      await ctx.reply(ctx.t('start-resumed'));
    }
    const eventId = parseEventStart(payload);
    if (eventId !== undefined && person.status === 'active') return showEventCard(ctx, eventId);
    await ctx.reply(ctx.t(person.status === 'pending' ? 'start-pending' : 'start-welcome-back', { name: person.fullName ?? '' }));
    return;
  }
  await ctx.reply(ctx.t('start-greeting'));
  await ctx.conversation.enter(registrationId, inviteCode);
});

/**
 * Someone an admin imported into the directory with their Telegram id starts the bot: they have not consented yet,
 * so nothing is sent to them until they do; declining erases what the import stored.
 */
async function askConsent(ctx: BotContext) {
  await ctx.reply(ctx.t('consent-request', { operator: escapeHtml(ctx.core.config.operatorName), url: ctx.core.config.privacyPolicyUrl }), {
    parse_mode: 'HTML',
    reply_markup: new InlineKeyboard().text(ctx.t('consent-yes'), 'consent:yes').text(ctx.t('consent-no'), 'consent:no'),
  });
}

startFeature.callbackQuery(/^consent:(yes|no)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  const person = ctx.person;
  if (!person || person.consentAt !== null) return ctx.editMessageReplyMarkup({ reply_markup: undefined });
  if (ctx.match[1] === 'yes') {
    await giveConsent(ctx.core, person.id);
    await ctx.editMessageReplyMarkup({ reply_markup: undefined });
    await ctx.reply(ctx.t('registration-done-active'));
  } else {
    await erasePerson(ctx.core, person);
    await ctx.editMessageText(ctx.t('consent-declined'));
  }
});
