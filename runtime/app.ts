import { Api } from 'grammy';
import type { Context } from 'hono';
import type { UserFromGetMe } from 'grammy/types';
import { createAdmin } from '../admin/index.js';
import { createBot } from '../bot/index.js';
import { TelegramMessenger } from '../bot/messenger.js';
import { systemClock, type Clock } from '../core/core.js';
import { recentSends } from '../core/deliveries/outbox.js';
import { Pacer, telegramLimits } from '../core/deliveries/pacer.js';
import type { NodeDatabase } from '../db/node.js';
import { scheduleForgetAbandonedConversations } from '../jobs/forget-abandoned-conversations.js';
import { jobRegistry } from '../jobs/registry.js';
import type { TickDeps } from '../jobs/tick.js';
import type { Translate } from '../locales/translator.js';
import type { Config } from './config.js';
import { createCore } from './core.js';
import { NodeScheduler } from './scheduler.js';
import type { SandboxChat } from '../admin/routes/sandbox.js';

export interface AppOptions {
  config: Config;
  database: NodeDatabase;
  translate: Translate;
  token: string;
  apiRoot: string;
  clock?: Clock;
  botInfo?: UserFromGetMe;
  /** The in-process fake Telegram when running as a sandbox; adds the /sandbox web chat. */
  sandbox?: SandboxChat;
  /** How to read a request's remote address (Node: the socket), for login limits. */
  clientIp?: (c: Context) => string;
  log?: (message: string) => void;
}

export type App = Awaited<ReturnType<typeof createApp>>;

/**
 * Wires one process: the core over the database, the bot, the outbox's Telegram messenger, the scheduler
 * and the admin HTTP app. Used by the Node entry, the CLI, the tests and the benchmark alike.
 */
export async function createApp(options: AppOptions) {
  const { config, database, translate } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? console.error;
  let scheduler: NodeScheduler | undefined;
  const core = createCore({ config, database, translate, clock, botUsername: options.botInfo?.username, outboxChanged: () => scheduler?.wake() });
  const pacer = new Pacer({ ...telegramLimits, perSecond: config.SEND_RATE_PER_SECOND });
  pacer.seed(await recentSends(core, clock.now()), clock.now());
  const bot = createBot({ token: options.token, apiRoot: options.apiRoot, core, botInfo: options.botInfo, pacer, log });
  await bot.init();
  core.config.botUsername = bot.botInfo.username;
  // The outbox has its own Api, without the direct-reply pacing transformer: it takes its tokens itself.
  const messenger = new TelegramMessenger(new Api(options.token, { apiRoot: options.apiRoot }), options.apiRoot);
  const tickDeps: TickDeps = { core, messenger, pacer, log };
  scheduler = new NodeScheduler(tickDeps, clock, log);
  const webhookSecret = config.PUBLIC_URL && config.WEBHOOK_SECRET ? config.WEBHOOK_SECRET : undefined;
  const admin = createAdmin({
    core,
    bot,
    messenger,
    webhookSecret,
    sandbox: options.sandbox,
    secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
    clientIp: options.clientIp,
    trustProxy: config.TRUST_PROXY,
    fetchFile: (fileId) => messenger.fetchFile(fileId),
    jobs: jobRegistry,
    log,
  });
  await scheduleForgetAbandonedConversations(core, clock.now() + 60_000);
  return { core, bot, pacer, messenger, tickDeps, scheduler, admin };
}
