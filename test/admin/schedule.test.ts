import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { deliverySettings } from '../../core/deliveries/delivery-rules.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { reminderJobKind } from '../../core/events/reminding.js';
import { signUp } from '../../core/events/participation.js';
import { jobsOfKind } from '../../core/scheduler/jobs.js';
import { deliveries } from '../../db/schema/index.js';
import { webinar, webinarStart } from '../support/events.js';
import { Harness, user } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';

const editorActor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };
const teacher = user(demoTelegramIdBase + 5);
const hour = 3_600_000;

describe('the schedule page and the emergency stop', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  /** A published webinar with the lead (4) and the teacher (5) going: two reminders at each of its two offsets. */
  async function webinarWithReminders(): Promise<number> {
    const event = await createEvent(h.core, editorActor, webinar({ title: 'Вебинар для расписания' }));
    await publishEvent(h.core, editorActor, event.id);
    await h.drain();
    await signUp(h.core, { id: 4 }, event.id);
    await signUp(h.core, { id: 5 }, event.id);
    return event.id;
  }

  it('lists what is due by day and kind with recipients and a link; pause, resume and cancel one item, audited', async () => {
    const id = await webinarWithReminders();
    const editor = await PanelClient.signedIn(h, 'editor');
    const page = await editor.html('/schedule');
    expect(page).toContain('data-day="2026-11-24"');
    expect(page).toContain('data-day="2026-11-25"');
    const dayBefore = /<tr data-item="job:event-reminder:\d+:1d"[\s\S]*?<\/tr>/.exec(page)![0];
    expect(dayBefore).toContain('Напоминание за 1 день: Вебинар для расписания');
    expect(dayBefore).toContain(`href="/events/${id}"`);
    expect(dayBefore).toMatch(/<td>2<\/td>/);

    const item = { source: 'job', kind: reminderJobKind, group: `${id}:1d` };
    expect((await editor.post('/schedule/item', { ...item, action: 'pause' })).status).toBe(303);
    expect((await jobsOfKind(h.core, reminderJobKind)).map((j) => j.status).sort()).toEqual(['due', 'due', 'paused', 'paused']);
    h.clock.set(webinarStart - 24 * hour);
    await h.drain();
    expect(h.countTexts(teacher, 'Напоминание')).toBe(0);
    expect((await editor.post('/schedule/item', { ...item, action: 'resume' })).status).toBe(303);
    await h.drain();
    expect(h.countTexts(teacher, 'Напоминание')).toBe(1);
    expect((await editor.post('/schedule/item', { ...item, group: `${id}:1h`, action: 'cancel' })).status).toBe(303);
    h.clock.set(webinarStart - hour);
    await h.drain();
    expect(h.countTexts(teacher, 'Напоминание')).toBe(1);
    // Nothing of that item is left to act on.
    expect((await editor.post('/schedule/item', { ...item, group: `${id}:1h`, action: 'cancel' })).status).toBe(404);
    const actions = (await listAudit(h.core, { all: true }, ownerActor)).map((e) => e.action).filter((a) => a.startsWith('schedule.'));
    expect(actions.sort()).toEqual(['schedule.cancel', 'schedule.pause', 'schedule.resume']);
  });

  it('messages waiting for quiet hours are listed; an editor sends them now as urgent', async () => {
    h.clock.set('2026-11-23T19:30:00Z'); // 22:30 in Moscow
    const event = await createEvent(h.core, editorActor, webinar({ title: 'Ночная публикация' }));
    await publishEvent(h.core, editorActor, event.id);
    await h.drain();
    expect(h.countTexts(teacher, 'Ночная публикация')).toBe(0);
    const editor = await PanelClient.signedIn(h, 'editor');
    const page = await editor.html('/schedule');
    expect(page).toMatch(/data-item="delivery:event-announcement:2026-11-24"[\s\S]*?<td>3<\/td>/);
    expect((await editor.post('/schedule/item', { source: 'delivery', kind: 'event-announcement', group: '2026-11-24', action: 'send-now' })).status).toBe(303);
    await h.drain();
    expect(h.countTexts(teacher, 'Ночная публикация')).toBe(1);
    const pending = await h.core.database.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.status, 'pending'), eq(deliveries.purpose, 'event-announcement')));
    expect(pending).toEqual([]);
    expect((await listAudit(h.core, { all: true }, ownerActor)).some((e) => e.action === 'schedule.send-now')).toBe(true);
  });

  it('the emergency stop: a banner on every page, twice is one stop, viewers and coordinators refused; settings validated', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const viewer = await PanelClient.signedIn(h, 'viewer');
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    expect((await coordinator.get('/schedule')).status).toBe(403);
    const seen = await viewer.html('/schedule');
    expect(seen).not.toContain('data-action="stop"');
    await viewer.get('/');
    expect((await viewer.post('/schedule/stop', {})).status).toBe(403);

    await editor.get('/schedule');
    const stopped = await editor.post('/schedule/stop', {});
    expect(stopped.headers.get('location')).toBe('/schedule?done=schedule-stopped');
    expect((await editor.post('/schedule/stop', {})).headers.get('location')).toBe('/schedule?done=schedule-already-stopped');
    for (const path of ['/', '/people', '/events', '/topics']) expect(await viewer.html(path)).toContain('data-emergency-stop');
    expect((await viewer.post('/schedule/resume', {})).status).toBe(403);
    expect((await editor.post('/schedule/resume', {})).headers.get('location')).toBe('/schedule?done=schedule-resumed');
    expect(await viewer.html('/')).not.toContain('data-emergency-stop');
    const actions = (await listAudit(h.core, { all: true }, ownerActor)).map((e) => e.action).filter((a) => a.startsWith('delivery.'));
    expect(actions.sort()).toEqual(['delivery.emergency-stop', 'delivery.resume']);

    const bad = await editor.post('/schedule/settings', { from: '25:00', to: '08:00', dailyCap: '0' });
    expect(bad.status).toBe(400);
    expect((await bad.text()).match(/class="error"/g)?.length).toBeGreaterThanOrEqual(2);
    expect((await editor.post('/schedule/settings', { from: '22:00', to: '07:30', dailyCap: '4' })).status).toBe(303);
    expect(await deliverySettings(h.core)).toEqual({ quietHours: { from: 22 * 60, to: 7 * 60 + 30 }, dailyCap: 4 });
  });
});
