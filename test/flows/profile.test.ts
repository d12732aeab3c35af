import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { getPerson } from '../../core/directory/people.js';
import { findPersonByTelegramId, withTelegramId } from '../support/people.js';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import { deliveries, people } from '../../db/schema/index.js';
import { buttonLabels, Harness, user } from '../support/harness.js';

/** Demo person 5: Васильева Елена Александровна, teacher of mathematics and informatics. */
const elena = user(demoTelegramIdBase + 5, 'Елена');

describe('a registered person', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('/profile shows the card and edits subjects, notifications, language and time zone', async () => {
    await h.send(elena, '/profile');
    const card = h.lastText(elena);
    expect(card).toContain('Васильева Елена Александровна');
    expect(card).toContain('СОШ № 5 г. Светлогорска');
    expect(card).toContain('Математика, Информатика');
    expect(card).toContain('Москва (UTC+3)');

    await h.press(elena, 'Предметы');
    await h.press(elena, 'Физика');
    await h.press(elena, 'Информатика');
    expect(buttonLabels(h.fake.lastBotMessage(elena.id))).toContain('✅ Физика');
    expect((await findPersonByTelegramId(h.core, elena.id))?.subjects).toEqual(['math', 'physics']);
    await h.press(elena, 'Назад');

    await h.press(elena, 'Уведомления');
    await h.press(elena, 'Анонсы');
    expect((await findPersonByTelegramId(h.core, elena.id))?.notifications).toEqual({ reminders: true, announcements: false });
    await h.press(elena, 'Назад');

    await h.press(elena, 'Часовой пояс');
    await h.press(elena, 'Иркутск');
    expect(h.lastText(elena)).toContain('Иркутск (UTC+8)');
    expect((await findPersonByTelegramId(h.core, elena.id))?.timezone).toBe('Asia/Irkutsk');

    await h.press(elena, 'English');
    expect(h.lastText(elena)).toContain('Time zone: Irkutsk');
    expect((await findPersonByTelegramId(h.core, elena.id))?.language).toBe('en');
    await h.send(elena, '/help');
    expect(h.lastText(elena)).toContain('Commands');
  });

  it('an old or forged profile button is answered, not obeyed', async () => {
    await h.forgePress(elena, 'prof:tz-set:99');
    expect(h.lastAnswer()).toContain('не действует');
    await h.forgePress(elena, 'prof:subj:astrology');
    expect((await findPersonByTelegramId(h.core, elena.id))?.subjects).toEqual(['math', 'informatics']);
    const stranger = user(6100, 'Чужой');
    await h.forgePress(stranger, 'prof:show');
    expect(h.lastAnswer()).toContain('не зарегистрированы');
  });

  it('/stop skips what is queued and stops messages; /start resumes', async () => {
    const person = (await findPersonByTelegramId(h.core, elena.id))!;
    await enqueueDeliveries(h.core, [
      { channel: 'telegram', chatId: String(elena.id), personId: person.id, purpose: 'test.notice', message: { html: 'Анонс вебинара' } },
    ]);
    await h.send(elena, '/stop');
    expect(h.lastText(elena)).toContain('Больше не буду');
    expect((await getPerson(h.core, person.id))?.status).toBe('stopped');
    await enqueueDeliveries(h.core, [
      { channel: 'telegram', chatId: String(elena.id), personId: person.id, purpose: 'test.notice', message: { html: 'Ещё анонс' } },
    ]);
    expect(await h.drain()).toBe(0);
    const rows = await h.core.database.db.select().from(deliveries).where(eq(deliveries.personId, person.id));
    expect(rows.map((r) => [r.status, r.error])).toEqual([
      ['skipped', 'recipient-stopped'],
      ['skipped', 'recipient-stopped'],
    ]);
    expect(h.botTexts(elena).join()).not.toContain('анонс');

    await h.send(elena, '/start');
    expect(h.botTexts(elena).join('\n')).toContain('Снова присылаю');
    expect((await getPerson(h.core, person.id))?.status).toBe('active');
    await enqueueDeliveries(h.core, [
      { channel: 'telegram', chatId: String(elena.id), personId: person.id, purpose: 'test.notice', message: { html: 'Новый анонс' } },
    ]);
    expect(await h.drain()).toBe(1);
    expect(h.lastText(elena)).toBe('Новый анонс');
  });

  it('a person deactivated by an admin is not resumed by /start', async () => {
    const person = (await findPersonByTelegramId(h.core, elena.id))!;
    await h.core.database.db.update(people).set({ status: 'deactivated' }).where(eq(people.id, person.id));
    await h.send(elena, '/start');
    expect(h.lastText(elena)).toContain('отключена администратором');
    expect((await getPerson(h.core, person.id))?.status).toBe('deactivated');
  });

  it('/delete_me erases the person after confirmation and keeps an anonymous row', async () => {
    const before = (await findPersonByTelegramId(h.core, elena.id))!;
    await enqueueDeliveries(h.core, [
      { channel: 'telegram', chatId: String(elena.id), personId: before.id, purpose: 'test.notice', message: { html: 'Напоминание' } },
    ]);
    await h.send(elena, '/delete_me');
    await h.press(elena, 'Нет, оставить');
    expect(await findPersonByTelegramId(h.core, elena.id)).toBeDefined();
    await h.send(elena, '/delete_me');
    await h.press(elena, 'Да, удалить');
    expect(h.lastText(elena)).toContain('Ваши данные удалены');
    expect(await findPersonByTelegramId(h.core, elena.id)).toBeUndefined();
    const erased = await withTelegramId(h.core, await getPerson(h.core, before.id));
    expect(erased).toMatchObject({ status: 'deleted', fullName: null, telegramId: null, roles: ['teacher'], schoolId: before.schoolId });
    const rows = await h.core.database.db.select().from(deliveries).where(eq(deliveries.personId, before.id));
    expect(rows.every((r) => r.chatId === '' && r.status === 'skipped')).toBe(true);
    // Back as a newcomer: /start offers registration again.
    await h.send(elena, '/start');
    expect(h.lastText(elena)).toContain('согласие');
  });

  it('unknown commands, stickers, edited messages and group messages never break anything', async () => {
    await h.send(elena, '/frobnicate');
    expect(h.lastText(elena)).toContain('Не знаю такой команды');
    await h.post({
      update_id: 1,
      message: {
        message_id: 500,
        date: 1,
        chat: { id: elena.id, type: 'private' },
        from: elena,
        photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }],
      },
    });
    expect(h.lastText(elena)).toContain('только команды и кнопки');
    const before = h.fake.calls.length;
    await h.post({
      update_id: 2,
      edited_message: { message_id: 500, date: 1, edit_date: 2, chat: { id: elena.id, type: 'private' }, from: elena, text: 'правка' },
    });
    await h.post({
      update_id: 3,
      message: { message_id: 9, date: 1, chat: { id: -100500, type: 'supergroup', title: 'Школа' }, from: elena, text: 'всем привет' },
    });
    expect(h.fake.calls.length).toBe(before);
  });
});
