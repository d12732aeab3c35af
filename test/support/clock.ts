import type { Clock } from '../../core/core.js';

/** A clock that moves only when the test says so. */
export class ManualClock implements Clock {
  constructor(private current = Date.parse('2026-11-23T09:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }

  set(at: number | string): void {
    this.current = typeof at === 'string' ? Date.parse(at) : at;
  }
}
