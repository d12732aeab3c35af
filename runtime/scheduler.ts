import schedule from 'node-schedule';
import type { Clock } from '../core/core.js';
import { SendsInFlight } from '../core/deliveries/in-flight.js';
import { tick, type TickDeps } from '../jobs/tick.js';
import { requestWrites } from './request-writes.js';

/** At least this often, even with nothing scheduled: a row written by another process is never missed for long. */
const maxSleepMs = 60_000;

/**
 * Node's alarm clock for `tick`: runs it, then sleeps until the next due row (at most a minute) with node-schedule.
 * `wake()` runs it now, e.g. when a handler put something in the outbox. Ticks never overlap in one process; the
 * outbox's sends do not hold a tick (they are `inFlight`), so they leave on the pacer's schedule whatever the round trip.
 */
export class NodeScheduler {
  private timer: schedule.Job | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly deps: TickDeps;
  readonly inFlight: SendsInFlight;
  /** When the last tick ended and whether it went through (for /healthz). */
  lastTick: { at: number; ok: boolean } | null = null;

  constructor(
    deps: TickDeps,
    private readonly clock: Clock,
    private readonly log: (message: string, error?: unknown) => void = console.error,
  ) {
    this.inFlight =
      deps.inFlight ??
      new SendsInFlight(
        clock,
        // Room for every channel's rate: each messenger's sends are in flight side by side.
        Object.values(deps.senders).reduce((sum, s) => sum + s.pacer.limits.perSecond, 0),
        () => this.wake(),
        (message) => log(message),
      );
    this.deps = { ...deps, inFlight: this.inFlight };
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Waits for the tick in progress and the answers of the sends in flight, so no send is left half-recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.running;
    await this.inFlight.idle();
  }

  private async loop(): Promise<void> {
    let nextAt: number | null = null;
    do {
      this.again = false;
      try {
        nextAt = (await tick(this.deps, this.clock.now())).nextAt;
        this.lastTick = { at: this.clock.now(), ok: true };
        // The requests this tick started are under way once the event loop turns (the tick's own work comes first),
        // and on the wire once written (a new connection first connects): from then on the pacer counts them as
        // gone, not from when their tokens were taken.
        const marks = Object.values(this.deps.senders).map(({ pacer }) => ({ pacer, upTo: pacer.mark() }));
        setImmediate(() => {
          void requestWrites.allWritten().then(() => {
            for (const { pacer, upTo } of marks) pacer.departed(this.clock.now(), upTo);
          });
        });
      } catch (error) {
        this.lastTick = { at: this.clock.now(), ok: false };
        this.log(`tick failed: ${error instanceof Error ? error.message : String(error)}`, error);
        nextAt = this.clock.now() + 5000;
      }
      // SQLite answers synchronously, so back-to-back ticks would never let the event loop write the sends they
      // started (nor read their answers): they would leave in one burst after the last tick.
      if (this.again) await new Promise((resolve) => setImmediate(resolve));
    } while (this.again && !this.stopped);
    if (this.stopped) return;
    const now = this.clock.now();
    const delay = Math.min(nextAt ?? Number.POSITIVE_INFINITY, now + maxSleepMs) - now;
    this.timer?.cancel();
    // node-schedule silently refuses a moment that has passed by the time it looks (it returns null), which would
    // leave no timer at all: work that is already due runs on the next turn of the event loop instead.
    this.timer = delay > 0 ? schedule.scheduleJob(new Date(Date.now() + delay), () => this.wake()) : null;
    if (!this.timer) setImmediate(() => this.wake());
  }
}
