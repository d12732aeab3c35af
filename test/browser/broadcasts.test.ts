import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import { broadcasts } from '../../db/schema/index.js';
import { addTeachers } from '../support/broadcasts.js';
import type { Harness } from '../support/harness.js';
import { describeInBrowser, screenshot, signedInPanelForEachTest } from './support.js';

describeInBrowser('broadcasts in a real browser', () => {
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };
  let page: Page;

  signedInPanelForEachTest((session) => ({ h, site, page } = session));

  it('composes with a live Telegram preview and formatting check, sends once on a double click, and the progress bar moves while sending', async () => {
    await addTeachers(h.core, 60);
    await page.goto(`${site.url}/broadcasts/new`);
    await page.fill('textarea[name=html]', '<b>Срочно:</b> вебинар переносится');
    await page.fill('input[name=button1Text]', 'Подробнее');
    await page.fill('input[name=button1Url]', 'https://iro.example.ru/news');
    await expect.poll(() => page.locator('#tg-preview .tg-bubble b').textContent()).toBe('Срочно:');
    // The preview redraws after each change; the button's field was the last one filled.
    await expect.poll(() => page.locator('#tg-preview .tg-button').allTextContents()).toEqual(['Подробнее']);
    // A tag left open is named while typing, before anything is sent.
    await page.fill('textarea[name=html]', '<b>Срочно: вебинар переносится');
    await expect.poll(() => page.textContent('#html-problems')).toContain('не закрыт');
    await page.fill('textarea[name=html]', '<b>Срочно:</b> вебинар переносится');
    await expect.poll(() => page.textContent('#html-problems')).toBe('');
    await page.check('input[name=roles][value=teacher]');
    await expect.poll(() => page.getAttribute('#audience-count', 'data-count')).toBe('62');
    await screenshot(page, 'broadcast-composer');

    // A double click on "Отправить": one broadcast.
    await page.dblclick('button[data-send]');
    await expect.poll(() => page.url()).toMatch(/\/broadcasts\/\d+\?done=broadcast-started/);
    await page.waitForSelector('.progress-bar', { state: 'attached' });
    expect(await h.core.database.db.select().from(broadcasts)).toHaveLength(1);
    expect(await page.getAttribute('.progress-bar', 'data-percent')).toBe('0');

    await h.tick();
    for (let i = 0; i < 10; i++) {
      h.clock.advance(100);
      await h.tick();
    }
    await expect.poll(() => page.getAttribute('.progress-bar', 'data-percent'), { timeout: 5000 }).not.toBe('0');
    const partial = Number(await page.getAttribute('.progress-bar', 'data-percent'));
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(100);
    expect(await page.textContent('#progress-summary')).toMatch(/Отправлено \d+ из 62/);
    await screenshot(page, 'broadcast-progress');

    await h.drain();
    await expect.poll(() => page.getAttribute('.progress-bar', 'data-percent'), { timeout: 5000 }).toBe('100');
    await expect.poll(() => page.textContent('#broadcast-status')).toBe('отправлена');
    expect(await page.textContent('[data-count=sent]')).toBe('62');
    expect(h.botTexts(demoTelegramIdBase + 5)).toEqual(['<b>Срочно:</b> вебинар переносится']);
  });
});
