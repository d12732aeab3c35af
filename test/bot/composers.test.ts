import { Bot, type Composer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { eventButton } from '../../core/events/buttons.js';
import type { BotContext } from '../../bot/context.js';
import { fallbackFeature } from '../../bot/features/fallback.js';
import { helpFeature } from '../../bot/features/help.js';
import type { Core } from '../../core/core.js';
import type { Person } from '../../core/directory/people.js';
import { readLocaleSources } from '../../locales/node.js';
import { createTranslator } from '../../locales/translator.js';

/**
 * Fast tests of single Composers in the style of grammY's own: no server, no database. A transformer records every
 * call the handler makes to the Bot API and answers it at once; the context carries only what the feature reads.
 */
const translate = createTranslator(readLocaleSources());
const botInfo: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: 'Маяк',
  username: 'mayak_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

interface Call {
  method: string;
  payload: Record<string, unknown>;
}

function composerBot(feature: Composer<BotContext>, person?: Pick<Person, 'roles' | 'language'>) {
  const calls: Call[] = [];
  const bot = new Bot<BotContext>('42:composer-test', { botInfo });
  bot.api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    return { ok: true, result: true } as never;
  });
  const core = { translate } as unknown as Core;
  bot.use((ctx, next) => {
    ctx.core = core;
    ctx.locale = 'ru';
    ctx.t = (key, args) => translate('ru', key, args);
    ctx.person = person as Person | undefined;
    return next();
  });
  bot.use(feature);
  return { calls, handle: (update: Update) => bot.handleUpdate(update) };
}

let updateId = 1;
const from = { id: 7001, is_bot: false, first_name: 'Анна' };
const privateChat = { id: 7001, type: 'private' as const, first_name: 'Анна' };
const group = { id: -100500, type: 'supergroup' as const, title: 'Школа № 5' };

function text(body: string, chat: typeof privateChat | typeof group = privateChat): Update {
  const entities = body.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: body.split(' ')[0]!.length }] : undefined;
  return { update_id: updateId++, message: { message_id: updateId, date: 0, chat, from, text: body, entities } };
}

const teacher = { roles: ['teacher'], language: 'ru' as const };
const curator = { roles: ['curator'], language: 'ru' as const };

describe('/help', () => {
  it('a newcomer is pointed to /start and nothing else is called', async () => {
    const bot = composerBot(helpFeature);
    await bot.handle(text('/help'));
    expect(bot.calls.map((c) => c.method)).toEqual(['sendMessage']);
    expect(bot.calls[0]!.payload['text']).toBe(translate('ru', 'help-newcomer'));
  });

  it('a curator sees the role’s /visit in the list, and the own menu is set for that chat only', async () => {
    const bot = composerBot(helpFeature, curator);
    await bot.handle(text('/help'));
    const [reply, menu] = bot.calls;
    expect(reply!.method).toBe('sendMessage');
    expect(reply!.payload['text']).toContain('/visit — ');
    expect(reply!.payload['text']).toContain('/profile — ');
    expect(menu!.method).toBe('setMyCommands');
    expect(menu!.payload['scope']).toEqual({ type: 'chat', chat_id: 7001 });
  });

  it('a teacher has no menu of their own, and in a group /help lists the groups’ commands without touching menus', async () => {
    const privately = composerBot(helpFeature, teacher);
    await privately.handle(text('/help'));
    expect(privately.calls.map((c) => c.method)).toEqual(['sendMessage']);
    expect(privately.calls[0]!.payload['text']).not.toContain('/visit');

    const inGroup = composerBot(helpFeature, curator);
    await inGroup.handle(text('/help', group));
    expect(inGroup.calls.map((c) => c.method)).toEqual(['sendMessage']);
    expect(inGroup.calls[0]!.payload['text']).toContain('/link — ');
    expect(inGroup.calls[0]!.payload['text']).not.toContain('/visit');
  });
});

describe('what no feature took', () => {
  it('in private: an unknown command, a newcomer’s text and a registered person’s text each get their own hint', async () => {
    const newcomer = composerBot(fallbackFeature);
    await newcomer.handle(text('/nonsense'));
    await newcomer.handle(text('здравствуйте'));
    expect(newcomer.calls.map((c) => c.payload['text'])).toEqual([translate('ru', 'unknown-command'), translate('ru', 'fallback-newcomer')]);

    const registered = composerBot(fallbackFeature, teacher);
    await registered.handle(text('здравствуйте'));
    expect(registered.calls.map((c) => c.payload['text'])).toEqual([translate('ru', 'fallback-registered')]);
  });

  it('a group is left alone; a button of a message whose feature is gone is answered as outdated', async () => {
    const bot = composerBot(fallbackFeature, teacher);
    await bot.handle(text('всем привет', group));
    expect(bot.calls).toEqual([]);
    await bot.handle({
      update_id: updateId++,
      callback_query: { id: 'cb-1', from, chat_instance: 'x', data: 'gone:1', message: { message_id: 9, date: 0, chat: privateChat } },
    });
    expect(bot.calls).toEqual([{ method: 'answerCallbackQuery', payload: { callback_query_id: 'cb-1', text: translate('ru', 'button-outdated') } }]);
  });
});

describe('an event button’s data', () => {
  it('reads what the event message writes, and nothing else', () => {
    expect(eventButton.parse('ev:12:go')).toEqual({ eventId: 12, action: 'go' });
    expect(eventButton.parse('ev:12:rate:5')).toEqual({ eventId: 12, action: 'rate', rating: 5 });
    for (const bad of [undefined, '', 'ev:', 'ev:12', 'ev:12:fly', 'ev:x:go', 'ev:12:rate', 'ev:12:rate:6', 'ev:12:rate:55', 'ev:12:go:1', 'ev:0:go']) {
      expect(eventButton.parse(bad), String(bad)).toBeUndefined();
    }
  });
});
