/**
 * What the sandbox web chat (admin/routes/sandbox.tsx) needs of a Telegram it can play: the panel's own port, so it
 * depends on no runtime and no fake. In sandbox mode the runtime passes the in-process fake Telegram
 * (sandbox/fake-bot-api.ts), which fits this shape as it is.
 */

/** A Telegram user as the sandbox plays them. */
export interface SandboxUser {
  id: number;
  first_name: string;
  last_name?: string;
  language_code?: string;
}

/** A message of a chat as Telegram keeps it: the bot's (edits applied in place) and the people's. */
export interface SandboxMessage {
  message_id: number;
  chat_id: number;
  text?: string | undefined;
  caption?: string | undefined;
  reply_markup?: unknown;
  parse_mode?: string | undefined;
  /** Unix seconds. */
  date: number;
  edited?: boolean;
  deleted?: boolean;
  from_bot: boolean;
  /** Who wrote a member's message in a group. */
  from_id?: number;
  /** The Message object's `photo` or `document`, its `forward_origin` and album id, read defensively. */
  media?: unknown;
  forward_origin?: unknown;
  media_group_id?: unknown;
}

/** A Bot API call the bot made, with what it was answered (undefined: no answer). */
export interface SandboxCall {
  method: string;
  params: Record<string, unknown>;
  response: unknown;
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'left' | 'kicked';

export interface ChannelRights {
  post: boolean;
  edit: boolean;
  delete: boolean;
}

/** A Telegram update, as the bot receives it. */
export type SandboxUpdate = Record<string, unknown>;

/**
 * The Telegram the sandbox plays. `build…` records what a person does in the chat and returns the update without
 * queueing it; `pushUpdate` queues it for the bot, as Telegram's long polling would deliver it.
 */
export interface SandboxTelegram {
  readonly calls: readonly SandboxCall[];
  onCall(listener: (call: SandboxCall) => void): () => void;
  readonly botUserId: number;
  chat(chatId: number): SandboxMessage[];
  /** A kept file's bytes (a photo in the chat, a document to open). */
  file(fileId: string): { bytes: Buffer; name?: string | undefined } | undefined;

  pushUpdate(update: SandboxUpdate): SandboxUpdate;
  userSends(user: SandboxUser, text: string): SandboxUpdate;
  userPresses(user: SandboxUser, messageId: number, data: string): SandboxUpdate;
  buildGroupText(chatId: number, user: SandboxUser, text: string): SandboxUpdate;
  buildPressIn(chatId: number, user: SandboxUser, messageId: number, data: string): SandboxUpdate;
  buildMedia(chatId: number, user: SandboxUser, file: { kind: 'photo' | 'document'; name: string; bytes: Buffer; caption?: string | undefined }): SandboxUpdate;
  buildForward(user: SandboxUser, fromChatId: number, messageId: number): SandboxUpdate;
  buildMyChatMember(chatId: number, by: SandboxUser, status: 'member' | 'administrator' | 'left' | 'kicked'): SandboxUpdate;
  buildMigration(fromChatId: number, toChatId: number, by: SandboxUser): SandboxUpdate;

  addGroup(chatId: number, type: 'group' | 'supergroup', title: string): void;
  groupState(chatId: number): { type: 'group' | 'supergroup'; title: string; migratedTo?: number } | undefined;
  setMemberStatus(chatId: number, userId: number, status: MemberStatus): void;
  memberStatus(chatId: number, userId: number): string | undefined;
  addChannel(chatId: number, title: string, options: { rights?: Partial<ChannelRights> }): void;
  channelState(chatId: number): { title: string; botIsAdmin: boolean; rights: ChannelRights } | undefined;
  setChannelRights(chatId: number, rights: Partial<ChannelRights>): void;
  setBotAdmin(chatId: number, botIsAdmin: boolean): void;
}

/** A MAX user as the sandbox plays them (the same number as the person's Telegram id: the two never meet). */
export interface SandboxMaxUser {
  user_id: number;
  first_name: string;
  last_name?: string;
}

/** A message of a MAX dialog as MAX keeps it: what max/render.ts sent (string ids, MAX's buttons, its HTML). */
export interface SandboxMaxMessage {
  mid: string;
  fromBot: boolean;
  text: string;
  format: 'html' | 'markdown' | null;
  /** Images and files, as sent (the keyboard is in `buttons`). */
  attachments: Record<string, unknown>[];
  buttons: { type: string; text: string; payload?: string; url?: string }[][];
  /** Unix milliseconds. */
  timestamp: number;
  deleted: boolean;
  edited: boolean;
}

/** A MAX Bot API call the bot made, with what it was answered. */
export interface SandboxMaxCall {
  method: string;
  /** The HTTP status MAX answered with. */
  status: number;
  body: Record<string, unknown>;
  query: Record<string, string>;
  response: unknown;
}

/** A MAX update, as the bot's webhook receives it. */
export type SandboxMaxUpdate = Record<string, unknown> & { update_type: string; timestamp: number };

/**
 * The MAX the sandbox plays (sandbox/fake-max-api.ts fits it). `build…` makes the update a person's action would,
 * `deliver` posts it to the bot's MAX webhook as MAX does and resolves once the bot has handled it.
 */
export interface SandboxMax {
  readonly calls: readonly SandboxMaxCall[];
  onCall(listener: (call: SandboxMaxCall) => void): () => void;
  readonly commands: readonly { name: string; description?: string | null }[];
  dialog(userId: number): SandboxMaxMessage[];
  /** The person has opened the bot in MAX before, so the bot may write to them (MAX allows no other). */
  knowUser(user: SandboxMaxUser): void;
  readonly build: {
    started(user: SandboxMaxUser, payload?: string): SandboxMaxUpdate;
    text(user: SandboxMaxUser, text: string): SandboxMaxUpdate;
    press(user: SandboxMaxUser, mid: string, payload: string): SandboxMaxUpdate;
  };
  deliver(update: SandboxMaxUpdate): Promise<number>;
}

/** What the panel is given to mount /sandbox: the Telegram to play and the demo people to talk as. */
export interface SandboxChat {
  api: SandboxTelegram;
  people: { telegramId: number; name: string; roles: string[] }[];
  /**
   * MAX beside Telegram: the fake to play and how a person's messenger is chosen (their contact there made and
   * preferred, so the outbox writes there). Absent: the page offers Telegram only.
   */
  max?: {
    api: SandboxMax;
    use(personId: number, channel: 'telegram' | 'max'): Promise<void>;
  };
}
