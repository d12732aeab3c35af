/**
 * In-process fake of the MAX Bot API (platform-api2.max.ru), the way `fake-bot-api.ts` fakes Telegram's.
 *
 * Used by the end-to-end tests (to drive the bot on MAX and to break the API on purpose), the benchmark and the
 * sandbox. Behind this class: the HTTP server (fake-max/server.ts), what MAX knows (state.ts), the methods
 * (methods.ts) and the updates people's actions make (user-updates.ts). Updates go to the webhook the bot
 * subscribed (`POST /subscriptions`) with its secret, and the call resolves once our webhook answered, that is
 * after the update was handled.
 */
import { Faults, type FaultOptions } from './fake/faults.js';
import { routes } from './fake-max/methods.js';
import { MaxServer, type MaxCall } from './fake-max/server.js';
import { dialogChatIdOf, MaxState, type FakeMaxMessage, type FakeMaxUser } from './fake-max/state.js';
import { MaxUserUpdates, type MaxUpdate } from './fake-max/user-updates.js';

export type { MaxCall } from './fake-max/server.js';
export type { FakeMaxMessage, FakeMaxUser } from './fake-max/state.js';
export type { MaxUpdate } from './fake-max/user-updates.js';
export { dialogChatIdOf } from './fake-max/state.js';

/** The fake MAX bot's name: links made for the sandbox point at max.ru/<it>. */
export const sandboxMaxBotUsername = 'mayak_sandbox_max_bot';

export class FakeMaxApi {
  /** Every call the bot made, in order, with what it was answered. */
  readonly calls: MaxCall[];
  private readonly state: MaxState;
  private readonly faults: Faults;
  private readonly server: MaxServer;
  private readonly people: MaxUserUpdates;

  constructor(options: { botId?: number; botUsername?: string; latencyMs?: number } = {}) {
    this.state = new MaxState(options.botId ?? 9_000_000_001, options.botUsername ?? sandboxMaxBotUsername);
    this.faults = new Faults(options.latencyMs ?? 0);
    this.server = new MaxServer(
      routes(this.state, () => this.server.apiRoot),
      this.faults,
    );
    this.people = new MaxUserUpdates(this.state);
    this.calls = this.server.calls;
  }

