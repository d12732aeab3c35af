import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { contacts, eventParticipants } from '../../db/schema/index.js';
import { webinar } from '../support/events.js';
import { sandboxWithMax } from '../support/max.js';
import { editorActor } from '../support/tasks.js';
import { describeInBrowser, launchBrowser, screenshot } from './support.js';

/**
 * The sandbox with MAX in a real browser on a phone's width: a demo person switches to MAX, an event arrives in their
 * MAX dialog as MAX shows it, and its «Пойду» button works (the press goes through the bot's MAX webhook).
 */
describeInBrowser('the sandbox on MAX in a real browser', () => {
  let browser: Browser;
  let sandbox: Awaited<ReturnType<typeof sandboxWithMax>>;
  let page: Page;
  const refused: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    sandbox = await sandboxWithMax();
    await loadDemoRegion(sandbox.h.core);
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    refused.length = 0;
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
  });
  afterEach(async () => {
    await page.close();
    await sandbox.close();
  });

  const messagesText = () => page.textContent('#messages');
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('a teacher picks MAX: an event arrives rendered as MAX shows it, and «Пойду» signs her up', async () => {
    const { h } = sandbox;
    await page.goto(`${sandbox.url}/sandbox`);
    await page.click(`.person[data-id="${demoTelegramIdBase + 5}"]`); // Васильева
    await page.click('[data-messenger="max"]');
    await expect.poll(() => page.getAttribute('#sandbox', 'class')).toContain('messenger-max');
    expect(await page.getAttribute('[data-messenger="max"]', 'aria-pressed')).toBe('true');
    expect(await page.textContent('#chat-title')).toBe('Маяк в MAX');
    expect(await page.isDisabled('#attach-btn')).toBe(true);
    await expect.poll(async () => (await h.core.database.db.select().from(contacts)).some((c) => c.channel === 'max' && c.preferred)).toBe(true);

    const event = await createEvent(h.core, editorActor, webinar({ title: 'Вебинар на MAX', audience: { roles: ['teacher'], municipalityIds: [1] } }));
    await publishEvent(h.core, editorActor, event.id);
    await h.drain();
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Вебинар на MAX');
    // MAX's ids are strings; its buttons look like MAX's (the page's MAX style), and the title is bold as sent.
    expect(await page.getAttribute('.row.bot:has-text("Вебинар на MAX")', 'data-id')).toMatch(/^mid\./);
    expect(await page.locator('.row.bot:has-text("Вебинар на MAX") .text b').count()).toBeGreaterThan(0);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await screenshot(page, 'sandbox-max-event-390');

    await page.click('.row:has-text("Вебинар на MAX") .kb-btn:has-text("Пойду")');
    await expect
      .poll(async () => (await h.core.database.db.select().from(eventParticipants).where(eq(eventParticipants.eventId, event.id))).map((p) => p.status), {
        timeout: 10_000,
      })
      .toEqual(['going']);
    expect(sandbox.max.callsOf('answerOnCallback').length).toBeGreaterThan(0);
    // Nothing of it went to her Telegram: one person, one message.
    expect(h.botTexts(demoTelegramIdBase + 5).join('\n')).not.toContain('Вебинар на MAX');

    // Back to Telegram: the Telegram chat again, and the choice is the server's too.
    await page.click('[data-messenger="telegram"]');
    await expect.poll(() => page.getAttribute('#sandbox', 'class')).not.toContain('messenger-max');
    await expect.poll(async () => (await h.core.database.db.select().from(contacts)).some((c) => c.channel === 'telegram' && c.preferred)).toBe(true);
    expect(refused).toEqual([]);
  });

  it('a newcomer on MAX presses «Начать» and the MAX bot greets them; /profile from the menu', async () => {
    await page.goto(`${sandbox.url}/sandbox`);
    await page.fill('#newcomer-name', 'Анна');
    await page.click('#newcomer-form button[type=submit]');
    await page.click('[data-messenger="max"]');
    await expect.poll(() => page.textContent('#start-btn')).toBe('Начать');
    await page.click('#start-btn');
    await expect.poll(messagesText, { timeout: 10_000 }).toContain('Маяк');
    await page.click('#menu-btn');
    await expect.poll(() => page.textContent('#menu')).toContain('/profile');
    expect(await sideways()).toBeLessThanOrEqual(0);
    await screenshot(page, 'sandbox-max-start-390');
    expect(refused).toEqual([]);
  });
});
