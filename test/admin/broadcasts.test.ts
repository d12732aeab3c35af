import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../core/admins/audit.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { broadcasts } from '../../db/schema/index.js';
import { addTeachers } from '../support/broadcasts.js';
import { Harness, user } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';

const elena = user(demoTelegramIdBase + 5, 'Елена');
const petrov = user(demoTelegramIdBase + 6, 'Сергей');

/** The composer's form: teachers of municipality 1, sent at once. */
function composerForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    idempotencyKey: 'form-0123456789',
    html: '<b>Важно:</b> сдать отчёт до пятницы',
    attachmentKind: '',
    attachmentFile: '',
    button1Text: 'Шаблон отчёта',
    button1Url: 'https://iro.example.ru/report',
    municipalityId: '',
    roles: 'teacher',
    audienceMunicipalities: '1',
    sendAt: '',
    intent: 'send',
    ...overrides,
  };
}

const idOf = (response: Response) => Number(/\/broadcasts\/(\d+)/.exec(response.headers.get('location') ?? '')![1]);

describe('broadcast pages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('names bad formatting next to the text, keeps what was typed, saves nothing', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const form = await editor.html('/broadcasts/new');
    expect(form).toMatch(/name="idempotencyKey" value="[0-9a-f]{24}"/);
    expect(form).toContain('id="audience-count"');
    const bad = await editor.post('/broadcasts/new', composerForm({ html: '<b>Важно: сдать отчёт', button1Url: 'отчёт' }));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Тег &lt;b&gt; не закрыт');
    expect(text).toContain('Нужна ссылка вида https://');
    // Every problem of the text is named, not only the first; a plain http link is one of them.
    const several = await (await editor.post('/broadcasts/new', composerForm({ html: '<x>a</x> R&D <a href="http://iro.ru">ссылка</a>' }))).text();
    expect(several).toContain('Telegram не знает тег &lt;x&gt;');
    expect(several).toContain('Знак «&amp;» не из сущности');
    expect(several).toContain('У ссылки нет адреса https://');
    expect(text).toContain('&lt;b&gt;Важно: сдать отчёт');
    const long = await editor.post(
      '/broadcasts/new',
      composerForm({ html: 'я'.repeat(1100), attachmentKind: 'photo', attachmentFile: 'https://iro.example.ru/p.jpg' }),
    );
    expect(await long.text()).toMatch(/Слишком длинная подпись к фото или файлу: 1.100 знаков из 1.024/);
    expect(await h.core.database.db.select().from(broadcasts)).toEqual([]);
    // By POST: a 5,000-character title would overflow a URL (HTTP 431).
    const live = await editor.post('/broadcasts/preview', { html: '<b>А', button1Text: 'Сайт', button1Url: 'https://x.ru' });
    const preview = (await live.json()) as { html: string; problems: string[] };
    expect(preview.html).toContain('<b>А</b>');
    expect(preview.html).toContain('Сайт');
    expect(preview.problems[0]).toContain('не закрыт');
  });

  it('sends once on a double submit, shows the live report and the progress JSON, audits it', async () => {
    await addTeachers(h.core, 5);
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/broadcasts/new');
    const first = await editor.post('/broadcasts/new', composerForm());
    const second = await editor.post('/broadcasts/new', composerForm());
    expect(first.status).toBe(303);
    expect(idOf(second)).toBe(idOf(first));
    expect(await h.core.database.db.select().from(broadcasts)).toHaveLength(1);
    const id = idOf(first);
    await h.tick();
    const during = (await (await editor.request(`/broadcasts/${id}/progress.json`)).json()) as Record<string, number | string>;
    expect(during).toMatchObject({ status: 'sending', recipients: 6 });
    expect(Number(during.sent)).toBeLessThan(6);
    await h.drain();
    const after = (await (await editor.request(`/broadcasts/${id}/progress.json`)).json()) as Record<string, number | string>;
    expect(after).toMatchObject({ status: 'sent', sent: 6, remaining: 0, percent: 100 });
    expect(h.botTexts(elena)).toEqual(['<b>Важно:</b> сдать отчёт до пятницы']);
    expect(h.botTexts(petrov)).toEqual([]);
    const report = await editor.html(`/broadcasts/${id}`);
    expect(report).toContain('data-percent="100"');
    expect(report).toContain('Отправлено 6 из 6');
    expect(report).toContain('Шаблон отчёта');
    const actions = (await listAudit(h.core, { all: true }, ownerActor, { entity: 'broadcast' })).map((e) => e.action);
    expect(actions).toEqual(['broadcast.start', 'broadcast.create']);
  });

  it('cancels while sending; lists who did not get it and why; resends to the failed', async () => {
    const crowd = await addTeachers(h.core, 20);
    h.fake.blockChat(crowd[3]!);
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/broadcasts/new');
    const id = idOf(await editor.post('/broadcasts/new', composerForm()));
    await h.tick();
    h.clock.advance(150);
    await h.tick();
    expect((await editor.post(`/broadcasts/${id}/cancel`, {})).status).toBe(303);
    await h.drain();
    const page = await editor.html(`/broadcasts/${id}`);
    expect(page).toContain('data-status="cancelled"');
    expect(page).toContain('рассылка остановлена');
    const csv = await (await editor.request(`/broadcasts/${id}/failed.csv`)).text();
    expect(csv).toContain('рассылка остановлена');
    expect(h.fake.callsOf('sendMessage').length).toBeLessThan(21);
  });

  it('a coordinator sees and sends only within their municipalities; a viewer only looks', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/broadcasts/new');
    const regional = idOf(await editor.post('/broadcasts/new', composerForm({ intent: 'draft' })));
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [2]);
    await coordinator.get('/broadcasts/new');
    expect((await coordinator.request(`/broadcasts/${regional}`)).status).toBe(404);
    expect((await coordinator.request(`/broadcasts/${regional}/progress.json`)).status).toBe(404);
    expect((await coordinator.post(`/broadcasts/${regional}/cancel`, {})).status).toBe(404);
    expect((await coordinator.post('/broadcasts/new', composerForm({ idempotencyKey: 'coord-0000001', municipalityId: '1' }))).status).toBe(404);
    expect(await coordinator.html('/broadcasts')).not.toContain(`data-broadcast="${regional}"`);
    // Their own municipality bounds the audience: municipality 1 in the rule reaches nobody there.
    const own = await coordinator.post('/broadcasts/new', composerForm({ idempotencyKey: 'coord-0000002', municipalityId: '2', audienceMunicipalities: [] }));
    expect(own.status).toBe(303);
    await h.drain();
    expect(h.botTexts(petrov)).toHaveLength(1);
    expect(h.botTexts(elena)).toEqual([]);
    const viewer = await PanelClient.signedIn(h, 'viewer');
    await viewer.get('/broadcasts');
    expect((await viewer.request('/broadcasts/new')).status).toBe(403);
    expect((await viewer.post(`/broadcasts/${regional}/cancel`, {})).status).toBe(403);
  });

  it('a test send goes to the admin’s own linked Telegram', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/broadcasts/new');
    const id = idOf(await editor.post('/broadcasts/new', composerForm({ intent: 'draft' })));
    const refused = await editor.post(`/broadcasts/${id}`, composerForm({ intent: 'test' }));
    expect(await refused.text()).toContain('Сначала укажите свой Telegram');
    await editor.get('/broadcasts/telegram');
    expect((await editor.post('/broadcasts/telegram', { telegramId: '424242' })).status).toBe(303);
    await h.drain();
    const code = /<b>(\d{6})<\/b>/.exec(h.lastText(424242))![1]!;
    expect((await editor.post('/broadcasts/telegram/confirm', { code })).status).toBe(303);
    await editor.get(`/broadcasts/${id}`);
    expect((await editor.post(`/broadcasts/${id}`, composerForm({ intent: 'test' }))).status).toBe(303);
    await h.drain();
    expect(h.botTexts(424242).slice(1)).toEqual(['<b>Важно:</b> сдать отчёт до пятницы']);
    expect(h.botTexts(elena)).toEqual([]);
    const [row] = await h.core.database.db.select().from(broadcasts).where(eq(broadcasts.id, id));
    expect(row?.status).toBe('draft');
  });
});

