import { read, utils } from '@e965/xlsx';
import { asc, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../core/admins/audit.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { publishEvent } from '../../core/events/publishing.js';
import { statesOf } from '../../core/roadmaps/tracking.js';
import { events, roadMapItemLinks, roadMapItems, roadMaps, tasks } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';
import { correctedPlanText, planText } from '../support/roadmaps.js';
import { editorActor } from '../support/tasks.js';
import { corpus } from '../roadmaps/corpus.js';

describe('road maps in the panel', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function imported(editor: PanelClient): Promise<number> {
    await editor.get('/roadmaps');
    const response = await editor.post('/roadmaps/import', { text: planText, municipalityId: '1', year: '' });
    expect(response.status).toBe(303);
    return Number(/\/roadmaps\/(\d+)\/review/.exec(response.headers.get('location') ?? '')![1]);
  }

  async function items(id: number) {
    return h.core.database.db.select().from(roadMapItems).where(eq(roadMapItems.roadMapId, id)).orderBy(asc(roadMapItems.position));
  }

  /** The review form as the page renders it, with some cells changed. */
  function reviewForm(rows: Awaited<ReturnType<typeof items>>, changes: Record<string, string> = {}, act = 'save'): Record<string, string> {
    const form: Record<string, string> = { act };
    for (const r of rows) {
      Object.assign(form, {
        [`r${r.id}.number`]: r.number ?? '',
        [`r${r.id}.section`]: r.section ?? '',
        [`r${r.id}.result`]: r.result ?? '',
        [`r${r.id}.text`]: r.text,
        [`r${r.id}.dateText`]: r.dateText,
        [`r${r.id}.kind`]: r.kind,
        [`r${r.id}.eventKind`]: r.eventKind ?? '',
        [`r${r.id}.responsible`]: r.responsible.join(', '),
        [`r${r.id}.audience`]: r.audience.join(', '),
      });
    }
    return { ...form, ...changes };
  }

  it('imports pasted text for review, re-reads an edited date, splits, merges and removes rows, refuses bad input by field', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    expect(await editor.html('/roadmaps')).toContain('Загрузить дорожную карту');
    const empty = await editor.post('/roadmaps/import', { text: '  ', municipalityId: '1' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Выберите файл или вставьте текст плана');
    const id = await imported(editor);
    const page = await editor.html(`/roadmaps/${id}/review`);
    expect(page).toContain('Вебинар для руководителей ОО');
    expect(page).toContain('value="до 25.12.2026"');
    expect(page).toContain('25.12.2026');
    expect((await items(id)).map((r) => r.number)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5']);

    const rows = await items(id);
    const seminar = rows.find((r) => r.number === '1.3')!;
    expect(seminar.due).toMatchObject({ from: '2026-12-01', to: '2026-12-31', precision: 'month' });
    const saved = await editor.post(
      `/roadmaps/${id}/review`,
      reviewForm(rows, { [`r${seminar.id}.dateText`]: '15.12.2026', [`r${rows[0]!.id}.audience`]: 'school_lead' }),
    );
    expect(saved.status).toBe(303);
    const after = await items(id);
    expect(after.find((r) => r.id === seminar.id)!.due).toMatchObject({ from: '2026-12-15', to: '2026-12-15', precision: 'day' });
    expect(after[0]!.audience).toEqual(['school_lead']);

    const bad = await editor.post(`/roadmaps/${id}/review`, reviewForm(after, { [`r${after[1]!.id}.text`]: 'x' }));
    expect(bad.status).toBe(400);
    expect((await items(id))[1]!.text).toBe('Разработка школьных планов ликвидации рисков');

    const second = after[1]!;
    expect(
      (
        await editor.post(
          `/roadmaps/${id}/review`,
          reviewForm(after, { [`r${second.id}.text`]: 'Разработка школьных планов\nУтверждение планов приказом' }, `split:${second.id}`),
        )
      ).status,
    ).toBe(303);
    const split = await items(id);
    expect(split.map((r) => r.text).slice(1, 3)).toEqual(['Разработка школьных планов', 'Утверждение планов приказом']);
    expect((await editor.post(`/roadmaps/${id}/review`, reviewForm(split, {}, `merge:${second.id}`))).status).toBe(303);
    const merged = await items(id);
    expect(merged).toHaveLength(5);
    expect(merged[1]!.text).toBe('Разработка школьных планов Утверждение планов приказом');
    const noLine = await editor.post(`/roadmaps/${id}/review`, reviewForm(merged, {}, `split:${merged[1]!.id}`));
    expect(noLine.status).toBe(400);
    expect(await noLine.text()).toContain('поставьте в тексте перенос строки');
    expect((await editor.post(`/roadmaps/${id}/review`, reviewForm(merged, {}, `remove:${merged[4]!.id}`))).status).toBe(303);
    expect(await items(id)).toHaveLength(4);
    const actions = (await listAudit(h.core, { all: true }, ownerActor)).map((a) => a.action);
    for (const action of ['roadmap.import', 'roadmap.review', 'roadmap.split', 'roadmap.merge', 'roadmap.remove-row']) expect(actions).toContain(action);
  });

  it('reads an uploaded .docx (its rows as the parser reads them); a file it cannot read is named with the reason', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/roadmaps');
    const docx = corpus.find((f) => f.name.endsWith('.docx'))!;
    const source = await docx.source();
    const upload = async (name: string, bytes: Uint8Array) => {
      const body = new FormData();
      body.set('_csrf', editor.csrf);
      body.set('file', new File([new Uint8Array(bytes)], name));
      body.set('municipalityId', '');
      return editor.request('/roadmaps/import', { method: 'POST', body });
    };
    const response = await upload(docx.name, source.kind === 'file' ? source.bytes : new Uint8Array());
    expect(response.status).toBe(303);
    const [plan] = await h.core.database.db.select().from(roadMaps);
    expect(plan).toMatchObject({ sourceName: docx.name, municipalityId: null, periodFrom: docx.period.from, periodTo: docx.period.to });
    expect(await items(plan!.id)).toHaveLength(docx.rows.length);
    const broken = await upload('plan.pdf', new TextEncoder().encode('%PDF-1.4'));
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('Файл «plan.pdf» не читается:');
    expect(await h.core.database.db.select().from(roadMaps)).toHaveLength(1);
  });

  it('creates drafts only (events of their kind at their dates, tasks at their deadlines); nothing is published until a person publishes', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await imported(editor);
    const rows = await items(id);
    await editor.get(`/roadmaps/${id}/review`);
    const response = await editor.post(`/roadmaps/${id}/review`, reviewForm(rows, { [`r${rows[0]!.id}.audience`]: 'school_lead' }, 'drafts'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain(`/roadmaps/${id}?done=roadmap-drafts`);
    const plan = await editor.html(response.headers.get('location')!);
    // 1.1 webinar and 1.3 seminar (only a month: flagged), 1.2 a task, 1.5 monthly: November's and December's tasks (past months are not drafted).
    expect(plan).toContain('Создано черновиков мероприятий: 2, задач: 3; строк осталось пунктами плана: 1.');
    expect(plan).toContain('уточнить дату');
    const drafted = await h.core.database.db.select().from(events).orderBy(asc(events.startsAt));
    expect(drafted.map((e) => [e.kind, e.status, e.municipalityId])).toEqual([
      ['seminar', 'draft', 1],
      ['webinar', 'draft', 1],
    ]);
    expect(new Date(drafted[1]!.startsAt).toISOString()).toBe('2026-12-10T07:00:00.000Z');
    expect(drafted[0]!.description).toContain('Уточнить дату');
    const drafts = await h.core.database.db.select().from(tasks).orderBy(asc(tasks.dueAt));
    expect(drafts.map((t) => [t.status, t.assignment, new Date(t.dueAt).toISOString()])).toEqual([
      ['draft', 'person', '2026-11-30T15:00:00.000Z'],
      ['draft', 'school', '2026-12-25T15:00:00.000Z'],
      ['draft', 'person', '2026-12-31T15:00:00.000Z'],
    ]);
    expect(h.fake.callsOf('sendMessage')).toHaveLength(0);
    expect(await h.core.database.db.select().from(roadMapItemLinks)).toHaveLength(5);
    // Pressing again makes nothing twice.
    await editor.get(`/roadmaps/${id}/review`);
    await editor.post(`/roadmaps/${id}/review`, reviewForm(await items(id), {}, 'drafts'));
    expect(await h.core.database.db.select().from(roadMapItemLinks)).toHaveLength(5);
    // The item follows its event: published, then held.
    await publishEvent(h.core, editorActor, drafted[1]!.id);
    const webinar = (await items(id))[0]!;
    expect(await editor.html(`/roadmaps/items/${webinar.id}`)).toContain('data-item-status="in_progress"');
    // A week later the session has lapsed: the status is read from the domain, as the page reads it.
    h.clock.set('2026-12-10T12:00:00Z');
    expect((await statesOf(h.core, [webinar], h.clock.now())).get(webinar.id)).toMatchObject({ status: 'done', events: { held: 1, total: 1 } });
  });

  it('re-imports a corrected version: matched rows updated with their drafts kept, new rows added, vanished rows dropped, all listed', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await imported(editor);
    await editor.post(`/roadmaps/${id}/review`, reviewForm(await items(id), {}, 'drafts'));
    const before = await items(id);
    await editor.get(`/roadmaps/${id}`);
    const response = await editor.post(`/roadmaps/${id}/reimport`, { text: correctedPlanText });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Изменено строк: 1, добавлено: 1, исключено: 1.');
    expect(page).toMatch(/срок: <s>до 25\.12\.2026<\/s> → до 28\.12\.2026/);
    expect(page).toContain('Круглый стол директоров');
    const after = await items(id);
    const task = after.find((r) => r.number === '1.2')!;
    expect(task.id).toBe(before.find((r) => r.number === '1.2')!.id);
    expect(task.due.to).toBe('2026-12-28');
    expect(after.find((r) => r.number === '1.5')!.droppedAt).not.toBeNull();
    expect(await h.core.database.db.select().from(roadMapItemLinks).where(eq(roadMapItemLinks.itemId, task.id))).toHaveLength(1);
    expect(await editor.html(`/roadmaps/${id}`)).not.toContain('Ежемесячный мониторинг');
  });

  it('coordinators see and act on their municipalities’ plans only; viewers only look', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await imported(editor);
    const own = await PanelClient.signedIn(h, 'coordinator', [1]);
    expect(await own.html('/roadmaps')).toContain('Светлогорского округа');
    expect((await own.get(`/roadmaps/${id}`)).status).toBe(200);
    const other = await PanelClient.signedIn(h, 'coordinator', [2]);
    expect(await other.html('/roadmaps')).not.toContain('Светлогорского округа');
    for (const path of [`/roadmaps/${id}`, `/roadmaps/${id}/review`, `/roadmaps/${id}/report.xlsx`]) expect((await other.get(path)).status).toBe(404);
    const item = (await items(id))[0]!;
    expect((await other.get(`/roadmaps/items/${item.id}`)).status).toBe(404);
    expect((await other.post(`/roadmaps/items/${item.id}/status`, { status: 'done', comment: 'чужой план' })).status).toBe(404);
    expect((await other.post(`/roadmaps/${id}/review`, reviewForm(await items(id), {}, 'drafts'))).status).toBe(404);
    const foreign = await other.post('/roadmaps/import', { text: planText, municipalityId: '1' });
    expect(foreign.status).toBe(404);
    expect(await h.core.database.db.select().from(roadMaps)).toHaveLength(1);
    const viewer = await PanelClient.signedIn(h, 'viewer');
    expect((await viewer.get(`/roadmaps/${id}`)).status).toBe(200);
    expect((await viewer.post(`/roadmaps/items/${item.id}/status`, { status: 'done', comment: 'смотрю' })).status).toBe(403);
  });

  it('a status set by hand needs a comment, is audited, and shows in the XLSX and DOCX reports with the summary', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const id = await imported(editor);
    await editor.post(`/roadmaps/${id}/review`, reviewForm(await items(id), {}, 'drafts'));
    const site = (await items(id)).find((r) => r.number === '1.4')!;
    await editor.get(`/roadmaps/items/${site.id}`);
    const noComment = await editor.post(`/roadmaps/items/${site.id}/status`, { status: 'done', comment: '' });
    expect(noComment.status).toBe(400);
    expect((await editor.post(`/roadmaps/items/${site.id}/status`, { status: 'done', comment: 'Сайты всех школ обновлены' })).status).toBe(303);
    expect(await editor.html(`/roadmaps/items/${site.id}`)).toContain('Сайты всех школ обновлены');
    expect((await listAudit(h.core, { all: true }, ownerActor)).some((a) => a.action === 'roadmap.item-status')).toBe(true);

    const xlsx = await editor.get(`/roadmaps/${id}/report.xlsx?date=2026-11-30`);
    expect(xlsx.status).toBe(200);
    const sheet = utils.sheet_to_json<string[]>(read(new Uint8Array(await xlsx.arrayBuffer()), { type: 'array' }).Sheets['Исполнение']!, { header: 1 });
    const header = sheet.findIndex((r) => r.includes('Отметка об исполнении'));
    expect(header).toBeGreaterThan(0);
    const siteRow = sheet.find((r) => r[0] === '1.4')!;
    expect(siteRow[5]).toMatch(/^выполнено \d\d\.\d\d\.2026\. Сайты всех школ обновлены$/);
    expect(sheet.find((r) => r[0] === 'выполнено')?.[1]).toBe(1);
    expect(sheet.find((r) => r[0] === 'Всего')?.[1]).toBe(5);
    // A quarter counts only its rows, as of its end: in Q1 only the year-long and monthly rows, not yet done then.
    const q1 = utils.sheet_to_json<string[]>(
      read(new Uint8Array(await (await editor.get(`/roadmaps/${id}/report.xlsx?quarter=2026-Q1`)).arrayBuffer()), { type: 'array' }).Sheets['Исполнение']!,
      { header: 1 },
    );
    expect(q1.find((r) => r[0] === 'Всего')?.[1]).toBe(2);
    expect(q1.find((r) => r[0] === 'выполнено')?.[1]).toBe(0);
    const docx = await editor.get(`/roadmaps/${id}/report.docx?quarter=2026-Q4`);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const documentXml = await (await JSZip.loadAsync(await docx.arrayBuffer())).file('word/document.xml')!.async('string');
    expect(documentXml).toContain('Отметка об исполнении');
    expect(documentXml).toContain('Сайты всех школ обновлены');
    expect(documentXml).toContain('IV квартал 2026');
    expect((await editor.get(`/roadmaps/${id}/report.xlsx?quarter=2026-Q5`)).status).toBe(400);
    const plan = await editor.html(`/roadmaps/${id}`);
    expect(plan).toContain('data-chart="sections"');
    expect(plan).toContain('data-chart="executors"');
  });
});
