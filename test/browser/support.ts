import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { Harness } from '../support/harness.js';

export const chromiumPath = '/usr/bin/chromium';
export const artifacts = join(import.meta.dirname, '..', '..', 'test-artifacts');

/**
 * Browser tests run in Debian's chromium. On a developer's machine without it they are skipped with a visible
 * notice; in CI (CI=true) a missing browser is a failure, never a skip: .ci/run installs it.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(chromiumPath)) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs chromium', () => {
        throw new Error(`${chromiumPath} is missing: CI must install it (apt-get install -y chromium in .ci/run)`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED browser tests "${name}": ${chromiumPath} not found (apt-get install -y chromium) ***\n`);
  describe.skip(name, body);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Serves the harness's HTTP app on a random loopback port, as the real process does. */
export async function serveHarness(h: Harness): Promise<{ url: string; close: () => Promise<void> }> {
  const server = serve({ fetch: h.app.admin.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${url}/`), page.click('button[type=submit]')]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface PanelSession {
  h: Harness;
  site: { url: string; close: () => Promise<void> };
  page: Page;
}

/** A product on the demo region served over HTTP, and a browser page signed in as an editor. */
export async function signedInPanel(browser: Browser): Promise<PanelSession> {
  const h = await Harness.start();
  await loadDemoRegion(h.core);
  await createAdmin(h.core, { email: 'editor@mayak.test', password: 'correct horse battery', role: 'editor' });
  const site = await serveHarness(h);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Actions that tell people something ask first (data-confirm); the tests mean them, so they answer yes.
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, site.url, 'editor@mayak.test', 'correct horse battery');
  return { h, site, page };
}

export async function closePanel(session: PanelSession): Promise<void> {
  await session.page.close();
  await session.site.close();
  await session.h.close();
}

/**
 * One browser for the file and a fresh signed-in panel for each test, closed after it: `use` receives each test's
 * session (assign it to the file's `h`, `site`, `page`).
 */
export function signedInPanelForEachTest(use: (session: PanelSession) => void): void {
  let browser: Browser | undefined;
  let session: PanelSession | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    session = await signedInPanel(browser!);
    use(session);
  });
  afterEach(async () => {
    if (session) await closePanel(session);
    session = undefined;
  });
}
