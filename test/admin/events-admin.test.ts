import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { telegramHtml } from '../../core/text/telegram-preview.js';
import { listAudit } from '../../core/admins/audit.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { duplicateShiftMs } from '../../core/events/admin.js';
import { csvCell } from '../../core/exports/table.js';
import { getEvent } from '../../core/events/events.js';
import { announcementMessage } from '../../core/events/messages.js';
import { eventParticipants, events, people } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { eventForm } from '../support/events.js';
import { ownerActor, PanelClient } from '../support/panel.js';
import { findPersonByTelegramId } from '../support/people.js';

const owner = ownerActor;

const form = eventForm;

async function create(client: PanelClient, overrides: Record<string, string | string[]> = {}): Promise<number> {
  await client.get('/events/new');
  const created = await client.post('/events/new', form(overrides));
  expect(created.status).toBe(303);
  return Number(/\/events\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
}

/** The inside of the calendar's cell for one date. */
function cell(html: string, date: string): string {
  const match = new RegExp(`<td data-date="${date}"[^>]*>([\\s\\S]*?)</td>`).exec(html);
  if (!match) throw new Error(`no cell for ${date}`);
  return match[1]!;
}

describe('events in the panel: calendar, preview, duplicate, CSV', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('the month calendar: Monday first, days in the region’s zone, multi-day events on each day, filters, months, scope', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const seminar = await create(editor);
    // 00:30 in Moscow is still the 24th in UTC: it must show on the 25th.
    const night = await create(editor, { title: 'Ночной вебинар', kind: 'webinar', startsAt: '2026-11-25T00:30', endsAt: '2026-11-25T01:30' });
    const internship = await create(editor, {
      title: 'Стажировка в ресурсном центре',
      kind: 'internship',
      startsAt: '2026-11-26T10:00',
      endsAt: '2026-11-28T17:00',
      municipalityId: '2',
    });
    const december = await create(editor, { title: 'Декабрьский семинар', startsAt: '2026-12-02T10:00', endsAt: '2026-12-02T12:00' });
    await editor.post(`/events/${seminar}/publish`, {});

    // The clock says 23 November 2026: the default month.
    const page = await editor.html('/events/calendar');
    expect(page).toContain('data-month="2026-11"');
    // 1 November 2026 is a Sunday: the grid starts on Monday 26 October and ends on Sunday 6 December.
    expect(/<td data-date="([0-9-]+)"/.exec(page)![1]).toBe('2026-10-26');
    expect([...page.matchAll(/<td data-date="([0-9-]+)"/g)].at(-1)![1]).toBe('2026-12-06');
    expect(cell(page, '2026-11-25')).toContain(`href="/events/${seminar}"`);
    expect(cell(page, '2026-11-25')).toContain('15:00');
    expect(cell(page, '2026-11-25')).toContain('Семинар');
    expect(cell(page, '2026-11-25')).toContain(`href="/events/${night}"`);
    expect(cell(page, '2026-11-24')).not.toContain('Ночной вебинар');
    for (const day of ['2026-11-26', '2026-11-27', '2026-11-28']) expect(cell(page, day)).toContain(`href="/events/${internship}"`);
    expect(cell(page, '2026-11-29')).not.toContain('Стажировка');
    // December's first week shows in the grid's last row, and belongs to the next month too.
    expect(cell(page, '2026-12-02')).toContain('Декабрьский семинар');
    expect(page).toContain('href="/events/calendar?month=2026-10"');
    expect(page).toContain('href="/events/calendar?month=2026-12"');

    const next = await editor.html('/events/calendar?month=2026-12');
    expect(next).toContain('data-month="2026-12"');
    expect(next).toContain(`href="/events/${december}"`);
    expect(next).not.toContain('Ночной вебинар');
    expect(next).toContain('href="/events/calendar?month=2027-01"');

    const onlyInternships = await editor.html('/events/calendar?month=2026-11&kind=internship');
    expect(onlyInternships).toContain('Стажировка в ресурсном центре');
    expect(onlyInternships).not.toContain('Ночной вебинар');
    // The month links keep the filters.
    expect(onlyInternships).toContain('href="/events/calendar?month=2026-12&amp;kind=internship"');
    const published = await editor.html('/events/calendar?status=published');
    expect(published).toContain(`href="/events/${seminar}"`);
    expect(published).not.toContain('Ночной вебинар');

    const bad = await editor.html('/events/calendar?month=2026-13&kind=party');
    expect(bad).toContain('Фильтр не распознан');
    expect(bad).toContain('data-month="2026-11"');

    // The list takes the same filters.
    const list = await editor.html('/events?kind=internship');
    expect(list).toContain('Стажировка в ресурсном центре');
    expect(list).not.toContain('Ночной вебинар');

    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const own = await coordinator.html('/events/calendar?month=2026-11');
    expect(own).toContain('Ночной вебинар');
    expect(own).not.toContain('Стажировка в ресурсном центре');
  });

  it('previews the announcement exactly as the bot sends it, as Telegram renders its HTML; the rest is escaped', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    expect(await editor.html('/events/new')).toContain('data-preview="none"');
    const id = await create(editor, {
      title: 'Вебинар <b>жирный</b> & «ИРО»',
      description: 'Ссылка <script>alert(1)</script> и <i>курсив</i>',
      kind: 'webinar',
    });
    const pageText = await editor.html(`/events/${id}`);
    const event = (await getEvent(h.core, id))!;
    const sent = announcementMessage(h.core, event, 'ru', 'Europe/Moscow');
    // The same message the publish path sends, rendered, with its buttons.
    expect(pageText).toContain(`<div class="tg-bubble">${telegramHtml(sent.html)}</div>`);
    expect(pageText).toContain('📣 Новое мероприятие');
    expect(pageText).toContain('<b>Вебинар &lt;b&gt;жирный&lt;/b&gt; &amp; «ИРО»</b>');
    expect(pageText).toContain('Ссылка &lt;script&gt;alert(1)&lt;/script&gt; и &lt;i&gt;курсив&lt;/i&gt;');
    expect(pageText).not.toContain('<script>alert(1)');
    for (const button of ['✅ Пойду', '❌ Не смогу', 'ℹ️ Подробнее']) expect(pageText).toContain(`>${button}</span>`);
    // The webinar link is shown only to those signed up: not in the announcement.
    expect(telegramHtml(sent.html)).not.toContain('vk.com');

    // The live preview follows the form as typed.
    const live = await editor.post('/events/preview', { title: 'Новое название', kind: 'course', startsAt: '2026-12-01T10:00', endsAt: '2026-12-01T12:00' });
    const { html } = (await live.json()) as { html: string };
    const long = await editor.post('/events/preview', { title: 'Ж'.repeat(5000), kind: 'course', startsAt: '2026-12-01T10:00', endsAt: '2026-12-01T12:00' });
    expect(long.status).toBe(200);
    expect(html).toContain('<b>Новое название</b>');
    expect(html).toContain('Курсы (КПК)');
    expect(html).toContain('10:00–12:00');

    // After publishing, the bot sent the same text.
    await editor.get(`/events/${id}`);
    await editor.post(`/events/${id}/publish`, {});
    await h.drain();
    const message = h.fake.callsOf('sendMessage').find((c) => Number(c.params.chat_id) === demoTelegramIdBase + 5);
    expect(message?.params.text).toBe(sent.html);
  });

  it('renders only Telegram’s HTML subset', () => {
    expect(telegramHtml('<b>x</b><strong>y</strong><script>z</script>')).toBe('<b>x</b><b>y</b>&lt;script&gt;z&lt;/script&gt;');
    expect(telegramHtml('<b onclick="steal()">x</b>')).toBe('<b>x</b>');
    expect(telegramHtml('<a href="javascript:alert(1)">x</a> <a href="https://e.ru/?a=1&amp;b=2">y</a>')).toBe(
      '<a>x</a> <a href="https://e.ru/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">y</a>',
    );
    expect(telegramHtml('<i>open <u>nested')).toBe('<i>open <u>nested</u></i>');
    expect(telegramHtml('stray </b> and 1 < 2 &lt;img src=x onerror=alert(1)&gt; &#60;b&#62;')).toBe(
      'stray &lt;/b&gt; and 1 &lt; 2 &lt;img src=x onerror=alert(1)&gt; &lt;b&gt;',
    );
    expect(telegramHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('duplicates an event as a draft a week later, titled as a copy; audited; scoped; not for viewers', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await create(editor, { capacity: '30', registrationDeadline: '2026-11-24T18:00' });
    await editor.get(`/events/${id}`);
    await editor.post(`/events/${id}/publish`, {});
    const page = await editor.html(`/events/${id}`);
    expect(page).toContain('даты сдвинуты на неделю вперёд');

    const response = await editor.post(`/events/${id}/duplicate`, {});
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    const copyId = Number(/\/events\/(\d+)\?done=event-duplicated/.exec(location)![1]);
    expect(copyId).not.toBe(id);
    const original = (await getEvent(h.core, id))!;
    const copy = (await getEvent(h.core, copyId))!;
    expect(copy).toMatchObject({
      title: 'Семинар для управленческих команд (копия)',
      status: 'draft',
      kind: original.kind,
      description: original.description,
      place: original.place,
      link: original.link,
      capacity: 30,
      municipalityId: 1,
      audience: original.audience,
      startsAt: original.startsAt + duplicateShiftMs,
      endsAt: original.endsAt + duplicateShiftMs,
      registrationDeadline: original.registrationDeadline! + duplicateShiftMs,
      publishedAt: null,
    });
    expect(await editor.html(location)).toContain('Копия сохранена как черновик');
    const audit = await listAudit(h.core, { all: true }, owner, { entity: 'event', action: 'event.duplicate' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityId: String(copyId), municipalityId: 1 });
    expect(audit[0]!.after).toMatchObject({ duplicateOf: id });
    // A copy is a new draft: nothing was sent for it.
    await h.drain();
    expect(h.fake.callsOf('sendMessage').filter((c) => String(c.params.text).includes('(копия)'))).toEqual([]);

    const count = async () => (await h.core.database.db.select().from(events)).length;
    const before = await count();
    const other = await PanelClient.signedIn(h, 'coordinator', [2]);
    await other.get('/events');
    expect((await other.post(`/events/${id}/duplicate`, {})).status).toBe(404);
    const viewer = await PanelClient.signedIn(h, 'viewer');
    await viewer.get('/events');
    expect((await viewer.post(`/events/${id}/duplicate`, {})).status).toBe(403);
    expect(await viewer.html(`/events/${id}`)).not.toContain(`/events/${id}/duplicate`);
    expect(await count()).toBe(before);

    const own = await PanelClient.signedIn(h, 'coordinator', [1]);
    await own.get('/events');
    expect((await own.post(`/events/${id}/duplicate`, {})).status).toBe(303);
    expect(await count()).toBe(before + 1);
  });

  it('exports participants as CSV for Russian Excel: BOM, semicolons, the region’s time, formulas defused; scoped', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await create(editor);
    await editor.get(`/events/${id}`);
    await editor.post(`/events/${id}/publish`, {});
    await h.drain();
    const teacher = user(demoTelegramIdBase + 5);
    const lead = user(demoTelegramIdBase + 4);
    h.clock.set('2026-11-23T10:00:00Z');
    await h.press(teacher, 'Пойду');
    h.clock.advance(60_000);
    await h.press(lead, 'Не смогу');
    const { db } = h.core.database;
    const teacherRow = await findPersonByTelegramId(h.core, teacher.id);
    await db.update(people).set({ fullName: '=HYPERLINK("http://evil","Васильева")' }).where(eq(people.id, teacherRow!.id));
    await db
      .update(eventParticipants)
      .set({ attended: true, rating: 5, comment: '@SUM(1;2) и "кавычки"' })
      .where(and(eq(eventParticipants.eventId, id), eq(eventParticipants.personId, teacherRow!.id)));

    const response = await editor.request(`/events/${id}/participants.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(`event-${id}-participants.csv`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('ФИО;Роль;Школа;Муниципалитет;Статус;Пришёл;Оценка;Комментарий;Записался');
    expect(lines[1]).toBe(
      `"'=HYPERLINK(""http://evil"",""Васильева"")";Учитель;СОШ № 5 г. Светлогорска;Городской округ Светлогорск;записан;да;5;"'@SUM(1;2) и ""кавычки""";23.11.2026, 13:00`,
    );
    expect(lines[2]).toBe(
      'Морозов Павел Игоревич;Управленческая команда школы;СОШ № 5 г. Светлогорска;Городской округ Светлогорск;не сможет;;;;23.11.2026, 13:01',
    );
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);

    expect((await (await PanelClient.signedIn(h, 'coordinator', [1])).request(`/events/${id}/participants.csv`)).status).toBe(200);
    expect((await (await PanelClient.signedIn(h, 'viewer')).request(`/events/${id}/participants.csv`)).status).toBe(200);
    const other = await (await PanelClient.signedIn(h, 'coordinator', [2])).request(`/events/${id}/participants.csv`);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain('Васильева');
    expect((await editor.request('/events/9999/participants.csv')).status).toBe(404);
  });

  it('defuses every formula prefix in a CSV cell', () => {
    expect(['=1+1', '+7 900', '-2', '@x', '\tcmd', 'обычный', 5, null].map((value) => csvCell(value))).toEqual([
      "'=1+1",
      "'+7 900",
      "'-2",
      "'@x",
      "'\tcmd",
      'обычный',
      '5',
      '',
    ]);
  });
});
