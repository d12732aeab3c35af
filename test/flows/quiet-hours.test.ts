import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { setDeliverySettings } from '../../core/deliveries/delivery-rules.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent, type EventInput } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { emergencyStopActive, resumeSending, stopAllSending } from '../../core/schedule/emergency-stop.js';
import { deliveries } from '../../db/schema/index.js';
import { webinar } from '../support/events.js';
import { Harness, user } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';
import { q, surveyWith } from '../support/surveys.js';
import { schoolTask } from '../support/tasks.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';

/** Demo: 4 lead and 5 teacher at school 1 (Moscow time); 7 lead in municipality 3 (Asia/Yekaterinburg, UTC+5). */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const lead = demo(4);
const teacher = demo(5);
const farLead = demo(7);
const editor: Actor = { kind: 'admin', id: 7, label: 'editor@mayak.test', role: 'editor', municipalityIds: [] };
const viewer: Actor = { kind: 'admin', id: 8, label: 'viewer@mayak.test', role: 'viewer', municipalityIds: [] };
const hour = 3_600_000;

describe('quiet hours, the daily cap and the emergency stop', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function publish(overrides: Partial<EventInput> = {}) {
    const event = await createEvent(h.core, editor, webinar(overrides));
    await publishEvent(h.core, editor, event.id);
    await h.drain();
    return event;
  }

  it("a person's own quiet hours hold a message until their morning, in their own time zone", async () => {
    await h.send(farLead, '/profile');
    await h.press(farLead, 'Тихие часы');
    expect(h.lastText(farLead)).toContain('как в регионе, 21:00–08:00');
    await h.press(farLead, '22:00–09:00');
    expect(h.lastAnswer()).toBe('Тихие часы сохранены');
    expect(h.lastText(farLead)).toContain('Сейчас: 22:00–09:00');

    // 17:30 UTC: 20:30 in Moscow (not quiet), 22:30 in Yekaterinburg (quiet, the region's and her own).
    h.clock.set('2026-11-23T17:30:00Z');
    await publish({ title: 'Вебинар для руководителей' });
    expect(h.countTexts(lead, 'Вебинар для руководителей')).toBe(1);
    expect(h.countTexts(farLead, 'Вебинар для руководителей')).toBe(0);
    // 08:30 in Yekaterinburg: the region's quiet hours are over, hers (until 09:00) are not.
    h.clock.set('2026-11-24T03:30:00Z');
    await h.drain();
    expect(h.countTexts(farLead, 'Вебинар для руководителей')).toBe(0);
    h.clock.set('2026-11-24T04:00:00Z');
    await h.drain();
    expect(h.countTexts(farLead, 'Вебинар для руководителей')).toBe(1);
  });

  it("an event's reminder waits for the person's own quiet hours too, when the event starts after them", async () => {
    await h.send(farLead, '/profile');
    await h.press(farLead, 'Тихие часы');
    await h.press(farLead, '22:00–09:00');
    const startsAt = Date.parse('2026-11-25T04:30:00Z'); // 09:30 in Yekaterinburg
    await publish({ title: 'Утренний вебинар', startsAt, endsAt: startsAt + hour });
    await h.press(farLead, 'Пойду');
    const reminded = () => h.botTexts(farLead).filter((t) => t.includes('Утренний вебинар') && t.includes('Напоминание')).length;
    h.clock.set(startsAt - 24 * hour); // 09:30 the day before: the 1-day reminder goes
    await h.drain();
    expect(reminded()).toBe(1);
    h.clock.set(startsAt - hour); // 08:30 there: the region's quiet hours are over, hers are not
    await h.drain();
    expect(reminded()).toBe(1);
    h.clock.set(startsAt - 30 * 60_000);
    await h.drain();
    expect(reminded()).toBe(2);
  });

  it('an event starting inside quiet hours is still announced and reminded at once', async () => {
    await h.send(teacher, '/profile');
    await h.press(teacher, 'Тихие часы');
    await h.press(teacher, '20:00–07:00');
    h.clock.set('2026-11-23T17:30:00Z'); // 20:30 in Moscow, inside her quiet hours
    const startsAt = Date.parse('2026-11-23T19:00:00Z'); // 22:00 the same evening
    await publish({
      title: 'Вечерняя консультация',
      kind: 'consultation',
      startsAt,
      endsAt: startsAt + hour,
      audience: { schoolIds: [1], roles: ['teacher'] },
    });
    expect(h.countTexts(teacher, 'Вечерняя консультация')).toBe(1);
    await h.press(teacher, 'Пойду');
    h.clock.set(startsAt - hour);
    await h.drain();
    expect(h.botTexts(teacher).filter((t) => t.includes('Вечерняя консультация') && t.includes('Напоминание'))).toHaveLength(1);
  });

  it('beyond the daily cap messages are held and told in one summary the next morning, once', async () => {
    await setDeliverySettings(h.core, editor, { quietHours: { from: 21 * 60, to: 8 * 60 }, dailyCap: 2 });
    for (const title of ['Первый вебинар', 'Второй вебинар', 'Третий вебинар']) await publish({ title, audience: { schoolIds: [1], roles: ['teacher'] } });
    expect(h.countTexts(teacher, 'вебинар')).toBe(2);
    expect(h.countTexts(teacher, 'Третий вебинар')).toBe(0);
    const held = await h.core.database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.personId, 5), eq(deliveries.error, 'held-daily-cap')));
    expect(held).toHaveLength(1);

    h.clock.set('2026-11-24T04:30:00Z');
    await h.tick();
    await h.drain();
    expect(h.countTexts(teacher, 'Третий вебинар')).toBe(0);
    h.clock.set('2026-11-24T05:00:00Z'); // 08:00 in Moscow
    await h.tick();
    await h.tick();
    await h.drain();
    const summaries = h.botTexts(teacher).filter((t) => t.includes('больше дневного лимита'));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toContain('Третий вебинар');
  });

  it('the emergency stop holds every outgoing message, not replies; pressed twice it is one stop; resuming sends each once', async () => {
    await expect(stopAllSending(h.core, viewer)).rejects.toMatchObject({ code: 'not-allowed' });
    expect(await stopAllSending(h.core, editor)).toBe(true);
    expect(await stopAllSending(h.core, editor)).toBe(false);
    await publish({ title: 'Во время остановки', audience: { schoolIds: [1] } });
    await h.drain();
    expect(h.countTexts(teacher, 'Во время остановки')).toBe(0);
    expect(h.countTexts(lead, 'Во время остановки')).toBe(0);
    // A person's own message is still answered.
    await h.send(teacher, '/profile');
    expect(h.lastText(teacher)).toContain('Васильева');

    await expect(resumeSending(h.core, viewer)).rejects.toMatchObject({ code: 'not-allowed' });
    expect(await emergencyStopActive(h.core)).toBe(true);
    expect(await resumeSending(h.core, editor)).toBe(true);
    expect(await resumeSending(h.core, editor)).toBe(false);
    await h.drain();
    await h.drain();
    expect(h.countTexts(teacher, 'Во время остановки')).toBe(1);
    expect(h.countTexts(lead, 'Во время остановки')).toBe(1);
    const actions = (await listAudit(h.core, { all: true }, ownerActor)).map((e) => e.action).filter((a) => a.startsWith('delivery.'));
    expect(actions.sort()).toEqual(['delivery.emergency-stop', 'delivery.resume']);
  });
});

