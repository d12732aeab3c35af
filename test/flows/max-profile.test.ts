import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { ownQuietHours } from '../../core/deliveries/delivery-rules.js';
import { personByContact } from '../../core/directory/contacts.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { createInvite, invitePrefix } from '../../core/onboarding/invites.js';
import { createTopic, deleteTopic } from '../../core/subscriptions/admin.js';
import { subscriptionHistory } from '../../core/subscriptions/subscriptions.js';
import { digestChosen } from '../../core/tasks/digests.js';
import { dialogChatIdOf } from '../../sandbox/fake-max-api.js';
import { people } from '../../db/schema/index.js';
import { webinar } from '../support/events.js';
import { MaxFlow, maxUser } from '../support/max.js';

const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };
const anna = maxUser(7101, 'Анна');

/**
 * /profile, /subscriptions and /calendar on MAX: the same screens, words and payloads as Telegram's
 * (test/flows/profile.test.ts, subscriptions.test.ts), through the fake MAX and the real webhook.
 */
describe('profile, subscriptions and calendar on MAX', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
  });
  afterEach(() => f.close());

  const person = async () => (await personByContact(f.h.core, 'max', String(anna.user_id)))!;
  const last = () => f.max.lastBotMessage(dialogChatIdOf(anna.user_id))!;
  const labels = () =>
    last()
      .buttons.flat()
      .map((b) => b.text);

  /** Registers Анна on MAX as a mathematics teacher of school 1, by an invite link. */
  async function register(): Promise<void> {
    const { invite } = await createInvite(f.h.core, { role: 'teacher', schoolId: 1 }, 'test');
    await f.starts(anna, `${invitePrefix}${invite.code}`);
    await f.press(anna, 'Согласен');
    await f.press(anna, 'Математика');
    await f.press(anna, 'Готово');
    await f.sends(anna, 'Смирнова Анна Ильинична');
    await f.press(anna, 'Отправить');
    expect(f.lastText(anna)).toContain('вы зарегистрированы');
  }

  /** A press on the newest bot message with a payload no button of it carries (an old or forged button). */
  async function forgePress(payload: string): Promise<void> {
    const message = last();
    const update = f.max.build.press(anna, message.mid, message.buttons.flat()[0]!.payload!);
    const callback = update['callback'] as { payload: string };
    callback.payload = payload;
    expect(await f.post(update)).toBe(200);
  }

  it('/profile edits subjects, notifications, time zone, the digest and the language, in place, with Telegram’s payloads', async () => {
    await register();
    await f.sends(anna, '/profile');
    expect(f.lastText(anna)).toContain('Смирнова Анна Ильинична');
    expect(f.lastText(anna)).toContain('Математика');
    expect(last().buttons.map((row) => row.map((b) => b.payload))).toEqual([
      ['prof:subjects', 'prof:notif'],
      ['prof:lang:en', 'prof:tz'],
      ['subs:show', 'subs:quiet'],
      ['tkd:on'],
      ['prof:link'],
    ]);
    const card = last().mid;

    await f.press(anna, 'Предметы');
    expect(last().mid).toBe(card);
    await f.press(anna, 'Физика');
    expect(labels()).toContain('✅ Физика');
    expect((await person()).subjects).toEqual(['math', 'physics']);
    await f.press(anna, 'Назад');

    await f.press(anna, 'Уведомления');
    await f.press(anna, 'Анонсы');
    expect((await person()).notifications).toEqual({ reminders: true, announcements: false });
    expect(labels()).toContain('🔕 Анонсы и новости');
    await f.press(anna, 'Назад');

    await f.press(anna, 'Часовой пояс');
    await f.press(anna, 'Иркутск');
    expect(f.lastText(anna)).toContain('Иркутск (UTC+8)');
    expect((await person()).timezone).toBe('Asia/Irkutsk');

    await f.press(anna, 'сводка по задачам');
    expect(f.lastNotification()).toBe('Будет одна сводка в день в 9:00.');
    expect(await digestChosen(f.h.core, (await person()).id)).toBe(true);
    expect(labels()).toContain('✅ Одна сводка по задачам в день вместо напоминаний');

    await f.press(anna, 'English');
    expect(f.lastText(anna)).toContain('Time zone: Irkutsk');
    expect(labels()).toContain('Русский');
    expect((await person()).language).toBe('en');
    expect(f.max.dialog(anna.user_id).filter((m) => m.fromBot && m.mid === card)).toHaveLength(1);
    await f.sends(anna, '/help');
    expect(f.lastText(anna)).toContain('Commands');
    expect(f.lastText(anna)).toContain('/subscriptions');
    expect(f.lastText(anna)).toContain('/calendar');
  });

  it('/subscriptions toggles topics, and a topic message then reaches Анна on MAX only if she follows it; quiet hours from /profile', async () => {
    const maths = (await createTopic(f.h.core, editor, { name: 'Математика', description: '', kind: 'subject', defaultRoles: ['teacher'] })).id;
    await createTopic(f.h.core, editor, { name: 'Дайджест ИРО', description: '', kind: 'digest', defaultRoles: ['teacher'] });
    const internships = (await createTopic(f.h.core, editor, { name: 'Стажировки', description: '', kind: 'programme', defaultRoles: [] })).id;
    await register();
    await f.sends(anna, '/subscriptions');
    expect(f.lastText(anna)).toContain('Ваши подписки');
    expect(f.lastText(anna)).toContain('Отключить нельзя');
    expect(labels()).toEqual(['✅ Дайджест ИРО', '✅ Математика', '▫️ Стажировки', '« Назад']);
    const screen = last().mid;
    const subscribeInternships = last()
      .buttons.flat()
      .find((b) => b.text.includes('Стажировки'))?.payload;
    expect(subscribeInternships).toBe(`subs:on:${internships}`);

    await f.press(anna, 'Стажировки');
    expect(f.lastNotification()).toBe('Подписка включена');
    expect(labels()).toContain('✅ Стажировки');
    await f.press(anna, 'Математика');
    expect(f.lastNotification()).toBe('Подписка отключена');
    const history = await subscriptionHistory(f.h.core, (await person()).id);
    expect(history.map((c) => [c.topicName, c.subscribed, c.changedBy])).toEqual([
      ['Математика', false, 'person'],
      ['Стажировки', true, 'person'],
    ]);

    // The old keyboard's «subscribe» again changes nothing and says nothing; the screen shows the state now.
    await forgePress(subscribeInternships!);
    expect(f.lastNotification()).toBeUndefined();
    expect(labels()).toContain('✅ Стажировки');

    const publish = async (title: string, topicIds: number[]) => {
      const event = await createEvent(f.h.core, editor, webinar({ title, audience: { roles: ['teacher'], municipalityIds: [1], topicIds } }));
      await publishEvent(f.h.core, editor, event.id);
      await f.h.drain();
    };
    await publish('Стажировка в школе-лидере', [internships]);
    await publish('Вебинар по математике', [maths]);
    const texts = f.botTexts(anna).join('\n');
    expect(texts).toContain('Стажировка в школе-лидере');
    expect(texts).not.toContain('Вебинар по математике');

    // A topic deleted meanwhile: its old button says so and shows what is left.
    await deleteTopic(f.h.core, editor, internships);
    await f.press(anna, 'Стажировки');
    expect(f.lastNotification()).toContain('Этой темы больше нет');
    const topicsNow = f.max.dialog(anna.user_id).find((m) => m.mid === screen)!;
    expect(topicsNow.buttons.flat().map((b) => b.text)).toEqual(['✅ Дайджест ИРО', '▫️ Математика', '« Назад']);

    await f.press(anna, 'Назад');
    expect(f.max.dialog(anna.user_id).find((m) => m.mid === screen)?.text).toContain('Смирнова Анна Ильинична');
    await f.press(anna, 'Тихие часы');
    expect(f.max.dialog(anna.user_id).find((m) => m.mid === screen)?.text).toContain('Тихие часы');
    await f.press(anna, '22:00–07:00');
    expect(f.lastNotification()).toBe('Тихие часы сохранены');
    expect(
      f.max
        .dialog(anna.user_id)
        .find((m) => m.mid === screen)
        ?.buttons.flat()
        .map((b) => b.text),
    ).toContain('● 22:00–07:00');
    expect(await ownQuietHours(f.h.core, (await person()).id)).toEqual({ from: 22 * 60, to: 7 * 60 });
  });

  it('/calendar gives the personal feed link; «Новая ссылка» kills the old one', async () => {
    await register();
    const id = (await person()).id;
    await f.sends(anna, '/calendar');
    expect(f.lastText(anna)).toContain('Ваш личный календарь');
    const link = /https:\/\/mayak\.test(\/calendar\/\S+\.ics)/.exec(f.lastText(anna))?.[1];
    expect(link).toContain(`/calendar/${id}/`);
    expect((await f.h.app.admin.request(link!)).status).toBe(200);
    const first = last().mid;

    await f.press(anna, 'Новая ссылка');
    expect(f.lastNotification()).toBe('Старая ссылка больше не работает');
    const revoked = f.max.dialog(anna.user_id).find((m) => m.mid === first)!;
    expect(revoked.text).toContain('больше не работает');
    expect(revoked.buttons.flat()).toEqual([]);
    const renewed = /https:\/\/mayak\.test(\/calendar\/\S+\.ics)/.exec(f.lastText(anna))?.[1];
    expect(renewed).not.toBe(link);
    expect((await f.h.app.admin.request(link!)).status).toBe(404);
    expect((await f.h.app.admin.request(renewed!)).status).toBe(200);
  });

  it('a forged or stale button, typed nonsense and a stranger are answered in words and change nothing', async () => {
    const stranger = maxUser(7199, 'Чужой');
    for (const command of ['/profile', '/subscriptions', '/calendar']) {
      await f.sends(stranger, command);
      expect(f.lastText(stranger)).toContain('не зарегистрированы');
    }

    await register();
    await f.sends(anna, '/profile');
    await forgePress('prof:tz-set:99');
    expect(f.lastNotification()).toContain('не действует');
    await forgePress('prof:subj:astrology');
    expect(f.lastNotification()).toContain('не действует');
    await forgePress('subs:on:abc');
    expect(f.lastNotification()).toContain('не действует');
    await forgePress('tkd:maybe');
    expect(f.lastNotification()).toContain('не действует');
    await forgePress('zzz:1');
    expect(f.lastNotification()).toBeDefined();
    expect(await person()).toMatchObject({ subjects: ['math'], timezone: null, language: 'ru' });

    // Every choice is a button: a time zone typed while its screen is open is not taken for one.
    await f.press(anna, 'Часовой пояс');
    await f.sends(anna, 'Иркутск');
    expect(f.lastText(anna)).toContain('только команды и кнопки');
    expect((await person()).timezone).toBeNull();

    // A person whose registration waits for approval has no feed yet.
    await f.h.core.database.db
      .update(people)
      .set({ status: 'pending' })
      .where(eq(people.id, (await person()).id));
    await f.sends(anna, '/calendar');
    expect(f.lastText(anna)).toContain('после одобрения');
  });
});
