/**
 * Updates made by what people do in MAX, shaped as MAX sends them (the SDK's `Update` types): starting the bot
 * from a link with its payload, stopping it, writing, pressing a button, adding the bot to a group chat.
 */
import { apiMessage, dialogChatIdOf, type FakeMaxUser, type MaxState } from './state.js';

export type MaxUpdate = Record<string, unknown> & { update_type: string; timestamp: number };

export class MaxUserUpdates {
  private nextCallback = 1;

  constructor(private readonly state: MaxState) {}

  /** `bot_started`: the user opened max.ru/<bot>?start=<payload> (or pressed «Начать»); a stopped dialog is open again. */
  started(user: FakeMaxUser, payload?: string): MaxUpdate {
    this.state.remember(user);
    const chatId = dialogChatIdOf(user.user_id);
    this.state.stop(chatId, false);
    return { update_type: 'bot_started', timestamp: Date.now(), chat_id: chatId, user: this.user(user), payload: payload ?? null, user_locale: 'ru' };
  }

  /** `bot_stopped`: the user stopped (blocked) the bot; sending to them answers 403 from now on. */
  stopped(user: FakeMaxUser): MaxUpdate {
    const chatId = dialogChatIdOf(user.user_id);
    this.state.stop(chatId, true);
    return { update_type: 'bot_stopped', timestamp: Date.now(), chat_id: chatId, user: this.user(user), user_locale: 'ru' };
  }

  /** `message_created` in the user's dialog with the bot (or in a group chat when `chatId` is given). */
  text(user: FakeMaxUser, text: string, chatId = dialogChatIdOf(user.user_id), attachments: Record<string, unknown>[] = []): MaxUpdate {
    this.state.remember(user);
    const message = this.state.add({ chatId, senderId: user.user_id, fromBot: false, text, format: null, attachments, buttons: [] });
    return { update_type: 'message_created', timestamp: Date.now(), message: apiMessage(this.state, message), user_locale: 'ru' };
  }

  /** `message_callback`: a press on a button of a bot's message; throws if that message has no such button. */
  press(user: FakeMaxUser, mid: string, payload: string): MaxUpdate {
    const message = this.state.message(mid);
    if (!message || message.deleted) throw new Error(`FakeMaxApi: no message ${mid}`);
    if (!message.buttons.flat().some((b) => b.type === 'callback' && b.payload === payload)) {
      const shown = message.buttons.flat().map((b) => b.payload ?? b.url);
      throw new Error(`FakeMaxApi: message ${mid} has no button "${payload}" (it has: ${shown.join(', ') || 'none'})`);
    }
    const callbackId = `cb.${this.nextCallback++}`;
    this.state.callbacks.set(callbackId, mid);
    return {
      update_type: 'message_callback',
      timestamp: Date.now(),
      callback: { timestamp: Date.now(), callback_id: callbackId, payload, user: this.user(user) },
      message: apiMessage(this.state, message),
      user_locale: 'ru',
    };
  }

  /** `bot_added`: someone added the bot to a group chat (made known here as a member, not an admin). */
  botAdded(chatId: number, by: FakeMaxUser, title = `Chat ${chatId}`): MaxUpdate {
    const group = this.state.groups.get(chatId);
    this.state.groups.set(chatId, { title, type: 'chat', botIsAdmin: false, permissions: [], ...group, botIsMember: true });
    return { update_type: 'bot_added', timestamp: Date.now(), chat_id: chatId, user: this.user(by), is_channel: false };
  }

  /** `bot_removed`: someone removed the bot from a group chat; sending there answers 403 from now on. */
  botRemoved(chatId: number, by: FakeMaxUser): MaxUpdate {
    const group = this.state.groups.get(chatId);
    if (group) group.botIsMember = false;
    return { update_type: 'bot_removed', timestamp: Date.now(), chat_id: chatId, user: this.user(by), is_channel: false };
  }

  private user(user: FakeMaxUser) {
    const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
    return {
      user_id: user.user_id,
      first_name: user.first_name,
      last_name: user.last_name,
      name,
      username: user.username ?? null,
      is_bot: false,
      last_activity_time: Date.now(),
    };
  }
}
