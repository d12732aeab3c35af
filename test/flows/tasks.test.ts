import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { closeTask, createTask } from '../../core/tasks/tasks.js';
import { curatorVisits, deliveries, taskConfirmations } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { addPerson, day, editorActor, hour, personIdOf, pressInGroup, schoolTask, sendFile, sendInGroup, taskDue } from '../support/tasks.js';

/**
 * Demo region: coordinators 1 (municipality 1) and 2 (municipality 2); curator 3 of schools 1 and 3; lead 4 at
 * school 1; teacher 5 at school 1. The tests add a second lead at school 1 and leads at schools 2 (municipality 1)
 * and 3 (municipality 2): three schools in two municipalities.
 */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const coordinator1 = demo(1);
const coordinator2 = demo(2);
const curator = demo(3);
const lead1 = demo(4);
const teacher1 = demo(5);
const lead1b = user(800_000_001, 'Lead1b');
const lead2 = user(800_000_002, 'Lead2');
const lead3 = user(800_000_003, 'Lead3');

describe('deadlines and confirmations, end to end', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await addPerson(h.core, { telegramId: lead1b.id, name: 'Зайцева Мария Петровна', roles: ['school_lead'], municipalityId: 1, schoolId: 1 });
    await addPerson(h.core, { telegramId: lead2.id, name: 'Орлов Иван Ильич', roles: ['school_lead'], municipalityId: 1, schoolId: 2 });
    await addPerson(h.core, { telegramId: lead3.id, name: 'Белова Анна Юрьевна', roles: ['school_lead'], municipalityId: 2, schoolId: 3 });
  });
  afterEach(() => h.close());

  async function published(overrides: Parameters<typeof schoolTask>[0] = {}) {
    const task = await createTask(h.core, editorActor, schoolTask(overrides));
    await publishTask(h.core, editorActor, task.id);
    await h.drain();
    return task;
  }

  const statusOf = async (taskId: number, schoolId: number) =>
    (await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, taskId))).find((c) => c.schoolId === schoolId);

  it('photo → verify; problem → curator; silence → reminder → escalation → weekly digest; a visit; a restart in the middle', async () => {
    const task = await published();
    for (const who of [lead1, lead1b, lead2, lead3]) expect(h.lastText(who)).toContain('Новая задача');
    expect(h.lastText(lead1)).toContain('Разместить школьный план');
    expect(h.lastText(lead1)).toContain('чт, 26 ноября в 18:00 (UTC+3)');
    expect(h.lastText(lead1)).toContain('Нужно подтверждение: фотография');
    expect(h.botTexts(teacher1)).toEqual([]);
    expect(await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id))).toHaveLength(3);

    // Confirms with a photo; a text where a photo is asked for is asked again and changes nothing.
    await h.press(lead1, 'Выполнено');
    expect(h.lastText(lead1)).toContain('Пришлите фотографию');
    await h.send(lead1, 'Сделали, всё на сайте');
    expect(h.lastText(lead1)).toContain('Нужна фотография');
    expect((await statusOf(task.id, 1))?.status).toBe('pending');
    const fileId = await sendFile(h, lead1, 'photo', { caption: 'Скриншот раздела' });
    expect(h.lastText(lead1)).toContain('Куратор проверит');
    expect(await statusOf(task.id, 1)).toMatchObject({
      status: 'confirmed',
      evidenceKind: 'photo',
      evidenceFileId: fileId,
      confirmedBy: await personIdOf(h.core, lead1.id),
    });

    // The other lead of the same school, on the old message: told who did it, nothing changes.
    await h.press(lead1b, 'Выполнено');
    expect(h.lastText(lead1b)).toContain('уже отметила выполнение');
    expect(h.lastText(lead1b)).toContain('Морозов Павел Игоревич');

    // The curator verifies (and finds the same request under /tasks).
    await h.drain();
    expect(h.lastText(curator)).toContain('СОШ № 5 г. Светлогорска</b> отметила выполнение');
    expect(h.lastText(curator)).toContain('Приложена фотография');
    await h.send(curator, '/tasks');
    expect(h.countTexts(curator, 'СОШ № 5 г. Светлогорска</b> отметила выполнение')).toBe(2);
    await h.press(curator, 'Подтверждаю');
    expect(h.lastAnswer()).toContain('Подтверждено');
    expect((await statusOf(task.id, 1))?.status).toBe('verified');
    // The verdict stays on the request as its one button; pressed again, it says so and changes nothing.
    await h.press(curator, '✅ Подтверждено');
    expect(h.lastAnswer()).toBe('Уже подтверждено.');
    expect((await statusOf(task.id, 1))?.status).toBe('verified');
    await h.drain();
    expect(h.lastText(lead1)).toContain('Куратор подтвердил выполнение');

    // /cancel during a task's step says where the task is, not how to register again.
    await h.press(lead3, 'Есть проблема');
    await h.send(lead3, '/cancel');
    expect(h.lastText(lead3)).toBe('Отменено. Задание осталось в списке — /tasks.');

    // A problem, with a restart between the press and the reason.
    await h.press(lead3, 'Есть проблема');
    expect(h.lastText(lead3)).toContain('Коротко опишите проблему');
    await h.restart();
    await h.send(lead3, 'Нет доступа к сайту школы');
    expect(h.lastText(lead3)).toContain('куратор получил');
    expect(await statusOf(task.id, 3)).toMatchObject({ status: 'problem', problem: 'Нет доступа к сайту школы' });
    await h.drain();
    expect(h.lastText(curator)).toContain('Берёзовская СОШ</b>: проблема с задачей');
    expect(h.lastText(curator)).toContain('Нет доступа к сайту школы');

    // Silence at school 2: the reminder a day before, once, only to those who still owe it.
    h.clock.set(taskDue - day);
    await h.tick();
    await h.tick();
    await h.drain();
    expect(h.countTexts(lead2, 'Напоминание о сроке')).toBe(1);
    expect(h.countTexts(lead1, 'Напоминание о сроке')).toBe(0);

    // Overdue by a day: the curator of the late schools and each coordinator of their municipalities, once.
    h.clock.set(taskDue + day);
    await h.tick();
    await h.tick();
    await h.drain();
    expect(h.countTexts(coordinator1, 'Просрочена задача')).toBe(1);
    expect(h.lastText(coordinator1)).toContain('Лицей № 1');
    expect(h.lastText(coordinator1)).not.toContain('СОШ № 5');
    expect(h.lastText(coordinator2)).toContain('Берёзовская СОШ');
    expect(h.countTexts(curator, 'Просрочена задача')).toBe(1);
    expect(h.countTexts(lead2, 'Просрочена')).toBe(0);

    // While overdue: every 2 days.
    h.clock.set(taskDue + 2 * day);
    await h.tick();
    await h.drain();
    expect(h.countTexts(lead2, 'Срок прошёл')).toBe(1);

    // The weekly digest on Monday 09:00 Moscow, with the list behind its button.
    h.clock.set('2026-11-30T06:00:00Z');
    await h.tick();
    await h.tick();
    await h.drain();
    expect(h.countTexts(coordinator1, 'Сводка за неделю')).toBe(1);
    expect(h.lastText(coordinator1)).toContain('Лицей № 1 — Разместить школьный план');
    await h.press(coordinator1, 'Открыть список');
    expect(h.lastText(coordinator1)).toContain('Просрочено');
    expect(h.lastText(coordinator2)).toContain('Берёзовская СОШ');

    // Every message went once.
    const keys = (await h.core.database.db.select({ k: deliveries.dedupeKey }).from(deliveries)).map((r) => r.k).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);

    // A curator records a visit, with a restart between the steps.
    await h.send(curator, '/visit');
    await h.press(curator, 'СОШ № 5');
    await h.press(curator, 'Сегодня');
    await h.restart();
    await h.press(curator, 'Выезд в школу');
    await h.send(curator, 'Провели методсовет, план принят');
    await sendFile(h, curator, 'document');
    expect(h.lastText(curator)).toContain('Нужна фотография');
    const photo = await sendFile(h, curator, 'photo');
    expect(h.lastText(curator)).toContain('Посещение записано: СОШ № 5 г. Светлогорска, 30.11.2026');
    const visits = await h.core.database.db.select().from(curatorVisits);
    expect(visits).toMatchObject([{ schoolId: 1, visitedOn: '2026-11-30', kind: 'onsite', result: 'Провели методсовет, план принят', photoFileId: photo }]);
  });

  it('two leads of one school at once: one confirmation, both told', async () => {
    const task = await published({ evidence: 'none', verifier: 'none' });
    const find = (u: typeof lead1) => [...h.fake.chat(u.id)].reverse().find((m) => m.from_bot && m.text?.includes('Новая задача'))!;
    await Promise.all([h.pressData(lead1, find(lead1).message_id, `tk:${task.id}:done`), h.pressData(lead1b, find(lead1b).message_id, `tk:${task.id}:done`)]);
    const rows = (await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id))).filter((c) => c.schoolId === 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('confirmed');
    const told = [h.lastText(lead1), h.lastText(lead1b)];
    expect(told.filter((t) => t.includes('отмечено. Спасибо'))).toHaveLength(1);
    expect(told.filter((t) => t.includes('уже отметила выполнение'))).toHaveLength(1);
  });

  it('forged and old buttons, non-assignees and closed tasks: a clear answer, nothing changed', async () => {
    const task = await published({ evidence: 'none' });
    await h.forgePress(lead1, 'tk:999999:done');
    expect(h.lastAnswer()).toContain('Задача не найдена');
    await h.forgePress(lead1, 'tk:abc:done');
    expect(h.lastAnswer()).toContain('уже не действует');
    await h.forgePress(teacher1, `tk:${task.id}:done`);
    expect(h.lastAnswer()).toContain('назначена не вам');
    const confirmation = await statusOf(task.id, 2);
    await h.forgePress(lead3, `tkv:${confirmation!.id}:ok`);
    expect(h.lastAnswer()).toContain('нет прав');
    await closeTask(h.core, editorActor, task.id);
    await h.press(lead2, 'Выполнено');
    expect(h.lastAnswer()).toContain('Задача закрыта');
    expect((await statusOf(task.id, 2))?.status).toBe('pending');
  });

  it('a lead presses in the school’s group chat: it counts for the presser, who is recorded; a return goes back with its reason', async () => {
    const task = await published({ evidence: 'link' });
    const group = -100_123;
    await pressInGroup(h, lead2, group, `tk:${task.id}:done`);
    expect(h.lastText(group)).toContain('Пришлите ссылку');
    await sendInGroup(h, lead1, group, 'https://wrong-person.example.ru');
    expect((await statusOf(task.id, 2))?.status).toBe('pending');
    await sendInGroup(h, lead2, group, 'план готов');
    expect(h.lastText(group)).toContain('Нужна ссылка');
    await sendInGroup(h, lead2, group, 'https://licey1.example.ru/plan');
    expect(await statusOf(task.id, 2)).toMatchObject({
      status: 'confirmed',
      evidenceKind: 'link',
      evidenceText: 'https://licey1.example.ru/plan',
      confirmedBy: await personIdOf(h.core, lead2.id),
    });
    // A teacher of a school pressing in a group is not an assignee of a leads' task.
    await pressInGroup(h, teacher1, group, `tk:${task.id}:done`);
    expect(h.lastAnswer()).toContain('назначена не вам');

    // School 1's curator returns school 1's confirmation with a reason.
    await h.press(lead1, 'Выполнено');
    await h.send(lead1, 'https://school5.example.ru/plan');
    await h.drain();
    await h.press(curator, 'Вернуть на доработку');
    await h.send(curator, 'Ссылка ведёт на старый план');
    expect(h.lastText(curator)).toContain('Возвращено на доработку');
    expect((await statusOf(task.id, 1))?.status).toBe('returned');
    await h.drain();
    expect(h.lastText(lead1)).toContain('вернули на доработку');
    expect(h.lastText(lead1)).toContain('Ссылка ведёт на старый план');
  });

  it('a person who chose the daily digest in /profile gets one digest instead of separate reminders', async () => {
    await published();
    await h.send(lead2, '/profile');
    await h.press(lead2, 'Одна сводка');
    expect(h.lastAnswer()).toContain('одна сводка');
    h.clock.set(taskDue - day);
    await h.tick();
    await h.drain();
    expect(h.countTexts(lead2, 'Напоминание о сроке')).toBe(0);
    expect(h.countTexts(lead3, 'Напоминание о сроке')).toBe(1);
    h.clock.set('2026-11-26T06:00:00Z');
    await h.tick();
    await h.tick();
    await h.drain();
    expect(h.countTexts(lead2, 'Ваши задачи на сегодня')).toBe(1);
    expect(h.lastText(lead2)).toContain('Разместить школьный план');
  });

  it('a task a visit fulfils: the school cannot mark it, the curator’s /visit does', async () => {
    const task = await published({ evidence: 'visit', verifier: 'none', audience: { roles: ['school_lead'], schoolIds: [1, 3] } });
    await h.press(lead1, 'Выполнено');
    expect(h.lastText(lead1)).toContain('засчитывается посещением куратора');
    expect((await statusOf(task.id, 1))?.status).toBe('pending');
    await h.send(curator, '/visit');
    await h.press(curator, 'Берёзовская');
    await h.send(curator, '31.02');
    expect(h.lastText(curator)).toContain('Не понял дату');
    await h.send(curator, '22.11');
    await h.press(curator, 'Онлайн');
    await h.send(curator, 'Созвон с командой школы');
    await h.press(curator, 'Без фото');
    expect(h.lastText(curator)).toContain('Посещение записано: Берёзовская СОШ, 22.11.2026');
    expect(await statusOf(task.id, 3)).toMatchObject({ status: 'confirmed', evidenceKind: 'visit', evidenceText: 'Созвон с командой школы' });
    expect((await statusOf(task.id, 1))?.status).toBe('pending');
    // A teacher has no schools to visit; an old step's button is answered, not taken.
    await h.send(teacher1, '/visit');
    expect(h.lastText(teacher1)).toContain('нет закреплённых школ');
    await h.forgePress(curator, 'vis:k:onsite');
    expect(h.lastAnswer()).toContain('уже не действует');
  });

  it('a reminder due in someone’s night waits for their morning; nobody else’s is held back', async () => {
    // Due 23:30 Moscow on 26 Nov; the reminder an hour before falls at 22:30 Moscow, 00:30 in Yekaterinburg.
    const dueAt = Date.parse('2026-11-26T20:30:00Z');
    const farLead = demo(7);
    await published({
      dueAt,
      audience: { roles: ['school_lead'], schoolIds: [2, 5] },
      reminderPlan: { beforeMinutes: [60], overdueEveryMinutes: null, overdueTimes: 0 },
      escalateAfterMinutes: null,
    });
    h.clock.set(dueAt - hour);
    await h.tick();
    const reminders = await h.core.database.db.select().from(deliveries).where(eq(deliveries.purpose, 'task-reminder'));
    const at = (u: typeof lead2) => reminders.find((r) => r.chatId === String(u.id))?.notBefore;
    expect(at(lead2)).toBe(Date.parse('2026-11-27T05:00:00Z')); // 08:00 Moscow
    expect(at(farLead)).toBe(Date.parse('2026-11-27T03:00:00Z')); // 08:00 Yekaterinburg
    await h.drain();
    expect(h.countTexts(lead2, 'Напоминание о сроке')).toBe(0);
    h.clock.set('2026-11-27T05:00:00Z');
    await h.drain();
    expect(h.countTexts(lead2, 'Напоминание о сроке')).toBe(1);
    expect(h.countTexts(farLead, 'Напоминание о сроке')).toBe(1);
  });

  it('/tasks lists what I owe with due dates', async () => {
    await published();
    await h.send(lead2, '/tasks');
    expect(h.lastText(lead2)).toContain('Мои задачи');
    expect(h.lastText(lead2)).toContain('чт, 26 ноября в 18:00');
    await h.send(teacher1, '/tasks');
    expect(h.lastText(teacher1)).toContain('Открытых задач нет');
    await h.send(curator, '/tasks');
    expect(h.lastText(curator)).toContain('Открытых задач нет');
  });
});
