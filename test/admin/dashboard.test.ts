import { count, eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../core/broadcasts/broadcasts.js';
import { runBroadcast, startBroadcast } from '../../core/broadcasts/sending.js';
import { weekNumber } from '../../core/dashboard/dashboard.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { signUp } from '../../core/events/participation.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { deliveries, deliveriesSentTally, people, surveyParticipants } from '../../db/schema/index.js';
import { notice } from '../support/broadcasts.js';
import { Harness } from '../support/harness.js';
import { q, surveyWith } from '../support/surveys.js';
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

  it('shows open surveys with their response rate, broadcasts in progress and the messages sent, each a link to its list', async () => {
    const { survey } = await surveyWith(h.core, [q.single()]);
    const broadcast = await createBroadcast(h.core, editorActor, notice());
    await startBroadcast(h.core, editorActor, broadcast.id);
    // The job puts the deliveries in the outbox; none has left yet.
    await runBroadcast(h.core, broadcast.id);
    const editor = await PanelClient.signedIn(h, 'editor');
    const sending = await editor.html('/');
    const recipients = (await h.core.database.db
      .select({ n: count() })
      .from(deliveries)
      .where(eq(deliveries.source, `broadcast:${broadcast.id}`))
      .get())!.n;
    expect(recipients).toBeGreaterThan(0);
    expect(marked(sending, 'broadcast', String(broadcast.id))).toContain(
      `<a href="/broadcasts/${broadcast.id}#broadcast-progress" data-stat="progress">отправлено 0 из ${recipients}</a>`,
    );
    expect(sending).toMatch(/data-trend="sent"><b>0<\/b><span>Отправленные сообщения<\/span>/);

    await h.drain();
    const after = await editor.html('/');
    const { db } = h.core.database;
    expect(after).toContain(`data-stat="progress">отправлено ${recipients} из ${recipients}</a>`);
    const invited = (await db.select({ n: count() }).from(surveyParticipants).where(eq(surveyParticipants.surveyId, survey.id)).get())!.n;
    expect(invited).toBeGreaterThan(0);
    expect(marked(after, 'survey', String(survey.id))).toContain(
      `<a class="muted" href="/surveys/${survey.id}/results" data-stat="rate">ответили 0 из ${invited} (0 %)`,
    );
    const sent = (await db.select({ n: count() }).from(deliveries).where(isNotNull(deliveries.sentAt)).get())!.n;
    expect(sent).toBeGreaterThanOrEqual(recipients + invited);
    expect(after).toContain(`<a class="stat trend" href="/broadcasts" data-trend="sent"><b>${sent}</b><span>Отправленные сообщения</span>`);

    // The broadcast went to municipality 1: a coordinator of municipality 3 counts only what reached their people.
    const theirs = await (await PanelClient.signedIn(h, 'coordinator', [3])).html('/');
    const sentThere = (await db
      .select({ n: count() })
      .from(deliveries)
      .innerJoin(people, eq(people.id, deliveries.personId))
      .where(eq(people.municipalityId, 3))
      .get())!.n;
    expect(sentThere).toBeLessThan(sent);
    expect(theirs).toContain(`data-trend="sent"><b>${sentThere}</b>`);
    expect(theirs).not.toContain(`data-survey="${survey.id}"`);

    // The tally the trend reads equals a count of the outbox by week and municipality.
    const tally = await db.select().from(deliveriesSentTally);
    expect(tally.reduce((sum, r) => sum + r.n, 0)).toBe(sent);
    expect(tally.every((r) => r.week === weekNumber(h.clock.now()))).toBe(true);
  });
});
