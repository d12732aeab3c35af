import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { conversationState, people } from '../../db/schema/index.js';
import { buttonLabels, Harness, user } from '../support/harness.js';
import { withTelegramId } from '../support/people.js';

/** Demo people: 1 = coordinator of Светлогорск, 2 = coordinator of Берёзовский район. */
const coordinatorA = user(demoTelegramIdBase + 1, 'Ирина');
const coordinatorB = user(demoTelegramIdBase + 2, 'Андрей');

describe('self-registration with approval', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function registerTeacher(who: ReturnType<typeof user>) {
    await h.send(who, '/start');
    expect(h.lastText(who)).toContain('согласие на обработку персональных данных');
    await h.press(who, 'Согласен');
    expect(h.lastText(who)).toContain('муниципалитет');
    await h.send(who, 'светлогорск');
    expect(h.lastText(who)).toContain('школ');
    await h.send(who, 'сош 5');
    await h.press(who, 'СОШ № 5');
    expect(buttonLabels(h.fake.lastBotMessage(who.id))).toEqual(['Учитель', 'Управленческая команда школы']);
    await h.press(who, 'Учитель');
    await h.press(who, 'Математика');
    await h.press(who, 'Физика');
    expect(buttonLabels(h.fake.lastBotMessage(who.id))).toContain('✅ Математика');
    await h.press(who, 'Готово');
    await h.send(who, 'Орлова Анна Сергеевна');
    expect(h.lastText(who)).toContain('Орлова Анна Сергеевна');
    expect(h.lastText(who)).toContain('Математика, Физика');
    expect(h.lastText(who)).toMatch(/Муниципалитет: .*Светлогорск/);
    expect(h.lastText(who)).toContain('Школа: СОШ № 5');
    await h.press(who, 'Отправить');
  }

  it('asks consent first, stores a pending person, and the coordinator of that municipality approves in the bot', async () => {
    const anna = user(5001, 'Анна');
    await registerTeacher(anna);
    expect(h.lastText(anna)).toContain('Заявка отправлена');
    const pending = await findPersonByTelegramId(h.core, anna.id);
    expect(pending).toMatchObject({ status: 'pending', fullName: 'Орлова Анна Сергеевна', roles: ['teacher'], subjects: ['math', 'physics'] });
    expect(pending?.consentAt).not.toBeNull();

    await h.drain();
    expect(h.lastText(coordinatorA)).toContain('Новая заявка');
    expect(h.lastText(coordinatorA)).toContain('Орлова Анна Сергеевна');
    expect(h.botTexts(coordinatorB).join()).not.toContain('Орлова');

    await h.press(coordinatorA, 'Одобрить');
    expect(h.lastText(coordinatorA)).toContain('Одобрено');
    expect((await findPersonByTelegramId(h.core, anna.id))?.status).toBe('active');
    await h.drain();
    expect(h.lastText(anna)).toContain('регистрация одобрена');
  });

  it('a coordinator of another municipality cannot decide, and a second decision is refused', async () => {
    const anna = user(5002, 'Анна');
    await registerTeacher(anna);
    await h.drain();
    const request = h.fake.lastBotMessage(coordinatorA.id)!;
    const approve = (request.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    // Coordinator B forges A's button (same callback data, from B's own chat).
    await h.forgePress(coordinatorB, approve);
    expect(h.lastAnswer()).toContain('нет прав');
    expect((await findPersonByTelegramId(h.core, anna.id))?.status).toBe('pending');

    await h.press(coordinatorA, 'Отклонить');
    expect((await findPersonByTelegramId(h.core, anna.id))?.status).toBe('rejected');
    await h.forgePress(coordinatorA, approve, request.message_id);
    expect(h.lastAnswer()).toContain('уже принято');
    expect((await findPersonByTelegramId(h.core, anna.id))?.status).toBe('rejected');
  });

  it('keeps nothing when consent is declined', async () => {
    const oleg = user(5003, 'Олег');
    await h.send(oleg, '/start');
    await h.press(oleg, 'Не согласен');
    expect(h.lastText(oleg)).toContain('ничего о вас не сохранил');
    expect(await findPersonByTelegramId(h.core, oleg.id)).toBeUndefined();
    const state = await h.core.database.db
      .select()
      .from(conversationState)
      .where(eq(conversationState.key, String(oleg.id)))
      .get();
    expect(state).toBeUndefined();
  });

  it('continues at the same question after a restart in the middle', async () => {
    const vera = user(5004, 'Вера');
    await h.send(vera, '/start');
    await h.press(vera, 'Согласен');
    await h.send(vera, 'Берёзов');
    expect(h.lastText(vera)).toContain('школ');
    await h.restart();
    await h.send(vera, 'Берёзовская');
    await h.press(vera, 'Берёзовская СОШ');
    await h.press(vera, 'Управленческая');
    await h.send(vera, 'Зайцева Вера Павловна');
    await h.press(vera, 'Отправить');
    const person = await findPersonByTelegramId(h.core, vera.id);
    expect(person).toMatchObject({ status: 'pending', roles: ['school_lead'], fullName: 'Зайцева Вера Павловна' });
    await h.drain();
    expect(h.lastText(coordinatorB)).toContain('Зайцева Вера Павловна');
  });

  it('answers wrong input with a hint and keeps the question: text for a button, a bad name, an old button, a sticker', async () => {
    const ivan = user(5005, 'Иван');
    await h.send(ivan, '/start');
    const consentMessage = h.fake.lastBotMessage(ivan.id)!;
    await h.send(ivan, 'да');
    expect(h.lastText(ivan)).toContain('нажмите одну из кнопок');
    await h.press(ivan, 'Согласен');
    await h.send(ivan, 'Нет такого района');
    expect(h.lastText(ivan)).toContain('Ничего не нашлось');
    expect(h.fake.chat(ivan.id).find((m) => m.message_id === consentMessage.message_id)?.reply_markup).toBeUndefined();
    // A client that still shows the old keyboard presses it anyway.
    await h.forgePress(ivan, 'reg:consent:yes', consentMessage.message_id);
    expect(h.lastAnswer()).toContain('не действует');
    await h.post({ update_id: 99_999, message: { message_id: 77, date: 1, chat: { id: ivan.id, type: 'private' }, from: ivan, sticker: { file_id: 'x' } } });
    expect(h.lastText(ivan)).toContain('Нажмите кнопку выше или напишите');
    await h.send(ivan, '/help');
    expect(h.lastText(ivan)).toContain('идёт регистрация');
    await h.press(ivan, 'Заречный');
    await h.press(ivan, 'Я не работаю в школе');
    await h.press(ivan, 'Куратор');
    await h.send(ivan, 'Ив');
    expect(h.lastText(ivan)).toContain('Слишком коротко');
    await h.send(ivan, '12345 67890');
    expect(h.lastText(ivan)).toContain('не ФИО');
    await h.send(ivan, 'Иванов Иван Иванович');
    await h.press(ivan, 'Отправить');
    expect(await findPersonByTelegramId(h.core, ivan.id)).toMatchObject({ roles: ['curator'], schoolId: null });
  });

  it('/cancel leaves the conversation and /start begins again', async () => {
    const lena = user(5006, 'Лена');
    await h.send(lena, '/start');
    await h.press(lena, 'Согласен');
    await h.send(lena, '/cancel');
    expect(h.lastText(lena)).toContain('Отменено');
    await h.send(lena, 'Светлогорск');
    expect(h.lastText(lena)).toContain('/start');
    await h.send(lena, '/start');
    expect(h.lastText(lena)).toContain('согласие');
    const rows = await Promise.all((await h.core.database.db.select().from(people)).map((p) => withTelegramId(h.core, p)));
    expect(rows.some((p) => p!.telegramId === lena.id)).toBe(false);
  });
});
