import type { SendResult } from '../core/deliveries/messenger.js';
import { neverReachedMessenger } from '../core/deliveries/network-errors.js';

/** How long a call to MAX may take before we stop waiting: a hung connection must not hold the outbox. */
export const maxTimeoutMs = 30_000;

export type Failure = Exclude<SendResult, { ok: true }>;
export type CallResult<T> = { ok: true; data: T } | (Failure & { status?: number; code?: string });

export interface MaxCallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/**
 * The MAX Bot API over plain fetch: the token in `Authorization`, JSON in and out, every call with its own timeout,
 * and every failure already sorted the way the outbox needs it (below). The SDK's `Api` would do the requests, but
 * several of its methods take no abort signal (editMessage, deleteMessage, getMyInfo) and its errors do not tell a
 * refused connection from a lost answer; the SDK stays our reference for the shapes (its types are imported).
 */
export class MaxClient {
  /** Consecutive 429s: MAX gives no retry-after, so each one doubles our own pause (1 s … 1 min). */
  private throttled = 0;

  constructor(
    private readonly token: string,
    readonly apiRoot: string,
    private readonly timeoutMs = maxTimeoutMs,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  async call<T>(verb: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: MaxCallOptions = {}): Promise<CallResult<T>> {
    const url = new URL(path.replace(/^\//, ''), this.apiRoot.endsWith('/') ? this.apiRoot : `${this.apiRoot}/`);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    // Through globalThis, here and in messenger.ts: a bare `AbortSignal` makes the bundler rename grammY's polyfill of
    // that name, and node-fetch (which checks the class's name) then refuses every Telegram call of `npm start`.
    const signal = globalThis.AbortSignal.timeout(this.timeoutMs);
    const headers: Record<string, string> = { authorization: this.token };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(url, { method: verb, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal });
      text = await response.text();
    } catch (error) {
      return classifyNetworkError(error, signal);
    }
    return this.classifyAnswer<T>(response.status, text);
  }

  private classifyAnswer<T>(status: number, text: string): CallResult<T> {
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      // Not JSON: a gateway or proxy in front answered (an HTML 502), the API never saw the call.
      if (status >= 500 || status === 0) return { ok: false, reason: 'unreachable', description: `${status} (not the MAX API's answer)`, status };
      return { ok: false, reason: 'rejected', description: `${status}: the answer is not JSON`, status };
    }
    if (status === 200) {
      this.throttled = 0;
      return { ok: true, data: data as T };
    }
    const error = data as { code?: unknown; message?: unknown };
    const code = typeof error.code === 'string' ? error.code : undefined;
    const description = `${status} ${code ?? ''}: ${typeof error.message === 'string' ? error.message : text}`.replace(/\s+:/, ':');
    if (status === 429) {
      this.throttled += 1;
      const retryAfterMs = Math.min(1000 * 2 ** (this.throttled - 1), 60_000);
      return { ok: false, reason: 'rate-limited', retryAfterMs, description, status, code };
    }
    if (status === 403) return { ok: false, reason: 'blocked', description, status, code };
    if (status === 502 || status === 503 || status === 504) return { ok: false, reason: 'unreachable', description, status, code };
    if (status >= 500) return { ok: false, reason: 'transient', description, status, code };
    return { ok: false, reason: 'rejected', description, status, code };
  }
}

export function classifyNetworkError(error: unknown, signal: { readonly aborted: boolean }): Failure {
  if (signal.aborted) return { ok: false, reason: 'unanswered', timedOut: true, description: 'no answer in time' };
  const cause: unknown = (error as { cause?: unknown } | undefined)?.cause ?? error;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  const text = cause instanceof Error ? cause.message : String(cause);
  const description = typeof code === 'string' ? `${code} ${text}` : text;
  if (neverReachedMessenger(code)) return { ok: false, reason: 'unreachable', description };
  return { ok: false, reason: 'unanswered', timedOut: false, description };
}
