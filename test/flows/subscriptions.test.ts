import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { countAudience, resolveAudience } from '../../core/audiences/audiences.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { giveConsent } from '../../core/directory/people.js';
import { createEvent, type EventInput } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { createTopic, deleteTopic } from '../../core/subscriptions/admin.js';
import { subscriptionHistory, topicStates } from '../../core/subscriptions/subscriptions.js';
import { people } from '../../db/schema/index.js';
import { webinar } from '../support/events.js';
import { buttonData, buttonLabels, Harness, user } from '../support/harness.js';

/** Demo: 4 lead and 5 teacher (math) at school 1 of municipality 1; 6 teacher in 2; 7 lead in 3. */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const lead = demo(4);
const teacher = demo(5);
const otherTeacher = demo(6);
const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };

describe('topics and subscriptions in the bot', () => {
  let h: Harness;
  let maths: number;
  let digest: number;
  let internships: number;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    maths = (await createTopic(h.core, editor, { name: 'Математика', description: 'Вебинары для математиков', kind: 'subject', defaultRoles: ['teacher'] })).id;
    digest = (await createTopic(h.core, editor, { name: 'Дайджест ИРО', description: '', kind: 'digest', defaultRoles: ['teacher', 'school_lead'] })).id;
    internships = (await createTopic(h.core, editor, { name: 'Стажировки', description: '', kind: 'programme', defaultRoles: [] })).id;
  });
  afterEach(() => h.close());

  async function publish(overrides: Partial<EventInput>) {
    const event = await createEvent(h.core, editor, webinar(overrides));
    await publishEvent(h.core, editor, event.id);
    await h.drain();
    return event;
  }

  it('each role starts with its defaults; a person becoming reachable is told them in one line, once', async () => {
    const states = async (id: number) => {
      const person = (await h.core.database.db.select().from(people).where(eq(people.id, id)).get())!;
      return Object.fromEntries((await topicStates(h.core, person)).map((s) => [s.topic.name, s.subscribed]));
    };
    expect(await states(5)).toEqual({ 'Дайджест ИРО': true, Математика: true, Стажировки: false });
    expect(await states(4)).toEqual({ 'Дайджест ИРО': true, Математика: false, Стажировки: false });
    expect(await states(1)).toEqual({ 'Дайджест ИРО': false, Математика: false, Стажировки: false });

    await giveConsent(h.core, 5);
    await giveConsent(h.core, 5);
    await h.drain();
    expect(h.botTexts(teacher)).toEqual(['Вы подписаны на темы: Дайджест ИРО, Математика. Изменить — /subscriptions']);
  });

  it('/subscriptions toggles topics; an old keyboard or a deleted topic shows the current state; /profile links to it', async () => {
    await h.send(teacher, '/subscriptions');
    expect(h.lastText(teacher)).toContain('Ваши подписки');
    expect(h.lastText(teacher)).toContain('Отключить нельзя');
    expect(buttonLabels(h.fake.lastBotMessage(teacher.id))).toEqual(['✅ Дайджест ИРО', '✅ Математика', '▫️ Стажировки', '« Назад']);
    const screen = h.fake.lastBotMessage(teacher.id)!;
    const subscribeInternships = buttonData(screen, 'Стажировки')!;

    await h.press(teacher, 'Стажировки');
    expect(h.lastAnswer()).toBe('Подписка включена');
    expect(buttonLabels(h.fake.lastBotMessage(teacher.id))).toContain('✅ Стажировки');
    await h.press(teacher, 'Математика');
    expect(h.lastAnswer()).toBe('Подписка отключена');

    // The old keyboard's "subscribe" again: nothing changes, the current state is shown.
    await h.forgePress(teacher, subscribeInternships, screen.message_id);
    expect(buttonLabels(h.fake.lastBotMessage(teacher.id))).toContain('✅ Стажировки');
    const history = await subscriptionHistory(h.core, 5);
    expect(history.map((c) => [c.topicName, c.subscribed, c.changedBy])).toEqual([
      ['Математика', false, 'person'],
      ['Стажировки', true, 'person'],
    ]);

    await deleteTopic(h.core, editor, internships);
    await h.press(teacher, 'Стажировки');
    expect(h.lastAnswer()).toContain('Этой темы больше нет');
    expect(buttonLabels(h.fake.lastBotMessage(teacher.id))).toEqual(['✅ Дайджест ИРО', '▫️ Математика', '« Назад']);
    await h.forgePress(teacher, 'subs:on:abc');
    expect(h.lastAnswer()).toContain('не действует');

    await h.send(teacher, '/profile');
    await h.press(teacher, 'Подписки');
    expect(h.lastText(teacher)).toContain('Ваши подписки');
  });

  it('a subscriber-only message reaches subscribers only; a required one reaches those who unsubscribed too', async () => {
    await h.send(teacher, '/subscriptions');
    await h.press(teacher, 'Стажировки');
    await h.press(teacher, 'Математика');
    // Subscribers of "Стажировки" among teachers and leads of municipalities 1 and 3: only the teacher who chose it.
    expect((await resolveAudience(h.core, { topicIds: [internships] })).map((p) => p.id)).toEqual([5]);
    expect(await countAudience(h.core, { topicIds: [maths] })).toBe(1);
    expect(await countAudience(h.core, { topicIds: [digest], roles: ['school_lead'] })).toBe(2);

    await publish({ title: 'Стажировка в школе-лидере', kind: 'internship', audience: { roles: ['teacher', 'school_lead'], topicIds: [internships] } });
    expect(h.countTexts(teacher, 'Стажировка в школе-лидере')).toBe(1);
    expect(h.countTexts(lead, 'Стажировка в школе-лидере')).toBe(0);
    expect(h.countTexts(otherTeacher, 'Стажировка в школе-лидере')).toBe(0);

    // Unsubscribed from mathematics, the teacher still gets what her school's audience requires.
    await publish({ title: 'Срок: отчёт по математике', audience: { schoolIds: [1], roles: ['teacher'] } });
    expect(h.countTexts(teacher, 'Срок: отчёт по математике')).toBe(1);
    await publish({ title: 'Вебинар по математике', audience: { topicIds: [maths] } });
    expect(h.countTexts(teacher, 'Вебинар по математике')).toBe(0);
    expect(h.countTexts(otherTeacher, 'Вебинар по математике')).toBe(1);
  });
});
