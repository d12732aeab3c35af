import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { contactsOf, personByContact } from '../../core/directory/contacts.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { createInvite, invitePrefix } from '../../core/onboarding/invites.js';
import { dialogChatIdOf } from '../../sandbox/fake-max-api.js';
import { webinar } from '../support/events.js';
import { q, surveyWith } from '../support/surveys.js';
import { surveyAnswers, surveyResponses, taskConfirmations } from '../../db/schema/index.js';
import { createTask } from '../../core/tasks/tasks.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { editorActor, schoolTask } from '../support/tasks.js';
import { eq } from 'drizzle-orm';
import { MaxFlow, maxUser, registerMaxTeacher, maxWebhookSecret } from '../support/max.js';

const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };

describe('the bot on MAX', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
  });
  afterEach(() => f.close());

  it('subscribes its webhook with the secret and sets the command menu', async () => {
    await f.h.app.max!.setup();
    expect(f.max.subscription).toMatchObject({ url: 'https://mayak.test/max/webhook', secret: maxWebhookSecret });
    expect(f.max.subscription?.update_types).toContain('message_callback');
    expect(f.max.commands.map((c) => c.name).join(' ')).toBe('start events calendar tasks surveys subscriptions profile help stop delete_me cancel');
    expect(f.max.commands[0]?.description).toBe('Начать или вернуться');
  });

  it('the webhook refuses a wrong or missing secret and a body that is not an update, handling nothing', async () => {
    const olga = maxUser(7001, 'Ольга');
    expect(await f.post(f.max.build.started(olga), 'wrong-secret-wrong-secret')).toBe(401);
    expect(await f.post(f.max.build.started(olga), '')).toBe(401);
    const response = await f.h.app.admin.request('/max/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-max-bot-api-secret': maxWebhookSecret },
      body: '{"hello":1}',
    });
    expect(response.status).toBe(400);
    expect(f.max.callsOf('sendMessage')).toHaveLength(0);
  });

  it('an invite link opened on MAX: consent, subjects, name → registered with a MAX contact; an event reaches them there and «Пойду» signs them up', async () => {
    const { invite } = await createInvite(f.h.core, { role: 'teacher', schoolId: 1 }, 'test');
    const anna = maxUser(7002, 'Анна');
    await f.starts(anna, `${invitePrefix}${invite.code}`);
    expect(f.botTexts(anna)[0]).toContain('Здравствуйте');
    expect(f.lastText(anna)).toContain('согласие');
    expect(await personByContact(f.h.core, 'max', '7002')).toBeUndefined();

    await f.press(anna, 'Согласен');
    expect(f.lastText(anna)).toContain('предметы');
    await f.press(anna, 'Математика');
    expect(f.max.lastBotMessage(dialogChatIdOf(anna.user_id))?.buttons.flat()[0]?.text).toBe('✅ Математика');
    await f.press(anna, 'Готово');
    await f.sends(anna, 'Смирнова Анна Ильинична');
    expect(f.lastText(anna)).toContain('Проверьте');
    await f.press(anna, 'Отправить');
    expect(f.lastText(anna)).toContain('вы зарегистрированы');

    const person = await personByContact(f.h.core, 'max', '7002');
    expect(person).toMatchObject({ fullName: 'Смирнова Анна Ильинична', status: 'active', roles: ['teacher'], schoolId: 1, subjects: ['math'] });
    expect(await contactsOf(f.h.core, person!.id)).toEqual([
      expect.objectContaining({ channel: 'max', userId: '7002', chatId: String(dialogChatIdOf(7002)), status: 'active', preferred: true }),
    ]);

    const event = await createEvent(f.h.core, editor, webinar({ audience: { roles: ['teacher'], municipalityIds: [1] } }));
    await publishEvent(f.h.core, editor, event.id);
    await f.h.drain();
    expect(f.lastText(anna)).toContain('Вебинар: функциональная грамотность');
    expect(f.max.callsOf('sendMessage').at(-1)?.body['format']).toBe('html');

    await f.press(anna, 'Пойду');
    expect(f.lastNotification()).toContain('записаны');
    expect(f.lastText(anna)).toContain('Вебинар');
  });

  it('a survey on MAX: the invitation, buttons, ticks with «Другое», a typed number re-asked, the summary and send', async () => {
    const anna = maxUser(7004, 'Анна');
    await registerMaxTeacher(f, anna, 'Смирнова Анна Ильинична');
    const {
      survey,
      questionIds: [single, multiple, number, yesNo],
    } = await surveyWith(f.h.core, [q.single(), q.multiple(), q.number(), q.yesNo()], { audience: { roles: ['teacher'], municipalityIds: [1] } });
    await f.h.tick();
    await f.h.drain();
    expect(f.lastText(anna)).toContain('Потребности школ в методической помощи');

    await f.press(anna, 'Начать');
    expect(f.lastText(anna)).toContain('Вопрос 1 из 4');
    await f.sends(anna, 'вебинар');
    expect(f.lastText(anna)).toContain('выбрать ответ кнопкой');
    await f.press(anna, 'Очный семинар');
    expect(f.lastText(anna)).toContain('Вопрос 2 из 4');
    await f.press(anna, 'ВПР');
    await f.press(anna, 'Другое');
    await f.press(anna, 'Готово');
    expect(f.lastText(anna)).toContain('свой вариант');
    await f.sends(anna, 'Наставничество');
    expect(f.lastText(anna)).toContain('от 0 до 300');
    await f.sends(anna, 'много');
    expect(f.lastText(anna)).toContain('Нужно число');
    await f.sends(anna, '120');
    await f.press(anna, 'Да');
    expect(f.lastText(anna)).toContain('Проверьте ответы');
    await f.press(anna, 'Отправить');
    expect(f.lastText(anna)).toContain('Спасибо');

    const [response] = await f.h.core.database.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id));
    expect(response?.status).toBe('submitted');
    const saved = Object.fromEntries(
      (await f.h.core.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, response!.id))).map((a) => [a.questionId, a]),
    );
    expect(saved[single!]!.choices).toEqual(['o2']);
    expect(saved[multiple!]).toMatchObject({ choices: ['o2', 'other'], textValue: 'Наставничество' });
    expect(saved[number!]!.numberValue).toBe(120);
    expect(saved[yesNo!]!.choices).toEqual(['yes']);
  });

  it('a task on MAX: «Выполнено» asks for a photo, a text is refused, the photo confirms it and is kept by its MAX URL', async () => {
    const { invite } = await createInvite(f.h.core, { role: 'school_lead', schoolId: 2 }, 'test');
    const olga = maxUser(7005, 'Ольга');
    await f.starts(olga, `${invitePrefix}${invite.code}`);
    await f.press(olga, 'Согласен');
    await f.sends(olga, 'Орлова Ольга Петровна');
    await f.press(olga, 'Отправить');
    const task = await createTask(f.h.core, editorActor, schoolTask({ audience: { roles: ['school_lead'], schoolIds: [2] } }));
    await publishTask(f.h.core, editorActor, task.id);
    await f.h.drain();
    expect(f.lastText(olga)).toContain('Разместить школьный план');

    await f.press(olga, 'Выполнено');
    expect(f.lastText(olga)).toContain('Пришлите фотографию');
    await f.sends(olga, 'Сделали');
    expect(f.lastText(olga)).toContain('Нужна фотография');
    await f.sendsImage(olga, 'https://i.max.example/photo/1.jpg', 'Скриншот');
    expect(f.lastText(olga)).toContain('Куратор проверит');
    const [confirmation] = await f.h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id));
    expect(confirmation).toMatchObject({ status: 'confirmed', evidenceKind: 'photo', evidenceFileId: 'max:https://i.max.example/photo/1.jpg' });
  });

  it('/profile shows the card; /stop, /start and /delete_me work as on Telegram', async () => {
    const { invite } = await createInvite(f.h.core, { role: 'school_lead', schoolId: 1 }, 'test');
    const ivan = maxUser(7003, 'Иван');
    await f.starts(ivan, `${invitePrefix}${invite.code}`);
    await f.press(ivan, 'Согласен');
    await f.sends(ivan, 'Петров Иван Сергеевич');
    await f.press(ivan, 'Отправить');

    await f.sends(ivan, '/profile');
    expect(f.lastText(ivan)).toContain('Петров Иван Сергеевич');
    await f.sends(ivan, '/stop');
    expect((await personByContact(f.h.core, 'max', '7003'))?.status).toBe('stopped');
    await f.starts(ivan);
    expect((await personByContact(f.h.core, 'max', '7003'))?.status).toBe('active');

    // Stopping the bot in MAX blocks the MAX contact; opening it again makes it active.
    const id = (await personByContact(f.h.core, 'max', '7003'))!.id;
    expect(await f.post(f.max.build.stopped(ivan))).toBe(200);
    expect((await contactsOf(f.h.core, id))[0]?.status).toBe('blocked');
    await f.starts(ivan);
    expect((await contactsOf(f.h.core, id))[0]?.status).toBe('active');

    await f.sends(ivan, '/delete_me');
    await f.press(ivan, 'Да, удалить');
    expect(await personByContact(f.h.core, 'max', '7003')).toBeUndefined();
  });
});
