import { Composer, InlineKeyboard } from 'grammy';
import { getSchool } from '../../core/directory/places.js';
import { DomainError } from '../../core/errors.js';
import {
  linkSchoolChat,
  schoolChatButton,
  schoolChatMigrated,
  schoolChatRemoved,
  schoolChatRestored,
  schoolChatScopeButtons,
  setSchoolChatScope,
} from '../../core/school-chats/school-chats.js';
import type { SchoolChatScope } from '../../core/vocabulary/school-chats.js';
import type { BotContext } from '../context.js';
import { toTelegramButton } from '../messenger.js';

/**
 * School team group chats: /link by a lead of the school who is an admin of the group, the choice of what goes there,
 * and Telegram's notices about the group (the bot removed or added back, the group turned into a supergroup).
 */
export const schoolChatsFeature = new Composer<BotContext>();

function scopeKeyboard(ctx: BotContext, current: SchoolChatScope): InlineKeyboard {
  return InlineKeyboard.from(schoolChatScopeButtons((key) => ctx.t(key), current).map((row) => row.map(toTelegramButton)));
}

schoolChatsFeature.command('link', async (ctx) => {
  const chat = ctx.chat;
  const from = ctx.from;
  if (!from) return;
  const group = chat.type === 'group' || chat.type === 'supergroup';
  // Telegram is asked only in a group, and only whether this sender administers it.
  const member = group ? await ctx.api.getChatMember(chat.id, from.id) : undefined;
  try {
    const link = await linkSchoolChat(ctx.core, {
      chatId: String(chat.id),
      chatType: chat.type,
      title: 'title' in chat ? (chat.title ?? null) : null,
      channel: 'telegram',
      userId: String(from.id),
      senderIsChatAdmin: member?.status === 'creator' || member?.status === 'administrator',
    });
    const school = await getSchool(ctx.core, link.schoolId);
    await ctx.reply(ctx.t('school-chat-linked', { school: school?.shortName ?? '' }), { reply_markup: scopeKeyboard(ctx, link.scope) });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.reply(ctx.t(`error-${error.code}`));
  }
});

schoolChatsFeature.callbackQuery(schoolChatButton.pattern, async (ctx) => {
  const scope = schoolChatButton.parse(ctx.callbackQuery.data);
  const chatId = ctx.chat?.id;
  if (!scope || chatId === undefined) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  try {
    const link = await setSchoolChatScope(ctx.core, { channel: 'telegram', userId: String(ctx.from.id) }, String(chatId), scope);
    await ctx.answerCallbackQuery({ text: ctx.t(`school-chat-scope-${link.scope}`) });
    await ctx.editMessageReplyMarkup({ reply_markup: scopeKeyboard(ctx, link.scope) }).catch(() => undefined);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.answerCallbackQuery({ text: ctx.t(`error-${error.code}`), show_alert: true });
  }
});

const groups = schoolChatsFeature.chatType(['group', 'supergroup']);

// Removed: the link stays and nothing is sent meanwhile; added back: the link works again.
groups.on('my_chat_member', async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status === 'left' || status === 'kicked') await schoolChatRemoved(ctx.core, String(ctx.chat.id));
  else await schoolChatRestored(ctx.core, String(ctx.chat.id));
});

// A group that becomes a supergroup gets a new id; the old group's last message names it.
groups.on('message:migrate_to_chat_id', async (ctx) => {
  await schoolChatMigrated(ctx.core, String(ctx.chat.id), String(ctx.message.migrate_to_chat_id));
});
