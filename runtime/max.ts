import type { Core } from '../core/core.js';
import { rememberMessengerIdentity } from '../core/deliveries/messenger-identity.js';
import type { Pacer } from '../core/deliveries/pacer.js';
import { MaxBot } from '../max/bot.js';
import { MaxClient } from '../max/client.js';
import { MaxMessenger } from '../max/messenger.js';
import { maxWebhookHandler, subscribeWebhook } from '../max/webhook.js';

export interface MaxSideOptions {
  core: Core;
  token: string;
  apiRoot: string;
  /** Where MAX posts updates (PUBLIC_URL/max/webhook) and the secret it sends back. */
  webhook: { url: string; secret: string };
  log: (message: string) => void;
  info?: (message: string) => void;
  /** MAX's pacer: the bot's direct replies take their share of MAX's rate, so the outbox slows down behind them. */
  pacer?: Pacer;
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
    // A bot without a public name has no max.ru link: nothing to remember, and asking again would not change it.
    if (!username) return void log('max: GET /me named no username, so the panel shows no MAX invite links');
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
