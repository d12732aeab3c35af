/**
 * The updates waiting for the bot: a queue that getUpdates long-polls (honouring offset, limit and timeout) unless a
 * webhook is set, as Telegram does.
 */
import type { ServerResponse } from 'node:http';
import { BotApiError, optInt, type Json, type Params } from './params.js';

export type Update = Record<string, unknown>;

/** How a call is answered: `payload === null` means close the connection without answering. */
export type Settle = (status: number, payload: Json | null, response: unknown) => void;

interface Poll {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout | undefined;
  settle: Settle;
}

export class UpdateQueue {
  /** The webhook set with setWebhook ('' for none): while set, getUpdates answers 409. */
  webhookUrl = '';
  private nextUpdateId = 1;
  private queue: Update[] = [];
  private flushScheduled = false;
  private readonly polls = new Set<Poll>();

  /** The next update_id, for an update built but not queued (a test may post it to a webhook itself). */
  nextId(): number {
    return this.nextUpdateId++;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** drop_pending_updates. */
  drop(): void {
    this.queue = [];
  }

  /** Queues a raw update (assigning update_id if missing) and wakes a pending long poll. */
  push(update: Update): Update {
    const id = update['update_id'];
    if (typeof id === 'number') this.nextUpdateId = Math.max(this.nextUpdateId, id + 1);
    else update['update_id'] = this.nextUpdateId++;
    this.queue.push(update);
    // Deferred to a microtask so a burst of pushes is delivered as one batch, like Telegram does.
    if (this.polls.size > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flushPolls());
    }
    return update;
  }

  getUpdates(p: Params, res: ServerResponse, settle: Settle): void {
    if (this.webhookUrl !== '') {
      throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = optInt(p, 'offset');
    if (offset !== undefined) {
      // Positive offset confirms (forgets) older updates; negative means "the last -offset updates".
      this.queue = offset < 0 ? this.queue.slice(offset) : this.queue.filter((u) => (u['update_id'] as number) >= offset);
    }
    const limit = Math.min(100, Math.max(1, optInt(p, 'limit') ?? 100));
    const timeout = Math.max(0, optInt(p, 'timeout') ?? 0);
    if (this.queue.length > 0 || timeout === 0) {
      const result = this.queue.slice(0, limit);
      return settle(200, { ok: true, result }, result);
    }
    const poll: Poll = { res, limit, timer: undefined, settle };
    poll.timer = setTimeout(() => this.endPoll(poll, []), timeout * 1000);
    // grammY aborts the pending poll on bot.stop(); forget it so it does not eat the next update.
    res.on('close', () => {
      if (!this.polls.delete(poll)) return;
      clearTimeout(poll.timer);
      settle(0, null, undefined);
    });
    this.polls.add(poll);
  }

  /** Answers every pending long poll with []; resolves once their connections have closed. */
  endPolls(): Promise<void> {
    const polls = [...this.polls];
    const answered = polls.map((poll) => new Promise<void>((resolve) => poll.res.once('close', () => resolve())));
    for (const poll of polls) this.endPoll(poll, []);
    return Promise.all(answered).then(() => undefined);
  }

  /** Drops the pending long polls' connections (Telegram unreachable). */
  destroyPolls(): void {
    for (const poll of [...this.polls]) poll.res.destroy();
  }

  /** Forgets queued updates and the webhook; update_id keeps growing so a running poller's offset stays valid. */
  reset(): void {
    this.queue = [];
    this.webhookUrl = '';
  }

  private flushPolls(): void {
    this.flushScheduled = false;
    for (const poll of this.polls) {
      if (this.queue.length === 0) return;
      this.endPoll(poll, this.queue.slice(0, poll.limit));
    }
  }

  private endPoll(poll: Poll, updates: Update[]): void {
    this.polls.delete(poll);
    clearTimeout(poll.timer);
    poll.settle(200, { ok: true, result: updates }, updates);
  }
}
