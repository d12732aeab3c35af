import { and, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { updateEvent } from '../../core/events/changes.js';
import { createEvent, type EventInput } from '../../core/events/events.js';
import { announceOpenEventsTo, cancelEvent, publishEvent } from '../../core/events/publishing.js';
import { reminderJobKind } from '../../core/events/reminding.js';
import { quietHours, quietHoursEnd } from '../../core/deliveries/quiet-hours.js';
import { defaultReminderOffsets } from '../../core/events/reminders.js';
import { createInvite } from '../../core/onboarding/invites.js';
import { decideRegistration, submitRegistration } from '../../core/onboarding/registration.js';
import { jobsOfKind } from '../../core/scheduler/jobs.js';
import { deliveries } from '../../db/schema/index.js';
import { searchKey } from '../../core/directory/places.js';
import { Harness, user } from '../support/harness.js';
import { insertPeople, telegramContact } from '../support/people.js';

/** Demo: 4 lead and 5 teacher of municipality 1 (Moscow, UTC+3); 6 teacher in 2; 7 lead in 3 (Asia/Yekaterinburg, UTC+5). */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const lead = demo(4);
const teacher = demo(5);
const farLead = demo(7);
const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

function input(overrides: Partial<EventInput> = {}): EventInput {
  const startsAt = overrides.startsAt ?? Date.parse('2026-11-27T12:00:00Z'); // 15:00 in Moscow, 17:00 in Yekaterinburg
  return {
    title: 'Стажировка: управление изменениями',
    kind: 'internship',
    description: 'Три дня в ресурсном центре',
    startsAt,
    endsAt: startsAt + 3 * hour,
    place: 'Ресурсный центр, ул. Школьная, 1',
    link: 'https://webinar.example.ru/room/7',
    capacity: null,
    registrationDeadline: null,
    audience: { roles: ['teacher', 'school_lead'], municipalityIds: [1, 3] },
    municipalityId: null,
    ...overrides,
  };
}

describe('event reminders and announcements: offsets, quiet hours, late joiners', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const count = (who: ReturnType<typeof user>, text: string) => h.botTexts(who).filter((t) => t.includes(text)).length;
  const reminders = (who: ReturnType<typeof user>) => count(who, 'Напоминание');
  const announcements = (who: ReturnType<typeof user>) => count(who, 'Новое мероприятие');
  /** The titles of the announcements a person got, in order. */
  const titles = (who: ReturnType<typeof user>) =>
    h
      .botTexts(who)
      .filter((t) => t.includes('Новое мероприятие'))
      .map((t) => t.split('\n')[1]!.replace(/<\/?b>/g, ''));
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => [],
      (error: { issues?: { field: string; reason: string }[] }) => error.issues?.map((i) => `${i.field}: ${i.reason}`),
    );

  async function published(overrides: Partial<EventInput> = {}) {
    const event = await createEvent(h.core, editor, input(overrides));
    await publishEvent(h.core, editor, event.id);
    await h.drain();
    return event;
  }

  it('each kind has its default offsets, an event may set its own, and bad offsets are named', async () => {
    expect((await createEvent(h.core, editor, input())).reminderOffsets).toEqual([3 * 1440, 1440]);
    expect((await createEvent(h.core, editor, input({ kind: 'webinar' }))).reminderOffsets).toEqual([1440, 60]);
    expect((await createEvent(h.core, editor, input({ kind: 'seminar' }))).reminderOffsets).toEqual([1440, 120]);
    expect((await createEvent(h.core, editor, input({ kind: 'visit' }))).reminderOffsets).toEqual([1440]);
    expect(defaultReminderOffsets.methodological_association).toEqual([1440, 120]);
    expect((await createEvent(h.core, editor, input({ reminderOffsets: [60, 720, 60] }))).reminderOffsets).toEqual([720, 60]);

    expect(await refusal(createEvent(h.core, editor, input({ reminderOffsets: [60, -30] })))).toEqual(['reminderOffsets: reminder-after-start']);
    expect(await refusal(createEvent(h.core, editor, input({ reminderOffsets: [0] })))).toEqual(['reminderOffsets: reminder-after-start']);
    expect(await refusal(createEvent(h.core, editor, input({ reminderOffsets: [4] })))).toEqual(['reminderOffsets: reminder-too-close']);
    expect(await refusal(createEvent(h.core, editor, input({ reminderOffsets: [30 * 1440 + 1] })))).toEqual(['reminderOffsets: reminder-too-early']);
    expect(await refusal(createEvent(h.core, editor, input({ reminderOffsets: [5, 10, 15, 20, 25, 30] })))).toEqual(['reminderOffsets: too-many-reminders']);
    // The bounds themselves are allowed; other fields' problems are named alongside.
    expect((await createEvent(h.core, editor, input({ reminderOffsets: [5, 30 * 1440] }))).reminderOffsets).toEqual([30 * 1440, 5]);
    expect(await refusal(createEvent(h.core, editor, input({ reminderOffsets: [-5], endsAt: Date.parse('2026-11-27T11:00:00Z') })))).toEqual([
      'reminderOffsets: reminder-after-start',
      'endsAt: end-before-start',
    ]);
  });

  it('reminds at the event’s own offsets; editing them moves, drops and adds reminders, each sent once per offset', async () => {
    const start = Date.parse('2026-11-27T12:00:00Z');
    const event = await published();
    await h.press(teacher, 'Пойду');
    expect((await jobsOfKind(h.core, reminderJobKind)).map((j) => [j.dueAt, j.payload.offset])).toEqual([
      [start - 3 * day, '3d'],
      [start - day, '1d'],
    ]);
    h.clock.set(start - 3 * day);
    await h.drain(5);
    expect(reminders(teacher)).toBe(1);
    expect(h.lastText(teacher)).toContain('https://webinar.example.ru/room/7');

    // The admin keeps 1 day, drops nothing sent, adds 2 hours: the person already going gets the new one too.
    await updateEvent(h.core, editor, event.id, input({ reminderOffsets: [1440, 120] }));
    const due = (await jobsOfKind(h.core, reminderJobKind)).filter((j) => j.status === 'due');
    expect(due.map((j) => [j.dueAt, j.payload.offset])).toEqual([
      [start - day, '1d'],
      [start - 2 * hour, '2h'],
    ]);
    // Dropping 1 day calls it off; adding it back brings the same reminder back (not a second one).
    await updateEvent(h.core, editor, event.id, input({ reminderOffsets: [120] }));
    expect((await jobsOfKind(h.core, reminderJobKind)).filter((j) => j.status === 'due').map((j) => j.payload.offset)).toEqual(['2h']);
    await updateEvent(h.core, editor, event.id, input({ reminderOffsets: [1440, 120] }));
    expect((await jobsOfKind(h.core, reminderJobKind)).filter((j) => j.status === 'due').map((j) => j.payload.offset)).toEqual(['1d', '2h']);
    // An edit that leaves the offsets out keeps them.
    await updateEvent(h.core, editor, event.id, input({ title: 'Стажировка: управление изменениями (2 поток)' }));

    h.clock.set(start - day);
    await h.drain(5);
    expect(reminders(teacher)).toBe(2);
    await h.restart();
    h.clock.set(start - 2 * hour);
    await h.drain(5);
    expect(reminders(teacher)).toBe(3);
    expect(h.lastText(teacher)).toContain('2 поток');
    h.clock.set(start - hour);
    await h.drain(5);
    expect(reminders(teacher)).toBe(3);
  });

  it('quiet hours: a reminder waits until 08:00 in the person’s own zone, unless the event starts before that', async () => {
    // 07:30 in Moscow (inside its quiet hours), 09:30 in Yekaterinburg.
    const start = Date.parse('2026-11-25T04:30:00Z');
    await published({ kind: 'webinar', startsAt: start, endsAt: start + hour, reminderOffsets: [720, 60] });
    await h.press(teacher, 'Пойду');
    await h.press(farLead, 'Пойду');

    // 12 h before: 19:30 in Moscow (goes), 21:30 in Yekaterinburg (waits until 08:00 there = 03:00 UTC).
    h.clock.set(start - 12 * hour);
    await h.drain(5);
    expect(reminders(teacher)).toBe(1);
    expect(reminders(farLead)).toBe(0);
    await h.restart(); // the wait is a row: it survives a restart
    h.clock.set(Date.parse('2026-11-25T02:59:00Z'));
    await h.drain(5);
    expect(reminders(farLead)).toBe(0);
    h.clock.set(Date.parse('2026-11-25T03:00:00Z'));
    await h.drain(5);
    expect(reminders(farLead)).toBe(1);
    expect(h.lastText(farLead)).toContain('09:30–10:30 (UTC+5)');

    // 1 h before: 06:30 in Moscow is quiet, but the event starts at 07:30, before the quiet hours end: on time.
    h.clock.set(start - hour);
    await h.drain(5);
    expect(reminders(teacher)).toBe(2);
    expect(reminders(farLead)).toBe(2);
    h.clock.set(start + minute);
    await h.drain(5);
    expect(reminders(teacher)).toBe(2);
    expect(reminders(farLead)).toBe(2);
  });

  it('a reminder waiting for the quiet hours to end follows the event when it moves, and is called off with it', async () => {
    const start = Date.parse('2026-11-25T06:00:00Z'); // 09:00 in Moscow
    const event = await published({ kind: 'webinar', startsAt: start, endsAt: start + hour, reminderOffsets: [600] });
    await h.press(teacher, 'Пойду');
    h.clock.set(start - 10 * hour); // 23:00 in Moscow: put off until 08:00 (05:00 UTC)
    await h.drain(5);
    expect(reminders(teacher)).toBe(0);
    // Moved a day later: the reminder is due again 10 hours before the new start (a daytime hour), and only then.
    await updateEvent(h.core, editor, event.id, input({ kind: 'webinar', startsAt: start + 16 * hour, endsAt: start + 17 * hour, reminderOffsets: [600] }));
    h.clock.set(Date.parse('2026-11-25T05:00:00Z'));
    await h.drain(5);
    expect(reminders(teacher)).toBe(0);
    h.clock.set(start + 6 * hour); // 15:00 in Moscow
    await h.drain(5);
    expect(reminders(teacher)).toBe(1);
    expect(h.lastText(teacher)).toContain('26 ноября, 01:00');

    const other = await published({
      kind: 'webinar',
      title: 'Вебинар поздно',
      startsAt: start + 2 * day,
      endsAt: start + 2 * day + hour,
      reminderOffsets: [600],
    });
    await h.press(teacher, 'Пойду');
    h.clock.set(start + 2 * day - 10 * hour); // 23:00 in Moscow again
    await h.drain(5);
    await cancelEvent(h.core, editor, other.id);
    h.clock.set(start + 2 * day - hour);
    await h.drain(5);
    expect(h.botTexts(teacher).filter((t) => t.includes('Напоминание') && t.includes('Вебинар поздно'))).toEqual([]);
  });

  it('quiet hours: an announcement published late in the evening reaches each zone at its 08:00; cancelled meanwhile, never', async () => {
    h.clock.set(Date.parse('2026-11-23T19:00:00Z')); // 22:00 in Moscow, 00:00 in Yekaterinburg
    await published({ kind: 'seminar', title: 'Семинар для руководителей' });
    const cancelled = await published({ kind: 'seminar', title: 'Семинар отменённый' });
    expect(announcements(teacher) + announcements(lead) + announcements(farLead)).toBe(0);
    await cancelEvent(h.core, editor, cancelled.id);

    h.clock.set(Date.parse('2026-11-24T02:59:00Z'));
    await h.drain(5);
    expect(announcements(farLead)).toBe(0);
    h.clock.set(Date.parse('2026-11-24T03:00:00Z')); // 08:00 in Yekaterinburg, 06:00 in Moscow
    await h.drain(5);
    expect(titles(farLead)).toEqual(['Семинар для руководителей']);
    expect(announcements(teacher)).toBe(0);
    h.clock.set(Date.parse('2026-11-24T05:00:00Z')); // 08:00 in Moscow
    await h.drain(5);
    expect(announcements(teacher)).toBe(1);
    expect(announcements(lead)).toBe(1);
    expect(h.botTexts(teacher).join('\n')).not.toContain('Семинар отменённый');
  });

  it('quiet hours: an event that starts before they end is announced at once', async () => {
    h.clock.set(Date.parse('2026-11-23T19:00:00Z')); // 22:00 in Moscow, 00:00 in Yekaterinburg
    const start = Date.parse('2026-11-24T04:00:00Z'); // 07:00 in Moscow, 09:00 in Yekaterinburg
    await published({ kind: 'consultation', startsAt: start, endsAt: start + hour });
    expect(announcements(teacher)).toBe(1);
    expect(announcements(farLead)).toBe(0);
    expect(quietHoursEnd(h.clock.now(), 'Asia/Yekaterinburg', quietHours)).toBe(Date.parse('2026-11-24T03:00:00Z'));
    expect(quietHoursEnd(h.clock.now() - 4 * hour, 'Asia/Yekaterinburg', quietHours)).toBe(null); // 20:00 there
    h.clock.set(Date.parse('2026-11-24T03:00:00Z'));
    await h.drain(5);
    expect(announcements(farLead)).toBe(1);
  });

  it('late joiners: approval, an invite and consent after an import each bring the open announcements, once', async () => {
    const open = await published({ kind: 'webinar', title: 'Открытый вебинар', audience: { roles: ['teacher'], municipalityIds: [1] } });
    await published({ kind: 'webinar', title: 'Для руководителей', audience: { roles: ['school_lead'] } });
    await published({
      kind: 'webinar',
      title: 'Скоро начнётся',
      startsAt: h.clock.now() + 2 * hour,
      endsAt: h.clock.now() + 3 * hour,
      audience: { roles: ['teacher'] },
    });
    await published({ kind: 'webinar', title: 'Запись закрыта', registrationDeadline: h.clock.now() + hour, audience: { roles: ['teacher'] } });
    const cancelled = await published({ kind: 'webinar', title: 'Отменённый', audience: { roles: ['teacher'] } });
    await cancelEvent(h.core, editor, cancelled.id);
    expect(announcements(teacher)).toBe(4);
    h.clock.advance(2 * hour + minute); // "Скоро начнётся" has begun, "Запись закрыта" closed
    // One in the audience at publish gets nothing more (the same dedupe key).
    await announceOpenEventsTo(h.core, 5);
    await h.drain(5);
    expect(announcements(teacher)).toBe(4);

    // A self-registration: nothing while pending, the open ones on approval.
    const anna = user(7101, 'Анна');
    const pending = await submitRegistration(h.core, {
      contact: telegramContact(anna.id),
      language: 'ru',
      municipalityId: 1,
      schoolId: 1,
      role: 'teacher',
      subjects: ['math'],
      fullName: 'Антонова Анна Сергеевна',
    });
    await h.drain(5);
    expect(announcements(anna)).toBe(0);
    await decideRegistration(h.core, { personId: pending.id, approve: true, decider: { kind: 'operator', label: 'cli' } });
    await h.drain(5);
    expect(titles(anna)).toEqual(['Открытый вебинар']);
    await announceOpenEventsTo(h.core, pending.id);
    await h.drain(5);
    expect(titles(anna)).toEqual(['Открытый вебинар']);

    // By invite: active at once. A person in another municipality matches only the region-wide rules.
    const { invite } = await createInvite(h.core, { role: 'teacher', schoolId: 1 }, 'test');
    const boris = user(7102, 'Борис');
    await submitRegistration(h.core, {
      contact: telegramContact(boris.id),
      language: 'ru',
      municipalityId: 1,
      schoolId: null,
      role: 'teacher',
      subjects: [],
      fullName: 'Борисов Борис Ильич',
      inviteCode: invite.code,
    });
    await h.drain(5);
    expect(titles(boris)).toEqual(['Открытый вебинар']);

    // Imported with a Telegram id, consents in the bot.
    const olga = user(7103, 'Ольга');
    const now = h.clock.now();
    await insertPeople(h.core, [
      {
        fullName: 'Орлова Ольга Петровна',
        searchName: searchKey('Орлова Ольга Петровна'),
        telegramId: olga.id,
        status: 'active',
        roles: ['teacher'],
        municipalityId: 1,
        schoolId: 1,
        subjects: [],
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await h.send(olga, '/start');
    await h.press(olga, 'Согласен');
    await h.drain(5);
    expect(titles(olga)).toEqual(['Открытый вебинар']);
    const olgaId = (await findPersonByTelegramId(h.core, olga.id))!.id;
    const rows = await h.core.database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.personId, olgaId), like(deliveries.dedupeKey, 'event:%')));
    expect(rows.map((r) => r.dedupeKey)).toEqual([`event:${open.id}:announce:${olgaId}`]);
    // They can sign up from it like everyone else.
    await h.press(olga, 'Пойду');
    expect(h.lastText(olga)).toContain('Вы записаны');
  });
});
