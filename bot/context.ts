import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Core } from '../core/core.js';
import type { Person } from '../core/directory/people.js';
import type { Locale, TranslateArgs } from '../locales/translator.js';

export interface Translation {
  locale: Locale;
  t(key: string, args?: TranslateArgs): string;
}

/** The context of every handler outside conversations. */
export type BotContext = ConversationFlavor<Context> &
  Translation & {
    core: Core;
    /** The person writing, if registered (any status but erased). Loaded once per update. */
    person: Person | undefined;
  };

/** The context inside conversations: conversations replay updates, so only cheap, pure plugins live here. */
export type ConversationContext = Context & Translation;
