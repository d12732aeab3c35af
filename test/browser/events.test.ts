import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import { getEvent } from '../../core/events/events.js';
import type { Harness } from '../support/harness.js';
import { describeInBrowser, screenshot, signedInPanelForEachTest } from './support.js';

describeInBrowser('events in a real browser', () => {
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };
  let page: Page;

  signedInPanelForEachTest((session) => ({ h, site, page } = session));

  it('an editor creates an event for the region’s teachers, sees the live count and preview, publishes; exactly the teachers get it', async () => {
    const title = 'Вебинар для учителей: функциональная грамотность';
    await page.goto(`${site.url}/events/new`);
    await page.fill('input[name=title]', title);
    await page.selectOption('select[name=kind]', 'webinar');
    await page.fill('input[name=startsAt]', '2026-11-27T15:00');
    await page.fill('input[name=endsAt]', '2026-11-27T16:30');
    await page.fill('input[name=link]', 'https://vk.com/video/room');
    // The whole region (the editor's default), teachers only: the demo region has two, in two municipalities.
    expect(await page.inputValue('select[name=municipalityId]')).toBe('');
    await page.check('input[name=roles][value=teacher]');
    await expect.poll(() => page.getAttribute('#audience-count', 'data-count')).toBe('2');
    expect(await page.textContent('#audience-count')).toBe('Получателей сейчас: 2');
    // The preview follows the form: the title in bold, the buttons as in the bot.
    await expect.poll(() => page.locator('#tg-preview .tg-bubble b').textContent()).toBe(title);
    expect(await page.locator('#tg-preview .tg-button').allTextContents()).toEqual(['✅ Пойду', '❌ Не смогу', 'ℹ️ Подробнее']);

    await Promise.all([page.waitForURL(/\/events\/\d+\?done=event-created/), page.click('#event-form button[type=submit]')]);
    const id = Number(/\/events\/(\d+)/.exec(page.url())![1]);
    expect(await getEvent(h.core, id)).toMatchObject({ title, kind: 'webinar', status: 'draft', municipalityId: null, audience: { roles: ['teacher'] } });
    expect(await page.getAttribute('#audience-count', 'data-count')).toBe('2');

    await Promise.all([page.waitForURL(/done=event-published/), page.click('button:has-text("Опубликовать и разослать")')]);
    expect(await page.textContent('[data-status]')).toBe('опубликовано');
    expect(h.fake.callsOf('sendMessage')).toEqual([]);

    await h.drain();
    const announced = h.fake
      .callsOf('sendMessage')
      .filter((c) => String(c.params.text).includes(title))
      .map((c) => Number(c.params.chat_id))
      .sort();
    expect(announced).toEqual([demoTelegramIdBase + 5, demoTelegramIdBase + 6]);
    expect(h.fake.callsOf('sendMessage')).toHaveLength(2);
    expect(h.lastText(demoTelegramIdBase + 5)).toContain('Новое мероприятие');

    await page.reload();
    await screenshot(page, 'event-published');

    // The month calendar on a phone: a list of the days that have events.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${site.url}/events/calendar?month=2026-11`);
    expect(await page.isVisible(`td[data-date="2026-11-27"] a[data-event="${id}"]`)).toBe(true);
    expect(await page.isVisible('table.cal thead')).toBe(false);
    expect(await page.isVisible('td[data-date="2026-11-26"]')).toBe(false);
    await screenshot(page, 'events-calendar-phone');
  });
});
