import type { Bot } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import type { Core } from '../core/core.js';
import { contactOn } from '../core/directory/contacts.js';
import { peopleWithRole, type Person } from '../core/directory/people.js';
import type { Language } from '../db/schema/index.js';
import type { BotContext } from './context.js';

/**
 * The commands of each role: one list feeds both the menu (setMyCommands) and /help, so they never disagree.
 * Everyone's private-chat menu is the default scope; a role with more (a curator's /visit) gets its own menu
 * per chat. Group chats have their own short menu (/link for a school's lead).
 */
const everyone = ['start', 'events', 'calendar', 'tasks', 'surveys', 'subscriptions', 'profile', 'help', 'stop', 'delete_me', 'cancel'] as const;
const extraByRole: Record<string, readonly string[]> = { curator: ['visit'] };
const groupCommands = ['link', 'help'] as const;
const newcomerCommands = ['start', 'help'] as const;

/** The private-chat commands of someone with these roles, in menu order. */
export function commandsOfRoles(roles: readonly string[]): string[] {
  const extra = roles.flatMap((role) => extraByRole[role] ?? []);
  // Role commands sit before /profile, where a person looks for what their role does.
  const at = everyone.indexOf('profile');
  return [...new Set([...everyone.slice(0, at), ...extra, ...everyone.slice(at)])];
}

/** What /help lists: in a group the groups' menu; in private a registered person's role commands, a newcomer's way in. */
export function commandsOf(person: Pick<Person, 'roles'> | undefined, inGroup = false): string[] {
  if (inGroup) return [...groupCommands];
  return person ? commandsOfRoles(person.roles) : [...newcomerCommands];
}

function needsOwnMenu(roles: readonly string[]): boolean {
  return roles.some((role) => (extraByRole[role]?.length ?? 0) > 0);
}

function described(core: Core, locale: Language, commands: readonly string[]): BotCommand[] {
  return commands.map((command) => ({ command, description: core.translate(locale, `command-${command.replace('_', '-')}`) }));
}

/** The menus at start: the default (in both languages), the groups' one, and the own menu of each person whose role needs it. */
export async function setCommands(bot: Bot<BotContext>, core: Core): Promise<void> {
  for (const locale of ['ru', 'en'] as const) {
    const language = locale === 'ru' ? {} : { language_code: locale };
    await bot.api.setMyCommands(described(core, locale, everyone), language);
    const groups: BotCommandScope = { type: 'all_group_chats' };
    await bot.api.setMyCommands(described(core, locale, groupCommands), { scope: groups, ...language });
  }
  for (const role of Object.keys(extraByRole)) {
    for (const person of await peopleWithRole(core, role)) {
      const contact = await contactOn(core, person.id, 'telegram');
      if (contact?.status === 'active') await setPersonCommands(bot, core, person, Number(contact.chatId));
    }
  }
}

/** A person's own menu where their role needs one (set again when they start or ask for /help, so a new role shows). */
export async function setPersonCommands(bot: Pick<Bot<BotContext>, 'api'>, core: Core, person: Person, chatId: number): Promise<void> {
  if (!needsOwnMenu(person.roles)) return;
  const scope: BotCommandScope = { type: 'chat', chat_id: chatId };
  await bot.api.setMyCommands(described(core, person.language, commandsOfRoles(person.roles)), { scope });
}
