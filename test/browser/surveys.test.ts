import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import { getSurvey } from '../../core/surveys/surveys.js';
import type { Harness } from '../support/harness.js';
import { demo } from '../support/surveys.js';
import { describeInBrowser, screenshot, signedInPanelForEachTest } from './support.js';

/** Demo teachers: 5 in municipality 1, 6 in municipality 2 (the only two teachers of the demo region). */
const teacher = demo(5);
const otherTeacher = demo(6);

describeInBrowser('surveys in a real browser', () => {
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };
  let page: Page;

  signedInPanelForEachTest((session) => ({ h, site, page } = session));

  /** Fills the builder's "add a question" form and submits it; the page comes back on the builder. */
  async function addQuestion(fields: { kind: string; text: string; options?: string; max?: string; minLabel?: string; maxLabel?: string; required: boolean }) {
    const form = page.locator('#question-form');
    await form.locator('select[name=kind]').selectOption(fields.kind);
    await form.locator('textarea[name=text]').fill(fields.text);
    await form.locator('input[name=required]').setChecked(fields.required);
    if (fields.options) await form.locator('textarea[name=options]').fill(fields.options);
    if (fields.max) {
      await form.locator('input[name=min]').fill('1');
      await form.locator('input[name=max]').fill(fields.max);
    }
    if (fields.minLabel) await form.locator('input[name=minLabel]').fill(fields.minLabel);
    if (fields.maxLabel) await form.locator('input[name=maxLabel]').fill(fields.maxLabel);
    await Promise.all([page.waitForURL(/done=survey-question-added/), form.locator('button[type=submit]').click()]);
  }

  /** The bars of the chart in a question's result section: label → count, as the SVG carries them. */
  async function bars(questionText: string): Promise<Record<string, number>> {
    const section = page.locator('section.result', { has: page.locator('h3', { hasText: questionText }) });
    const groups = section.locator('svg.chart g[data-bar]');
    const out: Record<string, number> = {};
    for (let i = 0; i < (await groups.count()); i++) {
      const g = groups.nth(i);
      out[(await g.getAttribute('data-bar'))!] = Number(await g.getAttribute('data-count'));
    }
    return out;
  }

  it('an editor builds a three-question survey for the teachers and publishes it; two teachers answer in the bot; the results chart counts both', async () => {
    const title = 'Потребности учителей в методической помощи';
    await page.goto(`${site.url}/surveys/new`);
    await page.fill('input[name=title]', title);
    await page.fill('textarea[name=intro]', 'Три вопроса, две минуты.');
    await page.check('input[name=roles][value=teacher]');
    await expect.poll(() => page.getAttribute('#audience-count', 'data-count')).toBe('2');
    await Promise.all([page.waitForURL(/\/surveys\/\d+\?done=survey-created/), page.click('#survey-form button[type=submit]')]);
    const id = Number(/\/surveys\/(\d+)/.exec(page.url())![1]);

    await addQuestion({ kind: 'single', text: 'Какой формат вам удобнее?', options: 'Вебинар\nОчный семинар\nСтажировка', required: true });
    await addQuestion({ kind: 'scale', text: 'Насколько вы готовы к ВПР?', max: '5', minLabel: 'совсем нет', maxLabel: 'полностью', required: true });
    await addQuestion({ kind: 'short_text', text: 'Чего вам не хватает?', required: false });
    // The builder lists the three in order, each previewed as the bot will ask it.
    expect(await page.locator('ol.survey-questions .q-head b').allTextContents()).toEqual([
      'Какой формат вам удобнее?',
      'Насколько вы готовы к ВПР?',
      'Чего вам не хватает?',
    ]);
    expect(await page.locator('ol.survey-questions > li').first().locator('.tg-button').allTextContents()).toEqual(['Вебинар', 'Очный семинар', 'Стажировка']);

    await Promise.all([page.waitForURL(/done=survey-published/), page.click('button:has-text("Опубликовать")')]);
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('published');
    expect((await getSurvey(h.core, id))?.status).toBe('published');

    // It opens now: the open job invites exactly the two teachers.
    await h.tick();
    await h.drain();
    const invited = h.fake
      .callsOf('sendMessage')
      .filter((c) => String(c.params.text).includes(title))
      .map((c) => Number(c.params.chat_id))
      .sort();
    expect(invited).toEqual([demoTelegramIdBase + 5, demoTelegramIdBase + 6]);

    for (const [person, format, score, text] of [
      [teacher, 'Вебинар', '4', 'Времени на подготовку'],
      [otherTeacher, 'Вебинар', '2', 'Наставника'],
    ] as const) {
      await h.press(person, 'Начать');
      expect(h.lastText(person)).toContain('Вопрос 1 из 3');
      await h.press(person, format);
      expect(h.lastText(person)).toContain('Вопрос 2 из 3');
      await h.press(person, score);
      expect(h.lastText(person)).toContain('Вопрос 3 из 3');
      await h.send(person, text);
      expect(h.lastText(person)).toContain('Проверьте ответы');
      await h.press(person, 'Отправить');
      expect(h.lastText(person)).toContain('Спасибо');
    }

    await page.goto(`${site.url}/surveys/${id}/results`);
    expect(await page.getAttribute('#respondents', 'data-count')).toBe('2');
    expect(await bars('Какой формат вам удобнее?')).toEqual({ Вебинар: 2, 'Очный семинар': 0, Стажировка: 0 });
    expect(await bars('Насколько вы готовы к ВПР?')).toEqual({ '1': 0, '2': 1, '3': 0, '4': 1, '5': 0 });
    // The bar of two answers is drawn, labelled with its count and share; the empty ones have no width.
    const webinar = page.locator('section.result g[data-bar="Вебинар"]');
    expect(Number(await webinar.locator('rect').getAttribute('width'))).toBeGreaterThan(0);
    expect(await webinar.locator('text').nth(1).textContent()).toBe('2 (100%)');
    expect(await page.locator('section.result g[data-bar="Стажировка"] rect').getAttribute('width')).toBe('0');
    expect(await page.locator('section.result', { hasText: 'Насколько вы готовы к ВПР?' }).locator('.avg').textContent()).toBe('3,00');
    expect((await page.locator('section.result', { hasText: 'Чего вам не хватает?' }).locator('.texts li').allTextContents()).sort()).toEqual([
      'Времени на подготовку',
      'Наставника',
    ]);
    await screenshot(page, 'survey-results');
  });
});
