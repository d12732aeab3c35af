import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { createInvite, invitePrefix } from '../../core/onboarding/invites.js';
import { sendWhatIsStillOpen } from '../../core/directory/reachable.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { confirmTask } from '../../core/tasks/confirmations.js';
import { createTask } from '../../core/tasks/tasks.js';
import { taskConfirmations } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { editorActor, schoolTask } from '../support/tasks.js';

const coordinator = user(demoTelegramIdBase + 1, 'Ирина');
const lead1 = user(demoTelegramIdBase + 4, 'Павел');
const schoolTitle = 'Разместить школьный план на сайте';
const personTitle = 'Пройти курс по наставничеству';

/**
 * An audience is a rule: someone who becomes reachable after a task was published and matches it becomes its
 * assignee and gets it once, unless their school has already done it. Demo schools 1 and 2 are in municipality 1,
 * school 3 in municipality 2; the demo has a lead only at school 1.
 */
describe('late joiners get the tasks still open for them', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const taskTexts = (who: ReturnType<typeof user>) => h.botTexts(who).filter((t) => t.includes('Новая задача'));
  const got = (who: ReturnType<typeof user>, title: string) => taskTexts(who).filter((t) => t.includes(title)).length;

  async function publishBoth() {
    const school = await createTask(
      h.core,
      editorActor,
      schoolTask({ audience: { roles: ['school_lead'], schoolIds: [1, 2] }, evidence: 'none', verifier: 'none' }),
    );
    await publishTask(h.core, editorActor, school.id);
    const personal = await createTask(
      h.core,
      editorActor,
      schoolTask({ title: personTitle, audience: { roles: ['school_lead'], municipalityIds: [1] }, assignment: 'person', evidence: 'none', verifier: 'none' }),
    );
    await publishTask(h.core, editorActor, personal.id);
    await h.drain();
    return { school, personal };
  }

  async function registerByInvite(who: ReturnType<typeof user>, role: 'school_lead' | 'teacher', schoolId: number, name: string) {
    const { invite } = await createInvite(h.core, { role, schoolId }, 'test');
    await h.send(who, `/start ${invitePrefix}${invite.code}`);
    await h.press(who, 'Согласен');
    if (role === 'teacher') {
      await h.press(who, 'Математика');
      await h.press(who, 'Готово');
    }
    await h.send(who, name);
    await h.press(who, 'Отправить');
    expect(h.lastText(who)).toContain('вы зарегистрированы');
  }

  it('a new lead of a matching school gets both tasks once; a school that confirmed sends nothing more; others get nothing', async () => {
    const { school, personal } = await publishBoth();
    expect(got(lead1, schoolTitle)).toBe(1);
    expect(got(lead1, personTitle)).toBe(1);
    // Only school 1 had a lead at publication.
    expect((await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, school.id))).map((c) => c.schoolId)).toEqual([1]);
    const lead1Person = (await findPersonByTelegramId(h.core, lead1.id))!;
    expect((await confirmTask(h.core, lead1Person, school.id)).kind).toBe('confirmed');

    // A lead of school 2 registers without an invite; the coordinator approves in the bot.
    const olga = user(9101, 'Ольга');
    await h.send(olga, '/start');
    await h.press(olga, 'Согласен');
    await h.send(olga, 'светлогорск');
    await h.send(olga, 'лицей');
    await h.press(olga, 'Лицей № 1');
    await h.press(olga, 'Управленческая команда школы');
    await h.send(olga, 'Орлова Ольга Петровна');
    await h.press(olga, 'Отправить');
    await h.drain();
    expect(taskTexts(olga)).toEqual([]);
    await h.press(coordinator, 'Одобрить');
    await h.drain();
    expect(got(olga, schoolTitle)).toBe(1);
    expect(got(olga, personTitle)).toBe(1);
    const olgaPerson = (await findPersonByTelegramId(h.core, olga.id))!;
    // School 2 is now an assignee of the school task, the new lead of the person task.
    expect(
      await h.core.database.db
        .select()
        .from(taskConfirmations)
        .where(and(eq(taskConfirmations.taskId, school.id), eq(taskConfirmations.schoolId, 2)))
        .get(),
    ).toMatchObject({ assignee: 's2', status: 'pending', municipalityId: 1 });
    expect(
      await h.core.database.db
        .select()
        .from(taskConfirmations)
        .where(and(eq(taskConfirmations.taskId, personal.id), eq(taskConfirmations.personId, olgaPerson.id)))
        .get(),
    ).toMatchObject({ assignee: `p${olgaPerson.id}`, status: 'pending' });
    // Her buttons work: the school task is hers to confirm now.
    expect((await confirmTask(h.core, olgaPerson, school.id)).kind).toBe('confirmed');
    // Told again (another way of becoming reachable), nothing is sent twice.
    await sendWhatIsStillOpen(h.core, olgaPerson.id);
    await h.drain();
    expect(taskTexts(olga)).toHaveLength(2);

    // A second lead of school 1, which has already confirmed: only the person task.
    const ivan = user(9102, 'Иван');
    await registerByInvite(ivan, 'school_lead', 1, 'Иванов Иван Петрович');
    await h.drain();
    expect(got(ivan, schoolTitle)).toBe(0);
    expect(got(ivan, personTitle)).toBe(1);

    // A teacher of school 1 and a lead in municipality 2 match neither audience.
    const vera = user(9103, 'Вера');
    await registerByInvite(vera, 'teacher', 1, 'Смирнова Вера Ильинична');
    const egor = user(9104, 'Егор');
    await registerByInvite(egor, 'school_lead', 3, 'Егоров Егор Сергеевич');
    await h.drain();
    expect(taskTexts(vera)).toEqual([]);
    expect(taskTexts(egor)).toEqual([]);
    expect(
      await h.core.database.db
        .select()
        .from(taskConfirmations)
        .where(and(eq(taskConfirmations.taskId, school.id), eq(taskConfirmations.schoolId, 3)))
        .get(),
    ).toBeUndefined();
    // The lead at publication got each task once.
    expect(taskTexts(lead1)).toHaveLength(2);
  });
});
