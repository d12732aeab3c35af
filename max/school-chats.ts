import type { ChatMember } from '@maxhub/max-bot-api/types';
import { getSchool } from '../core/directory/places.js';
import { DomainError } from '../core/errors.js';
import {
  linkSchoolChat,
  schoolChatRemoved,
  schoolChatRestored,
  schoolChatScopeButtons,
  setSchoolChatScope,
  type LinkRequest,
} from '../core/school-chats/school-chats.js';
import type { SchoolChatScope } from '../core/vocabulary/school-chats.js';
import type { MaxClient } from './client.js';
import type { MaxTurn } from './turn.js';

/**
 * School team group chats on MAX, as on Telegram (bot/features/school-chats.ts): /link by a lead of the school who
 * administers the group ties it to the school (channel 'max'), the scope buttons choose what goes there, and the bot
 * removed from the group or added back pauses or resumes the link. Anything else said in a group is not for the bot.
 */

/** MAX's chat types as the domain names them (a MAX `chat` is a group). */
const chatTypes: Record<string, LinkRequest['chatType']> = { dialog: 'private', chat: 'group', channel: 'channel' };

/** A message in a group chat: /link (also as `/link@<bot>`) is the one the bot answers there. */
export async function groupMessage(turn: MaxTurn, client: MaxClient, text: string): Promise<void> {
  if (/^\/link(@\S+)?$/.test(text.trim().split(/\s+/)[0] ?? '')) await linkChat(turn, client);
}

/** /link, in a group or (refused there by the domain) in the dialog. */
export async function linkChat(turn: MaxTurn, client: MaxClient): Promise<void> {
  const chatType = turn.update.update_type === 'message_created' ? turn.update.message.recipient.chat_type : 'dialog';
  const type = chatTypes[chatType] ?? 'private';
  try {
    const link = await linkSchoolChat(turn.core, {
      chatId: turn.chatId,
      chatType: type,
      title: type === 'group' ? await titleOf(client, turn.chatId) : null,
      channel: 'max',
      userId: turn.userId,
      // MAX is asked only in a group, and only whether this sender administers it.
      senderIsChatAdmin: type === 'group' && (await administers(client, turn.chatId, turn.userId)),
    });
    const school = await getSchool(turn.core, link.schoolId);
    await turn.reply({
      html: turn.t('school-chat-linked', { school: school?.shortName ?? '' }),
      buttons: schoolChatScopeButtons(turn.t, link.scope),
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await turn.reply(turn.t(`error-${error.code}`));
  }
}

/** A scope button under /link: only a lead of the linked school may choose. */
export async function scopePress(turn: MaxTurn, scope: SchoolChatScope): Promise<void> {
  try {
    const link = await setSchoolChatScope(turn.core, { channel: 'max', userId: turn.userId }, turn.chatId, scope);
    await turn.answer({ notification: turn.t(`school-chat-scope-${link.scope}`) });
    await turn.setButtons(schoolChatScopeButtons(turn.t, link.scope));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await turn.answer({ notification: turn.t(`error-${error.code}`) });
  }
}

/** `bot_added` / `bot_removed`: the link (if the group has one) works again, or waits with nothing sent there. */
export async function botMembership(turn: MaxTurn, added: boolean): Promise<void> {
  if (added) await schoolChatRestored(turn.core, turn.chatId);
  else await schoolChatRemoved(turn.core, turn.chatId);
}

async function administers(client: MaxClient, chatId: string, userId: string): Promise<boolean> {
  const found = await client.call<{ members: ChatMember[] }>('GET', `/chats/${chatId}/members`, { query: { user_ids: userId } });
  const member = found.ok ? found.data.members.find((m) => String(m.user_id) === userId) : undefined;
  return member !== undefined && (member.is_owner || member.is_admin);
}

/** The group's title, kept with the link for the panel; a link is made without it if MAX does not say. */
async function titleOf(client: MaxClient, chatId: string): Promise<string | null> {
  const chat = await client.call<{ title?: string | null }>('GET', `/chats/${chatId}`);
  return chat.ok ? (chat.data.title ?? null) : null;
}
