import { Composer } from 'grammy';
import { commandsOf, setPersonCommands } from '../commands.js';
import type { BotContext } from '../context.js';

export const helpFeature = new Composer<BotContext>();

/** /help lists exactly the commands of the person's menu (one list in bot/commands.ts). */
helpFeature.command('help', async (ctx) => {
  const person = ctx.person;
  if (!person) return ctx.reply(ctx.t('help-newcomer'));
  const inGroup = ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';
  const lines = commandsOf(person, inGroup).map((command) => `/${command} — ${ctx.t(`command-${command.replace('_', '-')}`)}`);
  await ctx.reply([ctx.t('help-registered'), ...lines].join('\n'));
  // A role given since the last start shows in the menu from now on.
  if (ctx.chat?.type === 'private') await setPersonCommands(ctx, ctx.core, person, ctx.chat.id).catch(() => undefined);
});
