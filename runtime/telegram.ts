import { GrammyError, HttpError, type Api, type Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { Readable } from 'node:stream';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { setCommands } from '../bot/index.js';
import type { BotContext } from '../bot/context.js';
import type { Core } from '../core/core.js';
import { rememberMessengerIdentity } from '../core/deliveries/messenger-identity.js';
import { markReachable, markUnreachable } from '../core/deliveries/reachability.js';
import { followed, messengerAgent } from './request-writes.js';

/** The long poll's own wait (grammY's default); a getUpdates may take this long before its answer. */
const pollSeconds = 30;
/** Any other call to Telegram that has not answered in this time is given up (a hung connection must not freeze the bot). */
export const requestTimeoutMs = 20_000;
/** Telegram's answer counts as reachable at most this often while nothing changes, to keep writes rare. */
const refreshReachableMs = 60_000;

/**
 * Options for every grammY client of the process (the bot's and the outbox's): the API root (Telegram's or a
 * self-hosted Bot API server) and, with TELEGRAM_PROXY, an organisation's HTTP(S) proxy for all requests; either way
 * an agent whose requests the scheduler follows to the wire (see request-writes.ts).
 */
export function telegramClientOptions(options: { apiRoot: string; proxy?: string | undefined }) {
  return {
    apiRoot: options.apiRoot,
    // A backstop only: `watchTelegram` gives each call its own shorter limit.
    timeoutSeconds: pollSeconds + 30,
    baseFetchConfig: { agent: options.proxy ? proxyAgent(options.proxy) : messengerAgent, compress: true },
  };
}

/**
 * Through the proxy, tunnels are kept open and reused, as grammY keeps its own connections: a tunnel per call would
 * cost every message the proxy's CONNECT and a TLS handshake with Telegram, three round trips before the request.
 */
function proxyAgent(proxy: string): HttpsProxyAgent<string> {
  return followed(new HttpsProxyAgent(proxy, { keepAlive: true }));
}

/**
 * How the outbox fetches a file a person sent (evidence shown in the panel): Node's fetch cannot take a proxy agent,
 * so with TELEGRAM_PROXY the download goes through a proxy agent like the Bot API calls'.
 */
export function telegramDownload(proxy: string | undefined): ((url: string, signal: AbortSignal) => Promise<Response>) | undefined {
  if (!proxy) return undefined;
  const agent = proxyAgent(proxy);
  return (url, signal) =>
    new Promise((resolve, reject) => {
      const get = url.startsWith('https:') ? httpsGet : httpGet;
      const request = get(url, { agent, signal }, (res) => {
        resolve(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status: res.statusCode ?? 502 }));
      });
      request.on('error', reject);
    });
}

/** An error's text for the log without the bot's token (grammY's network errors carry the URL). */
export function describeTelegramError(error: unknown): string {
  const text =
    error instanceof GrammyError
      ? `${error.error_code} ${error.description}`
      : error instanceof HttpError
        ? String((error.error as Error | undefined)?.message ?? error.message)
        : error instanceof Error
          ? error.message
          : String(error);
  return text.replace(/bot\d+:[\w-]+/g, 'bot<token>');
}

/** Whether a failure says Telegram cannot be reached at all (network, timeout, its gateway down), not that it refused. */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof HttpError) return true;
  return error instanceof GrammyError && [502, 503, 504].includes(error.error_code);
}

/**
 * Every call of this Api gets a timeout, and its outcome is written to the stored reachability (on a change,
 * and at most once a minute while nothing changes): the panel's banner and /healthz read it.
 */
export function watchTelegram(api: Api, core: Core, log: (message: string) => void): void {
  let known: 'reachable' | 'unreachable' | undefined;
  let lastWritten = 0;
  api.config.use(async (prev, method, payload, signal) => {
    const limitMs = method === 'getUpdates' ? Number((payload as { timeout?: number } | undefined)?.timeout ?? pollSeconds) * 1000 + 15_000 : requestTimeoutMs;
    // grammY hands a polyfilled signal (abort-controller) that AbortSignal.any does not follow: join them by hand.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limitMs);
    const caller = signal as unknown as AbortSignal | undefined;
    const cancel = () => controller.abort();
    if (caller?.aborted) cancel();
    else caller?.addEventListener('abort', cancel);
    try {
      const result = await prev(method, payload, controller.signal as unknown as typeof signal);
      await noteAnswer();
      return result;
    } catch (error) {
      // Cancelled by us (stopping the poller) says nothing about Telegram.
      if (caller?.aborted) throw error;
      if (isUnreachable(error)) {
        if (known !== 'unreachable') {
          known = 'unreachable';
          lastWritten = core.clock.now();
          const problem = `${method}: ${describeTelegramError(error)}`;
          await markUnreachable(core, problem).catch(() => undefined);
          // Long polling retries every 3 s by itself (grammY); the start-up calls say their own next try.
          if (method === 'getUpdates') log(`telegram: unreachable (${problem}); long polling tries again every 3 s`);
        }
      } else await noteAnswer();
      throw error;
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', cancel);
    }
  });

  async function noteAnswer(): Promise<void> {
    const now = core.clock.now();
    if (known === 'reachable' && now - lastWritten < refreshReachableMs) return;
    known = 'reachable';
    lastWritten = now;
    const wasGoneMs = await markReachable(core).catch(() => null);
    if (wasGoneMs !== null) log(`telegram: reachable again after ${Math.round(wasGoneMs / 1000)} s`);
  }
}

