import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { createSurvey } from '../../core/surveys/surveys.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { hour, webinar } from '../support/events.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { surveyEditor, surveyInput } from '../support/surveys.js';
import { editorActor, schoolTask } from '../support/tasks.js';

describe('search on the task and survey lists', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('finds tasks by title in any case, Cyrillic included, and keeps the query in the form', async () => {
    const plan = await createTask(h.core, editorActor, schoolTask({ title: 'Разместить Школьный план' }));
    const report = await createTask(h.core, editorActor, schoolTask({ title: 'Отчёт о ёлке' }));
    const editor = await PanelClient.signedIn(h, 'editor');
    const found = await editor.html(`/tasks?q=${encodeURIComponent('школьный')}`);
    expect(found).toContain(`data-task="${plan.id}"`);
    expect(found).not.toContain(`data-task="${report.id}"`);
    expect(found).toContain('value="школьный"');
    const yo = await editor.html(`/tasks?q=${encodeURIComponent('ОТЧЕТ')}`);
    expect(yo).toContain(`data-task="${report.id}"`);
    expect(yo).not.toContain(`data-task="${plan.id}"`);
    const all = await editor.html('/tasks');
    expect(all).toContain(`data-task="${plan.id}"`);
    expect(all).toContain(`data-task="${report.id}"`);
  });

  it('finds surveys by title in any case', async () => {
    const first = await createSurvey(h.core, surveyEditor, surveyInput({ title: 'Анкета для Учителей' }));
    const second = await createSurvey(h.core, surveyEditor, surveyInput({ title: 'Опрос родителей' }));
    const editor = await PanelClient.signedIn(h, 'editor');
    const found = await editor.html(`/surveys?q=${encodeURIComponent('учителей')}`);
    expect(found).toContain(`data-survey="${first.id}"`);
    expect(found).not.toContain(`data-survey="${second.id}"`);
    expect(found).toContain('value="учителей"');
  });
});

describe('a survey’s event is chosen from a list', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('offers upcoming and recent events by date and title, not long-past ones, and shows the chosen one selected', async () => {
    const soon = await createEvent(h.core, editorActor, webinar({ title: 'Вебинар скоро' }));
    await createEvent(
      h.core,
      editorActor,
      webinar({ title: 'Давний семинар', startsAt: h.clock.now() - 400 * 86_400_000, endsAt: h.clock.now() - 400 * 86_400_000 + hour }),
    );
    const editor = await PanelClient.signedIn(h, 'editor');
    const form = await editor.html('/surveys/new');
    expect(form).toMatch(new RegExp(`<select name="eventId">[\\s\\S]*<option value="${soon.id}"[^>]*>25\\.11\\.2026[^<]*Вебинар скоро</option>`));
    expect(form).not.toContain('Давний семинар');
    expect(form).not.toContain('inputmode="numeric" name="eventId"');
    const survey = await createSurvey(h.core, surveyEditor, surveyInput({ title: 'Отзыв о вебинаре', eventId: soon.id }));
    const page = await editor.html(`/surveys/${survey.id}`);
    expect(page).toContain(`<option value="${soon.id}" selected="">`);
  });
});

describe('the calendar shows task deadlines beside events', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('puts a published task on its due day, not a draft, and filters events / deadlines / both in the URL', async () => {
    const event = await createEvent(h.core, editorActor, webinar());
    const task = await createTask(h.core, editorActor, schoolTask({ title: 'Сдать отчёт' }));
    await publishTask(h.core, editorActor, task.id);
    const draft = await createTask(h.core, editorActor, schoolTask({ title: 'Черновик задачи' }));
    const editor = await PanelClient.signedIn(h, 'editor');
    const both = await editor.html('/events/calendar?month=2026-11');
    expect(both).toMatch(new RegExp(`<td data-date="2026-11-26"[^>]*>[\\s\\S]*?data-deadline="${task.id}"`));
    expect(both).toContain(`data-event="${event.id}"`);
    expect(both).not.toContain(`data-deadline="${draft.id}"`);
    const onlyDeadlines = await editor.html('/events/calendar?month=2026-11&show=deadlines');
    expect(onlyDeadlines).toContain(`data-deadline="${task.id}"`);
    expect(onlyDeadlines).not.toContain(`data-event="${event.id}"`);
    expect(onlyDeadlines).toContain('show=deadlines" rel="next"');
    const onlyEvents = await editor.html('/events/calendar?month=2026-11&show=events');
    expect(onlyEvents).not.toContain(`data-deadline="${task.id}"`);
    expect(onlyEvents).toContain(`data-event="${event.id}"`);
  });
});

describe('task form errors in the field’s own unit', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const form = (overrides: Record<string, string | string[]>) => ({
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
  });

  it('says days for a negative repeat and «not a duration» for letters in the reminders', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/tasks/new');
    const negative = await editor.post('/tasks/new', form({ overdueEveryDays: '-1' }));
    expect(negative.status).toBe(400);
    const negativeText = await negative.text();
    expect(negativeText).toContain('Укажите число дней больше нуля');
    expect(negativeText).not.toContain('не меньше 60');
    const letters = await editor.post('/tasks/new', form({ remindBefore: 'abc' }));
    expect(letters.status).toBe(400);
    const lettersText = await letters.text();
    expect(lettersText).toContain('«abc» — не срок');
    expect(lettersText).not.toContain('Заполните поле');
  });
});
