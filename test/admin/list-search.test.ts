import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createSurvey } from '../../core/surveys/surveys.js';
import { createTask } from '../../core/tasks/tasks.js';
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
