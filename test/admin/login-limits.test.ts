import { afterEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import { loginLimits } from '../../core/admins/sessions.js';
import { loginFailures } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

const password = 'correct horse battery';

describe('sign-in limits by account and by address, the form’s CSRF token, the password-change limit', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function start(config: Record<string, string> = {}) {
    h = await Harness.start({ config });
    for (const email of ['anna@mayak.test', 'boris@mayak.test']) await createAdmin(h.core, { email, password, role: 'editor', municipalityIds: [] });
  }

  it('behind a trusted proxy, failures from one address pace its other accounts instead of locking them', async () => {
    await start({ TRUST_PROXY: 'true' });
    const attacker = new PanelClient(h);
    expect((await attacker.login('guess@mayak.test', 'wrong', { address: '10.0.0.66' })).status).toBe(401);
    await failedBefore('ip:10.0.0.66', loginLimits.perAddress - 1);
    // The address is hot: Boris's account may be tried from it once per pace, a wrong guess takes the slot.
    expect((await attacker.login('boris@mayak.test', 'wrong', { address: '10.0.0.66' })).status).toBe(401);
    const boris = new PanelClient(h);
    const paced = await boris.login('boris@mayak.test', password, { address: '10.0.0.66' });
    expect(paced.status).toBe(429);
    expect(await paced.text()).toContain('Подождите 10 секунд');
    h.clock.advance(loginLimits.hotAddressPaceMs);
    expect((await boris.login('boris@mayak.test', password, { address: '10.0.0.66' })).status).toBe(303);
    // Another address was never hot: Anna gets in at once.
    expect((await new PanelClient(h).login('anna@mayak.test', password, { address: '10.0.0.7' })).status).toBe(303);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not spread failures over many addresses', async () => {
    await start();
    const attacker = new PanelClient(h);
    // The connection's address (the harness has none: "unknown") is hot, whatever the header says.
    await failedBefore('ip:unknown', loginLimits.perAddress);
    expect((await attacker.login('anna@mayak.test', 'wrong', { address: '10.0.2.1' })).status).toBe(401);
    expect((await attacker.login('anna@mayak.test', 'wrong again', { address: '10.0.2.2' })).status).toBe(429);
  });

  /** Failed sign-ins a minute ago, as the limits store them (each real one costs a slow password hash). */
  async function failedBefore(key: string, n: number) {
    const at = h.clock.now() - 60_000;
    await h.core.database.db.insert(loginFailures).values(Array.from({ length: n }, () => ({ key, at })));
  }

  it('an account’s own failures lock it, also when the guesses arrive in parallel', async () => {
    await start();
    const client = new PanelClient(h);
    await client.get('/login');
    const answers = await Promise.all(Array.from({ length: 12 }, () => client.login('anna@mayak.test', 'wrong')));
    expect(answers.filter((r) => r.status === 401).length).toBeLessThanOrEqual(loginLimits.perAccount);
    expect((await client.login('anna@mayak.test', password)).status).toBe(429);
    h.clock.advance(loginLimits.windowMs + 1000);
    expect((await client.login('anna@mayak.test', password)).status).toBe(303);
  });

  it('the sign-in form carries a CSRF token: a post without it, or with another, signs nobody in', async () => {
    await start();
    const forged = new PanelClient(h);
    const none = await forged.post('/login', { email: 'anna@mayak.test', password }, { csrf: false });
    expect(none.status).toBe(403);
    expect(none.headers.get('set-cookie') ?? '').not.toContain('mayak_session');
    const other = new PanelClient(h);
    await other.get('/login');
    const wrong = await other.post('/login', { email: 'anna@mayak.test', password }, { csrf: 'not-the-token' });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('Форма входа устарела');
    expect((await other.login('anna@mayak.test', password)).status).toBe(303);
  });

  it('the current password when changing it: a few wrong guesses, also in parallel, then even the right one waits', async () => {
    await start();
    const anna = await PanelClient.signedIn(h, 'viewer', [], 'viewer@mayak.test');
    await anna.get('/account');
    const change = (current: string) => anna.post('/account/password', { current, next: 'a brand new passphrase', confirm: 'a brand new passphrase' });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`wrong ${i}`)));
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(texts.filter((t) => t.includes('Текущий пароль неверен')).length).toBeLessThanOrEqual(loginLimits.perAccount);
    expect(await (await change(password)).text()).toContain('Слишком много неверных попыток');
    h.clock.advance(loginLimits.windowMs + 1000);
    expect((await change(password)).status).toBe(303);
  });
});
