import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../core/admins/audit.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { getPerson } from '../../core/directory/people.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

/** Demo: municipality 1 Светлогорск (people 1, 3, 4, 5), 2 Берёзовский (2, 6), 3 Заречный (7). */
describe('people pages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('lists, filters and searches people (Cyrillic, case-insensitive)', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const all = await editor.html('/people');
    expect(all).toContain('data-total="7"');
    expect(await editor.html('/people?role=teacher')).toContain('data-total="2"');
    expect(await editor.html('/people?subject=math')).toContain('Васильева Елена Александровна');
    const found = await editor.html('/people?q=ВАСИЛЬ');
    expect(found).toContain('data-total="1"');
    expect(await editor.html('/people?tag=risk_zone')).toContain('Петров Сергей Михайлович');
    expect(await editor.html('/people?role=wizard')).toContain('Фильтр содержит неверные значения');
  });

  it('edits a person, keeps what was typed on a bad field, and audits the change', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/people/5');
    const bad = await editor.post('/people/5', { fullName: 'Ва', roles: [], schoolId: '1', subjects: ['math'] });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('value="Ва"');
    expect(text).toContain('не меньше 3');
    expect(text).toContain('Выберите хотя бы одно');

    const ok = await editor.post('/people/5', {
      fullName: 'Васильева Елена Андреевна',
      roles: ['teacher', 'school_lead'],
      schoolId: '1',
      subjects: ['math', 'physics'],
    });
    expect(ok.status).toBe(303);
    expect(await getPerson(h.core, 5)).toMatchObject({
      fullName: 'Васильева Елена Андреевна',
      roles: ['teacher', 'school_lead'],
      subjects: ['math', 'physics'],
    });
    const [entry] = await listAudit(h.core, { all: true }, { kind: 'admin', id: 0, label: '', role: 'owner', municipalityIds: [] });
    expect(entry).toMatchObject({
      action: 'person.edit',
      actor: 'editor-@mayak.test',
      entityId: '5',
      before: { fullName: 'Васильева Елена Александровна', roles: ['teacher'], subjects: ['math', 'informatics'] },
    });
    expect(await editor.html('/people/5')).toContain('изменение данных');
  });

  it('escapes HTML in names everywhere', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/people/5');
    await editor.post('/people/5', { fullName: '<script>alert(1)</script> Иванова', roles: ['teacher'], schoolId: '1', subjects: [] });
    const page = await editor.html('/people');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Иванова');
  });

  it('deactivates and reactivates; a deactivated person gets no messages', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await owner.get('/people/5');
    expect((await owner.post('/people/5/status', { active: '0' })).status).toBe(303);
    expect((await getPerson(h.core, 5))?.status).toBe('deactivated');
    await owner.get('/people/5');
    await owner.post('/people/5/status', { active: '1' });
    expect((await getPerson(h.core, 5))?.status).toBe('active');
  });

  it('a viewer reads but cannot change', async () => {
    const viewer = await PanelClient.signedIn(h, 'viewer');
    const page = await viewer.html('/people/5');
    expect(page).toContain('disabled');
    const response = await viewer.post('/people/5/status', { active: '0' });
    expect(response.status).toBe(403);
    expect((await getPerson(h.core, 5))?.status).toBe('active');
  });

  it('a coordinator of municipality 1 sees and changes only municipality 1', async () => {
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const list = await coordinator.html('/people');
    expect(list).toContain('data-total="4"');
    expect(list).not.toContain('Петров Сергей');
    expect(await coordinator.html('/people?municipality=2')).toContain('data-total="0"');
    expect((await coordinator.get('/people/6')).status).toBe(404);
    await coordinator.get('/people/5');
    expect((await coordinator.post('/people/6/status', { active: '0' })).status).toBe(404);
    expect((await coordinator.post('/people/6', { fullName: 'Захват Чужого', roles: ['teacher'], schoolId: '3', subjects: [] })).status).toBe(404);
    // Moving one of theirs into another municipality's school is refused too.
    expect((await coordinator.post('/people/5', { fullName: 'Васильева Елена', roles: ['teacher'], schoolId: '3', subjects: [] })).status).toBe(404);
    expect((await getPerson(h.core, 6))?.status).toBe('active');
    expect((await getPerson(h.core, 5))?.schoolId).toBe(1);
    const dashboard = await coordinator.html('/');
    expect(dashboard).not.toContain('Администраторы');
  });

  it('paginates with a stable cursor', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const { listPeople } = await import('../../core/directory/directory.js');
    const first = await listPeople(h.core, { all: true }, {}, 3);
    expect(first.rows.map((r) => r.person.id)).toEqual([7, 6, 5]);
    const second = await listPeople(h.core, { all: true }, { before: first.nextBefore! }, 3);
    expect(second.rows.map((r) => r.person.id)).toEqual([4, 3, 2]);
    expect(await editor.html('/people?before=3')).toContain('data-total="7"');
  });
});
