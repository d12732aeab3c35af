import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { loadDemoShowcase } from '../../core/directory/demo-showcase.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { and, eq } from 'drizzle-orm';
import { curatorVisits, schoolChats, taskConfirmations } from '../../db/schema/index.js';
import { Api } from 'grammy';
import { Harness, testToken } from '../support/harness.js';
import { webinar } from '../support/events.js';
import { editorActor, schoolTask } from '../support/tasks.js';
import { describeInBrowser, launchBrowser, screenshot, serveHarness, signIn } from './support.js';

/** What the page sends is queued in the fake Telegram, as for long polling: handed to the bot's webhook as it comes. */
function pumpUpdates(h: Harness): { stop: () => Promise<void> } {
  const api = new Api(testToken, { apiRoot: h.fake.apiRoot });
  let running = true;
  let offset = 0;
  const loop = (async () => {
    while (running) {
      const updates = await api.getUpdates({ offset, timeout: 0 });
      for (const update of updates) {
        offset = update.update_id + 1;
        await h.post(update as unknown as Record<string, unknown>);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * The sandbox as a newcomer meets it: the web chat over the fake Telegram, the bot long-polling it as in sandbox mode,
 * the demo region with its showcase. The outbox is drained by the test (manual clock).
 */
describeInBrowser('the sandbox in a real browser', () => {
  let browser: Browser;
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };
  let page: Page;
  let pump: { stop: () => Promise<void> } | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    h = await Harness.start({ sandbox: true });
    await loadDemoRegion(h.core);
    await loadDemoShowcase(h.core);
    pump = pumpUpdates(h);
    site = await serveHarness(h);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterEach(async () => {
    await page.close();
    await pump?.stop();
    await site.close();
    await h.close();
  });

  async function actAs(index: number): Promise<void> {
    await page.goto(`${site.url}/sandbox`);
    await page.click(`.person[data-id="${demoTelegramIdBase + index}"]`);
  }

  async function openChat(title: string): Promise<void> {
    await page.click(`.chat-tab:has-text("${title}")`);
  }

  async function say(text: string): Promise<void> {
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
  }

  const messagesText = () => page.textContent('#messages');

  it('a lead adds the bot to the school chat, links it with /link, and an event is announced there', async () => {
    await actAs(7); // Григорьева, lead of Заречная СОШ № 2, creator of its chat
    await openChat('Заречная СОШ № 2');
    await page.click('#chat-tools button:has-text("Добавить бота")');
    await expect.poll(() => page.textContent('#chat-tools')).toContain('Удалить бота');
    await say('/link');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('этот чат привязан к школе');
    await page.click('.kb-btn:has-text("мероприятия")');
    // The press in the group counts for the lead who pressed it: the chat now gets only events.
    await expect
      .poll(async () => (await h.core.database.db.select().from(schoolChats).where(eq(schoolChats.chatId, '-4000000002')))[0]?.scope, { timeout: 10_000 })
      .toBe('events');

    const event = await createEvent(
      h.core,
      editorActor,
      webinar({ title: 'Семинар для управленческих команд Заречного', audience: { roles: ['school_lead'], municipalityIds: [3] } }),
    );
    await publishEvent(h.core, editorActor, event.id);
    await h.drain();
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Семинар для управленческих команд Заречного');
    await screenshot(page, 'sandbox-group-announcement');
  });

  it('the institute adds a channel: the rights check fails, the bot is given the rights, a scheduled post appears', async () => {
    await createAdmin(h.core, { email: 'editor@mayak.test', password: 'correct horse battery', role: 'editor' });
    const panel = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(panel, site.url, 'editor@mayak.test', 'correct horse battery');
    await panel.goto(`${site.url}/channels`);
    await panel.fill('input[name=chatId]', '-1009876543210');
    await Promise.all([panel.waitForLoadState('load'), panel.click('button[type=submit]:has-text("Добавить")')]);
    await expect.poll(() => panel.textContent('main')).toContain('Методический вестник');
    expect(await panel.textContent('main')).toMatch(/прав|администратор/i);

    // In the sandbox, the channel's owner gives the bot the rights to post, edit and delete.
    await actAs(1);
    await openChat('Методический вестник');
    for (const right of ['post', 'edit', 'delete']) await page.check(`#chat-tools input[data-right=${right}]`);
    await expect.poll(() => h.fake.channelState(-1_009_876_543_210)?.rights).toEqual({ post: true, edit: true, delete: true });

    await Promise.all([panel.waitForLoadState('load'), panel.click('button:has-text("Проверить ещё раз")')]);
    expect(await panel.textContent('main')).not.toContain('Бот не администратор канала');
    await screenshot(panel, 'sandbox-channel-checked');

    // A post for 12:30 Moscow time (the clock says 12:00): it appears in the channel when its time comes.
    await panel.fill('#post-form textarea[name=html]', '<b>Итоги недели</b>: три вебинара и стажировка.');
    await panel.fill('#post-form input[name=postAt]', '2026-11-23T12:30');
    await Promise.all([panel.waitForLoadState('load'), panel.click('#post-form button[type=submit]')]);
    await h.drain();
    expect(h.botTexts(-1_009_876_543_210)).toEqual([]);
    h.clock.advance(31 * 60_000);
    await h.drain();
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Итоги недели: три вебинара и стажировка.');
    await screenshot(page, 'sandbox-channel-post');
    await panel.close();
  });

  it('a lead finishes the photo task with a demo photo; the curator records a visit with a photo; the panel gets the bytes', async () => {
    await h.drain();
    await actAs(4); // Морозов, lead of СОШ № 5
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Разместить фото стенда');
    await page.click('.row:has-text("Разместить фото стенда") .kb-btn:has-text("Выполнено")');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Пришлите фотографию');
    await page.click('#attach-btn');
    await page.click('[data-demo-file=stand]');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Куратор проверит');
    await expect.poll(() => page.locator('#messages img.photo').count()).toBe(1);
    const [confirmation] = await h.core.database.db
      .select()
      .from(taskConfirmations)
      .where(and(eq(taskConfirmations.schoolId, 1), eq(taskConfirmations.status, 'confirmed')));
    expect(confirmation?.evidenceKind).toBe('photo');
    const evidence = await h.app.messenger.fetchFile(confirmation!.evidenceFileId!);
    expect(Buffer.from(evidence!).toString()).toContain('Стенд школы');

    await actAs(3); // Кузнецова, the curator
    await say('/visit');
    await page.click('.kb-btn:has-text("СОШ № 5")');
    await page.click('.kb-btn:has-text("Сегодня")');
    await page.click('.kb-btn:has-text("Выезд в школу")');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('результат');
    await say('Проверили антирисковую программу');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('фото');
    await page.click('#attach-btn');
    await page.click('[data-demo-file=visit]');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Посещение записано: СОШ № 5');
    const visits = await h.core.database.db.select().from(curatorVisits);
    expect(visits).toMatchObject([{ result: 'Проверили антирисковую программу' }]);
    expect(visits[0]!.photoFileId).toBeTruthy();
    await screenshot(page, 'sandbox-visit-with-photo');
  });

  it("a lead finishes a task that wants a document with a file of their own, picked in the page's file input", async () => {
    const task = await createTask(
      h.core,
      editorActor,
      schoolTask({ title: 'Загрузить протокол педсовета', evidence: 'document', verifier: 'none', audience: { roles: ['school_lead'], schoolIds: [1] } }),
    );
    await publishTask(h.core, editorActor, task.id);
    await h.drain();
    await actAs(4); // Морозов, lead of СОШ № 5
    await page.click('.row:has-text("Загрузить протокол педсовета") .kb-btn:has-text("Выполнено")');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Пришлите документ');
    const protocol = Buffer.from('Протокол педсовета № 3 (файл учителя)');
    await page.click('#attach-btn');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#attach-menu .menu-item:has-text("Свой документ")')]);
    await chooser.setFiles({ name: 'Протокол № 3.txt', mimeType: 'text/plain', buffer: protocol });
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Протокол № 3.txt');
    await expect
      .poll(async () => (await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id)))[0]?.evidenceKind, {
        timeout: 10_000,
      })
      .toBe('document');
    const [confirmation] = await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id));
    expect(Buffer.from((await h.app.messenger.fetchFile(confirmation!.evidenceFileId!))!)).toEqual(protocol);
    await screenshot(page, 'sandbox-own-document');
  });

  it('the finished webinar: a teacher answers attendance and rates it; the editor builds its post-release', async () => {
    await h.drain();
    await actAs(5); // Васильева, who signed up for the webinar that ended an hour ago
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Были на мероприятии?');
    await page.click('.row:has-text("Были на мероприятии?") .kb-btn:has-text("Да")');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('от 1 до 5');
    await page.click('.kb-btn:has-text("4")');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('комментарий');

    await createAdmin(h.core, { email: 'editor@mayak.test', password: 'correct horse battery', role: 'editor' });
    const panel = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(panel, site.url, 'editor@mayak.test', 'correct horse battery');
    await panel.goto(`${site.url}/channels`);
    await panel.click('a:has-text("ИРО Демо-области")');
    await panel.selectOption('select[name=release]', { label: 'Вебинар «Функциональная грамотность на уроках математики»' });
    await Promise.all([panel.waitForLoadState('load'), panel.click('form:has(select[name=release]) button')]);
    const draft = await panel.inputValue('#post-form textarea[name=html]');
    expect(draft).toContain('Функциональная грамотность');
    // The teacher's 4 just given counts beside the lead's 5: an average of 4.5.
    expect(draft).toMatch(/4[,.]5/);
    await screenshot(panel, 'sandbox-post-release');
    await panel.close();
  });
});
