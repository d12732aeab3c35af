import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { audiencePages, countAudience, resolveAudience } from '../../core/audiences/audiences.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { updateEvent } from '../../core/events/changes.js';
import { createEvent, type EventInput } from '../../core/events/events.js';
import { cancelEvent, publishEvent } from '../../core/events/publishing.js';
import { reminderJobKind } from '../../core/events/reminding.js';
import { jobsOfKind, staleClaimMs } from '../../core/scheduler/jobs.js';
import { eventParticipants, scheduledJobs } from '../../db/schema/index.js';
import { buttonLabels, Harness, user } from '../support/harness.js';
import { hour, webinar, webinarStart } from '../support/events.js';

/** Demo: 1, 2 coordinators (municipalities 1, 2); 4 lead and 5 teacher (math) at school 1 of municipality 1; 6 teacher in 2; 7 lead in 3 (Asia/Yekaterinburg). */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const coordinator1 = demo(1);
const lead = demo(4);
const teacher = demo(5);
const otherTeacher = demo(6);
const farLead = demo(7);
const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };

const start = webinarStart;
const input = webinar;

describe('events in the bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const lastAnswer = () => h.lastAnswer();
  const count = (who: ReturnType<typeof user>, text: string) => h.countTexts(who, text);

  async function published(overrides: Partial<EventInput> = {}) {
    const event = await createEvent(h.core, editor, input(overrides));
    await publishEvent(h.core, editor, event.id);
    await h.drain();
    return event;
  }

  it('an audience is a rule over the directory: roles, municipalities, tags, subjects; only active consented people', async () => {
    expect(await countAudience(h.core, {})).toBe(7);
    expect((await resolveAudience(h.core, { roles: ['teacher'] })).map((p) => p.id)).toEqual([5, 6]);
    expect((await resolveAudience(h.core, { schoolTags: ['risk_zone'] })).map((p) => p.id)).toEqual([6]);
    expect((await resolveAudience(h.core, { subjects: ['math', 'russian'] })).map((p) => p.id)).toEqual([5, 6]);
    expect((await resolveAudience(h.core, { schoolIds: [1], roles: ['school_lead'] })).map((p) => p.id)).toEqual([4]);
    expect(await countAudience(h.core, { roles: ['teacher'] }, { all: false, municipalityIds: [2] })).toBe(1);
    expect(await countAudience(h.core, {}, { all: false, municipalityIds: [] })).toBe(0);
  });

  it('an audience read in pages (a broadcast to a region) gives everyone once, in id order, however the pages fall', async () => {
    const everyone = (await resolveAudience(h.core, {})).map((p) => p.id);
    for (const pageSize of [1, 2, 3, everyone.length, everyone.length + 1]) {
      const pages: number[][] = [];
      for await (const page of audiencePages(h.core, {}, { all: true }, pageSize)) pages.push(page.map((p) => p.id));
      expect(pages.flat()).toEqual(everyone);
      expect(pages.every((page) => page.length > 0 && page.length <= pageSize)).toBe(true);
    }
    const teachers: number[] = [];
    for await (const page of audiencePages(h.core, { roles: ['teacher'] }, { all: true }, 1)) teachers.push(...page.map((p) => p.id));
    expect(teachers).toEqual([5, 6]);
  });

  it('publish → the announcement reaches only the audience, in each person’s zone; "Пойду" signs up once and shows the link', async () => {
    const event = await published();
    expect(h.lastText(teacher)).toContain('Новое мероприятие');
    expect(h.lastText(teacher)).toContain('ср, 25 ноября, 15:00–16:30 (UTC+3)');
    expect(h.lastText(teacher)).toContain('Разбор заданий PISA &lt;для учителей&gt;');
    expect(h.lastText(teacher)).not.toContain('webinar.example.ru');
    expect(h.lastText(lead)).toContain('Новое мероприятие');
    expect(h.lastText(farLead)).toContain('ср, 25 ноября, 17:00–18:30 (UTC+5)');
    expect(h.botTexts(otherTeacher)).toEqual([]);
    expect(h.botTexts(coordinator1)).toEqual([]);
    // Publishing again sends nothing more.
    await expect(publishEvent(h.core, editor, event.id)).rejects.toMatchObject({ code: 'invalid-input' });

    await h.press(teacher, 'Пойду');
    expect(lastAnswer()).toContain('Вы записаны');
    expect(h.lastText(teacher)).toContain('https://webinar.example.ru/room/42');
    expect(h.lastText(teacher)).toContain('Вы записаны');
    await h.press(teacher, 'Пойду');
    expect(lastAnswer()).toContain('уже записаны');
    const rows = await h.core.database.db.select().from(eventParticipants).where(eq(eventParticipants.eventId, event.id));
    expect(rows).toHaveLength(1);
    expect((await jobsOfKind(h.core, reminderJobKind)).map((j) => j.dueAt)).toEqual([start - 24 * hour, start - hour]);

    await h.press(lead, 'Не смогу');
    expect(lastAnswer()).toContain('не сможете');
    await h.press(lead, 'Подробнее');
    expect(h.lastText(lead)).toContain('Вы отказались');
    expect(h.lastText(lead)).not.toContain('webinar.example.ru');
  });

  it('reminds 1 day and 1 hour before, with the link, each once across a restart', async () => {
    await published();
    await h.press(teacher, 'Пойду');
    await h.press(farLead, 'Пойду');
    h.clock.set(start - 24 * hour - 60_000);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(0);

    h.clock.set(start - 24 * hour);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(1);
    expect(h.lastText(teacher)).toContain('https://webinar.example.ru/room/42');
    expect(h.lastText(farLead)).toContain('17:00–18:30 (UTC+5)');

    await h.restart();
    await h.drain(5);
    h.clock.set(start - hour - 1000);
    await h.tick();
    expect(count(teacher, 'Напоминание')).toBe(1);
    h.clock.set(start - hour);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(2);
    expect(count(farLead, 'Напоминание')).toBe(2);
    await h.restart();
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(2);
    expect(count(lead, 'Напоминание')).toBe(0);
  });

  it('a reminder run repeated after a crash (claimed, sent, never marked done) sends nothing twice', async () => {
    await published();
    await h.press(teacher, 'Пойду');
    h.clock.set(start - 24 * hour);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(1);
    // The process died after the run enqueued the reminder but before the job was recorded as done.
    const [job] = await jobsOfKind(h.core, reminderJobKind);
    await h.core.database.db.update(scheduledJobs).set({ status: 'running', claimedAt: h.clock.now() }).where(eq(scheduledJobs.id, job!.id));
    await h.restart();
    h.clock.advance(staleClaimMs + 1000);
    const result = await h.tick();
    expect(result.ran).toBe(1);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(1);
  });

  it('a reminder missed while the process was down is not sent once the event has begun; one who declined gets none', async () => {
    await published();
    await h.press(teacher, 'Пойду');
    await h.press(lead, 'Пойду');
    await h.press(lead, 'Не смогу');
    h.clock.set(start - 24 * hour);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(1);
    expect(count(lead, 'Напоминание')).toBe(0);
    h.clock.set(start + 60_000);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(1);
    const jobs = await jobsOfKind(h.core, reminderJobKind);
    expect(jobs.every((j) => j.status !== 'due')).toBe(true);
  });

  it('moving a published event moves the reminders still due', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    await updateEvent(h.core, editor, event.id, input({ startsAt: start + 48 * hour, endsAt: start + 49.5 * hour }));
    expect((await jobsOfKind(h.core, reminderJobKind)).map((j) => j.dueAt)).toEqual([start + 24 * hour, start + 47 * hour]);
    h.clock.set(start - 24 * hour);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(0);
    h.clock.set(start + 24 * hour);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(1);
    expect(h.lastText(teacher)).toContain('пт, 27 ноября, 15:00–16:30');
  });

  it('cancel tells those signed up, once, calls off their reminders and closes sign-up', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    await h.press(lead, 'Не смогу');
    await cancelEvent(h.core, editor, event.id);
    await cancelEvent(h.core, editor, event.id);
    await h.drain();
    expect(count(teacher, 'Мероприятие отменено')).toBe(1);
    expect(count(lead, 'Мероприятие отменено')).toBe(0);
    expect(count(farLead, 'Мероприятие отменено')).toBe(0);
    h.clock.set(start - hour);
    await h.drain(5);
    expect(count(teacher, 'Напоминание')).toBe(0);
    await h.press(farLead, 'Пойду');
    expect(lastAnswer()).toContain('отменено');
    const rows = await h.core.database.db
      .select()
      .from(eventParticipants)
      .where(and(eq(eventParticipants.eventId, event.id), eq(eventParticipants.status, 'going')));
    expect(rows.map((r) => r.personId)).toEqual([5]);
  });

  it('a full event puts the next person on the waiting list; a freed place goes to them and they are told', async () => {
    await published({ capacity: 1 });
    await h.press(teacher, 'Пойду');
    await h.press(lead, 'Пойду');
    expect(lastAnswer()).toContain('листе ожидания');
    await h.press(lead, 'Пойду');
    expect(lastAnswer()).toContain('уже в листе ожидания');
    expect(h.lastText(lead)).not.toContain('webinar.example.ru');
    await h.press(teacher, 'Не смогу');
    await h.drain();
    expect(h.lastText(lead)).toContain('Освободилось место');
    expect(h.lastText(lead)).toContain('https://webinar.example.ru/room/42');
    await h.press(farLead, 'Пойду');
    expect(lastAnswer()).toContain('листе ожидания');
  });

  it('old, forged and closed buttons get a clear answer, never a crash', async () => {
    const event = await published({ registrationDeadline: start - 48 * hour });
    const draft = await createEvent(h.core, editor, input({ title: 'Черновик' }));
    await h.forgePress(teacher, 'ev:999999:go');
    expect(lastAnswer()).toContain('не найдено');
    await h.forgePress(teacher, `ev:${draft.id}:go`);
    expect(lastAnswer()).toContain('не найдено');
    await h.forgePress(teacher, 'ev:abc:go');
    expect(lastAnswer()).toContain('не действует');
    await h.forgePress(teacher, `ev:${event.id}:dance`);
    expect(lastAnswer()).toContain('не действует');
    await h.forgePress(user(4242, 'Чужой'), `ev:${event.id}:go`);
    expect(lastAnswer()).toContain('не зарегистрированы');
    h.clock.advance(4 * hour);
    await h.press(teacher, 'Пойду');
    expect(lastAnswer()).toContain('Запись на мероприятие уже закончилась');
    h.clock.set(start + 1000);
    await h.press(lead, 'Не смогу');
    expect(lastAnswer()).toContain('уже началось');
    expect(await h.core.database.db.select().from(eventParticipants)).toEqual([]);
  });

  it('/events lists upcoming events with the person’s status; /start ev_<id> opens the card for its audience only', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    await h.send(teacher, '/events');
    expect(h.lastText(teacher)).toContain('Вебинар: функциональная грамотность');
    expect(h.lastText(teacher)).toContain('вы записаны');
    await h.send(lead, '/events');
    expect(h.lastText(lead)).toContain('ещё не ответили');
    await h.send(otherTeacher, '/events');
    expect(h.lastText(otherTeacher)).toContain('Ближайших мероприятий для вас нет');
    await h.send(otherTeacher, `/start ev_${event.id}`);
    expect(h.lastText(otherTeacher)).toContain('для другой аудитории');
    await h.send(otherTeacher, '/start ev_424242');
    expect(h.lastText(otherTeacher)).toContain('Мероприятие не найдено');
    await h.send(lead, `/start ev_${event.id}`);
    expect(h.lastText(lead)).toContain('Вебинар: функциональная грамотность');
    await h.press(lead, 'Пойду');
    expect(lastAnswer()).toContain('Вы записаны');
    await h.send(lead, '/events');
    expect(h.lastText(lead)).toContain('вы записаны');
  });
  it('/calendar gives a private feed of the events signed up for; a wrong or renewed link is refused', async () => {
    const event = await published();
    await h.press(teacher, 'Пойду');
    await h.send(teacher, '/calendar');
    const link = /https:\/\/mayak\.test(\/calendar\/\d+\/[A-Za-z0-9_-]+\.ics)/.exec(h.lastText(teacher))?.[1];
    expect(link).toBeDefined();
    await h.send(teacher, '/calendar');
    expect(h.lastText(teacher)).toContain(link!);

    const feed = await h.app.admin.request(link!);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const text = (await feed.text()).replace(/\r\n /g, '');
    expect(text).toContain(`UID:event-${event.id}@mayak`);
    expect(text).toContain('SUMMARY:Вебинар: функциональная грамотность');
    expect(text).toContain('https://webinar.example.ru/room/42');

    // Someone else's id with this secret, a guessed secret: 404, saying nothing more.
    expect((await h.app.admin.request(link!.replace(/\/calendar\/\d+\//, '/calendar/6/'))).status).toBe(404);
    expect((await h.app.admin.request(link!.replace(/\/[A-Za-z0-9_-]+\.ics$/, '/AAAAAAAAAAAAAAAAAAAAAAAA.ics'))).status).toBe(404);

    const pressed = h.fake.lastBotMessage(teacher.id)!;
    await h.press(teacher, '🔄 Новая ссылка');
    expect(lastAnswer()).toContain('Старая ссылка больше не работает');
    const renewed = /(\/calendar\/\d+\/[A-Za-z0-9_-]+\.ics)/.exec(h.lastText(teacher))![1]!;
    expect(renewed).not.toBe(link);
    // The new message carries the button; the old one has lost both its link and its button.
    expect(buttonLabels(h.fake.lastBotMessage(teacher.id))).toEqual(['🔄 Новая ссылка']);
    const old = h.fake.chat(teacher.id).find((m) => m.message_id === pressed.message_id)!;
    expect(old.text).not.toContain('/calendar/');
    expect(buttonLabels(old)).toEqual([]);
    expect((await h.app.admin.request(link!)).status).toBe(404);
    expect((await h.app.admin.request(renewed)).status).toBe(200);

    // Cancelled, the event stays in the feed as cancelled, so the calendar app removes it.
    await cancelEvent(h.core, editor, event.id);
    expect(await (await h.app.admin.request(renewed)).text()).toContain('STATUS:CANCELLED');
    await h.send(teacher, '/delete_me');
    await h.press(teacher, 'Да, удалить');
    expect((await h.app.admin.request(renewed)).status).toBe(404);
  });
});
