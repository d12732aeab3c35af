import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveriesFor } from '../../core/deliveries/outbox.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { admins } from '../../db/schema/index.js';
import { buttonLabels, Harness, user } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { registerPendingTeacher } from '../support/people.js';
import { addPerson } from '../support/tasks.js';

/** Demo: municipality 1 Светлогорск (schools 1, 2) has coordinator person 1 (Соколова Ирина Викторовна). */
const coordinatorA = user(demoTelegramIdBase + 1, 'Ирина');

describe('a coordinator’s approval request in Telegram follows the decision taken elsewhere', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function coordinatorInPanel(): Promise<PanelClient> {
    const panel = await PanelClient.signedIn(h, 'coordinator', [1]);
    await h.core.database.db.update(admins).set({ name: 'Петрова Мария Сергеевна' }).where(eq(admins.email, 'coordinator-1@mayak.test'));
    await panel.get('/approvals');
    return panel;
  }

  /** The edits of one chat's message, as the fake Bot API recorded them. */
  const editsOf = (chatId: number, messageId: number) =>
    h.fake.callsOf('editMessageText').filter((call) => Number(call.params.chat_id) === chatId && Number(call.params.message_id) === messageId);

  it('approved in the panel: the request loses its buttons and says who approved it there', async () => {
    const id = await registerPendingTeacher(h, user(5201, 'Анна'));
    await h.drain();
    const request = h.fake.lastBotMessage(coordinatorA.id)!;
    expect(buttonLabels(request)).toContain('✅ Одобрить');

    const panel = await coordinatorInPanel();
    expect((await panel.post(`/approvals/${id}/approve`, {})).status).toBe(303);
    expect(editsOf(coordinatorA.id, request.message_id)).toEqual([]); // the panel never calls Telegram itself
    await h.drain();

    const [edit, ...more] = editsOf(coordinatorA.id, request.message_id);
    expect(more).toEqual([]);
    expect(edit!.params.text).toContain('Орлова Анна Сергеевна');
    expect(edit!.params.text).toContain('✅ Одобрено в панели: Петрова М. С.');
    expect(buttonLabels(request)).toEqual([]);
    expect(request.text).toContain('✅ Одобрено в панели: Петрова М. С.');
    expect((await deliveriesFor(h.core, 'registration.approval-verdict')).map((d) => d.status)).toEqual(['sent']);

    // An old copy of the button (a forwarded message) still gets a clear answer.
    await h.forgePress(coordinatorA, `appr:${id}:ok`, request.message_id);
    expect(h.lastAnswer()).toContain('уже принято');
  });

  it('rejected in the panel while Telegram is down: the edit waits in the outbox and arrives, with the reason, when Telegram is back', async () => {
    const id = await registerPendingTeacher(h, user(5202, 'Анна'));
    await h.drain();
    const request = h.fake.lastBotMessage(coordinatorA.id)!;
    const panel = await coordinatorInPanel();

    await h.fake.refuseConnections();
    expect((await panel.post(`/approvals/${id}/reject`, { reason: 'Нет в списке сотрудников' })).status).toBe(303);
    for (let minute = 0; minute < 30; minute++) {
      await h.tick();
      h.clock.advance(60_000);
    }
    expect(editsOf(coordinatorA.id, request.message_id)).toEqual([]);
    expect((await deliveriesFor(h.core, 'registration.approval-verdict')).map((d) => d.status)).toEqual(['pending']);

    await h.fake.acceptConnections();
    for (let minute = 0; minute < 30 && editsOf(coordinatorA.id, request.message_id).length === 0; minute++) {
      await h.tick();
      h.clock.advance(60_000);
    }
    const [edit] = editsOf(coordinatorA.id, request.message_id);
    expect(edit!.params.text).toContain('❌ Отклонено в панели: Петрова М. С.');
    expect(edit!.params.text).toContain('Причина: Нет в списке сотрудников');
    expect(buttonLabels(request)).toEqual([]);
  });

  it('decided in the panel before the request went out: the request is called off, nothing to edit', async () => {
    const id = await registerPendingTeacher(h, user(5203, 'Анна'));
    const panel = await coordinatorInPanel();
    expect((await panel.post(`/approvals/${id}/approve`, {})).status).toBe(303);
    await h.drain();
    expect(h.botTexts(coordinatorA).join()).not.toContain('Орлова');
    expect((await deliveriesFor(h.core, 'registration.approval-request')).map((d) => [d.status, d.error])).toEqual([['skipped', 'decided']]);
    expect(await deliveriesFor(h.core, 'registration.approval-verdict')).toEqual([]);
    expect(h.fake.callsOf('editMessageText')).toEqual([]);
  });

  it('approved by one coordinator’s button: every other coordinator’s copy says who approved it in the bot', async () => {
    const second = user(5299, 'Олег');
    await addPerson(h.core, { telegramId: second.id, name: 'Кузнецов Олег Петрович', roles: ['coordinator'], municipalityId: 1, schoolId: null });
    await registerPendingTeacher(h, user(5204, 'Анна'));
    await h.drain();
    const mine = h.fake.lastBotMessage(coordinatorA.id)!;
    const theirs = h.fake.lastBotMessage(second.id)!;
    expect(theirs.text).toContain('Орлова Анна Сергеевна');

    await h.press(coordinatorA, 'Одобрить');
    expect(mine.text).toContain('✅ Одобрено: <b>Орлова Анна Сергеевна</b>');
    await h.drain();
    const [edit] = editsOf(second.id, theirs.message_id);
    expect(edit!.params.text).toContain('✅ Одобрено в боте: Соколова И. В.');
    expect(buttonLabels(theirs)).toEqual([]);
    // The presser's own copy was edited by the bot at once, and only once.
    expect(editsOf(coordinatorA.id, mine.message_id)).toHaveLength(1);
  });
});
