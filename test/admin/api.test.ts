import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiRoutes, operations } from '../../admin/api/index.js';
import type { Actor } from '../../core/admins/access.js';
import { createAdmin } from '../../core/admins/accounts.js';
import { createApiToken, revokeApiToken, type NewApiToken } from '../../core/admins/api-tokens.js';
import { listAudit } from '../../core/admins/audit.js';
import { actorOf } from '../../core/admins/sessions.js';
import { sha256 } from '../../core/admins/tokens.js';
import type { Core } from '../../core/core.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { getPerson } from '../../core/directory/people.js';
import { submitRegistration } from '../../core/onboarding/registration.js';
import { apiTokens } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { telegramContact } from '../support/people.js';

/** Demo: municipality 1 Светлогорск (people 1, 3, 4, 5; schools 1, 2), 2 Берёзовский (people 2, 6; schools 3, 4), 3 Заречный (person 7; school 5). */
interface ErrorJson {
  error: { code: string; message: string; issues: { field: string; reason: string; message: string }[] };
}

describe('JSON API /api/v1', () => {
  let h: Harness;
  let owner: Actor;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    owner = actorOf(await createAdmin(h.core, { email: 'owner@mayak.test', password: 'correct horse battery', role: 'owner' }));
  });
  afterEach(() => h.close());

  const everything: Actor = { kind: 'admin', id: 0, label: '', role: 'owner', municipalityIds: [] };
  const audit = (action: string) => listAudit(h.core, { all: true }, everything, { action });

  async function token(input: Partial<NewApiToken> & Pick<NewApiToken, 'role'>): Promise<string> {
    return (await createApiToken(h.core, owner, { name: `${input.role} ${Math.random()}`, ...input })).token;
  }

  async function call(
    bearer: string | undefined,
    path: string,
    init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await h.app.admin.request(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
    expect(response.headers.get('content-type')).toContain('application/json');
    return { status: response.status, headers: response.headers, json: (await response.json()) as any };
  }

  /** The documented response schema of an operation, to check that what the server sends is what the document says. */
  function documented(method: string, path: string) {
    const op = operations.find((o) => o.method === method && o.path === path);
    if (!op) throw new Error(`no operation ${method} ${path}`);
    return op.response;
  }

  it('answers 401 JSON without a token, with an unknown one, a malformed header, and a revoked one', async () => {
    const none = await call(undefined, '/people');
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('unauthorized');
    expect(none.json.error.message).toContain('Authorization: Bearer');
    expect(none.headers.get('www-authenticate')).toContain('Bearer');

    expect((await call('mayak_not-a-real-token', '/people')).json.error.code).toBe('invalid-token');
    const basic = await h.app.admin.request('/api/v1/people', { headers: { authorization: 'Basic b3duZXI6cHc=' } });
    expect(basic.status).toBe(401);

    const { token: secret, record } = await createApiToken(h.core, owner, { name: 'ГИС', role: 'viewer' });
    expect((await call(secret, '/people')).status).toBe(200);
    await revokeApiToken(h.core, owner, record.id);
    const revoked = await call(secret, '/people');
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.code).toBe('invalid-token');
  });

  it('notes when a token was last used, writing at most once a minute', async () => {
    const { token: secret, record } = await createApiToken(h.core, owner, { name: 'ГИС', role: 'viewer' });
    const lastUsed = async () => (await h.core.database.db.select().from(apiTokens).where(eq(apiTokens.id, record.id)).get())?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const first = h.clock.now();
    await call(secret, '/dashboard');
    expect(await lastUsed()).toBe(first);
    h.clock.advance(30_000);
    await call(secret, '/dashboard');
    expect(await lastUsed()).toBe(first);
    h.clock.advance(31_000);
    await call(secret, '/dashboard');
    expect(await lastUsed()).toBe(h.clock.now());
  });

  it('an owner creates a token in the panel: shown once, only its hash stored, audited; then revokes it', async () => {
    const panel = await PanelClient.signedIn(h, 'owner');
    expect(await panel.html('/api-tokens')).toContain('Токенов пока нет');
    const created = await panel.post('/api-tokens', { name: 'ГИС Образование', role: 'editor' });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const page = await created.text();
    const secret = /value="(mayak_[A-Za-z0-9_-]{40,})"/.exec(page)?.[1];
    expect(secret).toBeDefined();

    const rows = await h.core.database.db.select().from(apiTokens);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'ГИС Образование', role: 'editor', tokenHash: await sha256(secret!), municipalityIds: [] });
    expect(JSON.stringify(rows)).not.toContain(secret!.slice(6));

    const later = await panel.html('/api-tokens');
    expect(later).toContain('ГИС Образование');
    expect(later).not.toContain(secret!);
    const [entry] = await audit('api-token.create');
    expect(entry).toMatchObject({
      actor: 'owner-@mayak.test',
      entity: 'api-token',
      entityId: String(rows[0]!.id),
      after: { name: 'ГИС Образование', role: 'editor' },
    });
    expect(JSON.stringify(entry)).not.toContain(rows[0]!.tokenHash);

    expect((await call(secret, '/people')).status).toBe(200);
    const revoked = await panel.post(`/api-tokens/${rows[0]!.id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(await panel.html('/api-tokens?done=api-token-revoked')).toContain('Токен отозван');
    expect((await call(secret, '/people')).status).toBe(401);
    expect(await audit('api-token.revoke')).toHaveLength(1);
  });

  it('the token form checks its fields; the page is for owners only', async () => {
    const panel = await PanelClient.signedIn(h, 'owner');
    await panel.get('/api-tokens');
    const noPlace = await panel.post('/api-tokens', { name: 'Муниципальная система', role: 'coordinator' });
    expect(noPlace.status).toBe(400);
    const text = await noPlace.text();
    expect(text).toContain('Отметьте муниципалитеты координатора');
    expect(text).toContain('value="Муниципальная система"');

    expect((await panel.post('/api-tokens', { name: 'Муниципальная система', role: 'coordinator', municipalityIds: ['1'] })).status).toBe(200);
    expect(await h.core.database.db.select({ m: apiTokens.municipalityIds }).from(apiTokens)).toEqual([{ m: [1] }]);
    expect(await (await panel.post('/api-tokens', { name: 'Муниципальная система', role: 'viewer' })).text()).toContain('Токен с таким названием уже есть');
    expect((await panel.post('/api-tokens', { name: 'Захват', role: 'superuser' })).status).toBe(400);

    const editor = await PanelClient.signedIn(h, 'editor');
    expect((await editor.get('/api-tokens')).status).toBe(403);
    await editor.get('/');
    expect((await editor.post('/api-tokens', { name: 'Чужой', role: 'owner' })).status).toBe(403);
    expect(await h.core.database.db.select().from(apiTokens)).toHaveLength(1);
  });

  it('lists, filters and paginates people', async () => {
    const editor = await token({ role: 'editor' });
    const all = await call(editor, '/people');
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(7);
    expect(all.json.items.map((p: { id: number }) => p.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(all.json.next).toBeNull();
    expect(documented('get', '/people').safeParse(all.json).success).toBe(true);
    expect(all.json.items[2]).toMatchObject({
      id: 5,
      fullName: 'Васильева Елена Александровна',
      roles: ['teacher'],
      schoolId: 1,
      municipalityId: 1,
      status: 'active',
    });
    expect(all.json.items[2].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    expect((await call(editor, '/people?role=teacher')).json.total).toBe(2);
    expect((await call(editor, '/people?q=ВАСИЛЬ')).json.items.map((p: { id: number }) => p.id)).toEqual([5]);
    expect((await call(editor, '/people?municipality=2&q=')).json.items.map((p: { id: number }) => p.id)).toEqual([6, 2]);

    const first = await call(editor, '/people?limit=3');
    expect(first.json.items.map((p: { id: number }) => p.id)).toEqual([7, 6, 5]);
    expect(first.json).toMatchObject({ total: 7, next: 5 });
    const second = await call(editor, `/people?limit=3&before=${first.json.next}`);
    expect(second.json.items.map((p: { id: number }) => p.id)).toEqual([4, 3, 2]);
    expect((await call(editor, `/people?limit=3&before=${second.json.next}`)).json).toMatchObject({ items: [{ id: 1 }], next: null });

    const bad = await call(editor, '/people?role=wizard&limit=0&municipalty=1');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid-input');
    expect(bad.json.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'role', reason: 'invalid_value' }),
        expect.objectContaining({ field: 'limit', reason: 'too_small' }),
        expect.objectContaining({ field: 'municipalty', reason: 'unrecognized_keys', message: 'Неизвестное поле' }),
      ]),
    );
  });

  it('reads one person; an unknown id is a JSON 404, a non-number a 400 naming the id', async () => {
    const viewer = await token({ role: 'viewer' });
    const person = await call(viewer, '/people/5');
    expect(person.json).toMatchObject({ id: 5, fullName: 'Васильева Елена Александровна', subjects: ['math', 'informatics'] });
    expect(documented('get', '/people/{id}').safeParse(person.json).success).toBe(true);
    const missing = await call(viewer, '/people/999');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'not-found', issues: [] });
    const word = await call(viewer, '/people/abc');
    expect(word.status).toBe(400);
    expect(word.json.error.issues[0]).toMatchObject({ field: 'id' });
  });

  it('PATCH with bad fields is a 400 naming each field, and changes nothing', async () => {
    const editor = await token({ role: 'editor' });
    const short = await call(editor, '/people/5', { method: 'PATCH', json: { fullName: 'Ва', roles: ['wizard'], nickname: 'x' } });
    expect(short.status).toBe(400);
    const issues = short.json.error.issues as ErrorJson['error']['issues'];
    expect(issues.find((i) => i.field === 'fullName')).toMatchObject({ reason: 'too_small', message: expect.stringContaining('не меньше 3') });
    expect(issues.find((i) => i.field === 'roles.0')).toMatchObject({ reason: 'invalid_value' });
    expect(issues.find((i) => i.field === 'nickname')).toMatchObject({ reason: 'unrecognized_keys' });
    const wrongType = await call(editor, '/people/5', { method: 'PATCH', json: { subjects: 'math' } });
    expect(wrongType.json.error.issues).toEqual([
      expect.objectContaining({ field: 'subjects', reason: 'invalid_type', message: expect.stringContaining('array') }),
    ]);
    const noSchool = await call(editor, '/people/5', { method: 'PATCH', json: { schoolId: 99 } });
    expect(noSchool.json.error.issues).toEqual([expect.objectContaining({ field: 'schoolId', reason: 'no-such-school', message: 'Такой школы нет' })]);
    expect(await getPerson(h.core, 5)).toMatchObject({ fullName: 'Васильева Елена Александровна', roles: ['teacher'], schoolId: 1 });
  });

  it('PATCH merges the given fields into the person and is audited as the token', async () => {
    const { token: secret } = await createApiToken(h.core, owner, { name: 'ГИС Образование', role: 'editor' });
    const ok = await call(secret, '/people/5', { method: 'PATCH', json: { fullName: 'Васильева Елена Андреевна', subjects: ['math', 'physics'] } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ id: 5, fullName: 'Васильева Елена Андреевна', roles: ['teacher'], schoolId: 1, subjects: ['math', 'physics'] });
    expect(await getPerson(h.core, 5)).toMatchObject({
      fullName: 'Васильева Елена Андреевна',
      roles: ['teacher'],
      schoolId: 1,
      municipalityId: 1,
      subjects: ['math', 'physics'],
    });
    const [entry] = await audit('person.edit');
    expect(entry).toMatchObject({
      actor: 'api:ГИС Образование',
      adminId: null,
      entityId: '5',
      before: { fullName: 'Васильева Елена Александровна' },
      after: { fullName: 'Васильева Елена Андреевна' },
    });

    expect((await call(secret, '/people/5/deactivate', { method: 'POST' })).json.status).toBe('deactivated');
    expect((await getPerson(h.core, 5))?.status).toBe('deactivated');
    expect((await call(secret, '/people/5/activate', { method: 'POST' })).json.status).toBe('active');
    expect((await audit('person.deactivate'))[0]?.actor).toBe('api:ГИС Образование');
  });

  it('a coordinator token of municipality 1 sees and changes only municipality 1', async () => {
    const coordinator = await token({ role: 'coordinator', municipalityIds: [1] });
    const list = await call(coordinator, '/people');
    expect(list.json.total).toBe(4);
    expect(new Set(list.json.items.map((p: { municipalityId: number }) => p.municipalityId))).toEqual(new Set([1]));
    expect((await call(coordinator, '/people?municipality=2')).json.total).toBe(0);
    expect((await call(coordinator, '/people/6')).status).toBe(404);
    expect((await call(coordinator, '/people/6', { method: 'PATCH', json: { fullName: 'Захват Чужого' } })).status).toBe(404);
    expect((await call(coordinator, '/people/6/deactivate', { method: 'POST' })).status).toBe(404);
    // Moving one of theirs into another municipality's school is refused too.
    expect((await call(coordinator, '/people/5', { method: 'PATCH', json: { schoolId: 3 } })).status).toBe(404);
    expect(await getPerson(h.core, 6)).toMatchObject({ status: 'active', fullName: 'Петров Сергей Михайлович' });
    expect((await getPerson(h.core, 5))?.schoolId).toBe(1);

    expect((await call(coordinator, '/municipalities')).json.items.map((m: { id: number }) => m.id)).toEqual([1]);
    const schools = await call(coordinator, '/schools');
    expect(schools.json.items.map((s: { id: number }) => s.id).sort()).toEqual([1, 2]);
    expect(documented('get', '/schools').safeParse(schools.json).success).toBe(true);
    const dashboard = await call(coordinator, '/dashboard');
    expect(dashboard.json).toMatchObject({ schools: 2 });
    expect(documented('get', '/dashboard').safeParse(dashboard.json).success).toBe(true);
  });

  it('a viewer token reads but every write is a 403', async () => {
    const viewer = await token({ role: 'viewer' });
    expect((await call(viewer, '/people/5')).status).toBe(200);
    for (const [method, path, json] of [
      ['PATCH', '/people/5', { fullName: 'Иванова Мария' }],
      ['POST', '/people/5/deactivate', undefined],
      ['POST', '/registrations/5/approve', undefined],
      ['POST', '/invites', { role: 'teacher', schoolId: 1 }],
    ] as const) {
      const refused = await call(viewer, path, { method, json });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.json.error.code).toBe('not-allowed');
    }
    expect(await getPerson(h.core, 5)).toMatchObject({ status: 'active', fullName: 'Васильева Елена Александровна' });
    expect((await call(viewer, '/invites')).json.items).toEqual([]);
  });

  it('a body that is not JSON, malformed or too large is a JSON 400/413 saying so', async () => {
    const editor = await token({ role: 'editor' });
    const broken = await call(editor, '/people/5', { method: 'PATCH', body: '{"fullName": ', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('invalid-json');
    expect(broken.json.error.message).toContain('не корректный JSON');
    expect(broken.json.error.issues[0]).toMatchObject({ field: 'body', reason: 'invalid-json' });

    const form = await call(editor, '/people/5', { method: 'PATCH', body: 'fullName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(400);
    expect(form.json.error.code).toBe('not-json');
    expect(form.json.error.message).toContain('application/x-www-form-urlencoded');

    const array = await call(editor, '/people/5', { method: 'PATCH', json: ['fullName'] });
    expect(array.json.error.issues[0]).toMatchObject({ field: 'body', reason: 'invalid_type' });

    const huge = await call(editor, '/people/5', { method: 'PATCH', json: { fullName: 'я'.repeat(600_000) } });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('payload-too-large');

    const english = await call(editor, '/people/5', {
      method: 'PATCH',
      body: '{',
      headers: { 'content-type': 'application/json', 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(english.json.error.message).toContain('not valid JSON');
  });

  it('unknown addresses are a JSON 404, a known one with another method a 405; unexpected failures a 500 without internals', async () => {
    const editor = await token({ role: 'editor' });
    const nowhere = await call(editor, '/teachers');
    expect(nowhere.status).toBe(404);
    expect(nowhere.json.error.code).toBe('no-such-route');
    const wrongMethod = await call(editor, '/people/5', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, PATCH');

    const log = vi.fn();
    const failing: Core = {
      ...h.core,
      database: {
        ...h.core.database,
        db: new Proxy(h.core.database.db, {
          get: () => {
            throw new Error('disk on fire at /var/lib/mayak.db');
          },
        }),
      },
    };
    const response = await apiRoutes(failing, { log }).request('/people', { headers: { authorization: `Bearer ${editor}` } });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('internal');
    expect(text).not.toContain('disk on fire');
    expect(text).not.toContain('.ts:');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('disk on fire'));
  });

  it('decides registrations in scope, once; rejecting needs a reason', async () => {
    const applicant = async (telegramId: number, fullName: string, schoolId: number) =>
      (
        await submitRegistration(h.core, {
          contact: telegramContact(telegramId),
          language: 'ru',
          municipalityId: 1,
          schoolId,
          role: 'teacher',
          subjects: ['math'],
          fullName,
        })
      ).id;
    const anna = await applicant(5101, 'Орлова Анна Сергеевна', 1);
    const boris = await applicant(5102, 'Белов Борис Ильич', 3);
    const { token: mine } = await createApiToken(h.core, owner, { name: 'Светлогорск', role: 'coordinator', municipalityIds: [1] });

    const queue = await call(mine, '/registrations/pending');
    expect(queue.json).toMatchObject({ total: 1, items: [{ person: { id: anna, status: 'pending' } }] });
    expect(documented('get', '/registrations/pending').safeParse(queue.json).success).toBe(true);
    expect((await call(mine, `/registrations/${boris}/approve`, { method: 'POST' })).status).toBe(404);

    const noReason = await call(mine, `/registrations/${anna}/reject`, { method: 'POST' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.issues[0]).toMatchObject({ field: 'reason' });
    expect((await getPerson(h.core, anna))?.status).toBe('pending');

    const approved = await call(mine, `/registrations/${anna}/approve`, { method: 'POST' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ id: anna, status: 'active', decidedBy: 'api:Светлогорск' });
    const again = await call(mine, `/registrations/${anna}/reject`, { method: 'POST', json: { reason: 'Ошибка в данных' } });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'already-decided', message: 'Решение по этой заявке уже принято.' });
    expect((await audit('registration.approve'))[0]).toMatchObject({ actor: 'api:Светлогорск', entityId: String(anna) });

    const editor = await token({ role: 'editor' });
    const rejected = await call(editor, `/registrations/${boris}/reject`, { method: 'POST', json: { reason: 'Такого учителя в школе нет' } });
    expect(rejected.json).toMatchObject({ status: 'rejected', decisionReason: 'Такого учителя в школе нет' });
  });

  it('creates invites in scope and lists them', async () => {
    const editor = await token({ role: 'editor' });
    const created = await call(editor, '/invites', { method: 'POST', json: { role: 'teacher', schoolId: 1, maxUses: 30 } });
    expect(created.status).toBe(201);
    expect(created.json.invite).toMatchObject({ role: 'teacher', schoolId: 1, municipalityId: 1, maxUses: 30, uses: 0, status: 'active' });
    expect(created.json.invite.link).toMatch(/^https:\/\/t\.me\/.+\?start=in_/);
    expect(documented('post', '/invites').safeParse(created.json).success).toBe(true);

    const bad = await call(editor, '/invites', { method: 'POST', json: { role: 'teacher' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0]).toMatchObject({ field: 'schoolId' });

    const listed = await call(editor, '/invites');
    expect(listed.json.items.map((i: { id: number }) => i.id)).toEqual([created.json.invite.id]);
    expect(documented('get', '/invites').safeParse(listed.json).success).toBe(true);

    const elsewhere = await token({ role: 'coordinator', municipalityIds: [2] });
    expect((await call(elsewhere, '/invites')).json.items).toEqual([]);
    const intoOther = await call(elsewhere, '/invites', { method: 'POST', json: { role: 'teacher', schoolId: 1 } });
    expect(intoOther.status).toBe(400);
    expect(intoOther.json.error.issues[0]).toMatchObject({ field: 'schoolId', reason: 'no-such-school' });
  });

  it('publishes an OpenAPI 3.1 document of exactly the registered operations, each of them routed', async () => {
    const response = await h.app.admin.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);

    const documentedOps = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    const registered = operations.map((op) => `${op.method} ${op.path}`);
    expect(new Set(documentedOps)).toEqual(new Set(registered));
    expect(documentedOps).toHaveLength(registered.length);
    expect(registered).toEqual(
      expect.arrayContaining(['get /people', 'patch /people/{id}', 'post /registrations/{id}/reject', 'post /invites', 'get /dashboard']),
    );
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length);

    const schemas = doc.components.schemas;
    for (const name of ['Person', 'PersonList', 'PersonPatch', 'School', 'Municipality', 'Dashboard', 'Invite', 'InviteCreate', 'RejectRegistration', 'Error'])
      expect(schemas[name], name).toBeDefined();
    expect(schemas.PersonPatch.properties.fullName).toMatchObject({ type: 'string', minLength: 3 });
    expect(schemas.PersonPatch.required).toBeUndefined();
    expect(schemas.PersonList.properties.items.items).toEqual({ $ref: '#/components/schemas/Person' });
    const patch = doc.paths['/people/{id}'].patch;
    expect(patch.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PersonPatch' });
    expect(patch.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(patch.responses['403']).toBeDefined();
    expect(doc.paths['/people'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['municipality', 'role', 'q', 'before', 'limit']),
    );

    // Every reference points at something the document has.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(20);
    for (const [, kind, name] of refs) expect(doc.components[kind!][name!], `${kind}/${name}`).toBeDefined();

    // Every documented operation is served: never "no such route" or "method not allowed".
    const editor = await token({ role: 'editor' });
    for (const op of operations) {
      const answer = await call(editor, op.path.replace('{id}', '999999'), { method: op.method.toUpperCase(), json: op.body ? {} : undefined });
      expect(['no-such-route', 'method-not-allowed'], `${op.method} ${op.path}`).not.toContain(answer.json.error?.code);
    }
  });
});
