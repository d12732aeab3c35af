import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { updateEvent } from '../../core/events/changes.js';
import { createEvent, type EventInput } from '../../core/events/events.js';
import { cancelEvent, publishEvent } from '../../core/events/publishing.js';
import { attendanceJobKind } from '../../core/events/reminding.js';
import { jobsOfKind } from '../../core/scheduler/jobs.js';
import { eventParticipants } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { hour, webinar, webinarStart } from '../support/events.js';

/** Demo: 4 lead and 5 teacher of municipality 1 (Moscow); 7 lead in 3 (Asia/Yekaterinburg). */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const lead = demo(4);
const teacher = demo(5);
const farLead = demo(7);
const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };

const start = webinarStart;
const end = start + 1.5 * hour;
const input = webinar;

describe('events: changes, attendance, feedback, calendar', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const lastAnswer = () => h.lastAnswer();
  const count = (who: ReturnType<typeof user>, text: string) => h.countTexts(who, text);
  const row = async (eventId: number, personId: number) =>
    (await h.core.database.db
      .select()
      .from(eventParticipants)
      .where(and(eq(eventParticipants.eventId, eventId), eq(eventParticipants.personId, personId)))
      .get())!;

  async function published(overrides: Partial<EventInput> = {}) {
    const event = await createEvent(h.core, editor, input(overrides));
    await publishEvent(h.core, editor, event.id);
    await h.drain();
    return event;
  }

  it('a time change tells those going and waiting, once, old → new in each one’s zone; a link change only those going', async () => {
    const event = await published({ capacity: 2 });
    await h.press(teacher, 'Пойду');
    await h.press(farLead, 'Пойду');
    await h.press(lead, 'Пойду'); // waiting list
    const moved = input({ capacity: 2, startsAt: start + 24 * hour, endsAt: end + 24 * hour });
    await updateEvent(h.core, editor, event.id, moved);
    await updateEvent(h.core, editor, event.id, moved); // the same save again
    await h.drain();
    expect(count(teacher, 'Изменения в мероприятии')).toBe(1);
    expect(h.lastText(teacher)).toContain('ср, 25 ноября, 15:00–16:30 (UTC+3) → чт, 26 ноября, 15:00–16:30 (UTC+3)');
    expect(h.lastText(farLead)).toContain('ср, 25 ноября, 17:00–18:30 (UTC+5) → чт, 26 ноября, 17:00–18:30 (UTC+5)');
    expect(count(lead, 'Изменения в мероприятии')).toBe(1);

    // A change of the link alone: those going see old → new; the waiting list is not told (it never saw the link).
    await updateEvent(h.core, editor, event.id, { ...moved, link: 'https://webinar.example.ru/room/43' });
    await h.drain();
    expect(count(teacher, 'Изменения в мероприятии')).toBe(2);
    expect(h.lastText(teacher)).toContain('https://webinar.example.ru/room/42 → https://webinar.example.ru/room/43');
    expect(h.lastText(teacher)).not.toContain('Время');
    expect(count(lead, 'Изменения в мероприятии')).toBe(1);
    expect(h.botTexts(lead).join('\n')).not.toContain('room/43');

    // A place change goes to everyone signed up; a title change alone tells nobody.
    await updateEvent(h.core, editor, event.id, { ...moved, link: 'https://webinar.example.ru/room/43', place: 'ИРО, ауд. 204' });
    await updateEvent(h.core, editor, event.id, {
      ...moved,
      link: 'https://webinar.example.ru/room/43',
      place: 'ИРО, ауд. 204',
      title: 'Вебинар: читательская грамотность',
    });
    await h.drain();
    expect(count(teacher, 'Изменения в мероприятии')).toBe(3);
    expect(h.lastText(lead)).toContain('Место: не указано → ИРО, ауд. 204');
    expect(count(lead, 'Изменения в мероприятии')).toBe(2);
  });

  it('changes of a draft tell nobody', async () => {
    const event = await createEvent(h.core, editor, input());
    await updateEvent(h.core, editor, event.id, input({ startsAt: start + hour, endsAt: end + hour }));
    await h.drain();
    expect(count(teacher, 'Изменения')).toBe(0);
  });

  it('after the end, those still going are asked once; Да → rating 1–5 → the next text is the comment', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    await h.press(farLead, 'Пойду');
    await h.press(lead, 'Пойду');
    await h.press(lead, 'Не смогу');
    expect((await jobsOfKind(h.core, attendanceJobKind)).filter((j) => j.status === 'due').map((j) => j.dueAt)).toEqual([end, end, end]);

    h.clock.set(end - 60_000);
    await h.drain(5);
    expect(count(teacher, 'Были на мероприятии?')).toBe(0);
    // Pressing a forged "Да" before the end is refused.
    await h.forgePress(teacher, `ev:${event.id}:came`);
    expect(lastAnswer()).toContain('ещё не закончилось');

    h.clock.set(end);
    await h.drain(5);
    await h.restart();
    await h.drain(5);
    expect(count(teacher, 'Были на мероприятии?')).toBe(1);
    expect(count(farLead, 'Были на мероприятии?')).toBe(1);
    expect(count(lead, 'Были на мероприятии?')).toBe(0);

    // Text before any rating is not taken as a comment: it goes on to the other handlers.
    await h.send(teacher, 'просто текст');
    expect((await row(event.id, 5)).comment).toBeNull();

    await h.press(teacher, 'Да');
    expect(lastAnswer()).toContain('вы были');
    expect(h.lastText(teacher)).toContain('от 1 до 5');
    await h.press(teacher, 'Да');
    expect(lastAnswer()).toContain('уже сохранён');
    expect(count(teacher, 'от 1 до 5')).toBe(1);

    await h.press(teacher, '4 ⭐');
    expect(lastAnswer()).toContain('Спасибо за оценку');
    await h.press(teacher, '4 ⭐');
    expect(lastAnswer()).toContain('уже сохранена');
    expect(count(teacher, 'напишите комментарий')).toBe(1);
    await h.send(teacher, '/events');
    expect((await row(event.id, 5)).comment).toBeNull();
    await h.send(teacher, 'Полезно, но мало практики');
    expect(h.lastText(teacher)).toContain('Комментарий к «Вебинар: функциональная грамотность» сохранён');
    await h.send(teacher, 'ещё одно сообщение');
    expect(h.lastText(teacher)).not.toContain('сохранён');
    const saved = await row(event.id, 5);
    expect(saved).toMatchObject({ attended: true, rating: 4, comment: 'Полезно, но мало практики', awaitingCommentUntil: null });

    await h.press(farLead, 'Нет');
    expect(lastAnswer()).toContain('не смогли');
    expect(await row(event.id, 7)).toMatchObject({ attended: false, rating: null });
    // One who did not come cannot rate (a forged button).
    await h.forgePress(farLead, `ev:${event.id}:rate:5`);
    expect(lastAnswer()).toContain('Сначала отметьте');
    expect((await row(event.id, 7)).rating).toBeNull();
    // One who declined is not asked and cannot answer.
    await h.forgePress(lead, `ev:${event.id}:came`);
    expect(lastAnswer()).toContain('не были записаны');
    expect((await row(event.id, 4)).attended).toBeNull();
  });

  it('the comment window closes after 2 hours', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    h.clock.set(end);
    await h.drain(5);
    await h.press(teacher, 'Да');
    await h.press(teacher, '5 ⭐');
    h.clock.advance(2 * hour + 1000);
    await h.send(teacher, 'поздний комментарий');
    expect((await row(event.id, 5)).comment).toBeNull();
  });

  it('forged feedback buttons get a clear answer; a cancelled event asks nobody', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    await h.forgePress(teacher, `ev:${event.id}:rate:9`);
    expect(lastAnswer()).toContain('не действует');
    await h.forgePress(teacher, `ev:${event.id}:rate`);
    expect(lastAnswer()).toContain('не действует');
    await h.forgePress(teacher, `ev:${event.id}:came:1`);
    expect(lastAnswer()).toContain('не действует');
    await h.forgePress(teacher, 'ev:999999:came');
    expect(lastAnswer()).toContain('не найдено');
    await cancelEvent(h.core, editor, event.id);
    h.clock.set(end + hour);
    await h.drain(5);
    expect(count(teacher, 'Были на мероприятии?')).toBe(0);
    await h.forgePress(teacher, `ev:${event.id}:came`);
    expect(lastAnswer()).toContain('отменено');
  });

  it('moving the end moves the attendance question', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    await updateEvent(h.core, editor, event.id, input({ endsAt: end + 2 * hour }));
    h.clock.set(end + hour);
    await h.drain(5);
    expect(count(teacher, 'Были на мероприятии?')).toBe(0);
    h.clock.set(end + 2 * hour);
    await h.drain(5);
    expect(count(teacher, 'Были на мероприятии?')).toBe(1);
  });

  it('"Добавить в календарь" on the card of one going sends event.ics; others have no such button and a forged one is refused', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    await h.press(teacher, 'Добавить в календарь');
    const sent = h.fake.callsOf('sendDocument');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params.chat_id).toBe(teacher.id);
    expect(h.fake.lastBotMessage(teacher.id)).toMatchObject({ media: { document: { file_name: 'event.ics' } } });
    await h.press(lead, 'Подробнее');
    await expect(h.press(lead, 'Добавить в календарь')).rejects.toThrow(/no button/);
    await h.forgePress(lead, `ev:${event.id}:ics`);
    expect(lastAnswer()).toContain('для записавшихся');
    expect(h.fake.callsOf('sendDocument')).toHaveLength(1);
  });
});
