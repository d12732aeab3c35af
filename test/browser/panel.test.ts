import { statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { Harness } from '../support/harness.js';
import { describeInBrowser, launchBrowser, screenshot, serveHarness, signIn } from './support.js';

describeInBrowser('the admin panel in a real browser', () => {
  let browser: Browser;
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await createAdmin(h.core, { email: 'owner@mayak.test', password: 'correct horse battery', role: 'owner' });
    site = await serveHarness(h);
  });
  afterEach(async () => {
    await site.close();
    await h.close();
  });

  it('signs in, shows the dashboard and saves its screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/people`);
    expect(page.url()).toContain('/login');
    await page.fill('input[name=email]', 'owner@mayak.test');
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('main')).toContain('Неверная почта или пароль');
    await signIn(page, site.url, 'owner@mayak.test', 'correct horse battery');
    await expect.poll(() => page.textContent('h1')).toBe('Главная');
    expect(await page.textContent('[data-section=events] h2')).toBe('Ближайшие мероприятия');
    // On a wide screen the menu is a sidebar: one column at the left edge, the page beside it, the phone's toggle hidden.
    const nav = (await page.locator('#main-nav').boundingBox())!;
    const main = (await page.locator('main').boundingBox())!;
    expect(nav.x).toBe(0);
    expect(nav.height).toBeGreaterThan(nav.width);
    expect(main.x).toBeGreaterThanOrEqual(nav.x + nav.width);
    expect(await page.isVisible('[data-menu-toggle]')).toBe(false);
    expect(await page.getAttribute('#main-nav a[aria-current=page]', 'href')).toBe('/');
    const path = await screenshot(page, 'dashboard');
    expect(statSync(path).size).toBeGreaterThan(10_000);
    await Promise.all([page.waitForURL(/\/schools\?nolead=1$/), page.click('[data-stat=no-lead]')]);
    await expect.poll(() => page.textContent('h1')).toContain('Школы');
    await page.close();
  });

  it('works on a phone-sized screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await signIn(page, site.url, 'owner@mayak.test', 'correct horse battery');
    // The menu folds behind one button on a phone.
    expect(await page.isVisible('#main-nav')).toBe(false);
    await page.click('[data-menu-toggle]');
    expect(await page.isVisible('#main-nav a[href="/events"]')).toBe(true);
    await page.goto(`${site.url}/people?q=петров`);
    await expect.poll(() => page.textContent('main')).toContain('Петров Сергей Михайлович');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'people-phone');
    await page.close();
  });
});
