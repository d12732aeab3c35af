import type { DurableObjectState } from '@cloudflare/workers-types/latest/index.js';
import type { Core } from '../core/core.js';
import type { Messenger } from '../core/deliveries/messenger.js';
import { drainOutbox, recentSends, settleInterruptedSends, type Senders } from '../core/deliveries/sending.js';
import { Pacer, telegramLimits } from '../core/deliveries/pacer.js';
import { repliedPath, type WorkerEnv, workerConfig, workerCore, workerMessenger } from './worker-env.js';

/**
 * Drains per alarm, each a quarter of a second's sends (`quarterSecond`): two seconds of sending, then the alarm is
 * set again. A drain is about 5 D1 queries, so one alarm stays below an invocation's budget (50 queries on the free
 * plan, 1,000 on the paid one) and no alarm runs long enough to be cut off.
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
 * The outbox on Workers: one Durable Object (by a fixed name) is the only sender, so one pacer in its memory sees
 * every send. A request that queued something wakes it at once (`wakeDispatcher`); the minute cron does the same,
 * so it is never asleep for long. The rules are the outbox's own (core/deliveries): the rate, a 429's pause, a 403,
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
    if (new URL(request.url).pathname === repliedPath) {
      // The bot's direct replies are Telegram's: the webhook that sent them is.
      const { core, senders } = await this.start();
      const pacer = senders['telegram']?.pacer;
      for (const chatId of (await request.text()).split('\n')) pacer?.take(chatId, core.clock.now());
      return new Response(null, { status: 204 });
    }
    this.woken = true;
    const at = await this.state.storage.getAlarm();
    if (at === null || at > Date.now()) await this.state.storage.setAlarm(Date.now());
    return new Response(null, { status: 204 });
  }

  async alarm(): Promise<void> {
    const { core, senders } = await this.start();
    let nextAt: number | null = null;
    for (let drain = 0; drain < drainsPerAlarm; drain++) {
      this.woken = false;
      nextAt = (await drainOutbox(core, senders, core.clock.now())).nextAt;
      // The drain reckons its next batch from when it began; the sends left later (after D1's round trips), and the
      // tokens refill from then: asked now, the pacers say when a whole batch is there, not a part of one.
      if (nextAt !== null) nextAt = Math.max(nextAt, Math.min(...Object.values(senders).map((s) => s.pacer.nextTokenAt(core.clock.now()))));
      if (this.woken) nextAt = Math.min(nextAt ?? Date.now(), Date.now());
      if (nextAt === null) break;
      const wait = nextAt - Date.now();
      if (wait > longestWaitInAlarmMs || drain === drainsPerAlarm - 1) break;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    if (this.woken) nextAt = Date.now();
    if (nextAt !== null) await this.state.storage.setAlarm(Math.max(nextAt, Date.now()));
  }

  /**
   * The first alarm of an instance: what an earlier instance left mid-send is settled as uncertain (this object is
   * the only sender, so a `sending` row is always a dead instance's), and the pacer is seeded from the last minute.
   */
  private start(): Promise<Sender> {
    this.sender ??= (async () => {
      const config = workerConfig(this.env);
      const core = workerCore(this.env, config, () => undefined);
      await settleInterruptedSends(core, Number.MAX_SAFE_INTEGER);
      const pacer = new Pacer({ ...telegramLimits, perSecond: config.SEND_RATE_PER_SECOND }, quarterSecond(config.SEND_RATE_PER_SECOND));
      pacer.seed(await recentSends(core, core.clock.now(), 'telegram'), core.clock.now());
      return { core, senders: { telegram: { messenger: this.options.messenger ?? workerMessenger(config), pacer } } };
    })().catch((error: unknown) => {
      this.sender = undefined;
      throw error;
    });
    return this.sender;
  }
}
