import { eq } from 'drizzle-orm';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessagesResponse } from '../../admin/views/sandbox/messages.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { taskConfirmations } from '../../db/schema/index.js';
import { Harness, testToken } from '../support/harness.js';
import { editorActor, schoolTask } from '../support/tasks.js';

/** Морозов Павел, the lead of СОШ № 5 (school 1) in the demo region. */
const lead = demoTelegramIdBase + 4;

/**
 * The sandbox as `npm start` mounts it with no token: the web chat's API inside the panel (its headers too), over
 * the fake Telegram. What the page sends is queued there; `deliver` hands it to the bot as long polling would.
 */
describe('the sandbox inside the product', () => {
  let h: Harness;
  let telegram: Api;
  let offset = 0;

  beforeEach(async () => {
    h = await Harness.start({ sandbox: true });
    await loadDemoRegion(h.core);
    telegram = new Api(testToken, { apiRoot: h.fake.apiRoot });
    offset = 0;
  });
  afterEach(() => h.close());

  async function deliver(): Promise<void> {
    const updates = await telegram.getUpdates({ offset, timeout: 0 });
    for (const update of updates) {
      offset = update.update_id + 1;
      await h.post(update as unknown as Record<string, unknown>);
    }
  }

  async function post(path: string, body: unknown): Promise<Response> {
    const res = await h.app.admin.request(`/sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(200);
    return res;
  }

  async function messages(): Promise<MessagesResponse> {
    return (await (await h.app.admin.request(`/sandbox/api/messages?chat=${lead}`)).json()) as MessagesResponse;
  }

  /** Presses «Выполнено» under the task's message, as the lead does on the page. */
  async function done(title: string): Promise<void> {
    const message = (await messages()).messages.find((m) => m.html.includes(title) && m.buttons.flat().some((b) => b.text.includes('Выполнено')));
    const button = message?.buttons.flat().find((b) => b.text.includes('Выполнено'));
    expect(button?.data).toBeDefined();
    await post('/api/press', { chat: lead, firstName: 'Павел', messageId: message!.id, data: button!.data });
    await deliver();
  }

  it('is styled by a served stylesheet; its CSP, as the panel serves it, allows no inline style or script; an opened file keeps its own', async () => {
    const page = await h.app.admin.request('/sandbox');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toMatch(/<link rel="stylesheet" href="\/sandbox\/assets\/sandbox\.css"/);
    expect(html).not.toMatch(/<style|\sstyle="/);
    const css = await h.app.admin.request('/sandbox/assets/sandbox.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('.bubble');

    await post('/api/media', { chat: lead, firstName: 'Павел', kind: 'photo', demo: 'stand' });
    const photo = (await messages()).messages.at(-1)!;
    const file = await h.app.admin.request(`/sandbox/api/file?id=${encodeURIComponent(photo.media!.fileId!)}`);
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
  });

  it('a school finishes a task that wants a photo and one that wants a document with files of its own', async () => {
    const audience = { roles: ['school_lead' as const], schoolIds: [1] };
    for (const [title, evidence] of [
      ['Фото стенда', 'photo'],
      ['Протокол педсовета', 'document'],
    ] as const) {
      const task = await createTask(h.core, editorActor, schoolTask({ title, evidence, verifier: 'none', audience }));
      await publishTask(h.core, editorActor, task.id);
    }
    await h.drain();

    const photo = Buffer.from('\x89PNG\r\n\x1a\n a photo of the stand');
    await done('Фото стенда');
    expect((await messages()).messages.at(-1)?.html).toContain('Пришлите фотографию');
    await post('/api/media', { chat: lead, firstName: 'Павел', kind: 'photo', name: 'стенд.png', data: photo.toString('base64') });
    await deliver();

    const protocol = Buffer.from('%PDF-1.4\n% протокол\n%%EOF\n');
    await done('Протокол педсовета');
    expect((await messages()).messages.at(-1)?.html).toContain('Пришлите документ');
    await post('/api/media', { chat: lead, firstName: 'Павел', kind: 'document', name: 'Протокол.pdf', data: protocol.toString('base64') });
    await deliver();

    const confirmations = await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.schoolId, 1));
    expect(confirmations.map((c) => c.evidenceKind).sort()).toEqual(['document', 'photo']);
    // The panel fetches the evidence back from Telegram: the very bytes the page sent.
    for (const [kind, bytes] of [
      ['photo', photo],
      ['document', protocol],
    ] as const) {
      const fileId = confirmations.find((c) => c.evidenceKind === kind)!.evidenceFileId!;
      expect(Buffer.from((await h.app.messenger.fetchFile(fileId))!)).toEqual(bytes);
    }
  });
});
