/**
 * What the fake MAX knows: its users, the dialogs and group chats with their messages (the bot's and the users'),
 * who stopped the bot, the bot's membership in group chats, its commands and its webhook subscription.
 */

export interface FakeMaxUser {
  user_id: number;
  first_name: string;
  last_name?: string;
  username?: string | null;
}

export type MaxButton = { type: string; text: string; payload?: string; url?: string };

export interface FakeMaxMessage {
  mid: string;
  chatId: number;
  /** The sender: the bot's own id for the bot's messages. */
  senderId: number;
  fromBot: boolean;
  text: string;
  format: 'html' | 'markdown' | null;
  /** Attachments other than the keyboard (images, files), as sent. */
  attachments: Record<string, unknown>[];
  buttons: MaxButton[][];
  timestamp: number;
  deleted: boolean;
  edited: boolean;
}

export interface FakeGroupChat {
  title: string;
  type: 'chat' | 'channel';
  botIsMember: boolean;
  botIsAdmin: boolean;
  permissions: string[];
}

export interface Subscription {
  url: string;
  secret: string | undefined;
  update_types: string[];
  time: number;
}

/** A dialog's chat id is not its user's id in MAX; here it is derived, so tests can name it. */
export const dialogChatIdOf = (userId: number): number => 8_000_000_000_000 + userId;

export class MaxState {
  readonly users = new Map<number, FakeMaxUser>();
  private readonly messages = new Map<number, FakeMaxMessage[]>();
  private readonly byMid = new Map<string, FakeMaxMessage>();
  /** Dialogs whose user stopped the bot: sending there answers 403. */
  private readonly stopped = new Set<number>();
  readonly groups = new Map<number, FakeGroupChat>();
  /** Who owns or administers each group chat; anyone else who writes there is a plain member. */
  readonly groupRoles = new Map<number, Map<number, 'owner' | 'admin'>>();
  commands: { name: string; description?: string | null }[] = [];
  subscription: Subscription | undefined;
  /** Which message each callback id's button was on: answerOnCallback edits that one. */
  readonly callbacks = new Map<string, string>();
  /** The size of each uploaded file, in order (a file's token is `file-token-<its number>`). */
  readonly uploads: number[] = [];
  private nextMid = 1;

  constructor(
    readonly botId: number,
    readonly botUsername: string,
  ) {}

  botUser(): FakeMaxUser & { is_bot: true; name: string; last_activity_time: number } {
    return { user_id: this.botId, first_name: 'Маяк', name: 'Маяк', username: this.botUsername, is_bot: true, last_activity_time: Date.now() };
  }

  remember(user: FakeMaxUser): void {
    this.users.set(user.user_id, user);
  }

  /** The dialog of the user whose chat this is, if it is a dialog. */
  userOfDialog(chatId: number): number | undefined {
    const userId = chatId - dialogChatIdOf(0);
    return this.users.has(userId) ? userId : undefined;
  }

  add(message: Omit<FakeMaxMessage, 'mid' | 'deleted' | 'edited' | 'timestamp'>): FakeMaxMessage {
    const stored: FakeMaxMessage = { ...message, mid: `mid.${String(this.nextMid++).padStart(16, '0')}`, timestamp: Date.now(), deleted: false, edited: false };
    const list = this.messages.get(message.chatId) ?? [];
    list.push(stored);
    this.messages.set(message.chatId, list);
    this.byMid.set(stored.mid, stored);
    return stored;
  }

  message(mid: string): FakeMaxMessage | undefined {
    return this.byMid.get(mid);
  }

  chat(chatId: number): FakeMaxMessage[] {
    return this.messages.get(chatId) ?? [];
  }

  lastBotMessage(chatId: number): FakeMaxMessage | undefined {
    return this.chat(chatId)
      .filter((m) => m.fromBot && !m.deleted)
      .at(-1);
  }

  stop(chatId: number, stopped: boolean): void {
    if (stopped) this.stopped.add(chatId);
    else this.stopped.delete(chatId);
  }

  isStopped(chatId: number): boolean {
    return this.stopped.has(chatId);
  }

  reset(): void {
    this.users.clear();
    this.messages.clear();
    this.byMid.clear();
    this.stopped.clear();
    this.groups.clear();
    this.groupRoles.clear();
    this.callbacks.clear();
    this.uploads.length = 0;
    this.commands = [];
    this.subscription = undefined;
  }
}

/** The message as MAX's API shows it (GET /messages/{mid}, updates). */
export function apiMessage(state: MaxState, m: FakeMaxMessage): Record<string, unknown> {
  const dialogUser = state.userOfDialog(m.chatId);
  const sender = m.fromBot ? state.botUser() : state.users.get(m.senderId);
  const keyboard = m.buttons.length ? [{ type: 'inline_keyboard', payload: { buttons: m.buttons } }] : [];
  return {
    sender: sender ? { ...sender, name: sender.first_name, is_bot: m.fromBot, last_activity_time: m.timestamp } : null,
    recipient: {
      chat_id: m.chatId,
      chat_type: dialogUser === undefined ? 'chat' : 'dialog',
      user_id: m.fromBot ? (dialogUser ?? null) : state.botId,
    },
    timestamp: m.timestamp,
    body: { mid: m.mid, seq: Number(m.mid.slice(4)), text: m.text, attachments: [...m.attachments, ...keyboard] },
  };
}
