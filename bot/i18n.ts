import type { Context, MiddlewareFn } from 'grammy';
import type { Core } from '../core/core.js';
import { personByContact } from '../core/directory/contacts.js';
import { localeFromLanguageCode, type Locale } from '../locales/translator.js';
import type { BotContext, ConversationContext, Translation } from './context.js';

export function translation(core: Core, locale: Locale): Translation {
  return { locale, t: (key, args) => core.translate(locale, key, args) };
}

/**
 * Puts the core, the person and `ctx.t` on the context. The person's own /profile choice wins over
 * the Telegram app's language.
 */
export function contextMiddleware(core: Core): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    ctx.core = core;
    ctx.person = ctx.from ? await personByContact(core, 'telegram', String(ctx.from.id)) : undefined;
    Object.assign(ctx, translation(core, ctx.person?.language ?? localeFromLanguageCode(ctx.from?.language_code)));
    await next();
  };
}

/** `ctx.t` inside conversations, from the Telegram app's language (the person may not exist yet). */
export function conversationI18n(core: Core): MiddlewareFn<ConversationContext> {
  return async (ctx: Context, next) => {
    Object.assign(ctx, translation(core, localeFromLanguageCode(ctx.from?.language_code)));
    await next();
  };
}
