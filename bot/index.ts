import { conversations, createConversation } from '@grammyjs/conversations';
import { Bot, GrammyError, HttpError, type BotConfig, type BotError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Core } from '../core/core.js';
import { markBlockedByChat } from '../core/deliveries/recipients.js';
import type { Pacer } from '../core/deliveries/pacer.js';
import { conversationStore } from '../db/conversation-store.js';
import type { BotContext, ConversationContext } from './context.js';
import { broadcastConversation, broadcastConversationId } from './conversations/broadcast.js';
import { registrationConversation, registrationId } from './conversations/registration.js';
import { surveyConversation, surveyConversationId } from './conversations/survey.js';
import { approvalsFeature } from './features/approvals.js';
import { broadcastFeature } from './features/broadcast.js';
import { cancelFeature } from './features/cancel.js';
import { deleteMeFeature } from './features/delete-me.js';
import { eventsFeature } from './features/events.js';
import { fallbackFeature } from './features/fallback.js';
import { helpFeature } from './features/help.js';
import { membershipFeature } from './features/membership.js';
import { profileFeature } from './features/profile.js';
import { roadmapsFeature } from './features/roadmaps.js';
import { startFeature } from './features/start.js';
import { schoolChatsFeature } from './features/school-chats.js';
import { stopFeature } from './features/stop.js';
import { surveysFeature } from './features/surveys.js';
import { tasksFeature } from './features/tasks.js';
import { visitsFeature } from './features/visits.js';
import { subscriptionsFeature } from './features/subscriptions.js';
import { contextMiddleware, conversationI18n } from './i18n.js';

export interface BotOptions {
  token: string;
  core: Core;
  /** Telegram's by default; the fake Bot API in tests and the sandbox. */
  apiRoot?: string;
  /** Client settings beyond the root: a proxy agent, the timeout (the runtime's telegramClientOptions). */
  client?: BotConfig<BotContext>['client'];
  /** Known bot info skips getMe at start (Workers: no getMe per isolate; Node: the identity remembered in the database). */
  botInfo?: UserFromGetMe;
  /**
   * Direct replies take their share of the send rate, so the outbox slows down behind them: the outbox's pacer on
   * Node, a report to the dispatcher that holds it on Workers.
   */
  pacer?: Pick<Pacer, 'take'>;
  log?: (message: string) => void;
}

/** Builds the bot. Nothing is created at import time, so the same features serve Node and Workers. */
export function createBot(options: BotOptions): Bot<BotContext> {
  const { core } = options;
  const log = options.log ?? console.error;
  const bot = new Bot<BotContext>(options.token, { client: { apiRoot: options.apiRoot, ...options.client }, botInfo: options.botInfo });

  const { pacer } = options;
  if (pacer) {
    bot.api.config.use((prev, method, payload, signal) => {
      if (method.startsWith('send') && payload && 'chat_id' in payload) pacer.take(String(payload.chat_id), core.clock.now());
      return prev(method, payload, signal);
    });
  }

  bot.use(contextMiddleware(core));
  const features = bot.errorBoundary((error) => reportError(error, log));
  features.use(
    conversations<BotContext, ConversationContext>({
      storage: { type: 'key', version: 1, adapter: conversationStore(core.database, () => core.clock.now()) },
      plugins: [conversationI18n(core)],
    }),
  );
  features.use(cancelFeature);
  features.use(createConversation(registrationConversation(core), registrationId));
  features.use(createConversation(broadcastConversation(core), broadcastConversationId));
  features.use(createConversation(surveyConversation(core), surveyConversationId));
  features.use(
    membershipFeature,
    startFeature,
    helpFeature,
    profileFeature,
    stopFeature,
    deleteMeFeature,
    approvalsFeature,
    tasksFeature,
    visitsFeature,
    eventsFeature,
    broadcastFeature,
    subscriptionsFeature,
    schoolChatsFeature,
    surveysFeature,
    roadmapsFeature,
  );
  features.use(fallbackFeature);
  return bot;
}

/** The menus per role (bot/commands.ts), set at start. */
export { setCommands } from './commands.js';

/** One bad update is logged with its id and never stops the bot; the person is told something went wrong. */
async function reportError(error: BotError<BotContext>, log: (message: string) => void): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const what =
    cause instanceof GrammyError
      ? `Telegram: ${cause.description}`
      : cause instanceof HttpError
        ? `network: ${cause.message}`
        : cause instanceof Error
          ? (cause.stack ?? cause.message)
          : String(cause);
  // A person who blocked the bot is found out on a direct reply too, not only by the outbox.
  if (cause instanceof GrammyError && cause.error_code === 403) {
    if (ctx.person && ctx.chat?.type === 'private') await markBlockedByChat(ctx.core, ctx.person.id, 'telegram');
    return;
  }
  log(`update ${ctx.update.update_id} failed: ${what}`);
  if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('error-unexpected')).catch(() => undefined);
}
