import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCommands } from '../../bot/index.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { Harness, user } from '../support/harness.js';

/** The menu Telegram would show in this private chat: the chat's own scope if set, else the default (Russian). */
function menuOf(h: Harness, chatId: number): string[] {
  const calls = h.fake.callsOf('setMyCommands');
  const scoped = calls.filter((c) => (c.params.scope as { type?: string; chat_id?: number } | undefined)?.chat_id === chatId).at(-1);
  const fallback = calls.filter((c) => c.params.scope === undefined && c.params.language_code === undefined).at(-1);
  return ((scoped ?? fallback)?.params.commands as { command: string }[]).map((c) => `/${c.command}`);
}

function helpCommands(text: string): string[] {
  return [...text.matchAll(/^(\/[a-z_]+) — /gm)].map((m) => m[1]!);
}

describe('/help and the command menu per role', () => {
  let h: Harness;
  const curator = user(demoTelegramIdBase + 3, 'Ольга');
  const teacher = user(demoTelegramIdBase + 5, 'Елена');

  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await setCommands(h.app.bot, h.core);
  });
  afterEach(async () => h.close());

  it("lists the role's commands, the same as the menu of that chat", async () => {
    await h.send(teacher, '/help');
    const teacherHelp = helpCommands(h.lastText(teacher));
    expect(teacherHelp).toEqual(menuOf(h, teacher.id));
    expect(teacherHelp).toEqual(expect.arrayContaining(['/events', '/calendar', '/tasks', '/surveys', '/subscriptions', '/profile']));
    expect(teacherHelp).not.toContain('/visit');

    await h.send(curator, '/help');
    const curatorHelp = helpCommands(h.lastText(curator));
    expect(curatorHelp).toContain('/visit');
    expect(curatorHelp).toEqual(menuOf(h, curator.id));
  });

  it('groups get their own short menu with /link; a newcomer is told how to start', async () => {
    const groups = h.fake.callsOf('setMyCommands').find((c) => (c.params.scope as { type?: string } | undefined)?.type === 'all_group_chats');
    expect((groups?.params.commands as { command: string }[]).map((c) => c.command)).toContain('link');
    // In a group, /help lists the group's menu.
    const lead = user(demoTelegramIdBase + 4, 'Павел');
    h.fake.addGroup(-4_000_000_009, 'group', 'Команда школы');
    await h.post(h.fake.buildGroupText(-4_000_000_009, lead, '/help'));
    expect(helpCommands(h.lastText(-4_000_000_009))).toEqual(['/link', '/help']);
    const stranger = user(5555, 'Гость');
    await h.send(stranger, '/help');
    expect(h.lastText(stranger)).toContain('/start');
  });
});
