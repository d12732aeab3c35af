import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { createAdmin } from '../../core/admins/accounts.js';
import { createApiToken, type NewApiToken } from '../../core/admins/api-tokens.js';
import { actorOf } from '../../core/admins/sessions.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { Harness, user } from '../support/harness.js';

/** Demo: teachers and leads of municipality 1 are people 4 and 5; municipality 2 has teacher 6. */
const teacher = user(demoTelegramIdBase + 5, 'Demo5');

describe('JSON API: events', () => {
  let h: Harness;
  let owner: Actor;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    owner = actorOf(await createAdmin(h.core, { email: 'owner@mayak.test', password: 'correct horse battery', role: 'owner' }));
  });
  afterEach(() => h.close());

  async function token(input: Partial<NewApiToken> & Pick<NewApiToken, 'role'>): Promise<string> {
    return (await createApiToken(h.core, owner, { name: `${input.role} ${Math.random()}`, ...input })).token;
  }

  async function call(bearer: string, path: string, init: { method?: string; json?: unknown } = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await h.app.admin.request(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
    return { status: response.status, json: (await response.json()) as any };
  }

  const webinar = {
    title: 'Вебинар: функциональная грамотность',
    kind: 'webinar',
    startsAt: '2026-11-25T15:00:00+03:00',
    endsAt: '2026-11-25T16:30:00+03:00',
    link: 'https://webinar.example.ru/room/42',
    audience: { roles: ['teacher', 'school_lead'], municipalityIds: [1] },
  };

  it('creates, edits, publishes and cancels an event; the bot tells people as it does from the panel', async () => {
    const editor = await token({ role: 'editor' });
    const bad = await call(editor, '/events', {
      method: 'POST',
      json: { ...webinar, endsAt: '2026-11-25T14:00:00+03:00', link: 'room 42', reminderOffsets: [0] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { field: string; reason: string }) => `${i.field}:${i.reason}`).sort()).toEqual([
      'endsAt:end-before-start',
      'link:not-a-url',
      'reminderOffsets:reminder-after-start',
    ]);
    const noDate = await call(editor, '/events', { method: 'POST', json: { ...webinar, startsAt: 'завтра' } });
    expect(noDate.json.error.issues[0]).toMatchObject({ field: 'startsAt' });
    expect((await call(editor, '/events')).json.items).toEqual([]);

    const created = await call(editor, '/events', { method: 'POST', json: webinar });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'draft', startsAt: '2026-11-25T12:00:00.000Z', reminderOffsets: [1440, 60], going: 0 });
    const id = created.json.id as number;

    const moved = await call(editor, `/events/${id}`, { method: 'PATCH', json: { reminderOffsets: [120], capacity: 30 } });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({
      title: webinar.title,
      reminderOffsets: [120],
      capacity: 30,
      startsAt: '2026-11-25T12:00:00.000Z',
      link: webinar.link,
      audience: webinar.audience,
    });

    const published = await call(editor, `/events/${id}/publish`, { method: 'POST' });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ recipients: 2, event: { status: 'published' } });
    await h.drain();
    expect(h.lastText(teacher)).toContain('Вебинар: функциональная грамотность');
    await h.press(teacher, 'Пойду');

    const participants = await call(editor, `/events/${id}/participants`);
    expect(participants.json.items).toEqual([expect.objectContaining({ personId: 5, status: 'going', attended: null })]);
    expect((await call(editor, '/events?status=published')).json.items.map((e: { id: number }) => e.id)).toEqual([id]);
    expect((await call(editor, '/events?status=tomorrow')).status).toBe(400);

    const cancelled = await call(editor, `/events/${id}/cancel`, { method: 'POST' });
    expect(cancelled.json).toMatchObject({ status: 'cancelled', going: 1 });
    await h.drain();
    expect(h.lastText(teacher)).toContain('отменено');
  });

  it('scopes events to a coordinator’s municipalities and refuses viewers to write', async () => {
    const editor = await token({ role: 'editor' });
    const regional = (await call(editor, '/events', { method: 'POST', json: { ...webinar, municipalityId: 2 } })).json.id as number;
    const coordinator = await token({ role: 'coordinator', municipalityIds: [1] });
    expect((await call(coordinator, `/events/${regional}`)).status).toBe(404);
    expect((await call(coordinator, '/events')).json.items).toEqual([]);
    const noMunicipality = await call(coordinator, '/events', { method: 'POST', json: webinar });
    expect(noMunicipality.json.error.issues[0]).toMatchObject({ field: 'municipalityId', reason: 'municipality-required' });
    expect((await call(coordinator, '/events', { method: 'POST', json: { ...webinar, municipalityId: 2 } })).status).toBe(404);
    expect((await call(coordinator, '/events', { method: 'POST', json: { ...webinar, municipalityId: 1 } })).status).toBe(201);
    const viewer = await token({ role: 'viewer' });
    expect((await call(viewer, '/events', { method: 'POST', json: webinar })).status).toBe(403);
    expect((await call(viewer, '/events')).json.items).toHaveLength(2);
  });
});
