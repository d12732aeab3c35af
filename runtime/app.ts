import { Api } from 'grammy';
import type { Context } from 'hono';
import type { UserFromGetMe } from 'grammy/types';
import { createAdmin } from '../admin/index.js';
import { createBot } from '../bot/index.js';
import { TelegramMessenger } from '../bot/messenger.js';
import { systemClock, type Clock } from '../core/core.js';
import { storedMessengerIdentity } from '../core/deliveries/messenger-identity.js';
import type { Senders } from '../core/deliveries/sending.js';
import { databaseBackupKind, ensureBackupScheduled } from '../core/operations/backups.js';
import type { NodeDatabase } from '../db/node.js';
import { scheduleForgetAbandonedConversations } from '../jobs/forget-abandoned-conversations.js';
import { jobRegistry } from '../jobs/registry.js';
import type { TickDeps } from '../jobs/tick.js';
import type { Translate } from '../locales/translator.js';
import { cookiesSecure, type Config, placeholderBotToken } from './config.js';
import { nodeBackupJob, type BackupSettings } from './backups.js';
import { createCore } from './core.js';
import { runStartupChores } from './setup.js';
import type { Component, Logger } from './logger.js';
import { NodeScheduler } from './scheduler.js';
import { createMaxSide, fetchFileOf, maxSettings } from './max.js';
import { fetchOnNode } from './node-fetch.js';
import { seededPacer } from './pacers.js';
import { TelegramStartup, telegramClientOptions, telegramDownload, watchTelegram, type Receiving } from './telegram.js';
import type { SandboxChat, SandboxMax } from '../admin/sandbox-port.js';
import { useMessengerInSandbox } from '../core/demo/sandbox-messenger.js';
import { dialogChatIdOf } from '../sandbox/fake-max-api.js';

export interface AppOptions {
  config: Config;
  database: NodeDatabase;
  translate: Translate;
  /** Telegram's bot token; absent where MAX runs alone (the bot then serves the panel's Telegram parts and never calls Telegram). */
  token?: string;
  apiRoot: string;
  clock?: Clock;
  /** Who the bot is; else the identity remembered in the database, else the first getMe that answers. */
  botInfo?: UserFromGetMe;
  /** How the bot receives updates once `telegram.start()` runs (the Node entry decides; tests post to the webhook). */
  receiving?: Receiving;
  /** Waits between start-up tries against Telegram and MAX (tests shorten them). */
  telegramBackoff?: { firstMs: number; maxMs: number };
  /** The in-process fake Telegram when running as a sandbox; adds the /sandbox web chat. */
  sandbox?: Omit<SandboxChat, 'max'>;
  /**
   * The sandbox's fake MAX (in process, at `apiRoot`): the MAX bot is wired to it as to the real one, its webhook at
   * `webhookUrl` (this process's own /max/webhook), and the web chat offers MAX beside Telegram.
   */
  sandboxMax?: { api: SandboxMax; token: string; apiRoot: string; webhookUrl: string; secret: string };
  /** How to read a request's remote address (Node: the socket), for login limits. */
  clientIp?: (c: Context) => string;
  log?: (message: string) => void;
  /** Good news from the start-up calls to Telegram (polling started); `log` when absent. */
  info?: (message: string) => void;
  /** JSON logs by component (the Node entry); without it every component writes to `log`. */
  logger?: Logger;
  /** Scheduled backups of the database file (Node with a file; off in tests unless asked for). */
  backups?: BackupSettings;
}

export type App = Awaited<ReturnType<typeof createApp>>;

/**
 * Wires one process: the core over the database, the bot, the outbox's Telegram messenger, the scheduler
 * and the admin HTTP app. Used by the Node entry, the CLI, the tests and the benchmark alike.
 * It makes no call to Telegram: `telegram.start()` does those in the background, so an unreachable Telegram
 * never keeps the panel, the API or the scheduler from starting.
 */
