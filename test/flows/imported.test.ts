import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { getPerson } from '../../core/directory/people.js';
import { findPersonByTelegramId, insertPeople, withTelegramId } from '../support/people.js';
import { searchKey } from '../../core/directory/places.js';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import { deliveries, people } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';

/** People an admin put in the directory by a CSV import, before they ever talked to the bot. */
describe('imported people meet the bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function imported(values: { fullName: string; telegramId: number | null; schoolId: number; status: 'active' | 'imported' }) {
    const now = h.clock.now();
    const [id] = await insertPeople(h.core, [
      { ...values, searchName: searchKey(values.fullName), roles: ['teacher'], municipalityId: 1, subjects: [], createdAt: now, updatedAt: now },
    ]);
    return (await getPerson(h.core, id!))!;
  }

  it('gets nothing before consenting, is asked on /start, and after "yes" receives messages', async () => {
    const olga = user(5301, 'Ольга');
    const person = await imported({ fullName: 'Орлова Ольга Петровна', telegramId: olga.id, schoolId: 1, status: 'active' });
    await enqueueDeliveries(h.core, [
      { channel: 'telegram', chatId: String(olga.id), personId: person.id, purpose: 'test.notice', message: { html: 'Анонс' } },
    ]);
    expect(await h.drain()).toBe(0);
    const [skipped] = await h.core.database.db.select().from(deliveries).where(eq(deliveries.personId, person.id));
    expect(skipped).toMatchObject({ status: 'skipped', error: 'recipient-no-consent' });

    await h.send(olga, '/start');
    expect(h.lastText(olga)).toContain('согласие на обработку персональных данных');
    await h.press(olga, 'Согласен');
    expect((await getPerson(h.core, person.id))?.consentAt).toBe(h.clock.now());
    await enqueueDeliveries(h.core, [
      { channel: 'telegram', chatId: String(olga.id), personId: person.id, purpose: 'test.notice', message: { html: 'Второй анонс' } },
    ]);
    expect(await h.drain()).toBe(1);
    expect(h.lastText(olga)).toBe('Второй анонс');
  });

  it('declining consent erases what the import stored', async () => {
    const petr = user(5302, 'Пётр');
    const person = await imported({ fullName: 'Петренко Пётр Ильич', telegramId: petr.id, schoolId: 1, status: 'active' });
    await h.send(petr, '/start');
    await h.press(petr, 'Не согласен');
    expect(await withTelegramId(h.core, await getPerson(h.core, person.id))).toMatchObject({ status: 'deleted', fullName: null, telegramId: null });
  });

  it('registering in the bot fills in the imported row instead of making a second person', async () => {
    const person = await imported({ fullName: 'Зуева Дарья Олеговна', telegramId: null, schoolId: 1, status: 'imported' });
    const darya = user(5303, 'Дарья');
    await h.send(darya, '/start');
    await h.press(darya, 'Согласен');
    await h.send(darya, 'Светлогорск');
    await h.press(darya, 'СОШ № 5');
    await h.press(darya, 'Учитель');
    await h.press(darya, 'Биология');
    await h.press(darya, 'Готово');
    await h.send(darya, 'Зуева  Дарья Олеговна');
    await h.press(darya, 'Отправить');
    const registered = await findPersonByTelegramId(h.core, darya.id);
    expect(registered?.id).toBe(person.id);
    expect(registered).toMatchObject({ status: 'pending', subjects: ['biology'] });
    expect(
      await h.core.database.db
        .select()
        .from(people)
        .where(eq(people.searchName, searchKey('Зуева Дарья Олеговна'))),
    ).toHaveLength(1);
  });
});
