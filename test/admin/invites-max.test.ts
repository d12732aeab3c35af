import { afterEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import { actorOf } from '../../core/admins/sessions.js';
import { createApiToken } from '../../core/admins/api-tokens.js';
import { storedMessengerIdentity } from '../../core/deliveries/messenger-identity.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createInvite } from '../../core/onboarding/invites.js';
import { sandboxMaxBotUsername } from '../../sandbox/fake-max-api.js';
import { Harness } from '../support/harness.js';
import { MaxFlow } from '../support/max.js';
import { ownerActor, PanelClient } from '../support/panel.js';

const telegramLink = /https:\/\/t\.me\/mayak_sandbox_bot\?start=in_([A-Za-z0-9_-]{22})/;
const maxLink = new RegExp(`https://max\\.ru/${sandboxMaxBotUsername}\\?start=in_([A-Za-z0-9_-]{22})`);

/** The invite card and the API with and without MAX: MAX's link beside Telegram's only where a MAX bot runs. */
describe('invite links for MAX', () => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());

  async function inviteCard(h: Harness): Promise<string> {
    const { invite } = await createInvite(h.core, { role: 'teacher', schoolId: 1 }, ownerActor);
    const editor = await PanelClient.signedIn(h, 'editor');
    const card = await editor.html(`/invites/${invite.id}`);
    expect(card).toContain('id="invite-link"');
    return card;
  }

  it('without MAX the card shows Telegram’s link alone, under its plain label', async () => {
    const h = await Harness.start();
    close = () => h.close();
    await loadDemoRegion(h.core);
    const card = await inviteCard(h);
    expect(card).toMatch(telegramLink);
    expect(card).not.toContain('max.ru');
    expect(card).not.toContain('id="invite-link-max"');
    expect(card).toContain('Ссылка-приглашение<');
  });

  it('with MAX the name is learnt from GET /me and remembered; the card and the API show both links, and the panel asks MAX nothing', async () => {
    const f = await MaxFlow.start();
    close = () => f.close();
    await loadDemoRegion(f.h.core);
    await f.h.app.max!.identify();
    expect((await storedMessengerIdentity(f.h.core, 'max'))?.username).toBe(sandboxMaxBotUsername);
    const asked = f.max.callsOf('getMyInfo').length;
    expect(asked).toBe(1);

    const card = await inviteCard(f.h);
    const tg = telegramLink.exec(card)?.[1];
    const mx = maxLink.exec(card)?.[1];
    expect(tg).toBeDefined();
    expect(mx).toBe(tg);
    expect(card).toContain('Ссылка-приглашение в Telegram');
    expect(card).toContain('Ссылка-приглашение в MAX');
    expect(card).toContain('data-copy-from="invite-link-max"');

    const owner = actorOf(await createAdmin(f.h.core, { email: 'owner@mayak.test', password: 'correct horse battery', role: 'owner' }));
    const { token } = await createApiToken(f.h.core, owner, { name: 'links', role: 'editor' });
    const created = await f.h.app.admin.request('/api/v1/invites', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'teacher', schoolId: 2 }),
    });
    expect(created.status).toBe(201);
    const { invite } = (await created.json()) as { invite: { link: string; maxLink: string | null } };
    expect(invite.link).toMatch(telegramLink);
    expect(invite.maxLink).toMatch(maxLink);
    const listed = (await (await f.h.app.admin.request('/api/v1/invites', { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { maxLink: string | null }[];
    };
    expect(listed.items.every((item) => item.maxLink !== null && maxLink.test(item.maxLink))).toBe(true);
    expect(f.max.callsOf('getMyInfo')).toHaveLength(asked);
  });

  it('a MAX invite link registers on MAX: its payload is the same invite', async () => {
    const f = await MaxFlow.start();
    close = () => f.close();
    await loadDemoRegion(f.h.core);
    await f.h.app.max!.identify();
    const { maxLink: link } = await createInvite(f.h.core, { role: 'teacher', schoolId: 1 }, ownerActor);
    const payload = new URL(link!).searchParams.get('start')!;
    const ola = { user_id: 5001, first_name: 'Ольга' };
    await f.starts(ola, 'in_not-a-real-code-000000');
    expect(f.lastText(ola)).toContain('Приглашение не найдено');
    await f.starts(ola, payload);
    expect(f.lastText(ola)).toContain('согласие');
    await f.press(ola, 'Согласен');
    expect(f.lastText(ola)).not.toContain('Приглашение не найдено');
  });
});
