import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAdmin } from '../../core/admins/accounts.js';
import { choosePanelLanguage } from '../../core/admins/panel-language.js';
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

const cyrillicWord = /[А-Яа-яЁё]+/g;

/**
 * The Russian words an English page may show: those of the data (names, titles, answers, stored in the database; the
 * outbox and conversations, which hold the bot's own Russian texts, left out) and those the English locale quotes
 * («ШНОР», «МСК+2», the subjects a file may name).
 */
async function russianDataWords(h: Harness): Promise<Set<string>> {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const word of text.match(cyrillicWord) ?? []) words.add(word.toLowerCase());
  };
  const english = join(import.meta.dirname, '..', '..', 'locales', 'en');
  for (const file of readdirSync(english)) add(readFileSync(join(english, file), 'utf8'));
  const { db } = h.core.database;
  const tables = await db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not in ('deliveries', 'conversations')`);
  for (const { name } of tables) for (const row of await db.all(sql.raw(`select * from "${name}"`))) add(JSON.stringify(row));
  return words;
}

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
  let ownerId = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    h = await Harness.start();
    await loadDemoRegion(h.core);
    ownerId = (await createAdmin(h.core, { email: 'owner@mayak.test', password: 'correct horse battery', role: 'owner' })).id;
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

  it('in English: no page shows a Russian word that is not data (a name, a title) or quoted by the English locale', async () => {
    await choosePanelLanguage(h.core, ownerId, 'en');
    const allowed = await russianDataWords(h);
    // A long title cut short ends in a part of a word.
    const truncated = (word: string) => [...allowed].some((a) => a.startsWith(word.toLowerCase()));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, site.url, 'owner@mayak.test', 'correct horse battery');
    const found: Record<string, string[]> = {};
    try {
      for (const path of [...paths, '/no-such-page']) {
        await page.goto(`${site.url}${path}`);
        expect(await page.getAttribute('html', 'lang'), path).toBe('en');
        // Text and the attributes a person reads; code, typed values and the Telegram previews (the bot's words, in the recipients' language) aside.
        const texts = await page.evaluate(() => {
          const out: string[] = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode())
            if (!node.parentElement?.closest('code, pre, script, style, textarea, .tg-chat')) out.push(node.textContent ?? '');
          for (const element of Array.from(document.querySelectorAll('[placeholder], [title], [aria-label]')))
            for (const name of ['placeholder', 'title', 'aria-label']) out.push(element.getAttribute(name) ?? '');
          out.push(document.title);
          return out;
        });
        const russian = texts.flatMap((text) =>
          [...text.matchAll(cyrillicWord)]
            .filter((m) => !allowed.has(m[0].toLowerCase()) && !(/^(…|\s*$)/.test(text.slice(m.index + m[0].length)) && truncated(m[0])))
            .map((m) => `${m[0]} in «${text.trim().slice(0, 60)}»`),
        );
        if (russian.length) found[path] = [...new Set(russian)];
      }
    } finally {
      await page.close();
      await choosePanelLanguage(h.core, ownerId, 'ru');
    }
    expect(found).toEqual({});
  }, 180_000);
});
