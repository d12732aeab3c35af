import { AsyncLocalStorage } from 'node:async_hooks';
import type { ExecutionContext, ScheduledController } from '@cloudflare/workers-types/latest/index.js';
import type { Bot } from 'grammy';
import type { Hono } from 'hono';
import { createAdmin, webhookPath } from '../admin/index.js';
import type { AdminEnv } from '../admin/env.js';
import type { BotContext } from '../bot/context.js';
import { createBot } from '../bot/index.js';
import { ensureOwner } from '../core/admins/accounts.js';
import { scheduleForgetAbandonedConversations } from '../jobs/forget-abandoned-conversations.js';
import { jobRegistry } from '../jobs/registry.js';
import { tick, type TickDeps } from '../jobs/tick.js';
import { messengerChannels, type MessengerChannel } from '../core/vocabulary/channels.js';
import { cookiesSecure, placeholderBotToken } from './config.js';
import { createMaxSide, fetchFileOf, maxSettings } from './max.js';
import { runStartupChores } from './setup.js';
import { dailyCron, reportReplies, type WorkerEnv, wakeDispatcher, workerBotInfo, workerConfig, workerCore, workerMessenger } from './worker-env.js';

// The entry exports handlers only (workerd refuses anything else): the Durable Object's class and the default.
export { OutboxDispatcher } from './dispatcher.js';

/** Ticks in one cron invocation while jobs keep falling due (20 jobs a tick), within its time. */
const ticksPerCron = 10;
const cronBudgetMs = 20_000;

interface WorkerApp {
  admin: Hono<AdminEnv>;
  bot: Bot<BotContext>;
  tickDeps: TickDeps;
  /** Set by a handler that queued a delivery; the request then wakes the dispatcher before it ends. */
  queued: { value: boolean };
}

/**
 * The chats a request's direct replies went to, by channel, kept per request (an isolate serves several at once):
 * told to the dispatcher after the response (runtime/worker-env.ts `reportReplies`), so a reply waits for nothing.
 */
const repliesOfRequest = new AsyncLocalStorage<Record<MessengerChannel, string[]>>();

/** Replies go straight out; the dispatcher's pacer of their channel hears of each, so the outbox gives way to them. */
const repliesOn = (channel: MessengerChannel) => ({ take: (chatId: string) => void repliesOfRequest.getStore()?.[channel].push(chatId) });

/** One app per isolate: built at its first request from the bindings, kept while the isolate lives. */
let built: Promise<WorkerApp> | undefined;

function app(env: WorkerEnv): Promise<WorkerApp> {
  built ??= build(env).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

/**
 * The same product as Node's entry, on Workers: the panel, the API and the webhooks (Telegram's, and MAX's when
 * MAX_BOT_TOKEN is set) from one Hono app over D1.
 * No getMe at an isolate's start (the identity comes from BOT_INFO or the database), no polling, no scheduler
 * in memory: the crons call `scheduled`, and the outbox is the dispatcher's (runtime/dispatcher.ts).
 */
async function build(env: WorkerEnv): Promise<WorkerApp> {
  const config = workerConfig(env);
  const queued = { value: false };
  const core = workerCore(env, config, () => {
    queued.value = true;
  });
  const botInfo = await workerBotInfo(env, core);
  if (botInfo) core.config.botUsername = botInfo.username;
  // With MAX alone the bot never calls Telegram: it serves the panel's Telegram parts, and its webhook stays shut.
  const bot = createBot({
    token: config.BOT_TOKEN ?? placeholderBotToken,
    apiRoot: config.TELEGRAM_API_ROOT,
    core,
    botInfo,
    pacer: repliesOn('telegram'),
    log: console.error,
  });
  const messenger = workerMessenger(config);
  // MAX as on Node (runtime/max.ts), minus what a process does at start: /setup subscribes its webhook.
  const maxConfig = maxSettings(config);
  const max = maxConfig ? createMaxSide({ ...maxConfig, core, log: console.error, pacer: repliesOn('max') }) : undefined;
  await max?.recall();
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) await ensureOwner(core, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  const webhookSecret = config.BOT_TOKEN && config.PUBLIC_URL && config.WEBHOOK_SECRET ? config.WEBHOOK_SECRET : undefined;
  const admin = createAdmin({
    core,
    bot,
    messenger,
    webhookSecret,
    maxWebhook: max?.webhook,
    secureCookies: cookiesSecure(config),
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    fetchFile: fetchFileOf(messenger, max?.messenger),
    jobs: jobRegistry,
    log: console.error,
    setup: () =>
      runStartupChores({
        core,
        bot: config.BOT_TOKEN ? bot : undefined,
        webhook: webhookSecret && config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL, secret: webhookSecret } : undefined,
        max,
      }),
  });
  // The tick sends nothing: the dispatcher does (drainsElsewhere).
  const tickDeps: TickDeps = { core, senders: {}, jobs: jobRegistry, log: console.error, drainsElsewhere: true };
  return { admin, bot, tickDeps, queued };
}

function wakeIfQueued(worker: WorkerApp, env: WorkerEnv, ctx: ExecutionContext): void {
  if (!worker.queued.value) return;
  worker.queued.value = false;
  ctx.waitUntil(wakeDispatcher(env));
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const worker = await app(env);
    // An isolate built before the start-up chores ran learns who the bot is from the database, not from getMe.
    if (!worker.bot.isInited() && new URL(request.url).pathname === webhookPath) {
      const botInfo = await workerBotInfo(env, worker.tickDeps.core);
      if (botInfo) {
        worker.bot.botInfo = botInfo;
        worker.tickDeps.core.config.botUsername = botInfo.username;
      }
    }
    const replies: Record<MessengerChannel, string[]> = { telegram: [], max: [] };
    try {
      return await repliesOfRequest.run(replies, () => worker.admin.fetch(request));
    } finally {
      for (const channel of messengerChannels) {
        if (replies[channel].length > 0) ctx.waitUntil(reportReplies(env, replies[channel], channel).catch((error: unknown) => console.error(error)));
      }
      wakeIfQueued(worker, env, ctx);
    }
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const worker = await app(env);
    const { core } = worker.tickDeps;
    if (controller.cron === dailyCron) await scheduleForgetAbandonedConversations(core, core.clock.now());
    const started = Date.now();
    for (let i = 0; i < ticksPerCron && Date.now() - started < cronBudgetMs; i++) {
      const { nextAt } = await tick(worker.tickDeps, core.clock.now());
      if (nextAt === null || nextAt > core.clock.now()) break;
    }
    // The minute's other duty: the dispatcher is awake whatever happened (a lost wake-up costs at most a minute).
    worker.queued.value = false;
    ctx.waitUntil(wakeDispatcher(env));
  },
};
