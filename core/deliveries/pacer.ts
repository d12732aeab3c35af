/**
 * Telegram's limits for one bot, kept in memory and seeded at start from the last minute's sends in the database
 * (`recentSends`), so a restart neither bursts nor sends a chat two messages within a second.
 */
export interface PacerLimits {
  /** Messages per second over all chats (Telegram: about 30; paid broadcasts up to 1000). */
  perSecond: number;
  /** Minimum gap between two messages to one private chat. */
  privateChatGapMs: number;
  /** Messages per minute to one group or channel; 0 for none (a messenger that documents no such limit). */
  groupPerMinute: number;
}

export const telegramLimits: PacerLimits = { perSecond: 30, privateChatGapMs: 1000, groupPerMinute: 20 };
/**
 * MAX: about 30 requests a second (said by its team, not in the official schema, hence a setting where it is wired);
 * no documented limit per group. One message a second to one person, as on Telegram, costs nothing at scale.
 */
export const maxLimits: PacerLimits = { perSecond: 30, privateChatGapMs: 1000, groupPerMinute: 0 };

/**
 * Spreads sends evenly (a token bucket with a small burst) and never lets more than `perSecond` go out in any
 * rolling second (a log of the last second's sends): a full bucket after a quiet moment must not double the rate.
 */
/**
 * The rolling "second" is a little longer than a second: requests that left together may reach Telegram a few
 * milliseconds apart, and the limit is counted where they arrive. It costs 2.5% of the rate.
 */
export const rollingSecondMs = 1025;

/**
 * How sends are grouped. By default two at a time at 30/s, each drain taking what one token's time allows; a drain
 * that costs several round trips to its database (Workers: D1 over the network) takes a larger batch less often.
 */
export interface PacerBatching {
  /** Tokens that may build up while the drain is away. */
  burst: number;
  /** How many the drain comes back for at once. */
  batch: number;
}

export class Pacer {
  private readonly burst: number;
  private readonly batch: number;
  private tokens: number;
  private refilledAt = 0;
  /** Send times within the last second, oldest first. */
  private readonly lastSecond: number[] = [];
  /** Where in `lastSecond` the sends not yet known to have left begin (see `departed`). */
  private leaving = 0;
  /** Sends dropped from the front of `lastSecond` so far, so that a `mark` survives them. */
  private expired = 0;
  private readonly sentToChat = new Map<string, number[]>();

  constructor(
    readonly limits: PacerLimits = telegramLimits,
    batching?: PacerBatching,
  ) {
    // Two at Telegram's 30/s (so a late tick does not lose time it was owed); at paid-broadcast rates more, so ticks keep up.
    this.burst = batching?.burst ?? Math.max(2, Math.floor(limits.perSecond / 20));
    this.batch = batching?.batch ?? Math.max(1, Math.floor(limits.perSecond / 100));
    this.tokens = this.burst;
  }

  /** Whole messages that may go out now. */
  available(now: number): number {
    this.refill(now);
    return Math.max(0, Math.min(Math.floor(this.tokens), this.limits.perSecond - this.lastSecond.length));
  }

  /**
   * When the drain should come back for the next messages: when one may go out at Telegram's 30/s, when a batch of
   * them may at paid-broadcast rates (a tick for every single token would spend the process on ticks, not sends).
   */
  nextTokenAt(now: number): number {
    this.refill(now);
    const batch = this.batch;
    const byBucket = this.tokens >= batch ? now : now + Math.ceil(((batch - this.tokens) * 1000) / this.limits.perSecond);
    const full = this.lastSecond.length >= this.limits.perSecond;
    const byWindow = full ? this.lastSecond[this.lastSecond.length - this.limits.perSecond]! + rollingSecondMs : now;
    return Math.max(byBucket, byWindow);
  }

  /** When this chat may receive its next message (now if already). */
  chatReadyAt(chatId: string, now: number): number {
    const sent = this.sentToChat.get(chatId);
    if (!sent || sent.length === 0) return now;
    if (!isGroupChat(chatId)) return Math.max(now, sent[sent.length - 1]! + this.limits.privateChatGapMs);
    if (this.limits.groupPerMinute === 0) return now;
    const recent = sent.filter((t) => t > now - 60_000);
    if (recent.length < this.limits.groupPerMinute) return now;
    return recent[recent.length - this.limits.groupPerMinute]! + 60_000;
  }

  /** Records a message going out to a chat, even past the limit (a reply to a person never waits; the outbox then does). */
  take(chatId: string, now: number): void {
    this.refill(now);
    this.tokens -= 1;
    this.lastSecond.push(now);
    const sent = this.sentToChat.get(chatId) ?? [];
    sent.push(now);
    const keep = isGroupChat(chatId) ? Math.max(1, this.limits.groupPerMinute) : 1;
    if (sent.length > keep) sent.splice(0, sent.length - keep);
    this.sentToChat.set(chatId, sent);
    if (this.sentToChat.size > 50_000) this.forgetIdleChats(now);
  }

  /** A mark for `departed`: the sends taken so far. */
  mark(): number {
    return this.expired + this.lastSecond.length;
  }

  /**
   * The sends taken before `upTo` (a `mark`; all so far without one) have left by `now`. A send is stamped when the
   * drain takes its token, but its request reaches the wire later: after the rest of its batch and of the tick, after
   * a new connection's handshake, after a garbage collection or the OS's scheduler held the process. Counting it from
   * its stamp would let that delay's worth of later sends into the second it lands in (1,181 in a second at 1,000/s on
   * a busy machine; 32 in a new process's first second). So each is counted from the moment it is known to have been
   * written, which the scheduler tells; a pacer nobody tells (tests with a manual clock, sends awaited) counts from the
   * stamps. The sends after the mark are held at `now` at least too (they leave later still), which keeps the log in
   * order.
   */
  departed(now: number, upTo = this.mark()): void {
    for (let i = this.leaving; i < this.lastSecond.length; i++) this.lastSecond[i] = Math.max(this.lastSecond[i]!, now);
    this.leaving = Math.max(this.leaving, Math.min(this.lastSecond.length, upTo - this.expired));
  }

  /** What an earlier process sent (oldest first), as if this pacer had sent it: the window and the chats' gaps. */
  seed(sends: readonly { chatId: string; at: number }[], now: number): void {
    for (const { chatId, at } of [...sends].sort((a, b) => a.at - b.at)) {
      if (at > now - rollingSecondMs) this.lastSecond.push(at);
      const sent = this.sentToChat.get(chatId) ?? [];
      sent.push(at);
      const keep = isGroupChat(chatId) ? Math.max(1, this.limits.groupPerMinute) : 1;
      if (sent.length > keep) sent.splice(0, sent.length - keep);
      this.sentToChat.set(chatId, sent);
    }
    this.leaving = this.lastSecond.length;
    this.refill(now);
  }

  private refill(now: number): void {
    if (this.refilledAt === 0) this.refilledAt = now;
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.limits.perSecond) / 1000);
    this.refilledAt = Math.max(this.refilledAt, now);
    let old = 0;
    while (old < this.lastSecond.length && this.lastSecond[old]! <= now - rollingSecondMs) old++;
    if (old > 0) {
      this.lastSecond.splice(0, old);
      this.expired += old;
      this.leaving = Math.max(0, this.leaving - old);
    }
  }

  private forgetIdleChats(now: number): void {
    for (const [chatId, sent] of this.sentToChat) {
      if ((sent[sent.length - 1] ?? 0) < now - 60_000) this.sentToChat.delete(chatId);
    }
  }
}

/** Telegram gives groups and channels negative ids. */
export function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-');
}
