import { describe, expect, it } from 'vitest';
import { Pacer, telegramLimits } from '../../core/deliveries/pacer.js';
import { ManualClock } from '../support/clock.js';

/** The largest number of times in any window [t, t + 1000). */
function maxInAnySecond(times: number[]): number {
  const at = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let end = 0, start = 0; end < at.length; end++) {
    while (at[end]! - at[start]! >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A pipelined drain on a manual clock, as Node runs it: each tick takes what the pacer allows, stamps the sends
 * when they leave the claim, and their requests reach the wire later, by the time the event loop turns (usually a
 * few milliseconds; now and then a pause of a garbage collection or a busy machine, up to 120 ms). Returns when each
 * request reached the wire: what Telegram counts.
 */
function drain(perSecond: number, tellDeparted: boolean, seconds = 6): { wire: number[]; perSecondReached: number } {
  const clock = new ManualClock();
  const pacer = new Pacer({ ...telegramLimits, perSecond });
  const next = random(perSecond);
  const wire: number[] = [];
  const start = clock.now();
  let chat = 0;
  while (clock.now() < start + seconds * 1000) {
    const n = pacer.available(clock.now());
    const leaving = clock.advance(Math.floor(next() * 3));
    const stall = next() < 0.05 ? 30 + Math.floor(next() * 90) : Math.floor(next() * 4);
    for (let i = 0; i < n; i++) {
      pacer.take(String(++chat), leaving);
      wire.push(leaving + Math.floor(next() * (stall + 1)));
    }
    // The event loop has turned: every request of this tick is on the wire.
    clock.advance(stall);
    if (tellDeparted) pacer.departed(clock.now());
    clock.set(Math.max(clock.now() + 1, pacer.nextTokenAt(clock.now())) + Math.floor(next() * 3));
  }
  return { wire, perSecondReached: wire.length / seconds };
}

describe('the pacer', () => {
  for (const perSecond of [30, 1000]) {
    it(`never lets more than ${perSecond} reach Telegram in any rolling second, counting each send from when it left`, () => {
      const { wire, perSecondReached } = drain(perSecond, true);
      expect(maxInAnySecond(wire)).toBeLessThanOrEqual(perSecond);
      expect(perSecondReached).toBeGreaterThan(perSecond * 0.9);
      // The same run counted from the tokens' stamps alone lets the stalls' worth of sends through.
      expect(maxInAnySecond(drain(perSecond, false).wire)).toBeGreaterThan(perSecond);
    });
  }

  it("counts a later tick's sends from when their own requests were written, not from an earlier tick's", () => {
    const run = (marked: boolean) => {
      const pacer = new Pacer({ ...telegramLimits, perSecond: 3 });
      // Tick A at 0: one send, whose request waits for a new connection until 200.
      pacer.take('1', 0);
      const a = pacer.mark();
      // Tick B at 40: two sends, written at 260 (behind a connection of their own).
      pacer.take('2', 40);
      pacer.take('3', 40);
      const b = pacer.mark();
      pacer.departed(200, marked ? a : undefined);
      pacer.departed(260, marked ? b : undefined);
      return pacer;
    };
    // At 1,230 A's send has left the rolling second (200 + 1,025); B's, counted from 260, have not.
    expect(run(true).available(1230)).toBe(1);
    expect(run(true).available(1290)).toBe(2);
    // Told A's moment for all three, the pacer would let B's second's worth go early.
    expect(run(false).available(1230)).toBe(2);
  });
});
