import { webhookCallback, type Bot } from 'grammy';
import { Hono } from 'hono';
import type { BotContext } from '../bot/context.js';
import type { Core } from '../core/core.js';
import { homeRoutes } from './routes/home.js';
import { sandboxRoutes, type SandboxChat } from './routes/sandbox.js';

export const webhookPath = '/telegram/webhook';

export interface AdminOptions {
  core: Core;
  bot: Bot<BotContext>;
  /** Set in webhook mode: Telegram's updates arrive here, checked by X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret?: string;
  sandbox?: SandboxChat;
}

/** The HTTP side of the process: the panel, the Telegram webhook and, with no token, the sandbox chat. */
export function createAdmin(options: AdminOptions): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ ok: true }));
  if (options.webhookSecret) {
    app.post(webhookPath, webhookCallback(options.bot, 'hono', { secretToken: options.webhookSecret }));
  }
  if (options.sandbox) app.route('/sandbox', sandboxRoutes(options.sandbox));
  app.route('/', homeRoutes({ sandbox: options.sandbox !== undefined }));
  return app;
}
