import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAdminByEmail } from '../../core/admins/accounts.js';
import { actorOf } from '../../core/admins/sessions.js';
import { setAdminDisabled } from '../../core/admins/management.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { admins, adminSessions, auditLog } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

const password = 'correct horse battery';

/** Demo: municipality 1 Светлогорск (people 1, 3, 4, 5), 2 Берёзовский (2, 6), 3 Заречный (7). */
describe('admin accounts: the owner manages them, each admin manages their own', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function signIn(email: string, secret: string, userAgent?: string): Promise<{ client: PanelClient; status: number }> {
    const client = new PanelClient(h);
    await client.get('/login');
    const body = new URLSearchParams({ email, password: secret, _csrf: client.csrf }).toString();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (userAgent) headers['user-agent'] = userAgent;
    const response = await client.request('/login', { method: 'POST', headers, body });
    if (response.status === 303) await client.get('/');
    return { client, status: response.status };
  }

  async function adminId(email: string): Promise<number> {
    const admin = await findAdminByEmail(h.core, email);
    if (!admin) throw new Error(`no admin ${email}`);
    return admin.id;
  }

  const auditJson = async () => JSON.stringify(await h.core.database.db.select().from(auditLog));

  it('an owner creates a coordinator of municipality 1, who signs in and sees only municipality 1', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await owner.get('/admins');
    const created = await owner.post('/admins', {
      email: ' Coord@Mayak.test ',
      name: 'Соколова Ирина',
      role: 'coordinator',
      municipalityIds: ['1'],
      password: 'municipal-secret-1',
    });
    expect(created.status).toBe(303);
    const id = await adminId('coord@mayak.test');
    expect(created.headers.get('location')).toBe(`/admins/${id}?done=admin-created`);
    const row = await findAdminByEmail(h.core, 'coord@mayak.test');
    expect(row).toMatchObject({ name: 'Соколова Ирина', role: 'coordinator', municipalityIds: [1], disabledAt: null });
    expect(row!.passwordHash).toMatch(/^pbkdf2-sha256\+pepper\$100000\$/);

    const list = await owner.html('/admins');
    expect(list).toContain('coord@mayak.test');
    expect(list).toContain('Городской округ Светлогорск');

    const { client: coordinator, status } = await signIn('coord@mayak.test', 'municipal-secret-1');
    expect(status).toBe(303);
    const people = await coordinator.html('/people');
    expect(people).toContain('data-total="4"');
    expect(people).not.toContain('Петров Сергей');
    expect(await owner.html('/admins')).toMatch(new RegExp(`data-admin-id="${id}"[\\s\\S]*?data-sessions="1"`));
  });

  it('refuses a taken e-mail, municipalities on the wrong role and a short password, keeping what was typed', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await PanelClient.signedIn(h, 'editor');
    await owner.get('/admins');
    const before = (await h.core.database.db.select().from(admins)).length;

    const duplicate = await owner.post('/admins', { email: 'EDITOR-@mayak.test', name: 'Двойник Редактора', role: 'viewer', password: 'long enough password' });
    expect(duplicate.status).toBe(400);
    const page = await duplicate.text();
    expect(page).toContain('Администратор с такой почтой уже есть');
    expect(page).toContain('value="Двойник Редактора"');
    expect(page).toContain('value="EDITOR-@mayak.test"');
    // Every problem at once: the taken address and the short password.
    const two = await (await owner.post('/admins', { email: 'editor-@mayak.test', name: '', role: 'viewer', password: 'short' })).text();
    expect(two).toContain('Администратор с такой почтой уже есть');
    expect(two).toContain('Пароль — не меньше 10 знаков');

    const coordinatorWithout = await owner.post('/admins', { email: 'c2@mayak.test', name: '', role: 'coordinator', password: 'long enough password' });
    expect(coordinatorWithout.status).toBe(400);
    expect(await coordinatorWithout.text()).toContain('Отметьте хотя бы один муниципалитет');

    const editorWith = await owner.post('/admins', { email: 'e2@mayak.test', name: '', role: 'editor', municipalityIds: ['2'], password: 'short' });
    expect(editorWith.status).toBe(400);
    const both = await editorWith.text();
    expect(both).toContain('Муниципалитеты задаются только координатору');
    expect(both).toContain('Пароль — не меньше 10 знаков');
    expect(both).toMatch(/value="2" checked/);

    expect((await owner.post('/admins', { email: 'not-an-address', name: '', role: 'viewer', password: 'long enough password' })).status).toBe(400);
    expect(
      (await owner.post('/admins', { email: 'c3@mayak.test', name: '', role: 'coordinator', municipalityIds: ['99'], password: 'long enough password' }))
        .status,
    ).toBe(400);
    expect((await h.core.database.db.select().from(admins)).length).toBe(before);
  });

  it('a generated password is shown once, works, and appears nowhere in the log', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await owner.get('/admins');
    const response = await owner.post('/admins', { email: 'viewer2@mayak.test', name: 'Наблюдатель', role: 'viewer', password: '', generate: '1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const generated = /data-password[^>]*>([^<]+)</.exec(await response.text())?.[1];
    expect(generated).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await owner.html(`/admins/${await adminId('viewer2@mayak.test')}`)).not.toContain(generated!);
    expect((await signIn('viewer2@mayak.test', generated!)).status).toBe(303);
    const log = await auditJson();
    expect(log).toContain('admin.create');
    expect(log).not.toContain(generated!);
    expect(log).not.toMatch(/pbkdf2|passwordHash|password_hash/);
  });

  it('editors, coordinators and viewers get 403 on every /admins route and change nothing', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const ownerId = await adminId('owner-@mayak.test');
    const clients = [await PanelClient.signedIn(h, 'editor'), await PanelClient.signedIn(h, 'coordinator', [1]), await PanelClient.signedIn(h, 'viewer')];
    const targetId = await adminId('viewer-@mayak.test');
    for (const client of clients) {
      for (const path of ['/admins', `/admins/${ownerId}`, `/admins/${targetId}`, '/admins/999', '/admins/nothing-here'])
        expect((await client.get(path)).status, path).toBe(403);
      const posts: [string, Record<string, string>][] = [
        ['/admins', { email: 'intruder@mayak.test', name: '', role: 'owner', password: 'intruder password' }],
        [`/admins/${ownerId}`, { name: 'Захват', role: 'viewer' }],
        [`/admins/${targetId}`, { name: '', role: 'owner' }],
        [`/admins/${ownerId}/password`, { password: 'intruder password' }],
        [`/admins/${ownerId}/status`, { active: '0' }],
        [`/admins/${ownerId}/sessions`, {}],
      ];
      for (const [path, form] of posts) expect((await client.post(path, form)).status, path).toBe(403);
      // The same client's CSRF token is good: a form it may send is answered on its merits, not with 403.
      expect((await client.post('/account/password', { current: '', next: '', confirm: '' })).status).toBe(400);
    }
    expect(await findAdminByEmail(h.core, 'intruder@mayak.test')).toBeUndefined();
    expect(await findAdminByEmail(h.core, 'owner-@mayak.test')).toMatchObject({ role: 'owner', disabledAt: null, name: null });
    expect(await findAdminByEmail(h.core, 'viewer-@mayak.test')).toMatchObject({ role: 'viewer' });
    expect((await owner.get('/')).status).toBe(200);
    expect((await signIn('owner-@mayak.test', password)).status).toBe(303);
    expect(await owner.html('/')).toContain('Администраторы');
    expect(await clients[0]!.html('/')).not.toContain('href="/admins"');
  });

  it('an owner edits role, municipalities and name; the change applies to the open session at once', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await adminId('editor-@mayak.test');
    expect(await editor.html('/people')).toContain('data-total="7"');
    await owner.get(`/admins/${id}`);
    const saved = await owner.post(`/admins/${id}`, { name: 'Лебедев', role: 'coordinator', municipalityIds: ['2'] });
    expect(saved.status).toBe(303);
    expect(await findAdminByEmail(h.core, 'editor-@mayak.test')).toMatchObject({ name: 'Лебедев', role: 'coordinator', municipalityIds: [2] });
    expect(await editor.html('/people')).toContain('data-total="2"');
    const card = await owner.html(`/admins/${id}`);
    expect(card).toContain('изменены данные администратора');
    expect(card).toContain('роль: редактор → координатор');
    expect(card).toContain('муниципалитеты: — → 2');
  });

  it('resetting a password logs that admin out everywhere; the new password works, the old one does not', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await adminId('editor-@mayak.test');
    expect((await editor.get('/')).status).toBe(200);
    await owner.get(`/admins/${id}`);
    expect((await owner.post(`/admins/${id}/password`, { password: 'short' })).status).toBe(400);
    expect((await editor.get('/')).status).toBe(200);

    const reset = await owner.post(`/admins/${id}/password`, { password: 'brand new password 2026' });
    expect(reset.status).toBe(303);
    const again = await editor.get('/');
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toMatch(/^\/login/);
    expect((await signIn('editor-@mayak.test', password)).status).toBe(401);
    expect((await signIn('editor-@mayak.test', 'brand new password 2026')).status).toBe(303);
    expect((await owner.get('/')).status).toBe(200);

    const log = await auditJson();
    expect(log).toContain('admin.password-reset');
    expect(log).not.toContain('brand new password 2026');
    expect(log).not.toMatch(/pbkdf2|passwordHash|password_hash/);
  });

  it('a disabled admin cannot sign in and is signed out; enabling lets them back', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const viewer = await PanelClient.signedIn(h, 'viewer');
    const id = await adminId('viewer-@mayak.test');
    await owner.get(`/admins/${id}`);
    expect((await owner.post(`/admins/${id}/status`, { active: '0' })).status).toBe(303);
    expect((await findAdminByEmail(h.core, 'viewer-@mayak.test'))?.disabledAt).toBe(h.clock.now());
    expect((await viewer.get('/')).status).toBe(302);
    expect((await signIn('viewer-@mayak.test', password)).status).toBe(401);
    const live = await h.core.database.db.select().from(adminSessions).where(eq(adminSessions.adminId, id));
    expect(live.every((s) => s.revokedAt !== null)).toBe(true);
    expect(await owner.html('/admins')).toContain('отключён');

    expect((await owner.post(`/admins/${id}/status`, { active: '1' })).status).toBe(303);
    expect((await signIn('viewer-@mayak.test', password)).status).toBe(303);
  });

  it('the owner can revoke all sessions of an admin without touching the password', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await adminId('editor-@mayak.test');
    await owner.get(`/admins/${id}`);
    expect((await owner.post(`/admins/${id}/sessions`, {})).status).toBe(303);
    expect((await editor.get('/')).status).toBe(302);
    expect((await signIn('editor-@mayak.test', password)).status).toBe(303);
  });

  it('the last active owner can neither disable nor demote themselves; with a second owner they can', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const id = await adminId('owner-@mayak.test');
    await owner.get(`/admins/${id}`);
    const disable = await owner.post(`/admins/${id}/status`, { active: '0' });
    expect(disable.status).toBe(400);
    expect(await disable.text()).toContain('последний активный владелец');
    const demote = await owner.post(`/admins/${id}`, { name: '', role: 'editor' });
    expect(demote.status).toBe(400);
    expect(await demote.text()).toContain('последний активный владелец');
    expect(await findAdminByEmail(h.core, 'owner-@mayak.test')).toMatchObject({ role: 'owner', disabledAt: null });
    expect(await auditJson()).not.toMatch(/admin\.(disable|edit)/);

    // A disabled second owner does not count.
    await owner.post('/admins', { email: 'owner2@mayak.test', name: '', role: 'owner', password: 'second owner password' });
    const second = await adminId('owner2@mayak.test');
    await owner.post(`/admins/${second}/status`, { active: '0' });
    expect((await owner.post(`/admins/${id}`, { name: '', role: 'editor' })).status).toBe(400);

    await owner.post(`/admins/${second}/status`, { active: '1' });
    expect((await owner.post(`/admins/${id}`, { name: '', role: 'editor' })).status).toBe(303);
    expect((await findAdminByEmail(h.core, 'owner-@mayak.test'))?.role).toBe('editor');
    expect((await owner.get('/admins')).status).toBe(403);
  });

  it('two owners disabling each other at the same moment leave one of them active', async () => {
    await PanelClient.signedIn(h, 'owner', [], 'a@mayak.test');
    await PanelClient.signedIn(h, 'owner', [], 'b@mayak.test');
    const a = (await findAdminByEmail(h.core, 'a@mayak.test'))!;
    const b = (await findAdminByEmail(h.core, 'b@mayak.test'))!;
    const results = await Promise.allSettled([setAdminDisabled(h.core, actorOf(a), b.id, true), setAdminDisabled(h.core, actorOf(b), a.id, true)]);
    const active = (await h.core.database.db.select().from(admins)).filter((x) => x.role === 'owner' && x.disabledAt === null);
    expect(active).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    const entries = (await h.core.database.db.select().from(auditLog)).filter((e) => e.action === 'admin.disable');
    expect(entries).toHaveLength(1);
    const survivor = active[0]!;
    const survivorSessions = await h.core.database.db.select().from(adminSessions).where(eq(adminSessions.adminId, survivor.id));
    expect(survivorSessions.some((s) => s.revokedAt === null)).toBe(true);
  });

  it("changing one's own password checks the current one, ends the other sessions and keeps this one", async () => {
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const { client: otherDevice } = await signIn('coordinator-1@mayak.test', password);
    await coordinator.get('/account');

    const wrong = await coordinator.post('/account/password', { current: 'not my password', next: 'my new password 42', confirm: 'my new password 42' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Текущий пароль неверен');
    const mismatch = await coordinator.post('/account/password', { current: password, next: 'my new password 42', confirm: 'my new password 43' });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('Пароли не совпадают');
    const short = await coordinator.post('/account/password', { current: password, next: 'short', confirm: 'short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('не меньше 10');
    expect((await otherDevice.get('/')).status).toBe(200);

    const ok = await coordinator.post('/account/password', { current: password, next: 'my new password 42', confirm: 'my new password 42' });
    expect(ok.status).toBe(303);
    expect((await coordinator.get('/account')).status).toBe(200);
    expect(await coordinator.html('/account?done=account-password-changed')).toContain('Остальные сеансы завершены');
    expect((await otherDevice.get('/')).status).toBe(302);
    expect((await signIn('coordinator-1@mayak.test', password)).status).toBe(401);
    expect((await signIn('coordinator-1@mayak.test', 'my new password 42')).status).toBe(303);
    const log = await auditJson();
    expect(log).toContain('admin.password-change');
    expect(log).not.toContain('my new password 42');
    expect(log).not.toMatch(/pbkdf2|passwordHash|password_hash/);
  });

  it('wrong current passwords are limited like sign-ins', async () => {
    const viewer = await PanelClient.signedIn(h, 'viewer');
    await viewer.get('/account');
    for (let i = 0; i < 5; i++) await viewer.post('/account/password', { current: `guess ${i}`, next: 'my new password 42', confirm: 'my new password 42' });
    const locked = await viewer.post('/account/password', { current: password, next: 'my new password 42', confirm: 'my new password 42' });
    expect(locked.status).toBe(400);
    expect(await locked.text()).toContain('Слишком много неверных попыток');
    expect((await signIn('viewer-@mayak.test', 'my new password 42')).status).toBe(401);
  });

  it('/account lists own live sessions, and "sign out on every device" ends them all, this one too', async () => {
    await PanelClient.signedIn(h, 'viewer');
    const { client: phone } = await signIn(
      'viewer-@mayak.test',
      password,
      'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    );
    const { client: laptop } = await signIn('viewer-@mayak.test', password, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0');
    const page = await laptop.html('/account');
    expect(page).toContain('data-sessions="3"');
    expect(page).toContain('Chrome 131 · Android');
    expect(page).toContain('Firefox 133 · Windows');
    expect(page).toContain('этот сеанс');

    const out = await laptop.post('/account/sign-out-everywhere', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    expect((await laptop.get('/account')).status).toBe(302);
    expect((await phone.get('/')).status).toBe(302);
    const id = await adminId('viewer-@mayak.test');
    const sessions = await h.core.database.db.select().from(adminSessions).where(eq(adminSessions.adminId, id));
    expect(sessions.every((s) => s.revokedAt !== null)).toBe(true);
    expect((await signIn('viewer-@mayak.test', password)).status).toBe(303);
  });
});
