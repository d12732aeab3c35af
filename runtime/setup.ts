import type { Bot } from 'grammy';
import { webhookPath } from '../admin/index.js';
import { setCommands } from '../bot/index.js';
import type { BotContext } from '../bot/context.js';
import type { Core } from '../core/core.js';
import { rememberMessengerIdentity } from '../core/deliveries/messenger-identity.js';
import { scheduleForgetAbandonedConversations } from '../jobs/forget-abandoned-conversations.js';

/** What the start-up chores did, for the panel's page and the CLI's output. */
export interface SetupReport {
  /** Telegram's bot, or null where MAX runs alone. */
  botUsername: string | null;
  /** The webhook's address as told to Telegram, or null in long-polling mode (Node without PUBLIC_URL). */
  webhook: string | null;
  /** The webhook's address as told to MAX, or null without MAX. */
  maxWebhook: string | null;
  commands: true;
}

/**
 * The start-up chores where no process starts (Workers), or on demand anywhere: who the bot is (getMe, remembered
 * in the database so no isolate asks again), the command menus, the webhook, and the daily clean-up on the books.
 * With MAX configured, its command menu and webhook subscription too (runtime/max.ts `setup`). Each is safe to
 * repeat. The first owner is not here: it comes from ADMIN_EMAIL and ADMIN_PASSWORD (ensureOwner).
 */
export async function runStartupChores(options: {
  core: Core;
  /** Telegram's bot; absent where MAX runs alone. */
  bot?: Bot<BotContext> | undefined;
  webhook?: { publicUrl: string; secret: string } | undefined;
  max?: { setup(): Promise<{ webhook: string }> } | undefined;
}): Promise<SetupReport> {
  const { core, bot } = options;
  let botUsername: string | null = null;
  let webhook: string | null = null;
  if (bot) {
    const me = await bot.api.getMe();
    await rememberMessengerIdentity(core, { ...me });
    bot.botInfo = me;
    core.config.botUsername = me.username;
    botUsername = me.username;
    await setCommands(bot, core);
    if (options.webhook) {
      webhook = new URL(webhookPath, options.webhook.publicUrl).toString();
      await bot.api.setWebhook(webhook, { secret_token: options.webhook.secret });
    }
  }
  // Named, so the page (and `setup --remote`) says which messenger refused.
  const maxWebhook = options.max
    ? (
        await options.max.setup().catch((error: unknown) => {
          throw new Error(`MAX: ${error instanceof Error ? error.message : String(error)}`);
        })
      ).webhook
    : null;
  await scheduleForgetAbandonedConversations(core, core.clock.now() + 60_000);
  return { botUsername, webhook, maxWebhook, commands: true };
}
