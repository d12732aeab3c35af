import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { personByContact } from '../../core/directory/contacts.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { eventParticipants } from '../../db/schema/index.js';
import { dialogChatIdOf } from '../../sandbox/fake-max-api.js';
import { hour, webinar, webinarStart } from '../support/events.js';
import { MaxFlow, maxUser, registerMaxTeacher } from '../support/max.js';

const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };
const end = webinarStart + 1.5 * hour;

describe('events on MAX', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
  });
  afterEach(() => f.close());

  const published = async () => {
    const event = await createEvent(f.h.core, editor, webinar({ audience: { roles: ['teacher'], municipalityIds: [1] } }));
    await publishEvent(f.h.core, editor, event.id);
    await f.h.drain();
    return event;
  };
  const row = async (eventId: number, who: ReturnType<typeof maxUser>) => {
    const person = (await personByContact(f.h.core, 'max', String(who.user_id)))!;
    return f.h.core.database.db
      .select()
      .from(eventParticipants)
      .where(and(eq(eventParticipants.eventId, eventId), eq(eventParticipants.personId, person.id)))
      .get();
  };
  /** Presses any payload on the bot's latest message in the user's dialog (a stale or forged button). */
  const forge = async (who: ReturnType<typeof maxUser>, payload: string) => {
    const mid = f.max.lastBotMessage(dialogChatIdOf(who.user_id))!.mid;
    expect(await f.post(f.max.build.forgedPress(who, mid, payload))).toBe(200);
    return f.lastNotification();
  };

  it('«Добавить в календарь» sends the event’s .ics as a MAX file; after the end «Да» → a rating → the comment, all recorded', async () => {
    const anna = maxUser(7101, 'Анна');
    const boris = maxUser(7102, 'Борис');
    await registerMaxTeacher(f, anna, 'Смирнова Анна Ильинична');
    await registerMaxTeacher(f, boris, 'Борисов Борис Борисович');
    const event = await published();
    await f.press(anna, 'Пойду');
    await f.press(boris, 'Пойду');

    await f.press(anna, 'Добавить в календарь');
    const sent = f.max.lastBotMessage(dialogChatIdOf(anna.user_id))!;
    expect(sent.text).toContain('добавить мероприятие в календарь');
    const token = (sent.attachments[0] as { type: string; payload: { token: string } }).payload.token;
    expect(sent.attachments[0]).toMatchObject({ type: 'file' });
    const file = f.max.uploadedFile(token)!;
    expect(file.name).toBe('event.ics');
    // Unfolded (an .ics folds its lines at 75 octets).
    const ics = new TextDecoder().decode(file.content).replace(/\r\n /g, '');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('SUMMARY:Вебинар: функциональная грамотность');
    expect(ics).toContain('room/42');

    f.h.clock.set(end);
    await f.h.drain(5);
    expect(f.lastText(anna)).toContain('Были на мероприятии?');
    expect(f.lastText(boris)).toContain('Были на мероприятии?');

    await f.press(anna, 'Да');
    expect(f.lastNotification()).toContain('вы были');
    expect(f.lastText(anna)).toContain('от 1 до 5');
    await f.press(anna, 'Да');
    expect(f.lastNotification()).toContain('уже сохранён');
    await f.press(anna, '4 ⭐');
    expect(f.lastNotification()).toContain('Спасибо за оценку');
    expect(f.lastText(anna)).toContain('напишите комментарий');
    await f.sends(anna, 'Полезно, но мало практики');
    expect(f.lastText(anna)).toContain('Комментарий к «Вебинар: функциональная грамотность» сохранён');
    expect(await row(event.id, anna)).toMatchObject({ attended: true, rating: 4, comment: 'Полезно, но мало практики', awaitingCommentUntil: null });

    await f.press(boris, 'Нет');
    expect(f.lastNotification()).toContain('не смогли');
    expect(await row(event.id, boris)).toMatchObject({ attended: false, rating: null });
    expect(await forge(boris, `ev:${event.id}:rate:5`)).toContain('Сначала отметьте');
  });

  it('stale, forged and foreign buttons and an event that does not exist get a clear answer, never a crash', async () => {
    const anna = maxUser(7103, 'Анна');
    const stranger = maxUser(7104, 'Гость');
    await registerMaxTeacher(f, anna, 'Смирнова Анна Ильинична');
    const event = await published();

    // Not going: no calendar file, and no button for it on the card.
    expect(await forge(anna, `ev:${event.id}:ics`)).toContain('для записавшихся');
    expect(f.max.callsOf('getUploadUrl')).toHaveLength(0);
    await f.press(anna, 'Пойду');
    expect(await forge(anna, `ev:${event.id}:came`)).toContain('ещё не закончилось');
    expect(await forge(anna, `ev:${event.id}:rate:9`)).toContain('не действует');
    expect(await forge(anna, `ev:${event.id}:came:1`)).toContain('не действует');
    expect(await forge(anna, 'ev:999999:came')).toContain('не найдено');
    expect(await forge(anna, 'ev:999999:info')).toBeUndefined();
    expect(f.lastText(anna)).toContain('не найдено');
    expect(await forge(anna, 'ev:999999:ics')).toContain('не найдено');
    expect(await forge(anna, 'rm:999999:done')).toContain('больше не исполняется');
    expect(await forge(anna, 'rm:abc:done')).toContain('не действует');

    // Someone not registered presses a button of a message they were shown.
    await f.starts(stranger);
    expect(await forge(stranger, `ev:${event.id}:go`)).toContain('не зарегистрированы');
    expect(await row(event.id, anna)).toMatchObject({ status: 'going', attended: null });
  });
});
