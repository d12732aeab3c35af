import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { read, utils } from '@e965/xlsx';
import { asc } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import { events, roadMapItems, tasks } from '../../db/schema/index.js';
import { type Harness, user } from '../support/harness.js';
import { planText } from '../support/roadmaps.js';
import { describeInBrowser, screenshot, signedInPanelForEachTest } from './support.js';

describeInBrowser('a road map in a real browser', () => {
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'mayak-roadmap-'));
  const lead1 = user(demoTelegramIdBase + 4, 'Demo4');

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  signedInPanelForEachTest((session) => ({ h, site, page } = session));

  /** The report's «Отметка об исполнении» of row `number`, downloaded with the page's own session. */
  async function reportMark(planId: number, number: string): Promise<string> {
    const response = await page.request.get(`${site.url}/roadmaps/${planId}/report.xlsx?date=2026-12-31`);
    expect(response.headers()['content-type']).toContain('spreadsheetml');
    const sheet = utils.sheet_to_json<string[]>(read(await response.body(), { type: 'array' }).Sheets['Исполнение']!, { header: 1 });
    return sheet.find((r) => r[0] === number)![5]!;
  }

  it('upload, fix a row, create drafts, publish an event, a school confirms the task: the item’s status and the XLSX report change', async () => {
    const file = join(dir, 'plan.txt');
    writeFileSync(file, planText);
    await page.goto(`${site.url}/roadmaps`);
    await page.setInputFiles('input[name=file]', file);
    await page.selectOption('select[name=municipalityId]', { label: 'Городской округ Светлогорск' });
    await Promise.all([page.waitForURL(/\/roadmaps\/\d+\/review/), page.click('button:has-text("Распознать")')]);
    const planId = Number(/\/roadmaps\/(\d+)\/review/.exec(page.url())![1]);
    expect(await page.textContent('main')).toContain('Вебинар для руководителей ОО');
    await screenshot(page, 'roadmap-review');

    // Fix two rows: the parser read "рисков" as the risk-zone tag, which no school of this municipality has.
    const rows = await h.core.database.db.select().from(roadMapItems).orderBy(asc(roadMapItems.position));
    for (const number of ['1.1', '1.2']) await page.fill(`input[name="r${rows.find((r) => r.number === number)!.id}.audience"]`, 'school_lead');
    await Promise.all([page.waitForURL(new RegExp(`/roadmaps/${planId}\\?`)), page.click('button:has-text("Создать черновики")')]);
    expect(await page.textContent('main')).toContain('Создано черновиков мероприятий: 2');
    expect(await h.core.database.db.select().from(events)).toSatisfy((all: { status: string }[]) => all.every((e) => e.status === 'draft'));
    const before = await reportMark(planId, '1.2');
    expect(before).not.toContain('выполнено');

    const webinar = (await h.core.database.db.select().from(events)).find((e) => e.kind === 'webinar')!;
    await page.goto(`${site.url}/events/${webinar.id}`);
    await Promise.all([page.waitForURL(/done=event-published/), page.click('button:has-text("Опубликовать и разослать")')]);
    const schoolPlans = (await h.core.database.db.select().from(tasks)).find((t) => t.title.startsWith('Разработка школьных планов'))!;
    await page.goto(`${site.url}/tasks/${schoolPlans.id}`);
    await Promise.all([page.waitForURL(/done=task-published/), page.click('button:has-text("Опубликовать и разослать")')]);
    await h.drain();
    await h.press(lead1, 'Выполнено');

    await page.goto(`${site.url}/roadmaps/${planId}`);
    const item = rows.find((r) => r.number === '1.2')!;
    expect(await page.getAttribute(`tr[data-item="${item.id}"]`, 'data-status')).toBe('done');
    expect(await page.getAttribute(`tr[data-item="${rows.find((r) => r.number === '1.1')!.id}"]`, 'data-status')).toBe('in_progress');
    await screenshot(page, 'roadmap-plan');
    const after = await reportMark(planId, '1.2');
    expect(after).toMatch(/^выполнено \d\d\.\d\d\.2026\. Подтвердили: 1 из 1$/);
    expect(after).not.toBe(before);
  });
});
