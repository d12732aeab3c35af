import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask, getTask } from '../../core/tasks/tasks.js';
import { taskConfirmations } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { addPerson, editorActor, schoolTask } from '../support/tasks.js';

/** Field errors name the field they are about, next to it, in the field's own unit (issue 16). */
describe('panel form errors', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await addPerson(h.core, { telegramId: 800_000_002, name: 'Орлов Иван Ильич', roles: ['school_lead'], municipalityId: 1, schoolId: 2 });
  });
  afterEach(() => h.close());

  it('a manual status without a reason names «Причина» under the reason in that assignee’s row, keeping the chosen status', async () => {
    const task = await createTask(h.core, editorActor, schoolTask());
    await publishTask(h.core, editorActor, task.id);
    const [first, second] = await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id));
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get(`/tasks/${task.id}`);
    const refused = await editor.post(`/tasks/confirmations/${first!.id}/status`, { status: 'verified', reason: ' ' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    const row = (id: number) => new RegExp(`<tr data-confirmation="${id}"[^>]*>(.*?)</tr>`, 's').exec(html)?.[1] ?? '';
    expect(row(first!.id)).toContain('<div class="error">Причина: Слишком коротко: не меньше 3 знаков</div>');
    expect(row(first!.id)).toMatch(/<option value="verified" selected=""/);
    expect(row(second!.id)).not.toContain('class="error"');
    expect(html).not.toContain('Слишком мало');
    const [unchanged] = await h.core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.id, first!.id));
    expect(unchanged!.status).toBe('pending');
  });

  it('a repeat after the deadline too far apart says days, not the domain’s minutes, and an escalation below zero says so', async () => {
    const task = await createTask(h.core, editorActor, schoolTask());
    const editor = await PanelClient.signedIn(h, 'editor');
    const page = await editor.html(`/tasks/${task.id}`);
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
    const form = {
      title: task.title,
      instructions: task.instructions,
      dueAt: field('dueAt'),
      assignment: task.assignment,
      evidence: task.evidence,
      verifier: task.verifier,
      remindBefore: field('remindBefore'),
      overdueEveryDays: '45',
      overdueTimes: '3',
      escalateAfterDays: '-2',
      municipalityId: '1',
      roles: ['school_lead'],
    };
    const refused = await editor.post(`/tasks/${task.id}`, form);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    const errorAfter = (name: string) => new RegExp(`name="${name}"[^>]*/?>\\s*</label>\\s*<div class="error">([^<]*)</div>`).exec(html)?.[1];
    expect(errorAfter('overdueEveryDays')).toBe('Не больше 30 дней');
    expect(errorAfter('escalateAfterDays')).toBe('Число дней не может быть меньше нуля (0 — сразу после срока)');
    expect(html).not.toContain('43200');
    expect(html).toContain('name="overdueEveryDays" value="45"');
    expect((await getTask(h.core, task.id))!.reminderPlan.overdueEveryMinutes).toBe(task.reminderPlan.overdueEveryMinutes);
  });
});
