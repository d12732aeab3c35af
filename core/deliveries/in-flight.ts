import type { Clock } from '../core.js';

/** Never fewer in flight than this (a slow answer must not stall a quiet outbox), never more than `maxInFlight`. */
const minInFlight = 4;
export const maxInFlight = 512;
/** How much the latest round trip moves the estimate (an exponentially weighted mean). */
const weight = 0.2;

/**
 * The sends of one process that have left and await their answer, for a drain that does not wait for them: at
 * Telegram's 30/s and a 300 ms round trip about ten are on the way at any moment, and waiting for each before the
 * next would cap the rate at a few per round trip. Each outcome is settled as it arrives. Driver-neutral: Node's
 * scheduler keeps one per process, a Durable Object would keep one per instance; `tick(now)` without one waits.
 */
export class SendsInFlight {
  private readonly sends = new Set<Promise<void>>();
  /** The estimated round trip of a send, from the answers so far. */
  private roundTripMs = 250;
  /** A drain found no room: the next answer should wake it. */
  private drainWaiting = false;
  /** A probe of an unreachable messenger on its way. */
  private probing: Promise<void> | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
    private readonly wake: () => void,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  get count(): number {
    return this.sends.size;
  }

  /**
   * How many more may leave now: enough to keep the rate going for one and a half round trips, plus a few for the
   * bursts the pacer allows, within bounds. A blackholed connection can leave at most this many unanswered.
   */
  room(): number {
    const wanted = Math.ceil((this.perSecond * this.roundTripMs * 1.5) / 1000) + Math.max(2, Math.floor(this.perSecond / 20));
    const room = Math.min(maxInFlight, Math.max(minInFlight, wanted)) - this.sends.size;
    if (room <= 0) this.drainWaiting = true;
    return Math.max(0, room);
  }

  /** Tracks a send that left at `leftAt`; `settled` resolves once its outcome is recorded. */
  track(leftAt: number, settled: Promise<void>): void {
    const tracked = settled
      // A send whose outcome could not be recorded stays `sending` and is named uncertain later (`settleInterruptedSends`).
      .catch((error: unknown) => this.log(`recording a send's outcome failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.sends.delete(tracked);
        const took = this.clock.now() - leftAt;
        if (took >= 0) this.roundTripMs += weight * (took - this.roundTripMs);
        if (this.drainWaiting) {
          this.drainWaiting = false;
          this.wake();
        }
      });
    this.sends.add(tracked);
  }

  /** Runs a probe of an unreachable messenger beside the ticks (it may hang as long as a send), one at a time; its end wakes the drain. */
  probe(run: () => Promise<unknown>): void {
    if (this.probing) return;
    this.probing = run()
      .catch((error: unknown) => this.log(`probing the messenger failed: ${error instanceof Error ? error.message : String(error)}`))
      .then(() => {
        this.probing = null;
        this.wake();
      });
  }

  /** Resolves once nothing is in flight (a graceful stop waits for every answer, so none is left `sending`). */
  async idle(): Promise<void> {
    while (this.sends.size > 0 || this.probing) await Promise.allSettled([...this.sends, this.probing]);
  }
}
