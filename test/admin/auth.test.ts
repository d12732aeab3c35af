import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginLimits } from '../../core/admins/sessions.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

describe('admin sign-in, sessions and CSRF', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('sends a visitor without a session to the sign-in page, and lets an owner in', async () => {
    const anonymous = new PanelClient(h);
    const response = await anonymous.get('/people');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?next=%2Fpeople');

    const owner = await PanelClient.signedIn(h, 'owner');
    expect(owner.cookie).toMatch(/^mayak_session=/);
    const page = await owner.html('/');
    expect(page).toContain('заявок ждут решения');
    expect(page).toContain('Администраторы');
  });

  it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
    await PanelClient.signedIn(h, 'owner');
    const client = new PanelClient(h);
    const response = await client.login('owner-@mayak.test', 'correct horse battery');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('refuses a wrong password with the same words as an unknown e-mail, and locks the account after repeated failures', async () => {
    await PanelClient.signedIn(h, 'editor');
    const client = new PanelClient(h);
    const wrong = await client.login('editor-@mayak.test', 'wrong password');
    expect(wrong.status).toBe(401);
    const unknown = await client.login('nobody@mayak.test', 'wrong password');
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('Неверная почта или пароль');
    for (let i = 1; i < loginLimits.perAccount; i++) await client.login('editor-@mayak.test', 'wrong');
    const locked = await client.login('editor-@mayak.test', 'correct horse battery');
    expect(locked.status).toBe(429);
    h.clock.advance(loginLimits.windowMs + 1000);
    const again = await client.login('editor-@mayak.test', 'correct horse battery');
    expect(again.status).toBe(303);
  });

  it('refuses a form without the CSRF token or with a forged one, and changes nothing', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await owner.get('/people/5');
    for (const csrf of [false, 'forged-token'] as const) {
      const response = await owner.post('/people/5/status', { active: '0' }, { csrf });
      expect(response.status).toBe(403);
    }
    expect(await owner.html('/people/5')).toContain('активен');
  });

  it('a tampered cookie or a signed-out session is no session', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const good = owner.cookie;
    owner.cookie = good.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await owner.get('/')).status).toBe(302);
    owner.cookie = good;
    await owner.get('/');
    expect((await owner.post('/logout', {})).status).toBe(303);
    owner.cookie = good;
    expect((await owner.get('/')).status).toBe(302);
  });

  it('a session expires after idle time', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    h.clock.advance(37 * 60 * 60_000);
    expect((await owner.get('/')).status).toBe(302);
  });

  it('does not follow a sign-in "next" to another site', async () => {
    await PanelClient.signedIn(h, 'viewer');
    const client = new PanelClient(h);
    const response = await client.login('viewer-@mayak.test', 'correct horse battery', { next: '//evil.example/steal' });
    expect(response.headers.get('location')).toBe('/');
  });
});
