import { eq } from 'drizzle-orm';
import { channels, eventParticipants, events, schoolChats, schools } from '../../db/schema/index.js';
import type { Actor } from '../admins/access.js';
import type { Core } from '../core.js';
import { setDeliverySettings } from '../deliveries/delivery-rules.js';
import { attendanceJobKind } from '../events/reminding.js';
import { scheduleJobs } from '../scheduler/jobs.js';
import { createTopic } from '../subscriptions/admin.js';
import { addQuestion } from '../surveys/questionnaire.js';
import { createSurvey, publishSurvey } from '../surveys/surveys.js';
import { publishTask } from '../tasks/assignment.js';
import { defaultReminderPlan } from '../tasks/reminder-plan.js';
import { createTask } from '../tasks/tasks.js';
import { personByContact } from '../directory/contacts.js';
import { demoChannels, demoGroups, demoTelegramIdBase } from '../directory/demo.js';

/** The institute's staff as the demo's author of what it publishes (audited under this name). */
const demoEditor: Actor = { kind: 'token', id: 0, label: 'demo', role: 'editor', municipalityIds: [] };
const hour = 3_600_000;
const day = 24 * hour;
/** A due time a few days ahead, on the hour, as people set them. */
const daysAhead = (now: number, days: number): number => Math.ceil((now + days * day) / hour) * hour;

async function personOf(core: Core, index: number): Promise<number> {
  const person = await personByContact(core, 'telegram', String(demoTelegramIdBase + index + 1));
  if (!person) throw new Error(`demo person ${index} is missing: load the demo region first`);
  return person.id;
}

async function schoolByCode(core: Core, code: string): Promise<number> {
  const row = await core.database.db.select({ id: schools.id }).from(schools).where(eq(schools.code, code)).get();
  if (!row) throw new Error(`demo school ${code} is missing`);
  return row.id;
}

/**
 * What makes every flow of the README tryable within minutes of `npm start` in the sandbox, on top of the demo
 * region: СОШ № 5's team chat linked, the institute's channel, two topics, a webinar that has just finished (its
 * attendance questions go out now; one participant already rated it, so a post-release has figures), a school task
 * that wants a photo, one a curator's visit fulfils, and an open survey. Only for the sandbox's fresh demo database.
 */
export async function loadDemoShowcase(core: Core): Promise<void> {
  const { db } = core.database;
  const now = core.clock.now();
  const lead = await personOf(core, 3);
  const teacher = await personOf(core, 4);
  const school5 = await schoolByCode(core, 'DEMO-0001');
  // The sandbox is tried at any hour: its region's quiet hours are one minute after midnight (set real ones at /schedule).
  await setDeliverySettings(core, demoEditor, { quietHours: { from: 0, to: 1 }, dailyCap: 20 });

  for (const group of demoGroups.filter((g) => g.linked)) {
    const exists = await db
      .select({ id: schoolChats.id })
      .from(schoolChats)
      .where(eq(schoolChats.chatId, String(group.chatId)))
      .get();
    if (!exists)
      await db.insert(schoolChats).values({
        schoolId: school5,
        chatId: String(group.chatId),
        title: group.title,
        scope: 'all',
        status: 'active',
        linkedBy: lead,
        linkedAt: now,
        updatedAt: now,
      });
  }
  for (const channel of demoChannels.filter((c) => c.inDemoRegion)) {
    await db
      .insert(channels)
      .values({ chatId: String(channel.chatId), title: channel.title, municipalityId: null, problem: null, checkedAt: now, createdAt: now })
      .onConflictDoNothing();
  }

  await createTopic(core, demoEditor, {
    name: 'Математика',
    description: 'Вебинары и семинары для учителей математики',
    kind: 'subject',
    defaultRoles: ['teacher'],
  });
  await createTopic(core, demoEditor, {
    name: 'Дайджест ИРО',
    description: 'Раз в неделю: что прошло и что впереди',
    kind: 'digest',
    defaultRoles: ['teacher', 'school_lead'],
  });

  // A webinar that ended an hour ago: the teacher's attendance question is due now; the lead already came and rated it.
  const webinar = await db
    .insert(events)
    .values({
      title: 'Вебинар «Функциональная грамотность на уроках математики»',
      kind: 'webinar',
      description: 'Разбор заданий PISA и ВПР с методистами ИРО.',
      startsAt: now - 3 * hour,
      endsAt: now - hour,
      link: 'https://webinar.example.ru/room/demo',
      audience: { roles: ['teacher', 'school_lead'], schoolIds: [school5] },
      status: 'published',
      createdBy: demoEditor.label,
      publishedAt: now - 3 * day,
      createdAt: now - 3 * day,
      updatedAt: now - 3 * day,
    })
    .returning()
    .get();
  await db.insert(eventParticipants).values([
    { eventId: webinar.id, personId: teacher, status: 'going', updatedAt: now - 2 * day, createdAt: now - 2 * day },
    {
      eventId: webinar.id,
      personId: lead,
      status: 'going',
      attended: true,
      rating: 5,
      comment: 'Полезно, ждём продолжения',
      feedbackAt: now - hour / 2,
      updatedAt: now - hour / 2,
      createdAt: now - 2 * day,
    },
  ]);
  await scheduleJobs(core, [
    { kind: attendanceJobKind, dueAt: now, payload: { eventId: webinar.id, personId: teacher }, dedupeKey: `event:${webinar.id}:attend:${teacher}` },
  ]);

  const photoTask = await createTask(core, demoEditor, {
    title: 'Разместить фото стенда «ШНОР: план перехода»',
    instructions: 'Сфотографируйте стенд в холле школы и пришлите фото сюда.',
    dueAt: daysAhead(now, 3),
    audience: { roles: ['school_lead'], schoolIds: [school5] },
    assignment: 'school',
    evidence: 'photo',
    verifier: 'curator',
    reminderPlan: defaultReminderPlan,
    escalateAfterMinutes: 1440,
    municipalityId: null,
  });
  await publishTask(core, demoEditor, photoTask.id);
  const visitTask = await createTask(core, demoEditor, {
    title: 'Методический выезд: проверка антирисковой программы',
    instructions: 'Засчитывается посещением куратора: куратор записывает его командой /visit и прикладывает фото.',
    dueAt: daysAhead(now, 5),
    audience: { roles: ['school_lead'], schoolIds: [school5] },
    assignment: 'school',
    evidence: 'visit',
    verifier: 'none',
    reminderPlan: defaultReminderPlan,
    escalateAfterMinutes: null,
    municipalityId: null,
  });
  await publishTask(core, demoEditor, visitTask.id);

  const survey = await createSurvey(core, demoEditor, {
    title: 'Потребности школ в методической помощи',
    intro: 'Пять минут, чтобы спланировать поддержку на весну.',
    anonymous: false,
    audience: { roles: ['teacher', 'school_lead'] },
    municipalityId: null,
    opensAt: now,
    closesAt: now + 7 * day,
    reminderHours: [24],
  });
  await addQuestion(core, demoEditor, survey.id, {
    kind: 'single',
    text: 'Какой формат удобнее?',
    required: true,
    options: ['Вебинар', 'Очный семинар', 'Стажировка'],
  });
  await addQuestion(core, demoEditor, survey.id, {
    kind: 'scale',
    text: 'Насколько школа готова к ВПР?',
    required: true,
    max: 5,
    minLabel: 'совсем нет',
    maxLabel: 'полностью',
  });
  await addQuestion(core, demoEditor, survey.id, { kind: 'long_text', text: 'Что мешает школе улучшить результаты?', required: false });
  await publishSurvey(core, demoEditor, survey.id);
}
