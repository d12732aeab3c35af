import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../core/admins/audit.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { subscriptionHistory } from '../../core/subscriptions/subscriptions.js';
import { Harness } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';

const topicForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: 'Математика',
  description: 'Вебинары и курсы',
  kind: 'subject',
  defaultRoles: ['teacher'],
  ...overrides,
});

/** Demo people: 4 lead and 5 teacher in municipality 1; 6 teacher in municipality 2; 7 lead in municipality 3. */
describe('topics in the panel', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function created(editor: PanelClient, overrides: Record<string, string | string[]> = {}): Promise<number> {
    await editor.get('/topics');
    const response = await editor.post('/topics', topicForm(overrides));
    expect(response.status).toBe(303);
    return Number(/\/topics\/(\d+)/.exec(response.headers.get('location') ?? '')![1]);
  }

  it('an editor creates, edits and deletes topics; bad input is named next to the field; all of it audited', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await created(editor);
    const list = await editor.html('/topics');
    expect(list).toContain('Математика');
    expect(list).toMatch(/data-subscribers="2"/);

    await editor.get('/topics');
    const bad = await editor.post('/topics', topicForm({ name: 'М', kind: 'nonsense' }));
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('<div class="error">');
    const twice = await editor.post('/topics', topicForm({ name: 'математика' }));
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('Тема с таким названием уже есть');

    await editor.get(`/topics/${id}`);
    expect((await editor.post(`/topics/${id}`, topicForm({ defaultRoles: ['teacher', 'school_lead'] }))).status).toBe(303);
    expect(await editor.html(`/topics/${id}`)).toContain('data-total="4"');
    expect((await editor.post(`/topics/${id}/delete`, {})).status).toBe(303);
    expect((await editor.get(`/topics/${id}`)).status).toBe(404);
    const actions = (await listAudit(h.core, { all: true }, ownerActor)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('topic.')).sort()).toEqual(['topic.create', 'topic.delete', 'topic.edit']);
  });

  it('per topic: counts by municipality and role, the list, bulk changes within scope, export; per person with history', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await created(editor, { defaultRoles: ['teacher', 'school_lead'] });
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const viewer = await PanelClient.signedIn(h, 'viewer');

    const page = await coordinator.html(`/topics/${id}`);
    expect(page).toContain('data-total="2"');
    expect(page).toMatch(/data-role="teacher">\s*<b>1<\/b>/);
    expect(page).toMatch(/data-role="school_lead">\s*<b>1<\/b>/);
    expect(page).not.toContain('data-person="6"');
    expect(await editor.html(`/topics/${id}`)).toContain('data-total="4"');

    // Someone of another municipality in the batch: not found, nothing changed.
    expect((await coordinator.post(`/topics/${id}/people`, { subscribed: '0', personId: ['5', '6'] })).status).toBe(404);
    expect(await subscriptionHistory(h.core, 5)).toEqual([]);
    expect((await coordinator.post(`/topics/${id}/people`, { subscribed: '0', personId: ['5'] })).status).toBe(303);
    expect(await coordinator.html(`/topics/${id}`)).toContain('data-total="1"');
    const empty = await coordinator.post(`/topics/${id}/people`, { subscribed: '1', personIds: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Отметьте хотя бы одного человека');
    expect((await coordinator.post(`/topics/${id}/people`, { subscribed: '1', personIds: '5' })).status).toBe(303);

    expect(await coordinator.html('/people/5')).toContain('href="/topics/person/5"');
    const person = await coordinator.html('/topics/person/5');
    expect(person).toContain('data-subscribed="1"');
    expect(person).toContain('администратор coordinator-1@mayak.test');
    expect(person).toContain('отписка от «Математика»');
    expect((await coordinator.get('/topics/person/6')).status).toBe(404);

    const csv = await (await coordinator.get(`/topics/${id}/export.csv`)).text();
    expect(csv).toContain('Васильева');
    expect(csv).not.toContain('Петров');
    expect((await coordinator.get(`/topics/${id}/export.xlsx`)).headers.get('content-type')).toContain('spreadsheetml');

    // Managing topics is the region's: a coordinator and a viewer are refused; a viewer only looks.
    await coordinator.get('/topics');
    expect((await coordinator.post('/topics', topicForm({ name: 'Физика' }))).status).toBe(403);
    expect((await viewer.get(`/topics/${id}`)).status).toBe(200);
    expect((await viewer.post(`/topics/${id}/people`, { subscribed: '1', personIds: '6' })).status).toBe(403);

    expect(await editor.html('/')).toContain('Подписки за неделю: +1 / −1');
    expect(await coordinator.html('/')).toContain('Подписки за неделю: +1 / −1');
  });
});