describe('the region’s quiet hours set on /schedule hold for every kind of message', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  /** An announcement, a task and a survey invitation for the teachers of municipality 1 (demo 5, Moscow time). */
  async function publishEach(tag: string) {
    const event = await createEvent(h.core, editor, webinar({ title: `Вебинар ${tag}` }));
    await publishEvent(h.core, editor, event.id);
    const task = await createTask(
      h.core,
      editor,
      schoolTask({ title: `Задача ${tag}`, assignment: 'person', audience: { roles: ['teacher'], municipalityIds: [1] }, evidence: 'none', verifier: 'none' }),
    );
    await publishTask(h.core, editor, task.id);
    await surveyWith(h.core, [q.single()], { title: `Анкета ${tag}`, opensAt: h.clock.now(), audience: { roles: ['teacher'], municipalityIds: [1] } });
    await h.drain();
  }
  const received = (tag: string) => ['Вебинар', 'Задача', 'Анкета'].map((kind) => h.countTexts(teacher, `${kind} ${tag}`));

  it('22:00–07:00: at 21:30 everything goes out at once; at 22:30 it waits till 07:00', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await owner.get('/schedule');
    expect((await owner.post('/schedule/settings', { from: '22:00', to: '07:00', dailyCap: '20' })).status).toBe(303);

    h.clock.set('2026-11-23T18:30:00Z'); // 21:30 in Moscow
    await publishEach('вечером');
    expect(received('вечером')).toEqual([1, 1, 1]);

    h.clock.set('2026-11-23T19:30:00Z'); // 22:30 in Moscow
    await publishEach('ночью');
    expect(received('ночью')).toEqual([0, 0, 0]);
    h.clock.set('2026-11-24T03:59:00Z'); // 06:59
    await h.tick();
    expect(received('ночью')).toEqual([0, 0, 0]);
    h.clock.set('2026-11-24T04:00:00Z'); // 07:00
    await h.drain();
    expect(received('ночью')).toEqual([1, 1, 1]);
  });
});
