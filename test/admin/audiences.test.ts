import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../core/admins/audit.js';
import { listSavedAudiences } from '../../core/audiences/saved.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { Harness } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';

describe('saved audiences', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('an editor saves a named rule; it is listed with its live count, offered in the event form, and audited', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/audiences/new');
    const bad = await editor.post('/audiences', { name: 'Я', roles: 'wizard' });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain('value="Я"');
    expect(await listSavedAudiences(h.core, ownerActor)).toEqual([]);

    const created = await editor.post('/audiences', { name: 'Учителя Усолья', roles: 'teacher', audienceMunicipalities: '1' });
    expect(created.status).toBe(303);
    const [saved] = await listSavedAudiences(h.core, ownerActor);
    expect(saved).toMatchObject({ name: 'Учителя Усолья', rule: { roles: ['teacher'], municipalityIds: [1] }, municipalityId: null });

    const live = (await (await editor.request('/audiences/count?roles=teacher&audienceMunicipalities=1')).json()) as { count: number };
    expect(live.count).toBeGreaterThan(0);
    const list = await editor.html('/audiences');
    expect(list).toContain('Учителя Усолья');
    expect(list).toMatch(new RegExp(`data-audience="${saved!.id}"[\\s\\S]*?<td data-count[^>]*>${live.count}</td>`));
    expect(await editor.html('/events/new')).toContain('>Учителя Усолья</option>');

    await editor.get(`/audiences/${saved!.id}`);
    expect((await editor.post(`/audiences/${saved!.id}/archive`, {})).status).toBe(303);
    expect(await listSavedAudiences(h.core, ownerActor)).toEqual([]);
    const actions = (await listAudit(h.core, { all: true }, ownerActor, { entity: 'audience' })).map((e) => e.action).sort();
    expect(actions).toEqual(['audience.archive', 'audience.create']);
  });

  it('a coordinator keeps audiences in their municipality, uses regional ones, and cannot touch another’s', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/audiences/new');
    await editor.post('/audiences', { name: 'Все руководители', roles: 'school_lead' });
    const other = await PanelClient.signedIn(h, 'coordinator', [2]);
    await other.get('/audiences/new');
    expect((await other.post('/audiences', { name: 'Учителя района 2', roles: 'teacher', municipalityId: '2' })).status).toBe(303);

    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    await coordinator.get('/audiences/new');
    const noMunicipality = await coordinator.post('/audiences', { name: 'Без муниципалитета', roles: 'teacher' });
    expect(noMunicipality.status).toBe(400);
    expect((await coordinator.post('/audiences', { name: 'Чужой район', roles: 'teacher', municipalityId: '2' })).status).toBe(404);
    expect((await coordinator.post('/audiences', { name: 'Мои учителя', roles: 'teacher', municipalityId: '1' })).status).toBe(303);

    const list = await coordinator.html('/audiences');
    expect(list).toContain('Все руководители');
    expect(list).toContain('Мои учителя');
    expect(list).not.toContain('Учителя района 2');
    const all = await listSavedAudiences(h.core, ownerActor);
    const regional = all.find((a) => a.name === 'Все руководители')!;
    const foreign = all.find((a) => a.name === 'Учителя района 2')!;
    expect((await coordinator.get(`/audiences/${foreign.id}`)).status).toBe(404);
    expect((await coordinator.post(`/audiences/${regional.id}`, { name: 'Переименую', roles: 'teacher', municipalityId: '1' })).status).toBe(403);
    expect((await coordinator.post(`/audiences/${regional.id}/archive`, {})).status).toBe(403);
    // The regional rule counts only the coordinator's own people in their picker.
    const mine = (await (await coordinator.request('/audiences/count?roles=school_lead')).json()) as { count: number };
    const everyone = (await (await editor.request('/audiences/count?roles=school_lead')).json()) as { count: number };
    expect(mine.count).toBeGreaterThan(0);
    expect(mine.count).toBeLessThan(everyone.count);
  });
});
