import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../core/admins/audit.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { createInvite } from '../../core/onboarding/invites.js';
import { invites } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';

/** Demo: municipality 1 Светлогорск (schools 1, 2), 2 Берёзовский (schools 3, 4), 3 Заречный (school 5). */
const owner = ownerActor;
const linkPattern = /https:\/\/t\.me\/mayak_sandbox_bot\?start=in_([A-Za-z0-9_-]+)/;

describe('invite links in the panel', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const audit = (action: string) => listAudit(h.core, { all: true }, owner, { action });
  const allInvites = () => h.core.database.db.select().from(invites);

  /** Creates through the form; returns the new invite's id from the redirect. */
  async function create(client: PanelClient, form: Record<string, string>): Promise<number> {
    await client.get('/invites');
    const response = await client.post('/invites', { maxUses: '1', validDays: '14', ...form });
    expect(response.status).toBe(303);
    const match = /^\/invites\/(\d+)\?done=invite-created$/.exec(response.headers.get('location') ?? '');
    expect(match).not.toBeNull();
    return Number(match![1]);
  }

  /** The bot side of registering by a link, for a teacher: consent, a subject, the name, send. */
  async function registerByLink(who: ReturnType<typeof user>, code: string, name: string) {
    await h.send(who, `/start in_${code}`);
    await h.press(who, 'Согласен');
    await h.press(who, 'Русский язык');
    await h.press(who, 'Готово');
    await h.send(who, name);
    await h.press(who, 'Отправить');
  }

  it('an editor creates an invite, sees the full link with a copy button, and the link registers without approval until used up', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await create(editor, { role: 'teacher', schoolId: '1', maxUses: '1', validDays: '7' });
    const card = await editor.html(`/invites/${id}?done=invite-created`);
    expect(card).toContain('Приглашение создано');
    const code = linkPattern.exec(card)?.[1];
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(card).toContain('id="invite-link"');
    expect(card).toContain('data-copy-from="invite-link"');
    expect(card).toContain('Скопировать');
    const [stored] = await h.core.database.db.select().from(invites).where(eq(invites.id, id));
    expect(stored).toMatchObject({
      code,
      role: 'teacher',
      schoolId: 1,
      municipalityId: 1,
      maxUses: 1,
      uses: 0,
      createdBy: 'editor-@mayak.test',
      revokedAt: null,
    });
    expect(stored!.expiresAt - stored!.createdAt).toBe(7 * 86_400_000);

    const [entry] = await audit('invite.create');
    expect(entry).toMatchObject({
      actor: 'editor-@mayak.test',
      entity: 'invite',
      entityId: String(id),
      municipalityId: 1,
      after: { role: 'teacher', schoolId: 1, municipalityId: 1, maxUses: 1 },
    });
    expect(JSON.stringify(entry)).not.toContain(code!); // the code is a key: never in the log

    const maria = user(6101, 'Мария');
    await registerByLink(maria, code!, 'Смирнова Мария Ильинична');
    expect(h.lastText(maria)).toContain('вы зарегистрированы');
    expect(await findPersonByTelegramId(h.core, maria.id)).toMatchObject({
      status: 'active',
      roles: ['teacher'],
      schoolId: 1,
      municipalityId: 1,
      inviteId: id,
    });

    const used = await editor.html(`/invites/${id}`);
    expect(used).toContain('data-status="used-up"');
    expect(used).toContain('1 из 1');
    expect(used).toContain('Смирнова Мария Ильинична');
    expect(used).not.toContain('id="invite-link"'); // a dead link is not offered for copying
    expect(await editor.html('/invites')).toMatch(new RegExp(`data-invite="${id}"[\\s\\S]*?data-status="used-up"`));

    const petr = user(6102, 'Пётр');
    await h.send(petr, `/start in_${code}`);
    expect(h.lastText(petr)).toContain('использовано максимальное число раз');
    expect(await findPersonByTelegramId(h.core, petr.id)).toBeUndefined();
  });

  it('revokes: the link stops working in the bot, audited once; revoking again changes nothing', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await create(editor, { role: 'curator', municipalityId: '2', maxUses: '5' });
    const code = linkPattern.exec(await editor.html(`/invites/${id}`))?.[1];
    expect(code).toBeDefined();

    const revoked = await editor.post(`/invites/${id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe(`/invites/${id}?done=invite-revoked`);
    const card = await editor.html(`/invites/${id}?done=invite-revoked`);
    expect(card).toContain('Приглашение отозвано');
    expect(card).toContain('data-status="revoked"');
    expect(card).not.toContain(`action="/invites/${id}/revoke"`);
    expect((await allInvites())[0]?.revokedAt).toBe(h.clock.now());
    expect(await audit('invite.revoke')).toMatchObject([{ entityId: String(id), municipalityId: 2, after: { revokedAt: h.clock.now() } }]);

    const olga = user(6103, 'Ольга');
    await h.send(olga, `/start in_${code}`);
    expect(h.lastText(olga)).toContain('не найдено или отозвано');
    expect(await findPersonByTelegramId(h.core, olga.id)).toBeUndefined();

    const again = await editor.post(`/invites/${id}/revoke`, {});
    expect(again.headers.get('location')).toBe(`/invites/${id}?done=invite-already-revoked`);
    expect(await audit('invite.revoke')).toHaveLength(1);
  });

  it('validates the form with field errors and keeps what was typed', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/invites');
    const bounds = await editor.post('/invites', { role: 'teacher', schoolId: '1', maxUses: '0', validDays: '400' });
    expect(bounds.status).toBe(400);
    const boundsPage = await bounds.text();
    expect(boundsPage).toContain('не меньше 1');
    expect(boundsPage).toContain('не больше 365');
    expect(boundsPage).toContain('name="maxUses" type="number" min="1" max="10000" value="0"');
    expect(boundsPage).toContain('value="400"');
    expect(boundsPage).toMatch(/<option value="1" selected[^>]*>СОШ № 5/);

    const tooMany = await editor.post('/invites', { role: 'teacher', schoolId: '1', maxUses: '10001', validDays: '14' });
    expect(await tooMany.text()).toMatch(/не больше 10\s000/);

    const noSchool = await editor.post('/invites', { role: 'school_lead', schoolId: '', municipalityId: '1', maxUses: '3', validDays: '14' });
    expect(noSchool.status).toBe(400);
    const noSchoolPage = await noSchool.text();
    expect(noSchoolPage).toContain('Для этой роли нужна школа');
    expect(noSchoolPage).toMatch(/<option value="school_lead" selected/);

    const mismatch = await editor.post('/invites', { role: 'teacher', schoolId: '3', municipalityId: '1', maxUses: '1', validDays: '14' });
    expect(await mismatch.text()).toContain('Эта школа не из выбранного муниципалитета');
    const unknown = await editor.post('/invites', { role: 'curator', municipalityId: '99', maxUses: '1', validDays: '14' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Такого муниципалитета нет');
    const badRole = await editor.post('/invites', { role: 'wizard', schoolId: '1', maxUses: '1', validDays: '14' });
    expect(badRole.status).toBe(400);
    expect(await allInvites()).toEqual([]);
    expect(await audit('invite.create')).toEqual([]);
  });

  it('a coordinator invites only to their municipality and only teachers, school leads and curators; sees no other links', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const foreign = await create(editor, { role: 'teacher', schoolId: '3' }); // municipality 2
    const coordinatorInvite = await create(editor, { role: 'coordinator', municipalityId: '1' });

    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const list = await coordinator.html('/invites');
    const form = list.slice(list.indexOf('id="new-invite"'), list.indexOf('</form>', list.indexOf('id="new-invite"')));
    expect(form).toContain('<option value="curator"');
    expect(form).not.toContain('<option value="coordinator"');
    expect(form).not.toContain('<option value="editor"');
    expect(form).not.toContain('Берёзовская СОШ');
    expect(form).toContain('Лицей № 1');

    const outside = await coordinator.post('/invites', { role: 'teacher', schoolId: '3', maxUses: '1', validDays: '14' });
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('Такой школы нет');
    const otherMunicipality = await coordinator.post('/invites', { role: 'curator', municipalityId: '2', maxUses: '1', validDays: '14' });
    expect(otherMunicipality.status).toBe(400);
    expect(await otherMunicipality.text()).toContain('Такого муниципалитета нет');
    const tooHigh = await coordinator.post('/invites', { role: 'coordinator', municipalityId: '1', maxUses: '1', validDays: '14' });
    expect(tooHigh.status).toBe(400);
    expect(await tooHigh.text()).toContain('создают владелец или редактор');
    expect(await allInvites()).toHaveLength(2);

    const own = await create(coordinator, { role: 'school_lead', schoolId: '2', maxUses: '3' });
    expect(linkPattern.test(await coordinator.html(`/invites/${own}`))).toBe(true);

    // The list: their municipality only.
    const scoped = await coordinator.html('/invites');
    expect(scoped).toContain(`data-invite="${own}"`);
    expect(scoped).toContain(`data-invite="${coordinatorInvite}"`);
    expect(scoped).not.toContain(`data-invite="${foreign}"`);
    expect((await coordinator.get(`/invites/${foreign}`)).status).toBe(404);
    expect((await coordinator.post(`/invites/${foreign}/revoke`, {})).status).toBe(404);
    // A coordinator's invite in their municipality: listed, but its link (a way to become coordinator) is not theirs to see or revoke.
    const card = await coordinator.html(`/invites/${coordinatorInvite}`);
    expect(linkPattern.test(card)).toBe(false);
    expect(card).toContain('Ссылку видят только те');
    expect((await coordinator.post(`/invites/${coordinatorInvite}/revoke`, {})).status).toBe(403);
    expect((await allInvites()).every((i) => i.revokedAt === null)).toBe(true);

    const coordinator2 = await PanelClient.signedIn(h, 'coordinator', [2]);
    const theirs = await coordinator2.html('/invites');
    expect(theirs).toContain(`data-invite="${foreign}"`);
    expect(theirs).not.toContain(`data-invite="${own}"`);
  });

  it('a viewer sees the list but no form, no links, and cannot create or revoke', async () => {
    const { invite } = await createInvite(h.core, { role: 'teacher', schoolId: 1, maxUses: 2 }, 'cli');
    const viewer = await PanelClient.signedIn(h, 'viewer');
    const list = await viewer.html('/invites');
    expect(list).toContain(`data-invite="${invite.id}"`);
    expect(list).toContain('cli');
    expect(list).not.toContain('id="new-invite"');
    expect(linkPattern.test(await viewer.html(`/invites/${invite.id}`))).toBe(false);
    expect((await viewer.post('/invites', { role: 'teacher', schoolId: '1', maxUses: '1', validDays: '14' })).status).toBe(403);
    expect((await viewer.post(`/invites/${invite.id}/revoke`, {})).status).toBe(403);
    expect(await allInvites()).toHaveLength(1);
  });

  it('shows statuses as time passes, newest first, and filters by status', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const short = await create(editor, { role: 'curator', municipalityId: '3', validDays: '1' });
    const long = await create(editor, { role: 'curator', municipalityId: '3', validDays: '30' });
    h.clock.advance(2 * 86_400_000);
    const later = await PanelClient.signedIn(h, 'editor', [], 'editor-later@mayak.test'); // the first session has expired by now
    const list = await later.html('/invites');
    expect(list.indexOf(`data-invite="${long}"`)).toBeLessThan(list.indexOf(`data-invite="${short}"`));
    expect(list).toMatch(new RegExp(`data-invite="${short}"[\\s\\S]*?data-status="expired"`));
    expect(list).toMatch(new RegExp(`data-invite="${long}"[\\s\\S]*?data-status="active"`));
    const expired = await later.html('/invites?status=expired');
    expect(expired).toContain(`data-invite="${short}"`);
    expect(expired).not.toContain(`data-invite="${long}"`);
    const active = await later.html('/invites?status=active&role=');
    expect(active).toContain(`data-invite="${long}"`);
    expect(active).not.toContain(`data-invite="${short}"`);
    expect(await later.html('/invites?status=forever')).toContain('Фильтр содержит неверные значения');
  });
});
