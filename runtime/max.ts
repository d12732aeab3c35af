import type { Core } from '../core/core.js';
import { rememberMessengerIdentity } from '../core/deliveries/messenger-identity.js';
import type { Pacer } from '../core/deliveries/pacer.js';
import { MaxBot } from '../max/bot.js';
import { MaxClient } from '../max/client.js';
import { maxFilePrefix, MaxMessenger } from '../max/messenger.js';
import { maxWebhookHandler, subscribeWebhook } from '../max/webhook.js';
import { maxWebhookPath } from '../admin/index.js';
import type { Config } from './config.js';

/** MAX as configured: its token, API and webhook, read alike by Node and Workers (`maxSettings`). */
export interface MaxSettings {
  token: string;
  apiRoot: string;
  /** Where MAX posts updates (PUBLIC_URL/max/webhook) and the secret it sends back. */
  webhook: { url: string; secret: string };
}

/**
 * Undefined without MAX_BOT_TOKEN; the config makes sure PUBLIC_URL and MAX_WEBHOOK_SECRET come with it (MAX delivers
 * by webhook only).
 */
export function maxSettings(config: Config): MaxSettings | undefined {
  if (!config.MAX_BOT_TOKEN || !config.PUBLIC_URL || !config.MAX_WEBHOOK_SECRET) return undefined;
  return {
    token: config.MAX_BOT_TOKEN,
    apiRoot: config.MAX_API_ROOT,
    webhook: { url: new URL(maxWebhookPath, config.PUBLIC_URL).toString(), secret: config.MAX_WEBHOOK_SECRET },
  };
}

/** The outbox's MAX messenger, for a sender that needs no bot (the Workers' dispatcher). */
export function maxMessenger(settings: MaxSettings): MaxMessenger {
  return new MaxMessenger(new MaxClient(settings.token, settings.apiRoot));
}

/** Opens a file a person sent: evidence sent on MAX is known by its MAX URL, anything else is a Telegram file id. */
export function fetchFileOf(
  telegram: { fetchFile(fileId: string): Promise<Uint8Array | null> },
  max: { fetchFile(fileId: string): Promise<Uint8Array | null> } | undefined,
) {
  return (fileId: string): Promise<Uint8Array | null> =>
    fileId.startsWith(maxFilePrefix) ? (max?.fetchFile(fileId) ?? Promise.resolve(null)) : telegram.fetchFile(fileId);
}

export interface MaxSideOptions extends MaxSettings {
  core: Core;
  log: (message: string) => void;
  info?: (message: string) => void;
  /**
   * MAX's pacer: the bot's direct replies take their share of MAX's rate, so the outbox slows down behind them (on
   * Workers, what reports them to the dispatcher, whose pacer it is).
   */
  pacer?: Pick<Pacer, 'take'>;
  /** Waits between start-up tries against MAX (tests shorten them). */
  backoff?: { firstMs: number; maxMs: number };
}

export type MaxSide = ReturnType<typeof createMaxSide>;

/**
 * Everything MAX in one process: the client, the outbox's messenger, the bot and its webhook route, and the start-up
 * calls (the command menu, the webhook subscription), each tried in the background with backoff until it succeeds,
 * so an unreachable MAX never keeps the panel, Telegram or the scheduler from starting.
 */
export function createMaxSide(options: MaxSideOptions) {
  const { core, log } = options;
  const client = new MaxClient(options.token, options.apiRoot);
  const messenger = new MaxMessenger(client);
  const bot = new MaxBot({ core, client, log, pacer: options.pacer });
  const webhook = maxWebhookHandler(bot, options.webhook.secret, log);
  const backoff = options.backoff ?? { firstMs: 2000, maxMs: 3 * 60_000 };
  let stopped = false;
  /** The pending waits between tries: stopping ends each at once. */
  const waits = new Set<() => void>();
  const tasks: Promise<void>[] = [];

  const retry = async (what: string, call: () => Promise<void>) => {
    let wait = backoff.firstMs;
    while (!stopped) {
      try {
        await call();
        return;
      } catch (error) {
        if (stopped) return;
        log(`max: ${what} failed (${error instanceof Error ? error.message : String(error)}); next try in ${Math.round(wait / 1000)} s`);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waits.delete(done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        waits.add(done);
      });
      wait = Math.min(wait * 2, backoff.maxMs);
    }
  };

  /**
   * Who the bot is on MAX (GET /me): its name makes the panel's `max.ru/<name>` invite links, so it is remembered in
   * the database as Telegram's getMe is, and the panel never asks MAX while rendering.
   */
  const identify = async () => {
    const me = await client.call<{ user_id: number; username?: string | null; first_name?: string; name?: string }>('GET', '/me');
    if (!me.ok) throw new Error(me.description);
    const username = me.data.username;
    if (!username) throw new Error('GET /me named no username');
    await rememberMessengerIdentity(core, { id: me.data.user_id, username, is_bot: true, first_name: me.data.first_name ?? me.data.name ?? '' }, 'max');
    core.config.maxBotUsername = username;
  };

  /** The start-up calls, once (the Workers' /setup and the CLI run them on demand). */
  const setup = async () => {
    await identify();
    await bot.setCommands();
    await subscribeWebhook(client, options.webhook.url, options.webhook.secret);
    return { webhook: options.webhook.url };
  };

  return {
    client,
    messenger,
    bot,
    webhook,
    setup,
    identify,
    start(): void {
      tasks.push(retry('getMyInfo', identify));
      tasks.push(retry('setMyCommands', () => bot.setCommands()));
      tasks.push(
        retry('subscribe', async () => {
          await subscribeWebhook(client, options.webhook.url, options.webhook.secret);
          (options.info ?? log)(`max: webhook at ${options.webhook.url}`);
        }),
      );
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const done of [...waits]) done();
      await Promise.all(tasks);
    },
  };
}
