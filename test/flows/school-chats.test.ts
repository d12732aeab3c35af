import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent, type EventInput } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { announceToSchoolChats, schoolChatByChatId } from '../../core/school-chats/school-chats.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { deliveries, schoolChats } from '../../db/schema/index.js';
import { webinar } from '../support/events.js';
import { schoolTask } from '../support/tasks.js';
import { buttonData, buttonLabels, Harness, user } from '../support/harness.js';

/** Demo: 4 lead and 5 teacher at school 1 of municipality 1; 7 lead of school 5 in municipality 3. */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const lead = demo(4);
const teacher = demo(5);
const stranger = user(555_000_111, 'Гость');
const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };
const group = -4_001;
const otherGroup = -4_002;
const supergroup = -1_000_000_004_001;

describe('school team group chats', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    h.fake.addGroup(group, 'group', 'Команда школы №1');
    h.fake.addGroup(otherGroup, 'group', 'Другая группа');
  });
  afterEach(() => h.close());

  const inGroup = (chatId: number, from: ReturnType<typeof user>, text: string) => h.post(h.fake.buildGroupText(chatId, from, text));
  /** Presses a button of the newest bot message in the group that has it. */
  const pressIn = (chatId: number, from: ReturnType<typeof user>, label: string) => {
    const message = [...h.fake.chat(chatId)].reverse().find((m) => m.from_bot && buttonData(m, label) !== undefined)!;
    return h.post(h.fake.buildPressIn(chatId, from, message.message_id, buttonData(message, label)!));
  };
  const links = () => h.core.database.db.select().from(schoolChats);
  async function publish(overrides: Partial<EventInput> = {}, drain = true) {
    const event = await createEvent(h.core, editor, webinar({ audience: { roles: ['teacher', 'school_lead'], municipalityIds: [1] }, ...overrides }));
    await publishEvent(h.core, editor, event.id);
    if (drain) await h.drain();
    return event;
  }

  it('/link: refused in a private chat, for a non-lead, for a non-admin; linked once; a school has one group', async () => {
    await h.send(lead, '/link');
    expect(h.lastText(lead)).toContain('работает в групповом чате');
    await inGroup(group, teacher, '/link');
    expect(h.lastText(group)).toContain('только зарегистрированный руководитель школы');
    await inGroup(group, stranger, '/link');
    expect(h.lastText(group)).toContain('только зарегистрированный руководитель школы');
    h.fake.setMemberStatus(group, lead.id, 'member');
    await inGroup(group, lead, '/link');
    expect(h.lastText(group)).toContain('только администратор этой группы');
    expect(await links()).toEqual([]);

    h.fake.setMemberStatus(group, lead.id, 'administrator');
    await inGroup(group, lead, '/link');
    expect(h.lastText(group)).toContain('привязан к школе');
    expect(buttonLabels(h.fake.lastBotMessage(group))).toEqual(['● Всё для школы', 'Только мероприятия', 'Только задания']);
    await inGroup(group, lead, '/link');
    expect(h.lastText(group)).toContain('уже привязан');
    await inGroup(otherGroup, lead, '/link');
    expect(h.lastText(otherGroup)).toContain('уже привязана к другому чату');
    expect((await links()).map((l) => [l.chatId, l.schoolId, l.scope])).toEqual([[String(group), 1, 'all']]);

    // What goes there: only a lead of that school may choose.
    await pressIn(group, teacher, 'Только задания');
    expect(h.lastAnswer()).toContain('руководитель школы');
    await pressIn(group, lead, 'Только задания');
    expect((await links())[0]!.scope).toBe('tasks');
    await publish({ title: 'Не для группы задач' });
    expect(h.countTexts(group, 'Не для группы задач')).toBe(0);
    // A school's task reaches its group, with the buttons the group's leads answer with.
    const task = await createTask(h.core, editor, schoolTask({ title: 'План для группы' }));
    await publishTask(h.core, editor, task.id);
    await h.drain();
    const posted = h.fake.chat(group).filter((m) => m.text?.includes('План для группы'));
    expect(posted).toHaveLength(1);
    expect(buttonData(posted[0]!, 'Выполнено')).toBe(`tk:${task.id}:done`);
  });

  it("the school's event goes to its group once, without personal buttons; 20 a minute per group", async () => {
    h.fake.setMemberStatus(group, lead.id, 'creator');
    await inGroup(group, lead, '/link');
    await publish({ title: 'Семинар для школы' });
    expect(h.countTexts(group, 'Семинар для школы')).toBe(1);
    const announcement = h.fake.chat(group).find((m) => m.text?.includes('Семинар для школы'))!;
    expect(buttonLabels(announcement)).toEqual([]);
    // The teacher and the lead got their own copies as well.
    expect(h.countTexts(teacher, 'Семинар для школы')).toBe(1);

    for (let i = 0; i < 25; i++) {
      await announceToSchoolChats(h.core, {
        schoolIds: [1],
        kind: 'events',
        dedupeKey: `burst:${i}`,
        purpose: 'test-burst',
        message: { html: `Объявление ${i}` },
      });
    }
    await h.drain(50);
    expect(h.countTexts(group, 'Объявление')).toBe(20);
    await h.drain(120);
    expect(h.countTexts(group, 'Объявление')).toBe(25);
  });

  it('a group becoming a supergroup keeps its link and what waits for it; the bot removed and added back; the linking lead leaving', async () => {
    h.fake.setMemberStatus(group, lead.id, 'administrator');
    await inGroup(group, lead, '/link');
    await publish({ title: 'Перед миграцией' }, false);
    await h.post(h.fake.buildMigration(group, supergroup, lead));
    await h.drain();
    expect(h.countTexts(supergroup, 'Перед миграцией')).toBe(1);
    expect(h.countTexts(group, 'Перед миграцией')).toBe(0);
    expect((await schoolChatByChatId(h.core, String(supergroup)))?.schoolId).toBe(1);
    const failed = await h.core.database.db.select().from(deliveries).where(eq(deliveries.status, 'failed'));
    expect(failed).toEqual([]);

    await h.post(h.fake.buildMyChatMember(supergroup, lead, 'left'));
    await publish({ title: 'Пока бота нет' });
    expect(h.countTexts(supergroup, 'Пока бота нет')).toBe(0);
    expect((await schoolChatByChatId(h.core, String(supergroup)))?.status).toBe('removed');

    await h.post(h.fake.buildMyChatMember(supergroup, lead, 'member'));
    await h.post(h.fake.buildMemberLeft(supergroup, lead));
    await publish({ title: 'Бот вернулся' });
    expect(h.countTexts(supergroup, 'Бот вернулся')).toBe(1);
    expect((await links()).map((l) => [l.chatId, l.status])).toEqual([[String(supergroup), 'active']]);

    // Once the bot is out of the old group for good, the school's link may move to a new one (its choice kept).
    await inGroup(otherGroup, lead, '/link');
    expect(h.lastText(otherGroup)).toContain('уже привязана к другому чату');
    await h.post(h.fake.buildMyChatMember(supergroup, lead, 'kicked'));
    await inGroup(otherGroup, lead, '/link');
    expect(h.lastText(otherGroup)).toContain('привязан к школе');
    expect((await links()).map((l) => [l.chatId, l.status])).toEqual([[String(otherGroup), 'active']]);
  });
});