  /** Listens on 127.0.0.1 (0 = a free port); returns the API root for MAX_API_ROOT. */
  listen(port = 0): Promise<string> {
    return this.server.listen(port);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  get apiRoot(): string {
    return this.server.apiRoot;
  }

  get botUserId(): number {
    return this.state.botId;
  }

  callsOf(method: string): MaxCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  waitFor(predicate: (calls: MaxCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    return this.server.waitFor(predicate, timeoutMs);
  }

  onCall(listener: (call: MaxCall) => void): () => void {
    return this.server.onCall(listener);
  }

  // --- what MAX holds ---

  /** Messages of a chat in order, the bot's (edits applied) and the users'. */
  chat(chatId: number): FakeMaxMessage[] {
    return this.state.chat(chatId);
  }

  /** The user's dialog with the bot. */
  dialog(userId: number): FakeMaxMessage[] {
    return this.state.chat(dialogChatIdOf(userId));
  }

  lastBotMessage(chatId: number): FakeMaxMessage | undefined {
    return this.state.lastBotMessage(chatId);
  }

  message(mid: string): FakeMaxMessage | undefined {
    return this.state.message(mid);
  }

  /** The bot's webhook, as subscribed. */
  get subscription() {
    return this.state.subscription;
  }

  get commands() {
    return this.state.commands;
  }

  /** A group chat or channel the bot is in (an admin with these permissions, or a plain member). */
  addGroup(chatId: number, title: string, options: { type?: 'chat' | 'channel'; admin?: boolean; permissions?: string[] } = {}): void {
    this.state.groups.set(chatId, {
      title,
      type: options.type ?? 'chat',
      botIsMember: true,
      botIsAdmin: options.admin ?? false,
      permissions: options.permissions ?? ['write', 'edit_message', 'delete_message'],
    });
  }

  /** A user's place in a group chat: its owner, an admin, or (null) a plain member. */
  setGroupRole(chatId: number, user: FakeMaxUser, role: 'owner' | 'admin' | null): void {
    this.state.remember(user);
    const roles = this.state.groupRoles.get(chatId) ?? new Map<number, 'owner' | 'admin'>();
    if (role) roles.set(user.user_id, role);
    else roles.delete(user.user_id);
    this.state.groupRoles.set(chatId, roles);
  }

  /** A user who has opened the bot before (MAX lets a bot write only to them): the sandbox's people on MAX. */
  knowUser(user: FakeMaxUser): void {
    this.state.remember(user);
  }

  /** The user stopped the bot without an update reaching us (sending to them answers 403). */
  blockUser(userId: number): void {
    this.state.stop(dialogChatIdOf(userId), true);
  }

  // --- what people do: each builds the update MAX would send and posts it to the subscribed webhook ---

  /** Builds the update without sending it (for a test that posts it itself, or twice). */
  build = {
    started: (user: FakeMaxUser, payload?: string) => this.people.started(user, payload),
    stopped: (user: FakeMaxUser) => this.people.stopped(user),
    text: (user: FakeMaxUser, text: string, chatId?: number) => this.people.text(user, text, chatId),
    /** A photo in the user's dialog, as MAX shows one: its URL, token and photo id (and a caption). */
    image: (user: FakeMaxUser, url: string, caption = '') =>
      this.people.text(user, caption, undefined, [{ type: 'image', payload: { url, token: `img-${url.length}`, photo_id: url.length } }]),
    press: (user: FakeMaxUser, mid: string, payload: string) => this.people.press(user, mid, payload),
    botAdded: (chatId: number, by: FakeMaxUser, title?: string) => this.people.botAdded(chatId, by, title),
    botRemoved: (chatId: number, by: FakeMaxUser) => this.people.botRemoved(chatId, by),
  };

  userStarts(user: FakeMaxUser, payload?: string): Promise<number> {
    return this.deliver(this.people.started(user, payload));
  }

  userStops(user: FakeMaxUser): Promise<number> {
    return this.deliver(this.people.stopped(user));
  }

  userSends(user: FakeMaxUser, text: string): Promise<number> {
    return this.deliver(this.people.text(user, text));
  }

  /** Presses the button with this payload on the bot's message `mid` (throws if it has none). */
  userPresses(user: FakeMaxUser, mid: string, payload: string): Promise<number> {
    return this.deliver(this.people.press(user, mid, payload));
  }

  /** Posts an update to the subscribed webhook with its secret; resolves with our webhook's status. */
  deliver(update: MaxUpdate): Promise<number> {
    const subscription = this.state.subscription;
    if (!subscription) throw new Error('FakeMaxApi: no webhook subscribed (POST /subscriptions) to deliver to');
    return this.server.postToWebhook(subscription.url, update, subscription.secret);
  }

  /** Posts to any URL with any secret (a test of the webhook's checks). */
  postToWebhook(url: string, update: MaxUpdate, secret: string | undefined): Promise<number> {
    return this.server.postToWebhook(url, update, secret);
  }

  // --- faults ---

  /** 429 without retry-after (MAX names none). */
  failWith429(options: FaultOptions = {}): void {
    this.faults.add(429, options);
  }

  failWith500(options: FaultOptions = {}): void {
    this.faults.add(500, options);
  }

  failWithGateway(status: 502 | 503 | 504, options: FaultOptions = {}): void {
    this.faults.add(status, options);
  }

  /** Closes the connection without handling the call. */
  dropConnection(options: FaultOptions = {}): void {
    this.faults.add('drop', options);
  }

  /** Handles the call (the message is delivered), then closes the connection instead of answering. */
  dropAnswer(options: FaultOptions = {}): void {
    this.faults.add('deliver-drop', options);
  }

  hang(options: FaultOptions = {}): void {
    this.faults.add('hang', options);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setLatency(ms: number): void {
    this.faults.latencyMs = ms;
  }

  refuseConnections(): Promise<void> {
    return this.server.refuseConnections();
  }

  acceptConnections(): Promise<void> {
    return this.server.acceptConnections();
  }

  reset(): void {
    this.calls.length = 0;
    this.state.reset();
    this.faults.clear();
  }
}
