import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import { audienceChoices, broadcastFromBot, editorByContact } from '../../core/broadcasts/from-bot.js';
import type { Core } from '../../core/core.js';
import { DomainError } from '../../core/errors.js';
import { escapeHtml } from '../../core/text/html.js';
import type { BotContext, ConversationContext } from '../context.js';

type BroadcastConversation = Conversation<BotContext, ConversationContext>;

export const broadcastConversationId = 'broadcast';

/** Buttons of the conversation: `bc:aud:<saved audience id or 0>` and `bc:go:<yes|no>`. */
const audiencePattern = /^bc:aud:(\d{1,9})$/;
const confirmPattern = /^bc:go:(yes|no)$/;

/**
 * /broadcast for an editor (an admin account linked to this Telegram account): the message to send (typed with
 * Telegram's own formatting, or forwarded from anywhere) → an audience (saved audiences as buttons) → a preview (the
 * very copy recipients will get) → confirm. Every recipient gets a copy of that message (copyMessage), so what the
 * editor saw is what they get. The state is stored like registration's, so a restart continues at the same step.
 */
export function broadcastConversation(core: Core) {
  return async function broadcast(conversation: BroadcastConversation, ctx: ConversationContext) {
    const telegramId = ctx.from!.id;
    const actor = await conversation.external(() => editorByContact(core, 'telegram', String(telegramId)));
    if (!actor) {
      await ctx.reply(ctx.t('broadcast-bot-not-editor'));
      return;
    }
    await ctx.reply(ctx.t('broadcast-bot-ask'));
    const source = await conversation.waitUntil((u) => !!u.message && !u.message.text?.startsWith('/'), {
      otherwise: async (u) => {
        if (u.callbackQuery) await u.answerCallbackQuery({ text: u.t('button-outdated') });
        else if (u.message) await u.reply(u.t('broadcast-bot-ask'));
      },
    });
    const message = source.message!;
    const summary = escapeHtml((message.text ?? message.caption ?? ctx.t('broadcast-bot-media')).slice(0, 500));

    const choices = await conversation.external(() => audienceChoices(core, actor));
    const keyboard = new InlineKeyboard();
    for (const choice of choices) {
      keyboard.text(`${choice.name ?? ctx.t('broadcast-bot-everyone')} (${choice.count})`, `bc:aud:${choice.id}`).row();
    }
    await ctx.reply(ctx.t('broadcast-bot-audience'), { reply_markup: keyboard });
    const picked = await conversation.waitUntil((u) => audiencePattern.test(u.callbackQuery?.data ?? ''), {
      otherwise: async (u) => {
        if (u.callbackQuery) await u.answerCallbackQuery({ text: u.t('button-outdated') });
        else await u.reply(u.t('broadcast-bot-press-button'));
      },
    });
    await picked.answerCallbackQuery();
    const audienceId = Number(audiencePattern.exec(picked.callbackQuery!.data!)![1]);
    const choice = choices.find((c) => c.id === audienceId);
    if (!choice || choice.count === 0) {
      await ctx.reply(ctx.t('broadcast-bot-nobody'));
      return;
    }

    await ctx.reply(ctx.t('broadcast-bot-preview'));
    await ctx.api.copyMessage(telegramId, telegramId, message.message_id);
    await ctx.reply(ctx.t('broadcast-bot-confirm', { count: choice.count, audience: choice.name ?? ctx.t('broadcast-bot-everyone') }), {
      reply_markup: new InlineKeyboard().text(ctx.t('broadcast-bot-send'), 'bc:go:yes').text(ctx.t('broadcast-bot-cancel'), 'bc:go:no'),
    });
    const confirm = await conversation.waitUntil((u) => confirmPattern.test(u.callbackQuery?.data ?? ''), {
      otherwise: async (u) => {
        if (u.callbackQuery) await u.answerCallbackQuery({ text: u.t('button-outdated') });
        else await u.reply(u.t('broadcast-bot-press-button'));
      },
    });
    await confirm.answerCallbackQuery();
    await confirm.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    if (confirm.callbackQuery!.data === 'bc:go:no') {
      await ctx.reply(ctx.t('broadcast-bot-cancelled'));
      return;
    }
    const outcome = await conversation.external(async () => {
      try {
        const b = await broadcastFromBot(core, actor, {
          channel: 'telegram',
          chatId: String(telegramId),
          messageId: String(message.message_id),
          html: summary,
          audienceId,
        });
        return { ok: true as const, id: b.id };
      } catch (error) {
        if (error instanceof DomainError) return { ok: false as const, reason: error.issues[0]?.reason ?? error.code };
        throw error;
      }
    });
    if (!outcome.ok) {
      const key = `validation-${outcome.reason}`;
      const words = ctx.t(key);
      await ctx.reply(ctx.t('broadcast-bot-refused', { reason: words === key ? outcome.reason : words }));
      return;
    }
    await ctx.reply(ctx.t('broadcast-bot-started', { id: outcome.id, count: choice.count }));
  };
}
