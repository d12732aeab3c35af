import type { DurableObjectState } from '@cloudflare/workers-types/latest/index.js';
import type { Core } from '../core/core.js';
import type { Messenger } from '../core/deliveries/messenger.js';
import { type ChannelSender, drainOutbox, settleInterruptedSends, type Senders } from '../core/deliveries/sending.js';
import { maxMessenger, maxSettings } from './max.js';
import { seededPacer } from './pacers.js';
import { repliedPath, type WorkerEnv, workerConfig, workerCore, workerMessenger } from './worker-env.js';

/**
 * Drains of a channel per alarm, all channels together, each a quarter of a second's sends (`quarterSecond`): two
 * seconds of sending for one busy channel, one second each for two, then the alarm is set again. A drain is about
 * 5 D1 queries, so one alarm stays below an invocation's budget (50 queries on the free plan, 1,000 on the paid one)
 * and no alarm runs long enough to be cut off.
 */
export const drainsPerAlarm = 8;

/**
 * A drain on D1 costs about 5 queries whatever it sends, each a round trip: two sends a drain (Node's pacing) would
 * be 2.5 queries a message and leave the rate to D1's latency. A quarter of a second's sends at once (8 at 30/s),
 * never more than the limit in any second (the pacer's window), keeps both in bounds.
 */
export function quarterSecond(perSecond: number) {
  const batch = Math.max(2, Math.ceil(perSecond / 4));
  return { burst: batch, batch };
}
/** Within one alarm, a wait longer than this ends it: the next alarm is set for the moment instead. */
const longestWaitInAlarmMs = 500;

interface Sender {
  core: Core;
  senders: Senders;
}

/**
 * The outbox on Workers: one Durable Object (by a fixed name) is the only sender, so one pacer a channel in its memory
 * sees every send there (Telegram's and MAX's, each at its own rate). A request that queued something wakes it at
 * once (`wakeDispatcher`); the minute cron does the same, so it is never asleep for long. The rules are the outbox's own (core/deliveries): the rate, a 429's pause, a 403,
 * and a send in flight when an instance died marked uncertain, never sent twice.
 */
export class OutboxDispatcher {
  private sender: Promise<Sender> | undefined;
  /** Woken while an alarm runs: it goes on, or sets the next one for now. */
  private woken = false;

  constructor(
    private readonly state: DurableObjectState,
    private readonly env: WorkerEnv,
    private readonly options: { messenger?: Messenger } = {},
  ) {}

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === repliedPath) {
      // The bot's direct replies, on the channel of the webhook that sent them.
      const { core, senders } = await this.start();
      const pacer = senders[url.searchParams.get('channel') ?? 'telegram']?.pacer;
      for (const chatId of (await request.text()).split('\n')) pacer?.take(chatId, core.clock.now());
      return new Response(null, { status: 204 });
    }
    this.woken = true;
    const at = await this.state.storage.getAlarm();
    if (at === null || at > Date.now()) await this.state.storage.setAlarm(Date.now());
    return new Response(null, { status: 204 });
  }

  /**
   * Drains each channel at its own pace: a channel comes back when its pacer has a batch for it, and one found empty
   * is left alone for the rest of the alarm (its drains would cost queries for nothing) unless something is queued.
   */
  async alarm(): Promise<void> {
    const { core, senders } = await this.start();
    const channels = Object.entries(senders);
    const allDueNow = () => new Map(channels.map(([channel]) => [channel, Date.now()]));
    /** When each channel has more to do; a channel missing has nothing. */
    let due = allDueNow();
    let drains = 0;
    this.woken = false;
    while (drains < drainsPerAlarm) {
      for (const [channel, sender] of channels) {
        const at = due.get(channel);
        if (at === undefined || at > Date.now() || drains >= drainsPerAlarm) continue;
        drains += 1;
        const next = await this.drain(core, channel, sender);
        if (next === null) due.delete(channel);
        else due.set(channel, next);
      }
      // Something was queued meanwhile: every channel is due again, a channel found empty included.
      if (this.woken) {
        this.woken = false;
        due = allDueNow();
      }
      if (due.size === 0) break;
      const wait = Math.min(...due.values()) - Date.now();
      if (wait > longestWaitInAlarmMs) break;
      if (wait > 0 && drains < drainsPerAlarm) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    if (this.woken) due = allDueNow();
    if (due.size > 0) await this.state.storage.setAlarm(Math.max(Math.min(...due.values()), Date.now()));
  }

  /** One channel's drain; when it has more to do, or null. */
  private async drain(core: Core, channel: string, sender: ChannelSender): Promise<number | null> {
    const { nextAt } = await drainOutbox(core, { [channel]: sender }, core.clock.now());
    // The drain reckons its next batch from when it began; the sends left later (after D1's round trips), and the
    // tokens refill from then: asked now, the pacer says when a whole batch is there, not a part of one.
    return nextAt === null ? null : Math.max(nextAt, sender.pacer.nextTokenAt(core.clock.now()));
  }

  /**
   * The first alarm of an instance: what an earlier instance left mid-send is settled as uncertain (this object is
   * the only sender, so a `sending` row is always a dead instance's), and each channel's pacer is seeded from its last minute.
   */
  private start(): Promise<Sender> {
    this.sender ??= (async () => {
      const config = workerConfig(this.env);
      const core = workerCore(this.env, config, () => undefined);
      await settleInterruptedSends(core, Number.MAX_SAFE_INTEGER);
      const senders: Record<string, ChannelSender> = {};
      if (config.BOT_TOKEN)
        senders['telegram'] = {
          messenger: this.options.messenger ?? workerMessenger(config),
          pacer: await seededPacer(core, config, 'telegram', quarterSecond),
        };
      // MAX when configured: its own messenger and pacer (its rate, MAX_SEND_RATE_PER_SECOND), drained beside Telegram.
      const max = maxSettings(config);
      if (max) senders['max'] = { messenger: maxMessenger(max), pacer: await seededPacer(core, config, 'max', quarterSecond) };
      return { core, senders };
    })().catch((error: unknown) => {
      this.sender = undefined;
      throw error;
    });
    return this.sender;
  }
}
