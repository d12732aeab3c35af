import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { deliveriesFor } from '../../core/deliveries/outbox.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { getPerson } from '../../core/directory/people.js';
import { registerPendingTeacher } from '../support/people.js';
import { decideRegistration } from '../../core/onboarding/registration.js';
import { Harness, user } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';

/** Demo: municipality 1 Светлогорск (schools 1, 2; coordinator person 1), 2 Берёзовский (schools 3, 4; coordinator person 2). */
const coordinatorA = user(demoTelegramIdBase + 1, 'Ирина');
const owner = ownerActor;

describe('registration requests in the panel', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  /** A teacher of mathematics and physics, pending (test/support/people.ts). */
  const registerTeacher = (who: ReturnType<typeof user>, name?: string) => registerPendingTeacher(h, who, name, ['Физика']);

  const audit = (action: string) => listAudit(h.core, { all: true }, owner, { action });

  it('shows the request only in scope; the coordinator approves; audited; the person is told in the bot; the bot buttons then say "already decided"', async () => {
    const anna = user(5101, 'Анна');
    const id = await registerTeacher(anna);
    await h.drain(); // the request reaches coordinator A in Telegram too
    expect(h.lastText(coordinatorA)).toContain('Орлова Анна Сергеевна');

    const coordinator1 = await PanelClient.signedIn(h, 'coordinator', [1]);
    const coordinator2 = await PanelClient.signedIn(h, 'coordinator', [2]);
    const editor = await PanelClient.signedIn(h, 'editor');

    const queue = await coordinator1.html('/approvals');
    expect(queue).toContain('data-total="1"');
    expect(queue).toContain(`data-person="${id}"`);
    expect(queue).toContain('Орлова Анна Сергеевна');
    expect(queue).toContain('Учитель');
    expect(queue).toContain('СОШ № 5 г. Светлогорска');
    expect(queue).toContain('Городской округ Светлогорск');
    expect(queue).toContain('Математика, Физика');
    expect(queue).toContain('23.11.2026, 12:00'); // 09:00 UTC in the region's zone (Moscow)
    expect(await editor.html('/approvals')).toContain(`data-person="${id}"`);

    // Another municipality's coordinator neither sees it nor can decide it.
    const other = await coordinator2.html('/approvals');
    expect(other).toContain('data-total="0"');
    expect(other).not.toContain('Орлова');
    expect((await coordinator2.post(`/approvals/${id}/approve`, {})).status).toBe(404);
    expect((await coordinator2.post(`/approvals/${id}/reject`, { reason: 'Чужая заявка' })).status).toBe(404);
    expect((await getPerson(h.core, id))?.status).toBe('pending');
    expect(await audit('registration.approve')).toEqual([]);
    expect(await audit('registration.reject')).toEqual([]);

    const approved = await coordinator1.post(`/approvals/${id}/approve`, {});
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe('/approvals?done=registration-approved');
    const after = await coordinator1.html('/approvals?done=registration-approved');
    expect(after).toContain('Заявка одобрена');
    expect(after).toContain('data-total="0"');
    expect(await getPerson(h.core, id)).toMatchObject({ status: 'active', decidedBy: 'coordinator-1@mayak.test', decisionReason: null });
    const [entry, ...more] = await audit('registration.approve');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: 'coordinator-1@mayak.test',
      entity: 'person',
      entityId: String(id),
      municipalityId: 1,
      after: { status: 'active', reason: null },
    });
    expect(entry?.adminId).not.toBeNull();
    expect(await coordinator1.html(`/people/${id}`)).toContain('заявка одобрена');

    await h.drain();
    expect(h.lastText(anna)).toContain('регистрация одобрена');

    // Coordinator A's request in Telegram lost its buttons; an old copy of one is answered clearly.
    expect(h.lastText(coordinatorA)).toContain('✅ Одобрено в панели');
    await h.forgePress(coordinatorA, `appr:${id}:ok`, h.fake.lastBotMessage(coordinatorA.id)!.message_id);
    expect(h.lastAnswer()).toContain('уже принято');
  });

  it('rejects only with a reason (kept on error), tells the person the reason, and refuses a second decision with a clear 409', async () => {
    const anna = user(5102, 'Анна');
    const id = await registerTeacher(anna);
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    await coordinator.get('/approvals');

    const empty = await coordinator.post(`/approvals/${id}/reject`, { reason: '   ' });
    expect(empty.status).toBe(400);
    const emptyPage = await empty.text();
    expect(emptyPage).toContain('Укажите причину отказа');
    expect(emptyPage).toMatch(/<details open[^>]*>/);

    const short = await coordinator.post(`/approvals/${id}/reject`, { reason: 'ну' });
    expect(short.status).toBe(400);
    const shortPage = await short.text();
    expect(shortPage).toContain('не меньше 3');
    expect(shortPage).toMatch(/<textarea name="reason"[^>]*>ну<\/textarea>/);

    const long = `<b>${'слишком длинно '.repeat(40)}</b>`;
    const tooLong = await coordinator.post(`/approvals/${id}/reject`, { reason: long });
    expect(tooLong.status).toBe(400);
    const longPage = await tooLong.text();
    expect(longPage).toContain('не больше 500');
    expect(longPage).toContain('&lt;b&gt;слишком длинно');
    expect((await getPerson(h.core, id))?.status).toBe('pending');
    expect(await audit('registration.reject')).toEqual([]);

    const rejected = await coordinator.post(`/approvals/${id}/reject`, { reason: '  Нет в списке сотрудников школы  ' });
    expect(rejected.status).toBe(303);
    expect(await getPerson(h.core, id)).toMatchObject({ status: 'rejected', decisionReason: 'Нет в списке сотрудников школы' });
    const [entry] = await audit('registration.reject');
    expect(entry).toMatchObject({ entityId: String(id), municipalityId: 1, after: { status: 'rejected', reason: 'Нет в списке сотрудников школы' } });

    await h.drain();
    expect(h.lastText(anna)).toContain('заявка на регистрацию отклонена');
    expect(h.lastText(anna)).toContain('Нет в списке сотрудников школы');
    expect((await deliveriesFor(h.core, 'registration.decision')).map((d) => d.status)).toEqual(['sent']);

    // A second decision (a stale tab, another coordinator) changes nothing and says why.
    const again = await coordinator.post(`/approvals/${id}/approve`, {});
    expect(again.status).toBe(409);
    const againPage = await again.text();
    expect(againPage).toContain('Решение по заявке «Орлова Анна Сергеевна» уже принято: заявка отклонена');
    expect(againPage).toContain('class="flash bad"');
    expect((await getPerson(h.core, id))?.status).toBe('rejected');
    expect(await audit('registration.approve')).toEqual([]);
    expect(await audit('registration.reject')).toHaveLength(1);
    await h.drain();
    expect(h.botTexts(anna).filter((text) => text.includes('одобрена'))).toEqual([]);
  });

  it('a decision taken in the bot first makes the panel answer 409', async () => {
    const anna = user(5103, 'Анна');
    const id = await registerTeacher(anna);
    await h.drain();
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/approvals');
    await h.press(coordinatorA, 'Одобрить');
    const response = await editor.post(`/approvals/${id}/reject`, { reason: 'Поздно, уже решено' });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('уже принято: активен');
    expect(await getPerson(h.core, id)).toMatchObject({ status: 'active', decidedBy: 'person:1' });
    expect(await audit('registration.reject')).toEqual([]);
  });

  it('a viewer sees the queue without buttons and cannot decide', async () => {
    const id = await registerTeacher(user(5104, 'Анна'));
    const viewer = await PanelClient.signedIn(h, 'viewer');
    const queue = await viewer.html('/approvals');
    expect(queue).toContain(`data-person="${id}"`);
    expect(queue).not.toContain(`action="/approvals/${id}/approve"`);
    expect((await viewer.post(`/approvals/${id}/approve`, {})).status).toBe(403);
    expect((await viewer.post(`/approvals/${id}/reject`, { reason: 'Просто так' })).status).toBe(403);
    expect((await getPerson(h.core, id))?.status).toBe('pending');
  });

  it('lists the oldest request first and an unknown id is 404', async () => {
    const first = await registerTeacher(user(5105, 'Анна'), 'Первая Анна Сергеевна');
    h.clock.advance(60_000);
    const second = await registerTeacher(user(5106, 'Борис'), 'Второй Борис Петрович');
    const editor = await PanelClient.signedIn(h, 'editor');
    const queue = await editor.html('/approvals');
    expect(queue.indexOf(`data-person="${first}"`)).toBeGreaterThan(-1);
    expect(queue.indexOf(`data-person="${first}"`)).toBeLessThan(queue.indexOf(`data-person="${second}"`));
    expect((await editor.post('/approvals/9999/approve', {})).status).toBe(404);
  });

  it('two admins deciding at once: one wins, the other gets already-decided, one audit entry, one message', async () => {
    const anna = user(5108, 'Анна');
    const id = await registerTeacher(anna);
    const editorA: Actor = { kind: 'admin', id: 101, label: 'a@mayak.test', role: 'editor', municipalityIds: [] };
    const editorB: Actor = { kind: 'admin', id: 102, label: 'b@mayak.test', role: 'coordinator', municipalityIds: [1] };
    // Both read the request as pending before either writes (the awaits interleave).
    const results = await Promise.allSettled([
      decideRegistration(h.core, { personId: id, approve: true, decider: { kind: 'admin', actor: editorA } }),
      decideRegistration(h.core, { personId: id, approve: false, decider: { kind: 'admin', actor: editorB }, reason: 'Не из этой школы' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'already-decided' });
    const entries = [...(await audit('registration.approve')), ...(await audit('registration.reject'))];
    expect(entries).toHaveLength(1);
    const person = await getPerson(h.core, id);
    expect(entries[0]?.actor).toBe(person?.decidedBy);
    expect(await deliveriesFor(h.core, 'registration.decision')).toHaveLength(1);
  });

  it('the CLI (operator) still decides, with or without a reason, and the bot coordinator way is unchanged', async () => {
    const id = await registerTeacher(user(5107, 'Анна'));
    const person = await decideRegistration(h.core, { personId: id, approve: false, decider: { kind: 'operator', label: 'cli' } });
    expect(person).toMatchObject({ status: 'rejected', decidedBy: 'cli', decisionReason: null });
    await expect(decideRegistration(h.core, { personId: id, approve: true, decider: { kind: 'operator', label: 'cli' } })).rejects.toMatchObject({
      code: 'already-decided',
    });
    // Operator decisions are not admin actions: nothing in the audit log.
    expect(await audit('registration.reject')).toEqual([]);
  });
});