export type Receiving = { kind: 'polling' } | { kind: 'webhook'; url: string; secret: string } | { kind: 'none' };

export interface TelegramStartupOptions {
  bot: Bot<BotContext>;
  core: Core;
  receiving: Receiving;
  /** Failures, one line each. */
  log: (message: string) => void;
  /** What goes well (polling started, webhook set); the failures' log when absent. */
  info?: (message: string) => void;
  /** Waits between tries: the first, doubling up to the longest. */
  backoff?: { firstMs: number; maxMs: number };
}

/**
 * The bot's start-up calls to Telegram, none of which may stop the process: getMe (who the bot is, remembered in the
 * database), the command menu, and receiving updates (setWebhook, or deleteWebhook and long polling). Each runs in
 * the background and is tried again with backoff (2 s doubling up to 3 minutes) until it succeeds; every failure
 * is one log line saying what failed and when the next try is. Long polling that stops on an error starts again.
 */
export class TelegramStartup {
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakers = new Set<() => void>();
  private readonly tasks: Promise<void>[] = [];
  private identified: Promise<void> | undefined;
  private readonly backoff: { firstMs: number; maxMs: number };

  constructor(private readonly options: TelegramStartupOptions) {
    this.backoff = options.backoff ?? { firstMs: 2000, maxMs: 3 * 60_000 };
  }

  /** One getMe: the bot knows its username and remembers it in the database. Throws when Telegram does not answer. */
  async identify(): Promise<UserFromGetMe> {
    const { bot, core } = this.options;
    const me = await bot.api.getMe();
    bot.botInfo = me;
    core.config.botUsername = me.username;
    await rememberMessengerIdentity(core, { ...me });
    return me;
  }

  /** Starts everything in the background; returns at once. */
  start(): void {
    const { bot, core, receiving } = this.options;
    this.identified = this.retry('getMe', async () => {
      await this.identify();
    });
    this.tasks.push(this.identified);
    this.tasks.push(this.retry('setMyCommands', () => setCommands(bot, core)));
    if (receiving.kind === 'webhook') {
      this.tasks.push(
        this.retry('setWebhook', async () => {
          await bot.api.setWebhook(receiving.url, { secret_token: receiving.secret });
          (this.options.info ?? this.options.log)(`bot @${core.config.botUsername || '?'}: webhook at ${receiving.url}`);
        }),
      );
    }
    if (receiving.kind === 'polling') this.tasks.push(this.poll());
  }

  /** Ends the tries and the long polling; updates in hand finish first. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.wakers) wake();
    if (this.options.bot.isRunning()) await this.options.bot.stop();
    await Promise.all(this.tasks);
  }

  private async poll(): Promise<void> {
    const { bot, log } = this.options;
    const info = this.options.info ?? log;
    // grammY needs to know the bot before it polls: the stored identity, or the first getMe that answers.
    if (!bot.isInited()) await this.identified;
    await this.retry('deleteWebhook', async () => {
      await bot.api.deleteWebhook();
    });
    let wait = this.backoff.firstMs;
    while (!this.stopped) {
      let failure: unknown;
      try {
        await bot.start({ drop_pending_updates: false, onStart: (me) => info(`bot @${me.username}: long polling`) });
      } catch (error) {
        failure = error;
      }
      if (this.stopped) return;
      // grammY itself waits out network errors while polling; it gives up on a conflict (409: another poller or a
      // webhook) or a revoked token (401), which an operator fixes without restarting us.
      log(`telegram: long polling stopped (${describeTelegramError(failure ?? 'ended')}); next try in ${seconds(wait)} (${at(wait)})`);
      await this.sleep(wait);
      wait = Math.min(wait * 2, this.backoff.maxMs);
    }
  }

  private async retry(what: string, call: () => Promise<void>): Promise<void> {
    let wait = this.backoff.firstMs;
    while (!this.stopped) {
      try {
        await call();
        return;
      } catch (error) {
        if (this.stopped) return;
        this.options.log(`telegram: ${what} failed (${describeTelegramError(error)}); next try in ${seconds(wait)} (${at(wait)})`);
      }
      await this.sleep(wait);
      wait = Math.min(wait * 2, this.backoff.maxMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.timers.add(timer);
      this.wakers.add(done);
    });
  }
}

const seconds = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 6000) / 10} min`);
const at = (ms: number) => `at ${new Date(Date.now() + ms).toISOString().slice(11, 19)} UTC`;