export async function createApp(options: AppOptions) {
  const { config, database, translate } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? console.error;
  const logOf = (component: Component) => options.logger?.component(component) ?? log;
  let scheduler: NodeScheduler | undefined;
  const core = createCore({ config, database, translate, clock, botUsername: options.botInfo?.username, outboxChanged: () => scheduler?.wake() });
  const pacer = await seededPacer(core, config, 'telegram');
  const botInfo = options.botInfo ?? ((await storedMessengerIdentity(core)) as UserFromGetMe | undefined);
  if (botInfo) core.config.botUsername = botInfo.username;
  const client = telegramClientOptions({ apiRoot: options.apiRoot, proxy: config.TELEGRAM_PROXY });
  const token = options.token ?? placeholderBotToken;
  const bot = createBot({ token, apiRoot: options.apiRoot, client, core, botInfo, pacer, log: logOf('bot') });
  watchTelegram(bot.api, core, logOf('bot'));
  const telegram = new TelegramStartup({
    bot,
    core,
    receiving: options.receiving ?? { kind: 'none' },
    log: logOf('bot'),
    info: options.info,
    backoff: options.telegramBackoff,
  });
  // The outbox has its own Api, without the direct-reply pacing transformer: it takes its tokens itself.
  const messenger = new TelegramMessenger(new Api(token, client), options.apiRoot, undefined, telegramDownload(config.TELEGRAM_PROXY));
  const jobs = options.backups ? new Map([...jobRegistry, [databaseBackupKind, nodeBackupJob(database, options.backups, logOf('backup'))]]) : jobRegistry;
  // MAX's own pacer: its limits are its own, and its direct replies count against them.
  const maxPacer = await seededPacer(core, config, 'max');
  // MAX when its token is set (the config makes sure PUBLIC_URL and its secret come with it), or the sandbox's fake.
  const sandboxMax = options.sandboxMax;
  const maxAt = sandboxMax
    ? { token: sandboxMax.token, apiRoot: sandboxMax.apiRoot, webhook: { url: sandboxMax.webhookUrl, secret: sandboxMax.secret } }
    : maxSettings(config);
  const max = maxAt
    ? createMaxSide({ ...maxAt, core, log: logOf('bot'), info: options.info, backoff: options.telegramBackoff, pacer: maxPacer, fetch: fetchOnNode })
    : undefined;
  await max?.recall();
  const senders: Senders = max ? { telegram: { messenger, pacer }, max: { messenger: max.messenger, pacer: maxPacer } } : { telegram: { messenger, pacer } };
  const tickDeps: TickDeps = { core, senders, log: logOf('scheduler'), jobs };
  scheduler = new NodeScheduler(tickDeps, clock, logOf('scheduler'));
  const webhookSecret = config.PUBLIC_URL && config.WEBHOOK_SECRET ? config.WEBHOOK_SECRET : undefined;
  const admin = createAdmin({
    core,
    bot,
    messenger,
    webhookSecret,
    maxWebhook: max?.webhook,
    sandbox: options.sandbox && {
      ...options.sandbox,
      ...(sandboxMax && {
        max: {
          api: sandboxMax.api,
          use: async (personId: number, channel: 'telegram' | 'max') => {
            await useMessengerInSandbox(core, personId, channel, { userId: String(personId), chatId: String(dialogChatIdOf(personId)) });
          },
        },
      }),
    },
    secureCookies: cookiesSecure(config),
    clientIp: options.clientIp,
    trustProxy: config.TRUST_PROXY,
    fetchFile: fetchFileOf(messenger, max?.messenger),
    jobs,
    health: { lastTick: () => scheduler?.lastTick ?? null },
    setup: () =>
      runStartupChores({
        core,
        // MAX alone: no Telegram to set up.
        bot: options.token === undefined ? undefined : bot,
        webhook: webhookSecret && config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL, secret: webhookSecret } : undefined,
        max,
      }),
    log: logOf('panel'),
  });
  await scheduleForgetAbandonedConversations(core, clock.now() + 60_000);
  if (options.backups) await ensureBackupScheduled(core, clock.now(), options.backups.intervalMs);
  return { core, bot, telegram, max, pacer, messenger, tickDeps, scheduler, admin };
}
