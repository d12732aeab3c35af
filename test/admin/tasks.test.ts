import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../core/admins/audit.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { confirmTask } from '../../core/tasks/confirmations.js';
import { createTask, getTask } from '../../core/tasks/tasks.js';
import { recordVisit } from '../../core/tasks/visits.js';
import { weeklyDigestJobKind, weeklyDigestSettings } from '../../core/tasks/digests.js';
import { jobsOfKind } from '../../core/scheduler/jobs.js';
import { taskConfirmations } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';
import { addPerson, day, editorActor, schoolTask, taskDue } from '../support/tasks.js';

/** The panel's task form, valid: due 26 Nov 2026 18:00 Moscow, leads of municipality 1, a photo checked by the curator. */
function taskForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Школьный план до 26.11',
    instructions: 'Разместите план на сайте',
    dueAt: '2026-11-26T18:00',
    assignment: 'school',
    evidence: 'photo',
    verifier: 'curator',
    remindBefore: '7, 1, 0',
    overdueEveryDays: '2',
    overdueTimes: '3',
    escalateAfterDays: '1',
    municipalityId: '1',
    roles: ['school_lead'],
    ...overrides,
  };
}

describe('tasks pages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await addPerson(h.core, { telegramId: 800_000_002, name: 'Орлов Иван Ильич', roles: ['school_lead'], municipalityId: 1, schoolId: 2 });
    await addPerson(h.core, { telegramId: 800_000_003, name: 'Белова Анна Юрьевна', roles: ['school_lead'], municipalityId: 2, schoolId: 3 });
  });
  afterEach(() => h.close());

  it('creates with field errors next to the fields, publishes to the audience, and audits each step', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/tasks/new');
    const bad = await editor.post('/tasks/new', taskForm({ title: 'Пл', dueAt: '', remindBefore: 'скоро' }));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Укажите дату и время');
    expect(text).toContain('value="скоро"');
    const badHtml = await editor.post('/tasks/new', taskForm({ instructions: 'См. <script>alert(1)</script> и <b>жирно' }));
    expect(badHtml.status).toBe(400);
    const badHtmlText = await badHtml.text();
    expect(badHtmlText).toContain('Допустимы только теги &lt;b&gt;');
    expect(badHtmlText).not.toContain('&amp;lt;b&amp;gt;');
    const created = await editor.post('/tasks/new', taskForm());
    expect(created.status).toBe(303);
    const id = Number(/\/tasks\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
    expect(await getTask(h.core, id)).toMatchObject({
      status: 'draft',
      dueAt: taskDue,
      municipalityId: 1,
      reminderPlan: { beforeMinutes: [7 * 1440, 1440, 180], overdueEveryMinutes: 2 * 1440, overdueTimes: 3 },
      escalateAfterMinutes: 1440,
    });
    const pageText = await editor.html(`/tasks/${id}`);
    expect(pageText).toContain('data-count="2"');
    expect(pageText).toContain('value="7, 1, 0"');
    expect((await editor.post(`/tasks/${id}/publish`, {})).status).toBe(303);
    const rows = await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, id));
    expect(rows.map((r) => r.schoolId).sort()).toEqual([1, 2]);
    const audit = await listAudit(h.core, { all: true }, ownerActor, { entity: 'task', entityId: String(id) });
    expect(audit.map((a) => a.action)).toEqual(['task.publish', 'task.create']);
  });

  it('matrix coloured by status, rates as an inline SVG, manual status with a reason (audited), evidence through getFile, CSV and XLSX', async () => {
    const task = await createTask(h.core, editorActor, schoolTask());
    await publishTask(h.core, editorActor, task.id);
    const lead = (await findPersonByTelegramId(h.core, demoTelegramIdBase + 4))!;
    await confirmTask(h.core, lead, task.id, { kind: 'photo', fileId: 'AgACAgIAAxkBAAIB' });
    h.clock.set(taskDue + day);
    const editor = await PanelClient.signedIn(h, 'editor');
    const matrix = await editor.html('/tasks/matrix');
    const row = (school: number) => new RegExp(`<tr data-school="${school}">(.*?)</tr>`).exec(matrix)?.[1] ?? '';
    expect(row(1)).toContain('<td class="c">'); // confirmed
    expect(row(2)).toContain('<td class="o">'); // overdue
    expect(matrix).toContain('data-chart="rates"');
    expect(matrix).toMatch(/data-municipality="1" data-rate="0.50"/);

    const confirmations = await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id));
    const school1 = confirmations.find((c) => c.schoolId === 1)!;
    const school2 = confirmations.find((c) => c.schoolId === 2)!;
    const evidence = await editor.request(`/tasks/confirmations/${school1.id}/evidence`);
    expect(evidence.status).toBe(200);
    expect(evidence.headers.get('content-type')).toBe('image/jpeg');
    expect(await evidence.text()).toBe('file:AgACAgIAAxkBAAIB');

    await editor.get(`/tasks/${task.id}`);
    const noReason = await editor.post(`/tasks/confirmations/${school2.id}/status`, { status: 'verified', reason: '' });
    expect(noReason.status).toBe(400);
    expect((await editor.post(`/tasks/confirmations/${school2.id}/status`, { status: 'verified', reason: 'Подтверждено по телефону' })).status).toBe(303);
    const audit = await listAudit(h.core, { all: true }, ownerActor, { action: 'task.status' });
    expect(audit[0]?.after).toMatchObject({ status: 'verified', reason: 'Подтверждено по телефону' });

    const csv = await editor.request('/tasks/matrix.csv');
    const csvText = await csv.text();
    expect(csvText).toContain('СОШ № 5 г. Светлогорска;Отмечено');
    expect(csvText).toContain('Лицей № 1;Подтверждено');
    const xlsx = await editor.request('/tasks/matrix.xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it('a coordinator sees and changes only their municipalities: every page, form and export', async () => {
    const regional = await createTask(h.core, editorActor, schoolTask());
    await publishTask(h.core, editorActor, regional.id);
    const other = await createTask(
      h.core,
      editorActor,
      schoolTask({ title: 'Задача второго муниципалитета', municipalityId: 2, audience: { roles: ['school_lead'] } }),
    );
    await publishTask(h.core, editorActor, other.id);
    const otherConfirmation = (await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, other.id)))[0]!;
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);

    const list = await coordinator.html('/tasks');
    expect(list).toContain('Разместить школьный план');
    expect(list).not.toContain('Задача второго муниципалитета');
    for (const path of [`/tasks/${other.id}`, `/tasks/confirmations/${otherConfirmation.id}/evidence`, '/schools/3']) {
      expect((await coordinator.get(path)).status, path).toBe(404);
    }
    await coordinator.get('/tasks/new');
    for (const path of [`/tasks/${other.id}`, `/tasks/${other.id}/publish`, `/tasks/${other.id}/close`]) {
      expect((await coordinator.post(path, taskForm({ municipalityId: '2' }))).status, path).toBe(404);
    }
    expect((await coordinator.post(`/tasks/confirmations/${otherConfirmation.id}/status`, { status: 'verified', reason: 'чужая школа' })).status).toBe(404);
    expect((await coordinator.post('/tasks/new', taskForm({ municipalityId: '2' }))).status).toBe(404);
    expect((await coordinator.post('/tasks/new', taskForm({ municipalityId: '' }))).status).toBe(400);
    expect((await coordinator.post('/tasks/digest-settings', { weekday: '3', hour: '10' })).status).toBe(403);

    // The regional task's cells: only the coordinator's own schools, in the page and both exports.
    const matrix = await coordinator.html('/tasks/matrix');
    expect(matrix).toContain('data-school="1"');
    expect(matrix).not.toContain('data-school="3"');
    expect(matrix).not.toContain('Берёзовская');
    const regionalConfirmation = (await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, regional.id))).find(
      (c) => c.schoolId === 3,
    )!;
    expect((await coordinator.post(`/tasks/confirmations/${regionalConfirmation.id}/status`, { status: 'verified', reason: 'чужая школа' })).status).toBe(404);
    const csv = await (await coordinator.request('/tasks/matrix.csv')).text();
    expect(csv).toContain('СОШ № 5');
    expect(csv).not.toContain('Берёзовская');
    const xlsx = await coordinator.request('/tasks/matrix.xlsx?municipality=2');
    expect(xlsx.status).toBe(200);
    const regionalPage = await coordinator.html(`/tasks/${regional.id}`);
    expect(regionalPage).not.toContain('Берёзовская');

    const viewer = await PanelClient.signedIn(h, 'viewer');
    await viewer.get('/tasks');
    expect((await viewer.post('/tasks/new', taskForm())).status).toBe(403);
  });

  it('the weekly digest’s day and hour are set in the panel: the next run moves there', async () => {
    const task = await createTask(h.core, editorActor, schoolTask());
    await publishTask(h.core, editorActor, task.id);
    const planned = async () => (await jobsOfKind(h.core, weeklyDigestJobKind)).filter((j) => j.status === 'due').map((j) => j.dueAt);
    expect(await planned()).toEqual([Date.parse('2026-11-30T06:00:00Z')]);
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/tasks');
    expect((await editor.post('/tasks/digest-settings', { weekday: '3', hour: '10' })).status).toBe(303);
    expect(await planned()).toContain(Date.parse('2026-11-25T07:00:00Z'));
    expect(await weeklyDigestSettings(h.core)).toEqual({ weekday: 3, hour: 10 });
  });

  it('a school’s page shows its timeline: tasks with statuses and curators’ visits', async () => {
    const task = await createTask(h.core, editorActor, schoolTask());
    await publishTask(h.core, editorActor, task.id);
    const curator = (await findPersonByTelegramId(h.core, demoTelegramIdBase + 3))!;
    await recordVisit(h.core, curator, { schoolId: 1, visitedOn: '2026-11-23', kind: 'methodical', result: 'Разобрали план перехода', photoFileId: null });
    await expect(
      recordVisit(h.core, curator, { schoolId: 2, visitedOn: '2026-11-23', kind: 'onsite', result: 'Чужая школа', photoFileId: null }),
    ).rejects.toMatchObject({ code: 'not-allowed' });
    const editor = await PanelClient.signedIn(h, 'editor');
    const school = await editor.html('/schools/1');
    expect(school).toContain('Задачи и посещения');
    expect(school).toContain('Разместить школьный план');
    expect(school).toContain('Разобрали план перехода');
    expect(school).toContain('Методическая помощь');
  });
});