describe('channel pages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('checks the bot is an admin and says how to fix it; posts, edits and deletes', async () => {
    h.fake.addChannel(-1001234567890, 'ПРОкачество_38', { botIsAdmin: false });
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/channels');
    const unknown = await editor.post('/channels', { chatId: '-1009999999999', municipalityId: '' });
    expect(await unknown.text()).toContain('Telegram не знает такого канала');
    const added = await editor.post('/channels', { chatId: '-1001234567890', municipalityId: '' });
    const channelUrl = added.headers.get('location')!.split('?')[0]!;
    const page = await editor.html(channelUrl);
    expect(page).toContain('Бот не администратор канала');
    expect(page).toContain('Администраторы → Добавить администратора');
    h.fake.setBotAdmin(-1001234567890, true);
    await editor.post(`${channelUrl}/check`, {});
    expect(await editor.html(channelUrl)).toContain('data-channel-ready');

    expect((await editor.post(`${channelUrl}/posts`, { html: '<b>Новости</b> недели', kind: 'post', attachmentKind: '', attachmentFile: '' })).status).toBe(
      303,
    );
    await h.drain();
    expect(h.botTexts(-1001234567890)).toEqual(['<b>Новости</b> недели']);
    const posted = await editor.html(channelUrl);
    const postId = /data-post="(\d+)" data-post-state="sent"/.exec(posted)![1];
    expect((await editor.post(`/channels/posts/${postId}/edit`, { html: '<b>Новости</b> недели (исправлено)' })).status).toBe(303);
    expect(h.fake.lastBotMessage(-1001234567890)?.text).toBe('<b>Новости</b> недели (исправлено)');
    const badEdit = await editor.post(`/channels/posts/${postId}/edit`, { html: '<i>не закрыт' });
    expect(await badEdit.text()).toContain('не закрыт');
    expect((await editor.post(`/channels/posts/${postId}/delete`, {})).status).toBe(303);
    expect(h.fake.lastBotMessage(-1001234567890)).toBeUndefined();
    expect(await editor.html(channelUrl)).toContain('data-post-state="deleted"');

    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    expect((await coordinator.request(channelUrl)).status).toBe(404);
    await coordinator.get('/channels');
    expect((await coordinator.post(`/channels/posts/${postId}/delete`, {})).status).toBe(404);
  });
});
