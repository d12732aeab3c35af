/**
 * What goes wrong on the way to Telegram, on request: error answers (429, 500, a gateway's 502–504), dropped
 * connections, lost answers, hung calls and latency. The server consults it before handling each call.
 */

export interface Fault {
  /**
   * 'drop': close the connection without handling the call; 'deliver-drop': handle it (the message is delivered),
   * then close the connection instead of answering; 'hang': never answer; 502–504: a gateway's HTML error page.
   */
  kind: 429 | 500 | 502 | 503 | 504 | 'drop' | 'deliver-drop' | 'hang';
  method: string;
  remaining: number;
  retryAfter: number;
}

/** Which calls a fault hits: one method (default: any but getUpdates) and how many times (default: once). */
export interface FaultOptions {
  method?: string;
  times?: number;
}

export class Faults {
  /** Every answer takes this long (a round trip to a distant or throttled Telegram). */
  latencyMs: number;
  private faults: Fault[] = [];
  /** Every nth call of a method is handled and then its answer dropped (0: none). */
  private dropEvery = { method: '', n: 0, seen: 0 };

  constructor(latencyMs: number) {
    this.latencyMs = latencyMs;
  }

  add(kind: Fault['kind'], options: FaultOptions, retryAfter = 0): void {
    this.faults.push({ kind, method: options.method ?? '*', remaining: options.times ?? 1, retryAfter });
  }

  /** The fault this call meets, if any (counted as met). */
  take(method: string): Fault | undefined {
    // '*' skips getUpdates: a background poller would otherwise swallow faults meant for the bot's own calls.
    const i = this.faults.findIndex((f) => f.method === method || (f.method === '*' && method !== 'getUpdates'));
    const fault = this.faults[i];
    if (fault && --fault.remaining <= 0) this.faults.splice(i, 1);
    return fault;
  }

  dropEveryNth(n: number, method: string): void {
    this.dropEvery = { method, n, seen: 0 };
  }

  /** Whether this call is handled and its answer then lost: its fault says so, or it is the nth of dropEveryNth. */
  losesAnswer(method: string, fault: Fault | undefined): boolean {
    return fault?.kind === 'deliver-drop' || (this.dropEvery.n > 0 && method === this.dropEvery.method && ++this.dropEvery.seen % this.dropEvery.n === 0);
  }

  /** Forgets the faults not yet met (latency stays). */
  clear(): void {
    this.faults = [];
    this.dropEvery = { method: '', n: 0, seen: 0 };
  }
}
