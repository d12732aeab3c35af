/**
 * In-process fake of the Telegram Bot API (the HTTP server grammY talks to).
 *
 * Used by end-to-end tests and the benchmark (to observe and perturb what the bot does) and by the sandbox mode
 * (no BOT_TOKEN: the product runs against this server and a web chat page plays the user). This class is the one
 * door; behind it, one module per concern in fake/: the HTTP server (server.ts), what Telegram knows (state.ts),
 * the methods (message-methods.ts, chat-methods.ts), files (files.ts), faults and latency (faults.ts), the update
 * queue and long polling (updates.ts), updates made by people's actions (user-updates.ts).
 */
import { chatMethods } from './fake/chat-methods.js';
import { Faults, type FaultOptions } from './fake/faults.js';
import { FileStore } from './fake/files.js';
import { messageMethods } from './fake/message-methods.js';
import { FakeServer, type RecordedCall } from './fake/server.js';
import { TelegramState, type ChannelRights, type FakeMessage, type FakeUser } from './fake/state.js';
import { UpdateQueue } from './fake/updates.js';
import { UserUpdates } from './fake/user-updates.js';

export type { RecordedCall } from './fake/server.js';
export type { ChannelRights, FakeMessage, FakeUser } from './fake/state.js';

/** The fake bot's @username: invite links made for the sandbox point at it. */
export const sandboxBotUsername = 'mayak_sandbox_bot';

type Update = Record<string, unknown>;

export class FakeBotApi {
  /** Every call the bot made, in order, with what it was answered. */
  readonly calls: RecordedCall[];

  private readonly state: TelegramState;
  private readonly files = new FileStore();
  private readonly updates = new UpdateQueue();
  private readonly faults: Faults;
  private readonly people: UserUpdates;
  private readonly server: FakeServer;

  constructor(options: { botUsername?: string; botId?: number; latencyMs?: number } = {}) {
    this.state = new TelegramState(options.botId ?? 7_000_000_001, options.botUsername ?? sandboxBotUsername);
    this.faults = new Faults(options.latencyMs ?? 0);
    this.people = new UserUpdates(this.state, this.files, this.updates);
    const handlers = new Map([...chatMethods(this.state, this.updates), ...messageMethods(this.state, this.files)]);
    this.server = new FakeServer(handlers, this.updates, this.faults, this.files);
    this.calls = this.server.calls;
  }

  // --- the server ---

  /** Starts listening on 127.0.0.1 at `port` (0 = random). Returns the apiRoot (no trailing slash) for grammY's `client: { apiRoot }`. */
  listen(port = 0): Promise<string> {
    return this.server.listen(port);
  }

  /** Stops the server; pending long polls are answered with [] first so pollers see a clean end. */
  close(): Promise<void> {
    return this.server.close();
  }

  get apiRoot(): string {
    return this.server.apiRoot;
  }

  /** POSTs an update to a webhook (http only) the way Telegram does; resolves with the HTTP status. */
  postToWebhook(url: string, update: Update, secretToken?: string): Promise<number> {
    return this.server.postToWebhook(url, update, secretToken);
  }

