import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { signUp } from '../../core/events/participation.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { answerQuestion, startSurvey, submitSurvey } from '../../core/surveys/answering.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { confirmTask, setStatusManually } from '../../core/tasks/confirmations.js';
import { createTask } from '../../core/tasks/tasks.js';
import { findPersonByTelegramId } from '../support/people.js';
import { Harness } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';
import { webinar } from '../support/events.js';
import { demo, q, surveyWith } from '../support/surveys.js';
import { editorActor, schoolTask } from '../support/tasks.js';

/** The cells of one list row, tags stripped. */
function rowCells(html: string, attribute: string, id: number): string[] {
  const row = new RegExp(`<tr ${attribute}="${id}"[^>]*>([\\s\\S]*?)</tr>`).exec(html);
  if (!row) throw new Error(`no row ${attribute}=${id}`);
  return [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
}

describe('the lists’ figures agree with the detail pages', () => {
  let h: Harness;
  let owner: PanelClient;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    owner = await PanelClient.signedIn(h, 'owner');
  });
  afterEach(() => h.close());

  it('/events counts who signed up', async () => {
    await createEvent(h.core, ownerActor, webinar({ title: 'Ещё не опубликовано' }));
    const event = await createEvent(h.core, ownerActor, webinar({ capacity: 50 }));
    await publishEvent(h.core, ownerActor, event.id);
    await signUp(h.core, { id: 5 }, event.id);
    const detail = await owner.html(`/events/${event.id}`);
    expect(detail).toContain('Записались: 1 / 50, в листе ожидания: 0');
    expect(rowCells(await owner.html('/events'), 'data-event', event.id).at(-1)).toBe('1 / 50');
  });

  it('/tasks counts the open confirmations of each task, not of the table', async () => {
    const task = await createTask(
      h.core,
      editorActor,
      schoolTask({ evidence: 'none', verifier: 'none', audience: { roles: ['school_lead'], schoolIds: [1] } }),
    );
    await publishTask(h.core, editorActor, task.id);
    const other = await createTask(
      h.core,
      editorActor,
      schoolTask({ title: 'Второе', evidence: 'none', verifier: 'none', audience: { roles: ['school_lead'], schoolIds: [1] } }),
    );
    await publishTask(h.core, editorActor, other.id);
    const lead = (await findPersonByTelegramId(h.core, demo(4).id))!;
    const outcome = await confirmTask(h.core, lead, task.id);
    expect(outcome.kind).toBe('confirmed');
    if (outcome.kind === 'confirmed' && outcome.confirmation.status !== 'verified')
      await setStatusManually(h.core, ownerActor, outcome.confirmation.id, { status: 'verified', reason: 'Проверено' });
    const detail = await owner.html(`/tasks/${task.id}`);
    expect(detail).toMatch(/data-status="verified"/);
    expect(detail).not.toMatch(/data-confirmation="\d+" data-status="pending"/);
    const list = await owner.html('/tasks');
    expect(rowCells(list, 'data-task', task.id).at(-1)).toBe('0 / 1');
    expect(rowCells(list, 'data-task', other.id).at(-1)).toBe('1 / 1');
  });

  it('/surveys counts a six-question survey’s questions and its finished answers', async () => {
    const { survey, questionIds } = await surveyWith(h.core, [q.single(), q.multiple(), q.scale(), q.number(), q.short(), q.yesNo()]);
    await surveyWith(h.core, [q.single()], { title: 'Другая анкета' });
    await startSurvey(h.core, 5, survey.id);
    const answers = [{ choices: ['o1'] }, { choices: ['o2'] }, { text: '4' }, { text: '25' }, { text: 'Учитель' }, { choices: ['yes'] }];
    for (const [i, id] of questionIds.entries()) expect((await answerQuestion(h.core, 5, survey.id, id, answers[i]!)).kind).not.toBe('invalid');
    await submitSurvey(h.core, 5, survey.id);
    const results = await owner.html(`/surveys/${survey.id}/results`);
    expect(results).toMatch(/data-rate="1"><td>[^<]+<\/td><td>\d+<\/td><td>1<\/td>/);
    const cells = rowCells(await owner.html('/surveys'), 'data-survey', survey.id);
    expect(cells[0]).toContain('вопросов: 6');
    expect(cells.at(-1)).toBe('1');
  });
});
