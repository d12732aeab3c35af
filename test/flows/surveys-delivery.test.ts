import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { signUp } from '../../core/events/participation.js';
import { recordAttendance } from '../../core/events/feedback.js';
import { people, surveyAnswers, surveyParticipants, surveyResponses } from '../../db/schema/index.js';
import { submitSurvey } from '../../core/surveys/answering.js';
import { inviteToOpenSurveys } from '../../core/surveys/delivery.js';
import { surveyResults } from '../../core/surveys/results.js';
import { updateQuestion } from '../../core/surveys/questionnaire.js';
import { publishSurvey, updateSurvey } from '../../core/surveys/surveys.js';
import { Harness } from '../support/harness.js';
import { webinar } from '../support/events.js';
import { demo, hour, q, surveyCloses, surveyEditor, surveyInput, surveyWith } from '../support/surveys.js';

const teacher = demo(5);
const otherTeacher = demo(6);
const lead = demo(4);

describe('surveys: conditions, resuming, closing, reminders, anonymity', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function invited(...args: Parameters<typeof surveyWith> extends [unknown, ...infer R] ? R : never) {
    const made = await surveyWith(h.core, ...args);
    await h.tick();
    await h.drain();
    return made;
  }

  it('a condition shows question 3 only after «Да»; a changed answer hides it and its answer is not sent', async () => {
    const { survey, questionIds } = await invited([q.yesNo(), q.single()]);
    await updateQuestion(h.core, surveyEditor, questionIds[1]!, q.single({ condition: { questionId: questionIds[0]!, equals: 'yes' } }));
    await h.press(teacher, 'Начать');
    // The conditional question counts until an answer leaves it out.
    expect(h.lastText(teacher)).toContain('Вопрос 1 из 2');
    await h.press(teacher, 'Нет');
    expect(h.lastText(teacher)).toContain('Проверьте ответы');
    await h.press(teacher, 'Назад');
    await h.press(teacher, 'Да');
    expect(h.lastText(teacher)).toContain('Вопрос 2 из 2');
    await h.press(teacher, 'Вебинар');
    await h.press(teacher, 'Изменить');
    await h.press(teacher, '1');
    await h.press(teacher, 'Нет');
    expect(h.lastText(teacher)).not.toContain('Какой формат');
    await h.press(teacher, 'Отправить');
    const [response] = await h.core.database.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id));
    const rows = await h.core.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, response!.id));
    expect(rows.map((r) => r.choices)).toEqual([['no']]);
    // The results count what was sent, once: the hidden question's dropped answer is in no tally.
    const results = await surveyResults(h.core, surveyEditor, survey.id);
    expect(results.questions.map((r) => [r.answered, r.choices.filter((c) => c.count).map((c) => `${c.key}:${c.count}`)])).toEqual([
      [1, ['no:1']],
      [0, []],
    ]);
  });

  it('the counter agrees with the invitation: «Вопросов: до 6», then «Вопрос 1 из 6» … «6 из 6»; an answer that leaves a question out makes it «из 5»', async () => {
    const { survey, questionIds } = await surveyWith(h.core, [q.yesNo(), q.single(), q.scale(), q.number(), q.short(), q.long()], {}, false);
    await updateQuestion(h.core, surveyEditor, questionIds[5]!, q.long({ condition: { questionId: questionIds[0]!, equals: 'yes' } }));
    await publishSurvey(h.core, surveyEditor, survey.id);
    await h.tick();
    await h.drain();
    expect(h.lastText(teacher)).toContain('Вопросов: до 6');

    await h.press(teacher, 'Начать');
    expect(h.lastText(teacher)).toContain('Вопрос 1 из 6');
    await h.press(teacher, 'Да');
    expect(h.lastText(teacher)).toContain('Вопрос 2 из 6');
    await h.press(teacher, 'Вебинар');
    expect(h.lastText(teacher)).toContain('Вопрос 3 из 6');
    await h.press(teacher, '4');
    expect(h.lastText(teacher)).toContain('Вопрос 4 из 6');
    await h.send(teacher, '120');
    expect(h.lastText(teacher)).toContain('Вопрос 5 из 6');
    await h.press(teacher, 'Пропустить');
    expect(h.lastText(teacher)).toContain('Вопрос 6 из 6');
    await h.press(teacher, 'Назад');
    await h.press(teacher, 'Назад');
    await h.press(teacher, 'Назад');
    await h.press(teacher, 'Назад');
    await h.press(teacher, 'Назад');
    expect(h.lastText(teacher)).toContain('Вопрос 1 из 6');
    await h.press(teacher, 'Нет');
    expect(h.lastText(teacher)).toContain('Проверьте ответы');
    await h.press(teacher, 'Назад');
    expect(h.lastText(teacher)).toContain('Вопрос 5 из 5');

    // Without conditions the invitation gives the number as it is.
    await surveyWith(h.core, [q.yesNo(), q.single()], { title: 'Второй опрос' });
    await h.tick();
    await h.drain();
    expect(h.lastText(teacher)).toContain('Вопросов: 2 ·');
  });

  it('two «Отправить» racing each other count the response once', async () => {
    const { survey } = await invited([q.yesNo()]);
    await h.press(teacher, 'Начать');
    await h.press(teacher, 'Да');
    expect(h.lastText(teacher)).toContain('Проверьте ответы');
    await Promise.allSettled([submitSurvey(h.core, 5, survey.id), submitSurvey(h.core, 5, survey.id)]);
    const results = await surveyResults(h.core, surveyEditor, survey.id);
    expect(results.respondents).toBe(1);
    expect(results.questions[0]).toMatchObject({
      answered: 1,
      choices: [
        { key: 'yes', count: 1 },
        { key: 'no', count: 0 },
      ],
    });
  });

  it('stops halfway, the process restarts, and the person continues at the same question; /surveys lists it as started', async () => {
    await invited([q.single(), q.number(), q.yesNo()]);
    await h.press(teacher, 'Начать');
    await h.press(teacher, 'Вебинар');
    expect(h.lastText(teacher)).toContain('Вопрос 2 из 3');
    const numberMessage = h.fake.lastBotMessage(teacher.id)!;
    await h.restart();
    await h.send(teacher, '42');
    expect(h.lastText(teacher)).toContain('Вопрос 3 из 3');
    // An old question's button: a toast, nothing changes.
    await h.forgePress(teacher, 'sq:1:1:c:o1', numberMessage.message_id);
    expect(h.lastAnswer()).toContain('другого вопроса');
    expect(h.lastText(teacher)).toContain('Вопрос 3 из 3');

    // /cancel leaves the conversation; the answers stay and /surveys brings the person back to question 3.
    await h.send(teacher, '/cancel');
    await h.send(teacher, '/surveys');
    expect(h.lastText(teacher)).toContain('(начат)');
    await h.press(teacher, 'Продолжить');
    expect(h.lastText(teacher)).toContain('Вопрос 3 из 3');
    await h.press(teacher, 'Да');
    await h.press(teacher, 'Отправить');
    expect(h.lastText(teacher)).toContain('Спасибо');
  });

  it('after the closing time answers are refused and nothing is stored; the close job closes it', async () => {
    const { survey } = await invited([q.single(), q.number()]);
    await h.press(teacher, 'Начать');
    await h.press(teacher, 'Вебинар');
    h.clock.set(surveyCloses + 1000);
    await h.send(teacher, '10');
    expect(h.lastText(teacher)).toContain('Опрос уже закрыт');
    const [response] = await h.core.database.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id));
    expect(await h.core.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, response!.id))).toHaveLength(1);
    await h.tick();
    await h.press(otherTeacher, 'Начать');
    expect(h.lastText(otherTeacher)).toContain('Опрос уже закрыт');
    await expect(updateSurvey(h.core, surveyEditor, survey.id, surveyInput())).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('reminders go only to those who have not finished, once per planned hour', async () => {
    await invited([q.yesNo()], { reminderHours: [24, 2] });
    await h.press(teacher, 'Начать');
    await h.press(teacher, 'Да');
    await h.press(teacher, 'Отправить');
    h.clock.set(surveyCloses - 24 * hour);
    await h.tick();
    await h.drain();
    expect(h.countTexts(teacher, 'Напоминание')).toBe(0);
    expect(h.countTexts(otherTeacher, 'Напоминание')).toBe(1);
    await h.tick();
    expect(h.countTexts(otherTeacher, 'Напоминание')).toBe(1);
    // «Позже» changes nothing for the reminders; starting makes the next one say "continue".
    await h.press(otherTeacher, 'Позже');
    expect(h.lastAnswer()).toContain('напомним позже');
    await h.press(otherTeacher, 'Начать');
    h.clock.set(surveyCloses - 2 * hour);
    await h.tick();
    await h.drain();
    expect(h.lastText(otherTeacher)).toContain('ещё не отправили');
    expect(h.countTexts(teacher, 'Напоминание')).toBe(0);
  });

  it('an anonymous survey keeps no link from the person to the answers, only that they are done', async () => {
    const { survey } = await invited([q.short({ required: true })], { anonymous: true });
    expect(h.lastText(teacher)).toContain('анонимный');
    await h.press(teacher, 'Начать');
    const during = await h.core.database.db.select().from(surveyParticipants).where(eq(surveyParticipants.personId, 5));
    expect(during[0]!.responseId).not.toBeNull();
    await h.send(teacher, 'Не хватает времени');
    await h.press(teacher, 'Отправить');
    expect(h.lastText(teacher)).toContain('анонимно');
    const [response] = await h.core.database.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id));
    expect(response).toMatchObject({ personId: null, status: 'submitted', municipalityId: 1 });
    expect(response!.submittedAt! % 86_400_000).toBe(0);
    const marks = await h.core.database.db.select().from(surveyParticipants).where(eq(surveyParticipants.surveyId, survey.id));
    expect(marks.find((m) => m.personId === 5)).toMatchObject({ responseId: null });
    expect(marks.find((m) => m.personId === 5)!.doneAt).not.toBeNull();
    expect(JSON.stringify(marks)).not.toContain(response!.id);
  });

  it('feedback after an event: those who came are invited when it ends; those who did not are not', async () => {
    const event = await createEvent(h.core, surveyEditor, webinar({ audience: { roles: ['teacher'] } }));
    await publishEvent(h.core, surveyEditor, event.id);
    await signUp(h.core, { id: 5 }, event.id);
    await signUp(h.core, { id: 6 }, event.id);
    await invited([q.scale()], { eventId: event.id, closesAt: event.endsAt + 72 * hour });
    expect(h.countTexts(teacher, '📋 Опрос')).toBe(0);
    h.clock.set(event.endsAt + 1000);
    await recordAttendance(h.core, { id: 6 }, event.id, false);
    await h.tick();
    await h.drain();
    expect(h.countTexts(teacher, '📋 Опрос')).toBe(1);
    expect(h.countTexts(otherTeacher, '📋 Опрос')).toBe(0);
    expect(h.countTexts(lead, '📋 Опрос')).toBe(0);
  });

  it('a person who joins later and matches the audience gets the open survey, once', async () => {
    await h.core.database.db.update(people).set({ status: 'pending' }).where(eq(people.id, 6));
    await invited([q.yesNo()]);
    expect(h.countTexts(teacher, '📋 Опрос')).toBe(1);
    expect(h.countTexts(otherTeacher, '📋 Опрос')).toBe(0);
    await h.core.database.db.update(people).set({ status: 'active' }).where(eq(people.id, 6));
    expect(await inviteToOpenSurveys(h.core, 6)).toBe(1);
    expect(await inviteToOpenSurveys(h.core, 6)).toBe(0);
    expect(await inviteToOpenSurveys(h.core, 4)).toBe(0);
    await h.drain();
    expect(h.countTexts(otherTeacher, '📋 Опрос')).toBe(1);
  });
});