  /** Resolves once `predicate(calls)` holds (re-checked on every new call); rejects after timeoutMs listing the last 10 calls. */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    return this.server.waitFor(predicate, timeoutMs);
  }

  onCall(listener: (call: RecordedCall) => void): () => void {
    return this.server.onCall(listener);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  // --- chats and what is in them ---

  /** Messages of this chat in order: the bot's (edits applied in place) and the user's own (from_bot=false). */
  chat(chatId: number): FakeMessage[] {
    return this.state.chat(chatId);
  }

  /** The latest bot message in this chat that has not been deleted. */
  lastBotMessage(chatId: number): FakeMessage | undefined {
    return this.state.lastBotMessage(chatId);
  }

  /** The bytes and name of a kept file (sent by a user, or uploaded by the bot). */
  file(fileId: string): { bytes: Buffer; name?: string | undefined } | undefined {
    return this.files.get(fileId);
  }

  /** The bot's own id, as getMe answers it. */
  get botUserId(): number {
    return this.state.botId;
  }

  /** Makes a group (or supergroup) chat known, so its messages and getChat carry its type and title. */
  addGroup(chatId: number, type: 'group' | 'supergroup' = 'group', title = `Group ${chatId}`): void {
    this.state.addGroup(chatId, type, title);
  }

  /** A group's type and title (a supergroup after a migration), undefined for an unknown chat. */
  groupState(chatId: number): { type: 'group' | 'supergroup'; title: string; migratedTo?: number } | undefined {
    return this.state.groupState(chatId);
  }

  /** What getChatMember answers for this user in this chat ('member', 'left'…); administrator by default. */
  setMemberStatus(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member' | 'left' | 'kicked'): void {
    this.state.setMemberStatus(chatId, userId, status);
  }

  /** What getChatMember would say of this user in this chat, if it was set. */
  memberStatus(chatId: number, userId: number): string | undefined {
    return this.state.memberStatus(chatId, userId);
  }

  /**
   * A channel (negative id) the bot knows: getChat answers with its title and type 'channel', getChatMember says
   * whether the bot is an admin. Sending to it while the bot is not an admin answers 403, as Telegram does.
   */
  addChannel(chatId: number, title: string, options: { botIsAdmin?: boolean; rights?: Partial<ChannelRights> } = {}): void {
    this.state.addChannel(chatId, title, options);
  }

  /** The bot's admin rights in a channel (the sandbox's switches); the next rights check and post see them. */
  setChannelRights(chatId: number, rights: Partial<ChannelRights>): void {
    this.state.setChannelRights(chatId, rights);
  }

  setBotAdmin(chatId: number, botIsAdmin: boolean): void {
    this.state.setBotAdmin(chatId, botIsAdmin);
  }

  /** A channel's title, whether the bot is its admin and with which rights; undefined for an unknown chat. */
  channelState(chatId: number): { title: string; botIsAdmin: boolean; rights: ChannelRights } | undefined {
    return this.state.channelState(chatId);
  }

  blockChat(chatId: number): void {
    this.state.block(chatId, true);
  }

  unblockChat(chatId: number): void {
    this.state.block(chatId, false);
  }

  // --- updates: what people do ---

  /** Queues a raw update (assigning update_id if missing) and wakes a pending long poll. */
  pushUpdate(update: Update): Update {
    return this.updates.push(update);
  }

  userSends(user: FakeUser, text: string): Update {
    return this.pushUpdate(this.buildText(user, text));
  }

  userPresses(user: FakeUser, messageId: number, data: string): Update {
    return this.pushUpdate(this.buildPress(user, messageId, data));
  }

  /** Builds a private-chat text message update and records the message in chat(user.id); does not queue it. */
  buildText(user: FakeUser, text: string): Update {
    return this.people.text(user, text);
  }

  /** Builds a callback_query update for an inline button of a stored bot message; throws if no such button exists. */
  buildPress(user: FakeUser, messageId: number, data: string): Update {
    return this.people.press(user, messageId, data);
  }

  /** A text message by `user` in a group chat (recorded in chat(chatId)); does not queue it. */
  buildGroupText(chatId: number, user: FakeUser, text: string): Update {
    return this.people.groupText(chatId, user, text);
  }

  /** A press by `user` on a bot message in any chat (a group's too). */
  buildPressIn(chatId: number, user: FakeUser, messageId: number, data: string): Update {
    return this.people.pressIn(chatId, user, messageId, data);
  }

  /** The bot's own membership changed in a chat (added: 'member'/'administrator'; removed: 'left'/'kicked'). */
  buildMyChatMember(chatId: number, by: FakeUser, status: 'member' | 'administrator' | 'left' | 'kicked'): Update {
    return this.people.myChatMember(chatId, by, status);
  }

  /**
   * A group became a supergroup: the old chat's service message naming the new id (as Telegram sends it). The new
   * chat is known as a supergroup from then on; sending to the old id answers 400 "group chat was upgraded".
   */
  buildMigration(fromChatId: number, toChatId: number, by: FakeUser): Update {
    return this.people.migration(fromChatId, toChatId, by);
  }

  /** A member left a group (the service message the bot sees). */
  buildMemberLeft(chatId: number, who: FakeUser): Update {
    return this.people.memberLeft(chatId, who);
  }

  /**
   * A user's photo or document in any chat (their private chat with the bot or a group): the bytes are kept, so
   * getFile and the download give them back. Recorded in chat(chatId); does not queue it.
   */
  buildMedia(chatId: number, user: FakeUser, file: { kind: 'photo' | 'document'; name: string; bytes: Buffer; caption?: string | undefined }): Update {
    return this.people.media(chatId, user, file);
  }

  /** A user forwards a message of another chat to the bot (Telegram keeps its content and names the origin). */
  buildForward(user: FakeUser, fromChatId: number, messageId: number): Update {
    return this.people.forward(user, fromChatId, messageId);
  }

  // --- faults ---

  failWith429(retryAfterSeconds: number, options: FaultOptions = {}): void {
    this.faults.add(429, options, retryAfterSeconds);
  }

  failWith500(options: FaultOptions = {}): void {
    this.faults.add(500, options);
  }

  dropConnection(options: FaultOptions = {}): void {
    this.faults.add('drop', options);
  }

  /** Handles the call (a message is delivered) and then closes the connection instead of answering: a lost answer. */
  dropAnswer(options: FaultOptions = {}): void {
    this.faults.add('deliver-drop', options);
  }

  /** Every nth call of `method` is delivered and its answer lost (n = 0 stops it). */
  dropEveryNthAnswer(n: number, method = 'sendMessage'): void {
    this.faults.dropEveryNth(n, method);
  }

  /** Reads the call and never answers (until close()): a hung connection. `times: Infinity` for a while. */
  hang(options: FaultOptions = {}): void {
    this.faults.add('hang', options);
  }

  /** Answers as the gateway in front of the Bot API does when it is down: an HTML page with 502, 503 or 504. */
  failWithGateway(status: 502 | 503 | 504, options: FaultOptions = {}): void {
    this.faults.add(status, options);
  }

  /** Forgets the faults not yet met (an outage made with `times: Infinity` ends). */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Every answer from now on takes this long (a round trip to a distant or throttled Telegram). */
  setLatency(ms: number): void {
    this.faults.latencyMs = ms;
  }

  /**
   * Stops listening and drops every open connection: calls now fail with "connection refused", as when Telegram
   * cannot be reached at all. `acceptConnections()` listens again on the same port.
   */
  refuseConnections(): Promise<void> {
    return this.server.refuseConnections();
  }

  acceptConnections(): Promise<void> {
    return this.server.acceptConnections();
  }

  /** Forgets calls, messages, users, commands, webhook, queued updates and faults. update_id keeps growing so a running poller's offset stays valid. */
  reset(): void {
    this.calls.length = 0;
    this.state.reset();
    this.files.clear();
    this.updates.reset();
    this.faults.clear();
  }
}
