import { expect } from 'vitest';
import { contacts, people } from '../../db/schema/index.js';
import type { FakeUser } from '../../sandbox/fake-bot-api.js';
import type { Harness } from './harness.js';
import type { Core } from '../../core/core.js';
import { contactOn, linkContact, personByContact } from '../../core/directory/contacts.js';
import type { Person } from '../../core/directory/people.js';

/** The person behind a fake Telegram user, as the bot finds them. */
export async function findPersonByTelegramId(core: Core, telegramId: number): Promise<Person | undefined> {
  return personByContact(core, 'telegram', String(telegramId));
}

/** Gives a person stored by a test a Telegram contact (the private chat is the user's id). */
export async function addTelegramContact(core: Core, personId: number, telegramId: number): Promise<void> {
  await linkContact(core, personId, 'telegram', String(telegramId), String(telegramId));
}

/** A registration's contact for a fake Telegram user. */
export function telegramContact(telegramId: number) {
  return { channel: 'telegram' as const, userId: String(telegramId), chatId: String(telegramId) };
}

/** A stored person with their Telegram user id beside (null without a Telegram contact), as people rows had it. */
export async function withTelegramId<T extends { id: number }>(core: Core, person: T | undefined): Promise<(T & { telegramId: number | null }) | undefined> {
  if (!person) return undefined;
  const contact = await contactOn(core, person.id, 'telegram');
  return { ...person, telegramId: contact ? Number(contact.userId) : null };
}

type PersonRow = typeof people.$inferInsert & { telegramId?: number | null };

/**
 * Stores people as a test or a bench makes them, each with a Telegram contact when given a `telegramId` (as the
 * people table had it): batches of `size` rows, their contacts in one insert each.
 */
export async function insertPeople(core: Core, rows: PersonRow[], size = 5): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size);
    const stored = await core.database.db
      .insert(people)
      .values(batch.map(({ telegramId: _telegramId, ...row }) => row))
      .returning({ id: people.id });
    const links = batch.flatMap((row, j) =>
      row.telegramId == null
        ? []
        : [
            {
              personId: stored[j]!.id,
              channel: 'telegram' as const,
              userId: String(row.telegramId),
              chatId: String(row.telegramId),
              status: row.status === 'blocked' ? ('blocked' as const) : ('active' as const),
              preferred: true,
              createdAt: row.createdAt,
              updatedAt: row.updatedAt,
            },
          ],
    );
    for (let k = 0; k < links.length; k += Math.max(10, size)) await core.database.db.insert(contacts).values(links.slice(k, k + Math.max(10, size)));
    ids.push(...stored.map((s) => s.id));
  }
  return ids;
}

/**
 * The bot's self-registration through the fake Telegram (test/flows/registration.test.ts): a teacher of СОШ № 5 in
 * Светлогорск (municipality 1) of mathematics and the given subjects, left pending for a coordinator. Returns their id.
 */
export async function registerPendingTeacher(h: Harness, who: FakeUser, name = 'Орлова Анна Сергеевна', subjects: string[] = []): Promise<number> {
  await h.send(who, '/start');
  await h.press(who, 'Согласен');
  await h.send(who, 'светлогорск');
  await h.send(who, 'сош 5');
  await h.press(who, 'СОШ № 5');
  await h.press(who, 'Учитель');
  await h.press(who, 'Математика');
  for (const subject of subjects) await h.press(who, subject);
  await h.press(who, 'Готово');
  await h.send(who, name);
  await h.press(who, 'Отправить');
  expect(h.lastText(who)).toContain('Заявка отправлена');
  return (await personByContact(h.core, 'telegram', String(who.id)))!.id;
}
