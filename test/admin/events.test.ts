import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../core/admins/audit.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { getEvent } from '../../core/events/events.js';
import { events } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { eventForm } from '../support/events.js';
import { ownerActor, PanelClient } from '../support/panel.js';

const owner = ownerActor;

const form = eventForm;

describe('events pages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('refuses bad fields with messages next to them and keeps what was typed', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/events/new');
    const bad = await editor.post('/events/new', form({ endsAt: '2026-11-25T14:00', link: 'webinar-room', capacity: 'много', title: 'Сем' }));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Окончание должно быть позже начала');
    expect(text).toContain('Нужна ссылка вида https://');
    expect(text).toContain('Нужно целое число');
    expect(text).toContain('value="webinar-room"');
    expect(text).toContain('value="2026-11-25T14:00"');
    expect(text).toContain('value="Сем"');
    expect(await h.core.database.db.select().from(events)).toEqual([]);

    const noDate = await editor.post('/events/new', form({ startsAt: '' }));
    expect(await noDate.text()).toContain('Укажите дату и время');
  });

  it('creates a draft in the region’s zone, shows the live count, publishes to the audience, and audits each step', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/events/new');
    const created = await editor.post('/events/new', form());
    expect(created.status).toBe(303);
    const id = Number(/\/events\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
    const event = await getEvent(h.core, id);
    expect(event).toMatchObject({
      status: 'draft',
      startsAt: Date.parse('2026-11-25T12:00:00Z'),
      municipalityId: 1,
      audience: { roles: ['teacher', 'school_lead'] },
    });

    const pageText = await editor.html(`/events/${id}`);
    expect(pageText).toContain('data-count="2"');
    expect(pageText).toContain('value="2026-11-25T15:00"');
    const live = await editor.request('/audiences/count?municipalityId=1&roles=teacher');
    expect(await live.json()).toMatchObject({ count: 1 });
    const wide = await editor.request('/audiences/count?roles=teacher');
    expect(await wide.json()).toMatchObject({ count: 2 });

    expect((await editor.post(`/events/${id}/publish`, {})).status).toBe(303);
    expect((await getEvent(h.core, id))?.status).toBe('published');
    await h.drain();
    expect(h.lastText(user(demoTelegramIdBase + 5))).toContain('Семинар для управленческих команд');
    expect(h.lastText(user(demoTelegramIdBase + 4))).toContain('ИРО, ауд. 204');
    expect(h.botTexts(user(demoTelegramIdBase + 6))).toEqual([]);
    // A second publish is refused and sends nothing more.
    expect((await editor.post(`/events/${id}/publish`, {})).status).toBe(400);

    await h.press(user(demoTelegramIdBase + 5), 'Пойду');
    const withParticipant = await editor.html(`/events/${id}`);
    expect(withParticipant).toContain('Васильева Елена Александровна');
    expect(withParticipant).toContain('записан');

    expect((await editor.post(`/events/${id}/cancel`, {})).status).toBe(303);
    expect((await getEvent(h.core, id))?.status).toBe('cancelled');
    const actions = (await listAudit(h.core, { all: true }, owner, { entity: 'event' })).map((e) => e.action);
    expect(actions).toEqual(['event.cancel', 'event.publish', 'event.create']);
    expect(await editor.html('/events')).toContain('Семинар для управленческих команд');
  });

  it('an audience that matches no one is refused at publish', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/events/new');
    const created = await editor.post('/events/new', form({ roles: ['editor'] }));
    const id = Number(/\/events\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
    await editor.get(`/events/${id}`);
    const refused = await editor.post(`/events/${id}/publish`, {});
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('ни один человек');
    expect((await getEvent(h.core, id))?.status).toBe('draft');
  });

  it('a coordinator of municipality 1 works only in municipality 1; a viewer only reads', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/events/new');
    const other = await editor.post('/events/new', form({ municipalityId: '2', title: 'Событие Берёзовского района' }));
    const otherId = Number(/\/events\/(\d+)/.exec(other.headers.get('location') ?? '')![1]);

    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    await coordinator.get('/events/new');
    // Not their municipality, or the whole region: refused.
    expect((await coordinator.post('/events/new', form({ municipalityId: '2' }))).status).toBe(404);
    const regionWide = await coordinator.post('/events/new', form({ municipalityId: '' }));
    expect(regionWide.status).toBe(400);
    expect(await regionWide.text()).toContain('Выберите муниципалитет');
    const own = await coordinator.post('/events/new', form({ title: 'Событие Светлогорска' }));
    expect(own.status).toBe(303);

    const list = await coordinator.html('/events');
    expect(list).toContain('Событие Светлогорска');
    expect(list).not.toContain('Берёзовского района');
    expect((await coordinator.get(`/events/${otherId}`)).status).toBe(404);
    expect((await coordinator.post(`/events/${otherId}`, form({ municipalityId: '2', title: 'Захват' }))).status).toBe(404);
    expect((await coordinator.post(`/events/${otherId}/publish`, {})).status).toBe(404);
    expect((await coordinator.post(`/events/${otherId}/cancel`, {})).status).toBe(404);
    expect(await getEvent(h.core, otherId)).toMatchObject({ title: 'Событие Берёзовского района', status: 'draft' });
    // Their own audience never reaches beyond their municipality, whatever the rule says.
    expect(await (await coordinator.request('/audiences/count?municipalityId=2&roles=teacher')).json()).toMatchObject({ count: 0 });
    expect(await (await coordinator.request('/audiences/count?roles=teacher&audienceMunicipalities=2')).json()).toMatchObject({ count: 0 });

    const viewer = await PanelClient.signedIn(h, 'viewer');
    expect(await viewer.html(`/events/${otherId}`)).toContain('disabled');
    expect((await viewer.get('/events/new')).status).toBe(403);
    expect((await viewer.post(`/events/${otherId}/publish`, {})).status).toBe(403);
    expect((await viewer.post(`/events/${otherId}`, form({ title: 'Чужая правка' }))).status).toBe(403);
    const [row] = await h.core.database.db.select().from(events).where(eq(events.id, otherId));
    expect(row?.title).toBe('Событие Берёзовского района');
  });

  it('shows attendance and the average rating, per participant too; .ics download scoped like the page', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/events/new');
    const created = await editor.post('/events/new', form());
    const id = Number(/\/events\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
    await editor.get(`/events/${id}`);
    await editor.post(`/events/${id}/publish`, {});
    await h.drain();
    const teacher = user(demoTelegramIdBase + 5);
    const lead = user(demoTelegramIdBase + 4);
    await h.press(teacher, 'Пойду');
    await h.press(lead, 'Пойду');
    expect(await editor.html(`/events/${id}`)).toContain('Оценок пока нет');
    h.clock.set(Date.parse('2026-11-25T13:30:00Z'));
    await h.drain(5);
    await h.press(teacher, 'Да');
    await h.press(teacher, '4 ⭐');
    await h.send(teacher, 'Хорошо, но коротко');
    await h.press(lead, 'Да');
    await h.press(lead, '5 ⭐');
    // The clock jumped past the session's idle limit: sign in again.
    const later = await PanelClient.signedIn(h, 'editor', [], 'editor-later@mayak.test');
    const pageText = await later.html(`/events/${id}`);
    expect(pageText).toContain('Были: 2, не были: 0, не ответили: 0');
    expect(pageText).toContain('Средняя оценка: 4,5 (оценок: 2)');
    expect(pageText).toContain('data-average-rating="4.5"');
    expect(pageText).toContain('Хорошо, но коротко');
    expect(pageText).toContain('4 ⭐');
    expect(pageText).toContain('был(а)');

    const ics = await later.request(`/events/${id}/event.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(ics.headers.get('content-disposition')).toContain(`event-${id}.ics`);
    const body = await ics.text();
    expect(body).toContain(`UID:event-${id}@mayak\r\n`);
    expect(body).toContain('DTSTART:20261125T120000Z\r\n');
    const own = await PanelClient.signedIn(h, 'coordinator', [1]);
    expect((await own.request(`/events/${id}/event.ics`)).status).toBe(200);
    const other = await PanelClient.signedIn(h, 'coordinator', [2]);
    expect((await other.request(`/events/${id}/event.ics`)).status).toBe(404);
  });
  it('sets reminders per event in words, names an unreadable one with the other problems, and shows finished events', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/events/new');
    const bad = await editor.post('/events/new', form({ reminderOffsets: 'завтра утром', link: 'room' }));
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain('Напоминания пишите так: 1 д, 3 ч, 30 мин');
    expect(badText).toContain('Нужна ссылка вида https://');
    expect(badText).toContain('value="завтра утром"');
    const afterStart = await editor.post('/events/new', form({ reminderOffsets: '1 д, 0 мин' }));
    expect(await afterStart.text()).toContain('Напоминание должно приходить до начала мероприятия');
    expect(await h.core.database.db.select().from(events)).toEqual([]);

    const created = await editor.post('/events/new', form({ reminderOffsets: '2 ч; 15 мин, 2 days' }));
    const id = Number(/\/events\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
    expect((await getEvent(h.core, id))!.reminderOffsets).toEqual([2880, 120, 15]);
    expect(await editor.html(`/events/${id}`)).toContain('name="reminderOffsets" value="2 д, 2 ч, 15 мин"');
    const defaults = await editor.post('/events/new', form({ title: 'Вебинар по умолчанию', kind: 'webinar' }));
    const defaultId = Number(/\/events\/(\d+)/.exec(defaults.headers.get('location') ?? '')![1]);
    expect((await getEvent(h.core, defaultId))!.reminderOffsets).toEqual([1440, 60]);

    await editor.get(`/events/${id}`);
    await editor.post(`/events/${id}/publish`, {});
    expect(await editor.html('/events?status=published')).toContain(`/events/${id}"`);
    h.clock.set(Date.parse('2026-11-25T14:00:00Z'));
    // Two days later the editor's session has expired (36 idle hours): a viewer looks instead.
    const viewer = await PanelClient.signedIn(h, 'viewer');
    expect(await viewer.html('/events?status=published')).not.toContain(`/events/${id}"`);
    const finished = await viewer.html('/events?status=finished');
    expect(finished).toContain(`/events/${id}"`);
    expect(finished).toContain('завершено');
    expect(await viewer.html(`/events/${id}`)).toContain('data-status="finished"');
  });
});
