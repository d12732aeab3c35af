import type { D1Database, DurableObjectNamespace } from '@cloudflare/workers-types/latest/index.js';
import { Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { TelegramMessenger } from '../bot/messenger.js';
import type { Core } from '../core/core.js';
import type { MessengerChannel } from '../core/vocabulary/channels.js';
import { storedMessengerIdentity } from '../core/deliveries/messenger-identity.js';
import { openD1Database } from '../db/d1.js';
import { loadBundledTranslator } from '../locales/bundled.js';
import type { Translate } from '../locales/translator.js';
import { type Config, placeholderBotToken, readConfig } from './config.js';
import { createCore } from './core.js';

/** The daily cron (wrangler.toml): the clean-up job put on the books; the minute cron runs what is due. */
export const dailyCron = '30 0 * * *';

/** The Worker's bindings (wrangler.toml) and its settings: vars and secrets, by the same names as Node's environment. */
export interface WorkerEnv {
  DB: D1Database;
  OUTBOX: DurableObjectNamespace;
  [setting: string]: unknown;
}

/** The settings among the bindings: only strings are settings (DB and OUTBOX are objects). */
export function workerConfig(env: WorkerEnv): Config {
  const settings = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const result = readConfig(settings);
  if (!result.ok) throw new Error(`config: ${result.problems.join('; ')}`);
  if (!result.config.BOT_TOKEN && !result.config.MAX_BOT_TOKEN)
    throw new Error('config: BOT_TOKEN or MAX_BOT_TOKEN: one is required on Workers (the sandbox runs on Node only)');
  return result.config;
}

let translator: Translate | undefined;

/** The core over D1, one per isolate and binding; `outboxChanged` says the dispatcher should be woken. */
export function workerCore(env: WorkerEnv, config: Config, outboxChanged: () => void): Core {
  translator ??= loadBundledTranslator();
  return createCore({ config, database: openD1Database(env.DB), translate: translator, outboxChanged });
}

/**
 * Who the bot is, without a getMe: BOT_INFO (Telegram's getMe answer as JSON, optional), else the identity the
 * start-up chores stored in the database. Undefined until one of them exists; the webhook answers 503 meanwhile.
 */
export async function workerBotInfo(env: WorkerEnv, core: Core): Promise<UserFromGetMe | undefined> {
  if (typeof env.BOT_INFO === 'string' && env.BOT_INFO !== '') return JSON.parse(env.BOT_INFO) as UserFromGetMe;
  return (await storedMessengerIdentity(core)) as UserFromGetMe | undefined;
}

/** The outbox's messenger: its own Api, without the direct replies' pacing (the dispatcher takes its tokens itself). */
export function workerMessenger(config: Config): TelegramMessenger {
  return new TelegramMessenger(new Api(config.BOT_TOKEN ?? placeholderBotToken, { apiRoot: config.TELEGRAM_API_ROOT }), config.TELEGRAM_API_ROOT);
}

/** The one dispatcher of the outbox: a Durable Object by a fixed name. */
function dispatcher(env: WorkerEnv) {
  return env.OUTBOX.get(env.OUTBOX.idFromName('outbox'));
}

/** Tells the dispatcher that something was queued. */
export function wakeDispatcher(env: WorkerEnv): Promise<unknown> {
  return dispatcher(env).fetch('https://dispatcher/wake', { method: 'POST' });
}

/**
 * Tells the dispatcher which chats a request's direct replies went to on a channel (Telegram's webhook replies on
 * Telegram, MAX's on MAX), so that channel's pacer counts them (the rate, each chat's gap) as Node's pacers do. Sent
 * after the request's response: a reply never waits, the outbox does.
 */
export function reportReplies(env: WorkerEnv, chatIds: readonly string[], channel: MessengerChannel = 'telegram'): Promise<unknown> {
  return dispatcher(env).fetch(`https://dispatcher${repliedPath}?channel=${channel}`, { method: 'POST', body: chatIds.join('\n') });
}

export const repliedPath = '/replied';
