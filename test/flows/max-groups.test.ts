import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import type { Actor } from '../../core/admins/access.js';
import { createSavedAudience } from '../../core/audiences/saved.js';
import { deliveriesFor } from '../../core/deliveries/outbox.js';
import { linkContact, personByContact } from '../../core/directory/contacts.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { getPerson } from '../../core/directory/people.js';
import { announceToSchoolChats } from '../../core/school-chats/school-chats.js';
import { broadcasts, deliveries, schoolChats } from '../../db/schema/index.js';
import { markupHtml } from '../../max/broadcast.js';
import { dialogChatIdOf, type FakeMaxUser } from '../../sandbox/fake-max-api.js';
import { linkTelegramWithCode } from '../support/broadcasts.js';
import { buttonLabels, user } from '../support/harness.js';
import { MaxFlow, maxUser, payloadOf } from '../support/max.js';
import { insertPeople, registerPendingTeacher } from '../support/people.js';

/** Demo: person 1 coordinates municipality 1; 4 leads school 1, 5 and 6 teach (municipality 1 and 2). */
const demoId = (n: number) => demoTelegramIdBase + n;
const group = -70_000_000_001;
const otherGroup = -70_000_000_002;

describe('MAX group chats, approvals and /broadcast', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
  });
  afterEach(() => f.close());

  /** Gives a demo person (on Telegram) a MAX account too; returns the MAX user. */
  async function onMaxToo(n: number, maxId: number, name: string): Promise<FakeMaxUser> {
    const person = (await personByContact(f.h.core, 'telegram', String(demoId(n))))!;
    const u = maxUser(maxId, name);
    f.max.build.started(u);
    await linkContact(f.h.core, person.id, 'max', String(maxId), String(dialogChatIdOf(maxId)));
    return u;
  }

  /** Someone only on MAX, active, with these roles in municipality 1. */
  async function maxOnly(maxId: number, name: string, roles: string[], schoolId: number | null = null): Promise<{ u: FakeMaxUser; id: number }> {
    const now = f.h.core.clock.now();
    const [id] = await insertPeople(f.h.core, [
      {
        fullName: name,
        searchName: name.toLowerCase(),
        roles,
        municipalityId: 1,
        schoolId,
        subjects: [],
        status: 'active',
        consentAt: now,
        consentVersion: 'test',
        createdAt: now,
        updatedAt: now,
      },
    ]);
    const u = maxUser(maxId, name.split(' ')[1]);
    f.max.build.started(u);
    await linkContact(f.h.core, id!, 'max', String(maxId), String(dialogChatIdOf(maxId)));
    return { u, id: id! };
  }

  const inGroup = (chatId: number, from: FakeMaxUser, text: string) => f.post(f.max.build.text(from, text, chatId));
  const lastInGroup = (chatId: number) => f.max.lastBotMessage(chatId)?.text ?? '';
  const links = () => f.h.core.database.db.select().from(schoolChats);

  it('/link in a MAX group: refused in the dialog, to a non-lead, to a lead who is not its admin; linked on channel max; a school message arrives there; removed and added back', async () => {
    const lead = await onMaxToo(4, 7401, 'Павел');
    const teacher = await onMaxToo(5, 7402, 'Елена');
    const stranger = maxUser(7403, 'Гость');
    f.max.addGroup(group, 'Команда школы №1');
    f.max.addGroup(otherGroup, 'Другая группа');
    f.max.setGroupRole(group, teacher, 'admin');

    await f.sends(lead, '/link');
    expect(f.lastText(lead)).toContain('работает в групповом чате');
    await inGroup(group, teacher, '/link');
    expect(lastInGroup(group)).toContain('только зарегистрированный руководитель школы');
    await inGroup(group, stranger, '/link');
    expect(lastInGroup(group)).toContain('только зарегистрированный руководитель школы');
    await inGroup(group, lead, '/link');
    expect(lastInGroup(group)).toContain('только администратор этой группы');
    // Anything else said in a group is not for the bot.
    const before = f.max.callsOf('sendMessage').length;
    await inGroup(group, lead, 'Коллеги, добрый день');
    expect(f.max.callsOf('sendMessage')).toHaveLength(before);
    expect(await links()).toEqual([]);

    f.max.setGroupRole(group, lead, 'owner');
    await inGroup(group, lead, '/link');
    expect(lastInGroup(group)).toContain('привязан к школе');
    const linked = f.max.lastBotMessage(group)!;
    expect(linked.buttons.flat().map((b) => b.text)).toEqual(['● Всё для школы', 'Только мероприятия', 'Только задания']);
    expect((await links()).map((l) => [l.channel, l.chatId, l.schoolId, l.title, l.status])).toEqual([['max', String(group), 1, 'Команда школы №1', 'active']]);
    await inGroup(group, lead, '/link');
    expect(lastInGroup(group)).toContain('уже привязан');
    f.max.setGroupRole(otherGroup, lead, 'admin');
    await inGroup(otherGroup, lead, '/link');
    expect(lastInGroup(otherGroup)).toContain('уже привязана к другому чату');

    // What goes there: only a lead of that school may choose.
    await f.post(f.max.build.press(teacher, linked.mid, payloadOf(linked, 'Только мероприятия')!));
    expect(f.lastNotification()).toContain('руководитель школы');
    await f.post(f.max.build.press(lead, linked.mid, payloadOf(linked, 'Только мероприятия')!));
    expect((await links())[0]!.scope).toBe('events');
    expect(
      f.max
        .message(linked.mid)!
        .buttons.flat()
        .map((b) => b.text),
    ).toEqual(['Всё для школы', '● Только мероприятия', 'Только задания']);

    const announce = (n: number) =>
      announceToSchoolChats(f.h.core, {
        schoolIds: [1],
        kind: 'events',
        dedupeKey: `max-group:${n}`,
        purpose: 'test-school-chat',
        message: { html: `<b>Семинар ${n}</b>` },
      });
    expect(await announce(1)).toBe(1);
    await f.h.drain();
    expect(f.max.chat(group).filter((m) => m.fromBot && m.text.includes('Семинар 1'))).toHaveLength(1);
    expect(f.h.fake.callsOf('sendMessage').filter((c) => c.params.text?.toString().includes('Семинар 1'))).toEqual([]);

    // Removed: nothing is sent there, what waited is skipped; added back: it works again.
    await announce(2);
    expect(await f.post(f.max.build.botRemoved(group, lead))).toBe(200);
    expect((await links())[0]!.status).toBe('removed');
    await f.h.drain();
    expect(f.max.chat(group).filter((m) => m.text.includes('Семинар 2'))).toEqual([]);
    const skipped = await f.h.core.database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.chatId, String(group)), eq(deliveries.status, 'skipped')));
    expect(skipped.map((d) => d.error)).toEqual(['bot-removed-from-chat']);
    expect(await f.post(f.max.build.botAdded(group, lead, 'Команда школы №1'))).toBe(200);
    expect((await links())[0]!.status).toBe('active');
    await announce(3);
    await f.h.drain();
    expect(f.max.chat(group).filter((m) => m.text.includes('Семинар 3'))).toHaveLength(1);
  });

  it('a coordinator on MAX approves by the button: the applicant is active, the pressed copy says so, the Telegram coordinator’s copy is edited', async () => {
    const coordinator = await maxOnly(7411, 'Лебедева Ольга Петровна', ['coordinator']);
    const id = await registerPendingTeacher(f.h, user(5301, 'Анна'));
    await f.h.drain();
    const request = f.max.lastBotMessage(dialogChatIdOf(coordinator.u.user_id))!;
    expect(request.text).toContain('Орлова Анна Сергеевна');
    const telegramCopy = f.h.fake.lastBotMessage(demoId(1))!;
    expect(buttonLabels(telegramCopy)).toContain('✅ Одобрить');

    await f.press(coordinator.u, 'Одобрить');
    expect((await getPerson(f.h.core, id))?.status).toBe('active');
    expect(f.max.message(request.mid)!.text).toContain('✅ Одобрено: <b>Орлова Анна Сергеевна</b>');
    expect(f.max.message(request.mid)!.buttons).toEqual([]);
    await f.h.drain();
    expect(telegramCopy.text).toContain('✅ Одобрено в боте: Лебедева О. П.');
    expect(buttonLabels(telegramCopy)).toEqual([]);
    expect(f.h.botTexts(5301).at(-1)).toContain('одобрена');

    // An old copy of the button still gets a clear answer.
    await f.h.forgePress(user(demoId(1)), `appr:${id}:no`, telegramCopy.message_id);
    expect(f.h.lastAnswer()).toContain('уже принято');
  });

  it('decided on Telegram: the MAX coordinator’s copy is edited through the outbox; pressed later, it answers it is decided', async () => {
    const coordinator = await maxOnly(7412, 'Лебедева Ольга Петровна', ['coordinator']);
    const id = await registerPendingTeacher(f.h, user(5302, 'Анна'));
    await f.h.drain();
    const request = f.max.lastBotMessage(dialogChatIdOf(coordinator.u.user_id))!;
    const payload = payloadOf(request, 'Отклонить')!;
    await f.h.press(user(demoId(1)), 'Отклонить');
    expect((await getPerson(f.h.core, id))?.status).toBe('rejected');
    await f.h.drain();
    expect(f.max.message(request.mid)!.text).toContain('Отклонено в боте: Соколова И. В.');
    expect(f.max.message(request.mid)!.buttons).toEqual([]);
    expect((await deliveriesFor(f.h.core, 'registration.approval-verdict')).map((d) => [d.channel, d.status])).toEqual([['max', 'sent']]);

    // A press that was on its way before the edit.
    request.buttons = [[{ type: 'callback', text: 'Отклонить', payload }]];
    await f.post(f.max.build.press(coordinator.u, request.mid, payload));
    expect(f.lastNotification()).toContain('уже принято');
    expect(f.max.message(request.mid)!.buttons).toEqual([]);
  });

  /** An editor in the panel whose Telegram is linked, and who added MAX to the same person in Маяк. */
  async function editorOnMax(): Promise<{ u: FakeMaxUser; actor: Actor }> {
    const admin = await createAdmin(f.h.core, { email: 'editor@mayak.test', password: 'correct horse battery', role: 'editor', municipalityIds: [] });
    const actor: Actor = { kind: 'admin', id: admin.id, label: admin.email, role: 'editor', municipalityIds: [] };
    const { u, id } = await maxOnly(7420, 'Редакторова Вера Ивановна', ['curator']);
    await linkContact(f.h.core, id, 'telegram', '555000020', '555000020');
    await linkTelegramWithCode(f.h, actor, admin.id, 555_000_020);
    return { u, actor };
  }

  it('an editor composes a broadcast on MAX: a saved audience, the preview, confirm; people on either messenger get it once; a second press starts nothing', async () => {
    const { u: editor, actor } = await editorOnMax();
    await createSavedAudience(f.h.core, actor, { name: 'Учителя', rule: { roles: ['teacher'] }, municipalityId: null });
    const onMax = await maxOnly(7421, 'Учителева Мария Ивановна', ['teacher']);
    const elenaOnBoth = await onMaxToo(5, 7422, 'Елена');

    await f.sends(editor, '/broadcast');
    expect(f.lastText(editor)).toContain('Пришлите текст рассылки');
    await f.sends(editor, 'Завтра семинар в 15:00 <для всех>');
    expect(f.lastText(editor)).toContain('Кому отправить?');
    await f.press(editor, 'Учителя (3)');
    const texts = f.botTexts(editor);
    expect(texts.at(-2)).toBe('Завтра семинар в 15:00 &lt;для всех&gt;');
    expect(texts.at(-1)).toContain('Отправить 3 получателям (Учителя)?');
    // A second tap on its way while the first is handled.
    const again = f.max.build.press(editor, f.max.lastBotMessage(dialogChatIdOf(editor.user_id))!.mid, 'bc:go:yes');
    await f.press(editor, 'Отправить');
    expect(f.lastText(editor)).toContain('запущена: 3 получателя');
    expect(await f.post(again)).toBe(200);
    expect(f.lastNotification()).toContain('уже не действует');
    await f.h.drain();

    const sent = 'Завтра семинар в 15:00 &lt;для всех&gt;';
    expect(f.botTexts(onMax.u)).toEqual([sent]);
    expect(f.h.botTexts(demoId(5))).toEqual([sent]);
    expect(f.botTexts(elenaOnBoth)).toEqual([]);
    expect(f.h.botTexts(demoId(6))).toEqual([sent]);
    expect(await f.h.core.database.db.select().from(broadcasts)).toHaveLength(1);
  });

  it('a restart half-way keeps the step; /cancel drops it; a non-editor is refused and nothing is kept', async () => {
    const { u: editor } = await editorOnMax();
    await f.sends(editor, '/broadcast');
    await f.sends(editor, 'После перезапуска');
    await f.h.restart();
    await f.sends(editor, 'что-то ещё');
    expect(f.lastText(editor)).toContain('Выберите вариант кнопкой выше');
    await f.press(editor, 'Все в моей зоне');
    expect(f.lastText(editor)).toContain('Отправить');
    await f.h.restart();
    await f.press(editor, 'Отмена');
    expect(f.lastText(editor)).toContain('Рассылка отменена');
    await f.h.drain();
    expect(f.h.botTexts(demoId(5))).toEqual([]);

    await f.sends(editor, '/broadcast');
    await f.sends(editor, '/cancel');
    expect(f.lastText(editor)).toContain('Отменено');
    await f.sends(editor, 'Просто текст');
    expect(f.lastText(editor)).not.toContain('Кому отправить?');

    // Not in MAX's one menu; an editor's /help lists it, a teacher's does not.
    await f.h.app.max!.setup();
    expect(f.max.commands.map((c) => c.name)).toContain('help');
    expect(f.max.commands.map((c) => c.name)).not.toContain('broadcast');
    await f.sends(editor, '/help');
    expect(f.lastText(editor)).toContain('/broadcast — Рассылка из бота');
    const teacher = await onMaxToo(5, 7430, 'Елена');
    await f.sends(teacher, '/help');
    expect(f.lastText(teacher)).not.toContain('/broadcast');
    await f.sends(teacher, '/broadcast');
    expect(f.lastText(teacher)).toContain('тем из них, кто подключил MAX');
    await f.sends(teacher, 'Всем привет');
    expect(f.lastText(teacher)).not.toContain('Кому отправить?');
    expect(await f.h.core.database.db.select().from(broadcasts)).toEqual([]);
  });
});

describe("a MAX message's formatting as our HTML", () => {
  it('nests the tags, closing and opening again where ranges cross; links only to http(s); the rest escaped', () => {
    const text = 'Жирный и курсив <важно> ссылка';
    expect(
      markupHtml(text, [
        { type: 'strong', from: 0, length: 8 },
        { type: 'emphasized', from: 7, length: 8 },
        { type: 'link', from: 24, length: 6, url: 'https://mayak.test/a?b=1&c="2"' } as never,
        { type: 'link', from: 0, length: 3, url: 'javascript:alert(1)' } as never,
        { type: 'highlighted', from: 16, length: 7 },
        { type: 'underline', from: 28, length: 99 },
      ]),
    ).toBe('<b>Жирный <i>и</i></b><i> курсив</i> &lt;важно&gt; <a href="https://mayak.test/a?b=1&amp;c=&quot;2&quot;">ссыл<u>ка</u></a>');
  });
});
