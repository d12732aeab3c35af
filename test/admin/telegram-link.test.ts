import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { telegramIdOfAdmin } from '../../core/broadcasts/telegram-link.js';
import { telegramLinkLimits } from '../../core/broadcasts/telegram-link.js';
import { findAdminByEmail } from '../../core/admins/accounts.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

const codeIn = (text: string) => /<b>(\d{6})<\/b>/.exec(text)?.[1];

describe('linking a Telegram id to a panel account needs the code the bot sends to it', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it('no code, no link; a wrong code counts; the right one links; it expires', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const me = (await findAdminByEmail(h.core, 'editor-@mayak.test'))!;
    await editor.get('/broadcasts/telegram');
    expect((await editor.post('/broadcasts/telegram', { telegramId: '777001' })).status).toBe(303);
    expect(await telegramIdOfAdmin(h.core, me.id)).toBeNull();
    await h.drain();
    const code = codeIn(h.lastText(777001))!;
    expect(code).toBeDefined();
    const page = await editor.html('/broadcasts/telegram?done=telegram-code-sent');
    expect(page).toContain('Код из Telegram');
    const wrong = await editor.post('/broadcasts/telegram/confirm', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Код неверен');
    expect(await telegramIdOfAdmin(h.core, me.id)).toBeNull();
    expect((await editor.post('/broadcasts/telegram/confirm', { code })).status).toBe(303);
    expect(await telegramIdOfAdmin(h.core, me.id)).toBe(777001);

    // A new id: its code expires unused.
    await editor.post('/broadcasts/telegram', { telegramId: '777002' });
    await h.drain();
    const late = codeIn(h.lastText(777002))!;
    h.clock.advance(telegramLinkLimits.codeTtlMs + 1000);
    expect(await (await editor.post('/broadcasts/telegram/confirm', { code: late })).text()).toContain('Код устарел');
    expect(await telegramIdOfAdmin(h.core, me.id)).toBe(777001);
  });

  it('after a few wrong codes even the right one is refused; an owner links a colleague with the code the colleague tells', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await PanelClient.signedIn(h, 'viewer');
    const colleague = (await findAdminByEmail(h.core, 'viewer-@mayak.test'))!;
    await owner.get('/broadcasts/telegram');
    await owner.post('/broadcasts/telegram', { adminId: String(colleague.id), telegramId: '777003' });
    await h.drain();
    const code = codeIn(h.lastText(777003))!;
    const other = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < telegramLinkLimits.attempts; i++) await owner.post('/broadcasts/telegram/confirm', { adminId: String(colleague.id), code: other });
    expect(await (await owner.post('/broadcasts/telegram/confirm', { adminId: String(colleague.id), code })).text()).toContain(
      'Слишком много неверных попыток',
    );
    expect(await telegramIdOfAdmin(h.core, colleague.id)).toBeNull();

    await owner.post('/broadcasts/telegram', { adminId: String(colleague.id), telegramId: '777003' });
    await h.drain();
    const fresh = codeIn(h.lastText(777003))!;
    expect((await owner.post('/broadcasts/telegram/confirm', { adminId: String(colleague.id), code: fresh })).status).toBe(303);
    expect(await telegramIdOfAdmin(h.core, colleague.id)).toBe(777003);
  });
});
