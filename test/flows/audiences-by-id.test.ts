import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { eventParticipants, surveyParticipants, surveyResponses, taskConfirmations } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { webinar } from '../support/events.js';
import { q, surveyWith } from '../support/surveys.js';
import { addPerson, editorActor, schoolTask } from '../support/tasks.js';

/** Demo: 4 lead and 5 teacher at school 1 of municipality 1; 6 teacher in municipality 2. */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const teacher1 = demo(5);
const lead1 = demo(4);
const teacher2 = demo(6);

describe('an item reached by its id opens only for its audience', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('another municipality’s event: no card, no sign-up, no link, no .ics by deep link or crafted button', async () => {
    const event = await createEvent(
      h.core,
      editorActor,
      webinar({ audience: { roles: ['teacher'], municipalityIds: [2] }, link: 'https://webinar.example.ru/secret-room' }),
    );
    await publishEvent(h.core, editorActor, event.id);
    await h.drain();

    await h.send(teacher1, `/start ev_${event.id}`);
    expect(h.lastText(teacher1)).toContain('для другой аудитории');
    expect(h.lastText(teacher1)).not.toContain(event.title);
    for (const action of ['go', 'ics', 'no']) {
      await h.forgePress(teacher1, `ev:${event.id}:${action}`);
      expect(h.lastAnswer()).toContain('для другой аудитории');
    }
    await h.forgePress(teacher1, `ev:${event.id}:info`);
    expect(h.lastText(teacher1)).toContain('для другой аудитории');
    expect(await h.core.database.db.select().from(eventParticipants).where(eq(eventParticipants.eventId, event.id))).toHaveLength(0);
    expect(h.botTexts(teacher1).join('\n')).not.toContain('secret-room');
    expect(h.fake.callsOf('sendDocument').filter((c) => String(c.params.chat_id) === String(teacher1.id))).toHaveLength(0);

    await h.send(teacher2, `/start ev_${event.id}`);
    expect(h.lastText(teacher2)).toContain(event.title);
    await h.press(teacher2, 'Пойду');
    expect(h.botTexts(teacher2).join('\n')).toContain('secret-room');
  });

  it('another school’s task: no card, no «Выполнено», not in /tasks', async () => {
    await addPerson(h.core, { telegramId: 800_000_003, name: 'Белова Анна Юрьевна', roles: ['school_lead'], municipalityId: 2, schoolId: 3 });
    const task = await createTask(
      h.core,
      editorActor,
      schoolTask({ title: 'Задача школы 3', audience: { roles: ['school_lead'], schoolIds: [3] }, evidence: 'none', verifier: 'none' }),
    );
    await publishTask(h.core, editorActor, task.id);
    await h.drain();
    await h.forgePress(lead1, `tk:${task.id}:info`);
    expect(h.lastAnswer()).toContain('назначена не вам');
    expect(h.botTexts(lead1).join('\n')).not.toContain('Задача школы 3');
    await h.forgePress(lead1, `tk:${task.id}:done`);
    expect(h.lastAnswer()).toContain('назначена не вам');
    const statuses = await h.core.database.db.select({ status: taskConfirmations.status }).from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id));
    expect(statuses.every((s) => s.status === 'pending')).toBe(true);
    await h.send(lead1, '/tasks');
    expect(h.lastText(lead1)).not.toContain('Задача школы 3');
  });

  it('another municipality’s survey: not started by a crafted button, not in /surveys', async () => {
    const { survey } = await surveyWith(h.core, [q.single()], { title: 'Анкета муниципалитета 2', audience: { roles: ['teacher'], municipalityIds: [2] } });
    await h.forgePress(teacher1, `sv:${survey.id}:go`);
    expect(h.lastText(teacher1)).toContain('предназначен не вам');
    await h.forgePress(teacher1, `sv:${survey.id}:later`);
    expect(h.lastAnswer()).toContain('предназначен не вам');
    const db = h.core.database.db;
    expect(
      await db
        .select()
        .from(surveyParticipants)
        .where(and(eq(surveyParticipants.surveyId, survey.id), eq(surveyParticipants.personId, 5))),
    ).toHaveLength(0);
    expect(await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id))).toHaveLength(0);
    await h.send(teacher1, '/surveys');
    expect(h.lastText(teacher1)).not.toContain('Анкета муниципалитета 2');
    await h.send(teacher2, '/surveys');
    expect(h.lastText(teacher2)).toContain('Анкета муниципалитета 2');
  });
});
