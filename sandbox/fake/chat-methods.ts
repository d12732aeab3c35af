/** The Bot API methods about the bot itself, its webhook and commands, chats and their members. */
import type { Handler } from './message-methods.js';
import { badRequest, requiredInt, requiredString, type Json, type Params } from './params.js';
import type { ChannelRights, TelegramState } from './state.js';
import type { UpdateQueue } from './updates.js';

export function chatMethods(state: TelegramState, updates: UpdateQueue): [string, Handler][] {
  return [
    [
      'getMe',
      () => ({
        ...state.botUser(),
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      }),
    ],
    [
      'setWebhook',
      (p) => {
        updates.webhookUrl = requiredString(p, 'url');
        if (p['drop_pending_updates'] === true) updates.drop();
        return true;
      },
    ],
    [
      'deleteWebhook',
      (p) => {
        updates.webhookUrl = '';
        if (p['drop_pending_updates'] === true) updates.drop();
        return true;
      },
    ],
    ['getWebhookInfo', () => ({ url: updates.webhookUrl, has_custom_certificate: false, pending_update_count: updates.pending })],
    [
      'setMyCommands',
      (p) => {
        if (!Array.isArray(p['commands'])) throw badRequest('commands is empty');
        state.commands.set(commandsKey(p), p['commands']);
        return true;
      },
    ],
    ['getMyCommands', (p) => state.commands.get(commandsKey(p)) ?? []],
    [
      'deleteMyCommands',
      (p) => {
        state.commands.delete(commandsKey(p));
        return true;
      },
    ],
    [
      'answerCallbackQuery',
      (p) => {
        requiredString(p, 'callback_query_id');
        return true;
      },
    ],
    [
      'sendChatAction',
      (p) => {
        state.targetChat(p);
        requiredString(p, 'action');
        return true;
      },
    ],
    ['getChat', (p) => ({ ...state.chatOf(state.knownChat(p)), accent_color_id: 0, max_reaction_count: 11 })],
    [
      'getChatMember',
      (p) => {
        const chatId = state.knownChat(p);
        const userId = requiredInt(p, 'user_id');
        const member = state.memberUser(userId);
        const channel = state.channels.get(chatId);
        if (userId === state.botId && channel?.botIsAdmin === false) return { status: 'left', user: member };
        if (userId === state.botId && channel) return channelAdministrator(member, channel.rights);
        const status = state.memberStatus(chatId, userId);
        return status ? { status, user: member } : administrator(member);
      },
    ],
    [
      'getChatAdministrators',
      (p) => {
        const chatId = requiredInt(p, 'chat_id');
        const channel = state.channels.get(chatId);
        if (channel) return channel.botIsAdmin ? [channelAdministrator(state.botUser(), channel.rights)] : [];
        // A group whose members were set answers with exactly its administrators and creator.
        const set = [...state.memberStatuses].filter(([key]) => key.startsWith(`${chatId}:`));
        if (set.length > 0) {
          return set
            .filter(([, status]) => status === 'administrator' || status === 'creator')
            .map(([key, status]) => {
              const user = state.memberUser(Number(key.slice(key.indexOf(':') + 1)));
              return status === 'creator' ? { status, user, is_anonymous: false } : administrator(user);
            });
        }
        return [state.botUser(), ...[...state.users.keys()].map((id) => state.userOf(id))].map(administrator);
      },
    ],
    [
      'leaveChat',
      (p) => {
        requiredInt(p, 'chat_id');
        return true;
      },
    ],
    ['setChatMenuButton', () => true],
  ];
}

function commandsKey(p: Params): string {
  return JSON.stringify([p['scope'] ?? { type: 'default' }, p['language_code'] ?? '']);
}

function administrator(user: Json): Json {
  return {
    status: 'administrator',
    user,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
  };
}

function channelAdministrator(user: Json, rights: ChannelRights): Json {
  return {
    status: 'administrator',
    user,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_post_messages: rights.post,
    can_edit_messages: rights.edit,
    can_delete_messages: rights.delete,
    can_manage_video_chats: false,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
  };
}
