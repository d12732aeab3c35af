import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { schools } from '../../db/schema/index.js';
import { type Harness, user } from '../support/harness.js';
import { describeInBrowser, screenshot, signedInPanelForEachTest } from './support.js';

describeInBrowser('admin workflows in a real browser', () => {
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'mayak-browser-'));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  signedInPanelForEachTest((session) => ({ h, site, page } = session));

  async function upload(kind: string, name: string, text: string): Promise<void> {
    const file = join(dir, name);
    // Excel in Russia: Windows-1251 would need an encoder; UTF-8 with BOM and semicolons is what newer Excel writes.
    writeFileSync(file, `\uFEFF${text}`);
    await page.goto(`${site.url}/import`);
    await page.selectOption('select[name=kind]', kind);
    await page.setInputFiles('input[name=file]', file);
    await Promise.all([page.waitForURL(/\/import\/preview/), page.click('button:has-text("Проверить файл")')]);
  }

  it('imports a CSV: a bad row is named, nothing is written; fixed, it imports', async () => {
    const header = 'code;full_name;short_name;municipality;tags\n';
    const good = 'B-0001;МКОУ «Сосновская СОШ»;Сосновская СОШ;Берёзовский муниципальный район;ШНОР\n';
    const bad = 'B-0002;МКОУ «Лесная ООШ»;Лесная ООШ;Нет такого района;\n';
    await upload('schools', 'schools.csv', header + good + bad);
    const preview = await page.textContent('main');
    expect(preview).toContain('строка 3');
    expect(preview).toContain('Нет такого района');
    expect(await page.locator('button:has-text("Импортировать")').count()).toBe(0);
    expect(await h.core.database.db.select().from(schools)).toHaveLength(5);
    await screenshot(page, 'import-preview-with-error');

    await upload('schools', 'schools.csv', header + good + bad.replace('Нет такого района', 'Заречный муниципальный округ'));
    await Promise.all([page.waitForURL(/\/import/), page.click('button:has-text("Импортировать")')]);
    await expect.poll(() => page.textContent('main')).toContain('Импорт выполнен');
    const rows = await h.core.database.db.select().from(schools);
    expect(rows.map((s) => s.code)).toEqual(expect.arrayContaining(['B-0001', 'B-0002']));
    expect(rows.find((s) => s.code === 'B-0001')?.tags).toEqual(['shnor']);
  });

  it('approves a pending registration and the bot tells the person', async () => {
    const anna = user(5101, 'Анна');
    await h.send(anna, '/start');
    await h.press(anna, 'Согласен');
    await h.send(anna, 'Заречный');
    await h.press(anna, 'Заречная СОШ');
    await h.press(anna, 'Учитель');
    await h.press(anna, 'Химия');
    await h.press(anna, 'Готово');
    await h.send(anna, 'Белова Анна Игоревна');
    await h.press(anna, 'Отправить');

    await page.goto(`${site.url}/`);
    expect(await page.textContent('[data-stat=pending] b')).toBe('1');
    await page.click('[data-stat=pending]');
    await expect.poll(() => page.textContent('main')).toContain('Белова Анна Игоревна');
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Одобрить")')]);
    await expect.poll(async () => (await findPersonByTelegramId(h.core, anna.id))?.status).toBe('active');
    await h.drain();
    expect(h.lastText(anna)).toContain('регистрация одобрена');
    // The Заречный municipality has no coordinator in the bot; Светлогорск's coordinator heard nothing.
    expect(h.botTexts(demoTelegramIdBase + 1).join()).not.toContain('Белова');
  });
});
