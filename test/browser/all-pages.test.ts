import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import { createBroadcast } from '../../core/broadcasts/broadcasts.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { webinar } from '../support/events.js';
import { notice } from '../support/broadcasts.js';
import { Harness } from '../support/harness.js';
import { q, surveyWith } from '../support/surveys.js';
import { editorActor, schoolTask } from '../support/tasks.js';
import { describeInBrowser, launchBrowser, serveHarness, signIn } from './support.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What a person must never see: a code such as `task-assigned` or `task.create` (links, code and inputs aside). */
const internalCode = /\b[a-z][a-z0-9]*(?:[-_.][a-z][a-z0-9]*)+\b/;

interface PageProblems {
  overflow: number;
  codes: string[];
  violations: string[];
  csp: string[];
}

/** Overflow, visible codes and axe-core's violations of the page as it is now. */
async function problemsOf(page: Page, csp: string[]): Promise<PageProblems> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const codes = await page.evaluate((pattern) => {
    const re = new RegExp(pattern);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('a, code, pre, script, style, textarea, option, [hidden], [data-raw]')) continue;
      if (parent.offsetParent === null && getComputedStyle(parent).position !== 'fixed') continue;
      const text = (node.textContent ?? '').replace(/\S+@\S+/g, '').replace(/https?:\/\/\S+/g, '');
      const match = re.exec(text);
      if (match) found.push(`${match[0]} in «${text.trim().slice(0, 60)}»`);
    }
    return found;
  }, internalCode.source);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
  });
  return { overflow, codes, violations, csp: [...csp] };
}

describeInBrowser('every panel page on a phone and a wide screen', () => {
  let browser: Browser;
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };
  const paths: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await createAdmin(h.core, { email: 'owner@mayak.test', password: 'correct horse battery', role: 'owner' });
    const event = await createEvent(
      h.core,
      editorActor,
      webinar({ title: 'Вебинар «Функциональная грамотность: читательская, математическая и естественнонаучная»' }),
    );
    await publishEvent(h.core, editorActor, event.id);
    const task = await createTask(h.core, editorActor, schoolTask());
    await publishTask(h.core, editorActor, task.id);
    const { survey } = await surveyWith(h.core, [q.single(), q.scale()]);
    const broadcast = await createBroadcast(h.core, editorActor, notice());
    site = await serveHarness(h);
    paths.push(
      '/',
      '/people',
      '/people/1',
      '/schools',
      '/schools/1',
      '/municipalities',
      '/events',
      '/events/calendar',
      '/events/new',
      `/events/${event.id}`,
      '/tasks',
      '/tasks/new',
      `/tasks/${task.id}`,
      '/tasks/matrix',
      '/surveys',
      '/surveys/new',
      `/surveys/${survey.id}`,
      `/surveys/${survey.id}/results`,
      '/audiences',
      '/broadcasts',
      '/broadcasts/new',
      `/broadcasts/${broadcast.id}`,
      '/channels',
      '/topics',
      '/schedule',
      '/approvals',
      '/invites',
      '/import',
      '/audit',
      '/admins',
      '/account',
      '/api-tokens',
      '/roadmaps',
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await h?.close();
  });

  for (const width of [390, 1280]) {
    it(`at ${width} px: no page scrolls sideways, shows a code, breaks the CSP or fails axe-core`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const csp: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) csp.push(message.text().slice(0, 160));
      });
      await signIn(page, site.url, 'owner@mayak.test', 'correct horse battery');
      const found: Record<string, PageProblems> = {};
      for (const path of paths) {
        csp.length = 0;
        const response = await page.goto(`${site.url}${path}`);
        expect(response?.status(), path).toBe(200);
        const problems = await problemsOf(page, csp);
        if (problems.overflow > 0 || problems.codes.length || problems.violations.length || problems.csp.length) found[path] = problems;
      }
      await page.close();
      expect(found).toEqual({});
    }, 180_000);
  }
});
