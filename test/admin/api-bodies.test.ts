import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import { createApiToken } from '../../core/admins/api-tokens.js';
import { actorOf } from '../../core/admins/sessions.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { Harness } from '../support/harness.js';

/** The edges of reading a request that the validators of @hono/zod-openapi would read otherwise. */
describe('JSON API: bodies and queries at the edges', () => {
  let h: Harness;
  let editor: string;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    const owner = actorOf(await createAdmin(h.core, { email: 'owner@mayak.test', password: 'correct horse battery', role: 'owner' }));
    editor = (await createApiToken(h.core, owner, { name: 'ГИС', role: 'editor' })).token;
  });
  afterEach(() => h.close());

  const call = async (path: string, init: { method?: string; body?: string; type?: string } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${editor}` };
    if (init.type) headers['content-type'] = init.type;
    const response = await h.app.admin.request(`/api/v1${path}`, { method: init.method ?? 'GET', headers, body: init.body });
    return { status: response.status, json: (await response.json()) as any };
  };

  it('reads an empty body as {} whatever its declared type; a body of another type is not-json', async () => {
    for (const type of [undefined, 'application/json', 'text/plain']) {
      const empty = await call('/people/5', { method: 'PATCH', body: type === 'application/json' ? '  ' : '', type });
      expect(empty.status, String(type)).toBe(200);
      expect(empty.json).toMatchObject({ id: 5, fullName: 'Васильева Елена Александровна' });
      const noReason = await call('/registrations/5/reject', { method: 'POST', body: '', type });
      expect(noReason.json.error.issues[0], String(type)).toMatchObject({ field: 'reason' });
    }
    const plain = await call('/people/5', { method: 'PATCH', body: '{"fullName":"Васильева Елена"}', type: 'text/plain' });
    expect(plain).toMatchObject({ status: 400, json: { error: { code: 'not-json' } } });
    const charset = await call('/people/5', { method: 'PATCH', body: '{"subjects":["math"]}', type: 'application/json; charset=utf-8' });
    expect(charset.json.subjects).toEqual(['math']);
  });

  it('treats empty query values as absent and names a bad path parameter', async () => {
    expect((await call('/people?role=&limit=&q=')).json.total).toBe(7);
    expect((await call('/events/0')).json.error.issues).toEqual([expect.objectContaining({ field: 'id', reason: 'too_small' })]);
  });
});
