import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAdminByEmail } from '../../core/admins/accounts.js';
import { recordAudit } from '../../core/admins/audit.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { auditLog } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

const password = 'correct horse battery';
const system = { kind: 'admin' as const, id: 0, label: 'system@mayak.test', role: 'owner' as const, municipalityIds: [] };

/** Demo: municipality 1 Светлогорск (people 1, 3, 4, 5), 2 Берёзовский (2, 6), 3 Заречный (7). Region zone: Europe/Moscow. */
describe('the audit log page', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const rows = () => h.core.database.db.select().from(auditLog);
  const count = (page: string) => Number(/data-count="(\d+)"/.exec(page)?.[1] ?? 'NaN');
  const nextLink = (page: string) => /<a href="([^"]+)" rel="next"/.exec(page)?.[1]?.replaceAll('&amp;', '&');

  async function editPerson5(editor: PanelClient) {
    await editor.get('/people/5');
    expect((await editor.post('/people/5', { fullName: 'Васильева Елена Андреевна', roles: ['teacher'], schoolId: '1', subjects: ['math'] })).status).toBe(303);
  }

  it("shows who did what and when in the region's time, in words, with links and a short diff, and filters", async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const editor = await PanelClient.signedIn(h, 'editor');
    await editPerson5(editor); // 23.11.2026 12:00 in Moscow
    await owner.get('/admins');
    expect(
      (await owner.post('/admins', { email: 'coord@mayak.test', name: '', role: 'coordinator', municipalityIds: ['1'], password: 'coordinator password' }))
        .status,
    ).toBe(303);
    h.clock.set('2026-11-23T22:30:00Z'); // already 24.11.2026 01:30 in Moscow
    const editorId = (await findAdminByEmail(h.core, 'editor-@mayak.test'))!.id;
    await owner.get(`/admins/${editorId}`);
    expect((await owner.post(`/admins/${editorId}/password`, { password: 'new editor password' })).status).toBe(303);
    await recordAudit(h.core, system, { action: 'mystery.thing', entity: 'gadget', entityId: 'x-1', after: { on: true } });

    const page = await owner.html('/audit');
    expect(count(page)).toBe(4);
    expect(page).toContain('23.11.2026, 12:00');
    expect(page).toContain('24.11.2026, 01:30');
    expect(page).toContain('изменение данных');
    expect(page).toContain('создан администратор');
    expect(page).toContain('пароль задан владельцем');
    expect(page).toContain('mystery.thing');
    expect(page).toContain('href="/people/5"');
    expect(page).toContain(`href="/admins/${editorId}"`);
    expect(page).toContain('ФИО: Васильева Елена Александровна → Васильева Елена Андреевна');
    expect(page).toContain('предметы: Математика, Информатика → Математика');
    expect(page).toContain('роль: координатор');
    // Newest first.
    expect(page.indexOf('mystery.thing')).toBeLessThan(page.indexOf('изменение данных'));

    expect(count(await owner.html('/audit?entity=admin'))).toBe(2);
    expect(count(await owner.html('/audit?action=person.edit'))).toBe(1);
    expect(count(await owner.html('/audit?actor=EDITOR-@mayak.test'))).toBe(1);
    expect(count(await owner.html('/audit?actor=owner-@mayak.test&entity=admin&action=admin.create'))).toBe(1);
    expect(count(await owner.html('/audit?to=23.11.2026'))).toBe(2);
    expect(count(await owner.html('/audit?from=24.11.2026'))).toBe(2);
    expect(count(await owner.html('/audit?from=2026-11-24&to=2026-11-24'))).toBe(2);
    expect(count(await owner.html('/audit?from=2026-11-23&to=23.11.2026'))).toBe(2);
    expect(count(await owner.html('/audit?from=25.11.2026'))).toBe(0);
    expect(count(await owner.html(`/audit?entity=admin&entityId=${editorId}`))).toBe(1);

    const bad = await owner.get('/audit?from=31.02.2026');
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('Дата в виде дд.мм.гггг или гггг-мм-дд');
    expect(badPage).toContain('value="31.02.2026"');
    const reversed = await owner.get('/audit?from=24.11.2026&to=23.11.2026');
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toContain('Конец периода раньше его начала');
  });

  it('pages to older entries with a stable cursor, keeping the filter', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    for (let i = 1; i <= 60; i++) await recordAudit(h.core, system, { action: 'mystery.thing', entity: 'gadget', entityId: i });
    await recordAudit(h.core, system, { action: 'other.thing', entity: 'widget', entityId: 1 });
    const first = await owner.html('/audit?entity=gadget');
    expect(count(first)).toBe(50);
    const ids = (page: string) => [...page.matchAll(/data-audit-id="(\d+)"/g)].map((m) => Number(m[1]));
    const link = nextLink(first);
    expect(link).toMatch(/entity=gadget/);
    // Another entry arriving meanwhile does not shift the next page.
    await recordAudit(h.core, system, { action: 'mystery.thing', entity: 'gadget', entityId: 61 });
    const second = await owner.html(link!);
    expect(count(second)).toBe(10);
    expect(nextLink(second)).toBeUndefined();
    const all = [...ids(first), ...ids(second)];
    expect(new Set(all).size).toBe(60);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(second).toContain('href="/audit?entity=gadget"');
  });

  it('a coordinator sees only entries about their municipalities and their own', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const editor = await PanelClient.signedIn(h, 'editor');
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    await editPerson5(editor);
    await editor.get('/people/6');
    expect((await editor.post('/people/6/status', { active: '0' })).status).toBe(303);
    await owner.get('/admins');
    await owner.post('/admins', { email: 'viewer2@mayak.test', name: '', role: 'viewer', password: 'viewer password 2' });
    await coordinator.get('/account');
    expect((await coordinator.post('/account/password', { current: password, next: 'coordinator new 42', confirm: 'coordinator new 42' })).status).toBe(303);

    expect(count(await owner.html('/audit'))).toBe(4);
    const page = await coordinator.html('/audit');
    expect(count(page)).toBe(2);
    expect(page).toContain('href="/people/5"');
    expect(page).not.toContain('/people/6');
    expect(page).toContain('сменён свой пароль');
    expect(page).not.toContain('создан администратор');
    expect(page).not.toContain('href="/admins/');
    // A filter narrows; it never widens past the scope.
    expect(count(await coordinator.html('/audit?entity=person&entityId=6'))).toBe(0);
    expect(count(await coordinator.html('/audit?actor=owner-@mayak.test'))).toBe(0);
  });

  it('nothing under /audit changes the log: POST, PUT, PATCH and DELETE are refused and the table stays as it was', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const editor = await PanelClient.signedIn(h, 'editor');
    await editPerson5(editor);
    await recordAudit(h.core, system, { action: 'mystery.thing', entity: 'gadget', entityId: 1 });
    const before = await rows();
    expect(before).toHaveLength(2);
    const page = await owner.html('/audit');
    expect(page).not.toMatch(/method="post"[^>]*action="\/audit/);
    const id = before[0]!.id;
    for (const path of ['/audit', '/audit/', `/audit/${id}`, `/audit/${id}/delete`, '/audit/clear']) {
      const form = await owner.post(path, { id: String(id), action: 'edited' });
      expect([404, 405], `POST ${path}`).toContain(form.status);
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const response = await owner.request(path, {
          method,
          headers: { 'x-csrf-token': owner.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ id, action: 'edited' }),
        });
        expect([404, 405], `${method} ${path}`).toContain(response.status);
      }
    }
    // The token used above is a good one: a real form with it is answered on its merits.
    expect((await owner.post('/account/password', { current: '', next: '', confirm: '' })).status).toBe(400);
    expect(await rows()).toEqual(before);
  });

  it('after every kind of account change the log holds no password and no hash, and the page names each change', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await PanelClient.signedIn(h, 'editor');
    const editorId = (await findAdminByEmail(h.core, 'editor-@mayak.test'))!.id;
    await owner.get('/admins');
    await owner.post('/admins', { email: 'typed@mayak.test', name: 'Typed', role: 'viewer', password: 'typed password 1' });
    const generated = /data-password[^>]*>([^<]+)</.exec(
      await (await owner.post('/admins', { email: 'gen@mayak.test', name: '', role: 'viewer', password: '', generate: '1' })).text(),
    )![1]!;
    await owner.get(`/admins/${editorId}`);
    await owner.post(`/admins/${editorId}`, { name: 'Редактор', role: 'coordinator', municipalityIds: ['1', '2'] });
    await owner.post(`/admins/${editorId}/password`, { password: 'reset password 1' });
    const resetGenerated = /data-password[^>]*>([^<]+)</.exec(
      await (await owner.post(`/admins/${editorId}/password`, { password: '', generate: '1' })).text(),
    )![1]!;
    await owner.get(`/admins/${editorId}`);
    await owner.post(`/admins/${editorId}/status`, { active: '0' });
    await owner.post(`/admins/${editorId}/status`, { active: '1' });
    await owner.post(`/admins/${editorId}/sessions`, {});
    await owner.post('/account/password', { current: password, next: 'owner new password', confirm: 'owner new password' });

    const entries = await rows();
    expect(entries.map((e) => e.action).sort()).toEqual(
      [
        'admin.create',
        'admin.create',
        'admin.edit',
        'admin.password-reset',
        'admin.password-reset',
        'admin.disable',
        'admin.enable',
        'admin.sessions-revoke',
        'admin.password-change',
      ].sort(),
    );
    expect(entries.every((e) => e.entity === 'admin' && e.entityId !== null && e.municipalityId === null)).toBe(true);
    const json = JSON.stringify(entries);
    for (const secret of [
      'typed password 1',
      generated,
      'reset password 1',
      resetGenerated,
      'owner new password',
      password,
      'pbkdf2',
      'passwordHash',
      'password_hash',
    ])
      expect(json).not.toContain(secret);

    const page = await owner.html('/audit?entity=admin');
    for (const words of [
      'создан администратор',
      'изменены данные администратора',
      'пароль задан владельцем',
      'доступ отключён',
      'доступ включён',
      'завершены все сеансы',
      'сменён свой пароль',
    ])
      expect(page).toContain(words);
    expect(page).toContain('муниципалитеты: — → 1, 2');
  });
});
