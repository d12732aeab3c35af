import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { signUp } from '../../core/events/participation.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { Harness } from '../support/harness.js';
import { webinar } from '../support/events.js';
import { PanelClient } from '../support/panel.js';
import { addPerson, day, editorActor, schoolTask } from '../support/tasks.js';

/** The text of the element marked `data-<name>="<value>"` (its first 400 characters), or null. */
const marked = (html: string, name: string, value: string) => new RegExp(`data-${name}="${value}"[^>]*>([\\s\\S]{0,400}?)</li>`).exec(html)?.[1] ?? null;

describe('the dashboard says what needs the admin now', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('shows the next events with sign-ups, overdue tasks by municipality and school, and links each figure to its list', async () => {
    const event = await createEvent(h.core, editorActor, webinar({ title: 'Вебинар для главной' }));
    await publishEvent(h.core, editorActor, event.id);
    const teacher = await addPerson(h.core, { telegramId: 800_100_001, name: 'Соколова Анна Петровна', roles: ['teacher'], municipalityId: 1, schoolId: 1 });
    await signUp(h.core, { id: teacher }, event.id);
    await addPerson(h.core, { telegramId: 800_100_002, name: 'Орлов Иван Ильич', roles: ['school_lead'], municipalityId: 1, schoolId: 2 });
    const task = await createTask(h.core, editorActor, schoolTask({ title: 'План для главной' }));
    await publishTask(h.core, editorActor, task.id);

    const editor = await PanelClient.signedIn(h, 'editor');
    const before = await editor.html('/');
    expect(marked(before, 'event', String(event.id))).toContain('Вебинар для главной');
    expect(before).toMatch(new RegExp(`href="/events/${event.id}#participants" data-stat="going">1 записался<`));
    expect(before).toContain('Просроченных заданий нет.');

    h.clock.advance(4 * day);
    const after = await (await PanelClient.signedIn(h, 'editor', [], 'editor-later@mayak.test')).html('/');
    expect(after).not.toContain(`data-event="${event.id}"`);
    const municipality = marked(after, 'municipality', '1');
    expect(municipality).toContain('href="/tasks/matrix?municipality=1"');
    expect(municipality).toMatch(/\d+ просрочено/);
    expect(after).toMatch(/data-school="\d+"[^>]*>\s*<a href="\/schools\/\d+">/);
    expect(after).toContain('data-trend="signups"');
    expect(after).toMatch(/<b>1<\/b><span>Записи на мероприятия<\/span>/);

    const coordinator = await PanelClient.signedIn(h, 'coordinator', [3]);
    const theirs = await coordinator.html('/');
    expect(theirs).not.toContain('data-municipality="1"');
    expect(theirs).toContain('Просроченных заданий нет.');
  });
});
