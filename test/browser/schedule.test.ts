import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { signUp } from '../../core/events/participation.js';
import { emergencyStopActive } from '../../core/deliveries/emergency-stop.js';
import { webinar, webinarStart } from '../support/events.js';
import type { Harness } from '../support/harness.js';
import { describeInBrowser, screenshot, signedInPanelForEachTest } from './support.js';

const editorActor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };
const hour = 3_600_000;

describeInBrowser('the schedule and the emergency stop in a real browser', () => {
  let h: Harness;
  let site: { url: string; close: () => Promise<void> };
  let page: Page;

  signedInPanelForEachTest((session) => ({ h, site, page } = session));

  it('an editor sees the reminders due, pauses one, stops all sending (a banner everywhere), resumes; each reminder goes once', async () => {
    const event = await createEvent(h.core, editorActor, webinar({ title: 'Вебинар в расписании' }));
    await publishEvent(h.core, editorActor, event.id);
    await h.drain();
    await signUp(h.core, { id: 4 }, event.id);
    await signUp(h.core, { id: 5 }, event.id);

    await page.click('#main-nav a:has-text("Расписание")');
    await page.waitForURL(`${site.url}/schedule`);
    const dayBefore = page.locator(`tr[data-item="job:event-reminder:${event.id}:1d"]`);
    expect(await dayBefore.locator('td').nth(2).textContent()).toBe('Напоминание за 1 день: Вебинар в расписании');
    expect(await dayBefore.locator('td').nth(3).textContent()).toBe('2');
    expect(await page.locator('section[data-day]').count()).toBe(2);

    await Promise.all([page.waitForURL(/done=schedule-item-pause/), dayBefore.locator('button[data-action=pause]').click()]);
    expect(await page.locator(`tr[data-item="job:event-reminder:${event.id}:1d"] td`).nth(2).textContent()).toContain('на паузе');
    await Promise.all([
      page.waitForURL(/done=schedule-item-resume/),
      page.locator(`tr[data-item="job:event-reminder:${event.id}:1d"] button[data-action=resume]`).click(),
    ]);

    await Promise.all([page.waitForURL(/done=schedule-stopped/), page.click('button[data-action=stop]')]);
    expect(await page.locator('[data-emergency-stop]').isVisible()).toBe(true);
    await page.goto(`${site.url}/people`);
    expect(await page.locator('[data-emergency-stop]').textContent()).toContain('Экстренная остановка');
    await screenshot(page, 'schedule-emergency-stop');

    h.clock.set(webinarStart - 24 * hour);
    await h.drain();
    const reminders = () => h.fake.callsOf('sendMessage').filter((c) => String(c.params.text).includes('Напоминание')).length;
    expect(reminders()).toBe(0);

    await page.click('[data-emergency-stop] a');
    await Promise.all([page.waitForURL(/done=schedule-resumed/), page.click('button[data-action=resume]')]);
    expect(await page.locator('[data-emergency-stop]').count()).toBe(0);
    expect(await emergencyStopActive(h.core)).toBe(false);
    await h.drain();
    await h.drain();
    expect(reminders()).toBe(2);
    expect(h.fake.chat(demoTelegramIdBase + 5).filter((m) => m.text?.includes('Напоминание'))).toHaveLength(1);
  });
});
