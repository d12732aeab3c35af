import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { surveyAnswers, surveyResponses } from '../../db/schema/index.js';
import { buttonData, Harness } from '../support/harness.js';
import { demo, q, surveyWith } from '../support/surveys.js';

const teacher = demo(5);
const otherTeacher = demo(6);
const lead = demo(4);

describe('answering a survey in the bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const answers = async (responseId: string) =>
    Object.fromEntries((await h.core.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, responseId))).map((a) => [a.questionId, a]));

  it('every question kind: invitation, buttons, ticks with «Другое», validation re-asks, back, skip, summary and send', async () => {
    const {
      survey,
      questionIds: [single, multiple, scale, number, short, long, yesNo],
    } = await surveyWith(h.core, [q.single(), q.multiple(), q.scale(), q.number(), q.short(), q.long(), q.yesNo()]);
    await h.tick();
    await h.drain();
    expect(h.lastText(teacher)).toContain('Потребности школ в методической помощи');
    expect(h.lastText(teacher)).toContain('Вопросов: 7');
    expect(h.lastText(otherTeacher)).toContain('📋 Опрос');
    expect(h.botTexts(lead)).toEqual([]);

    await h.press(teacher, 'Начать');
    expect(h.lastText(teacher)).toContain('Вопрос 1 из 7');
    // Text where a choice is expected: a hint, nothing stored.
    await h.send(teacher, 'вебинар');
    expect(h.lastText(teacher)).toContain('выбрать ответ кнопкой');
    await h.press(teacher, 'Очный семинар');

    expect(h.lastText(teacher)).toContain('Вопрос 2 из 7');
    await h.press(teacher, 'ВПР');
    await h.press(teacher, 'Функциональная');
    await h.press(teacher, 'Функциональная');
    await h.press(teacher, 'Другое');
    await h.press(teacher, 'Готово');
    expect(h.lastText(teacher)).toContain('свой вариант');
    await h.send(teacher, 'Наставничество');

    expect(h.lastText(teacher)).toContain('Вопрос 3 из 7');
    expect(h.lastText(teacher)).toContain('1 — совсем нет, 5 — полностью');
    await h.press(teacher, '4');

    expect(h.lastText(teacher)).toContain('от 0 до 300');
    await h.send(teacher, 'много');
    expect(h.lastText(teacher)).toContain('Нужно число');
    await h.send(teacher, '1000');
    expect(h.lastText(teacher)).toContain('не больше 300');
    await h.send(teacher, '120');

    expect(h.lastText(teacher)).toContain('Ваша должность');
    await h.send(teacher, 'я'.repeat(5000));
    expect(h.lastText(teacher)).toContain('до 50 знаков');
    await h.press(teacher, 'Назад');
    expect(h.lastText(teacher)).toContain('Сколько у вас учеников?');
    expect(h.lastText(teacher)).toContain('Сейчас: 120');
    await h.send(teacher, '125');
    await h.send(teacher, 'Учитель математики');

    expect(h.lastText(teacher)).toContain('Что мешает школе');
    await h.press(teacher, 'Пропустить');
    await h.press(teacher, 'Да');

    const summary = h.lastText(teacher);
    expect(summary).toContain('Проверьте ответы');
    expect(summary).toContain('ВПР; Другое: Наставничество');
    expect(summary).toContain('→ <i>125</i>');
    expect(summary).toContain('(пропущено)');
    const summaryMessage = h.fake.lastBotMessage(teacher.id)!;
    const { inline_keyboard } = summaryMessage.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] };
    const sendData = inline_keyboard.flat().find((b) => b.text.includes('Отправить'))!.callback_data;
    await h.press(teacher, 'Отправить');
    expect(h.lastText(teacher)).toContain('Спасибо');
    await h.pressData(teacher, summaryMessage.message_id, sendData);
    expect(h.lastAnswer()).toContain('Вы уже ответили');
    expect(h.lastAnswer()).not.toContain('Продолжаем');

    const [response] = await h.core.database.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id));
    expect(response).toMatchObject({ status: 'submitted', personId: 5 });
    const saved = await answers(response!.id);
    expect(saved[single!]!.choices).toEqual(['o2']);
    expect(saved[multiple!]).toMatchObject({ choices: ['o2', 'other'], textValue: 'Наставничество' });
    expect(saved[scale!]!.numberValue).toBe(4);
    expect(saved[number!]!.numberValue).toBe(125);
    expect(saved[short!]!.textValue).toBe('Учитель математики');
    expect(saved[long!]!.skipped).toBe(true);
    expect(saved[yesNo!]!.choices).toEqual(['yes']);

    // Done: «Начать» again says so; /surveys has nothing more.
    await h.press(teacher, 'Начать');
    expect(h.lastText(teacher)).toContain('уже ответили');
    await h.send(teacher, '/surveys');
    expect(h.lastText(teacher)).toContain('Открытых опросов для вас сейчас нет');
  });

  it('«Начать» of another survey in the middle of one switches to it; the first keeps its answers and continues later', async () => {
    const first = await surveyWith(h.core, [q.yesNo(), q.number()]);
    await surveyWith(h.core, [q.single()], { title: 'Второй опрос' });
    await h.tick();
    await h.drain();
    const invitation = h.fake.chat(teacher.id).find((m) => m.text?.includes('Потребности школ'))!;
    await h.pressData(teacher, invitation.message_id, `sv:${first.survey.id}:go`);
    await h.press(teacher, 'Да');
    expect(h.lastText(teacher)).toContain('Вопрос 2 из 2');
    await h.press(teacher, 'Начать');
    expect(h.lastText(teacher)).toContain('Какой формат удобнее?');
    await h.press(teacher, 'Вебинар');
    await h.press(teacher, 'Отправить');
    expect(h.lastText(teacher)).toContain('Второй опрос');
    await h.send(teacher, '/surveys');
    expect(h.lastText(teacher)).toContain('(начат)');
    expect(h.lastText(teacher)).not.toContain('Второй опрос');
    await h.press(teacher, 'Продолжить');
    expect(h.lastText(teacher)).toContain('Вопрос 2 из 2');
  });

  it('after sending, every button of that survey says once that the answers are received: «Отправить», «Позже», an old question, even while another survey is being answered', async () => {
    const { survey } = await surveyWith(h.core, [q.yesNo()]);
    await h.tick();
    await h.drain();
    const invitation = h.fake.lastBotMessage(teacher.id)!;
    await h.press(teacher, 'Начать');
    const question = h.fake.lastBotMessage(teacher.id)!;
    const yes = buttonData(question, 'Да')!;
    await h.press(teacher, 'Да');
    const summary = h.fake.lastBotMessage(teacher.id)!;
    const send = buttonData(summary, 'Отправить')!;
    await h.press(teacher, 'Отправить');
    expect(h.lastText(teacher)).toContain('Спасибо');
    const sent = h.fake.chat(teacher.id).length;

    await surveyWith(h.core, [q.single()], { title: 'Второй опрос' });
    await h.tick();
    await h.drain();
    await h.press(teacher, 'Начать');
    expect(h.lastText(teacher)).toContain('Какой формат удобнее?');

    const presses: [number, string][] = [
      [summary.message_id, send],
      [question.message_id, yes],
      [invitation.message_id, `sv:${survey.id}:later`],
    ];
    // Old copies of the buttons (their message lost them), as a client that kept them sends them.
    for (const [messageId, data] of presses) {
      await h.forgePress(teacher, data, messageId);
      expect(h.lastAnswer()).toBe('Вы уже ответили на этот опрос. Спасибо!');
    }
    // Nothing more was written in the chat, and the second survey still waits at its question.
    expect(h.fake.chat(teacher.id).length).toBe(sent + 2);
    // «Начать» of the sent survey says so in the chat, and the second one is not left for it.
    await h.forgePress(teacher, `sv:${survey.id}:go`, invitation.message_id);
    expect(h.lastText(teacher)).toBe('Вы уже ответили на этот опрос. Спасибо!');
    await h.press(teacher, 'Вебинар');
    expect(h.lastText(teacher)).toContain('Проверьте ответы');
  });
});
