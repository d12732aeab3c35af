import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../core/broadcasts/broadcasts.js';
import { startBroadcast } from '../../core/broadcasts/sending.js';
import { scheduleChannelPost } from '../../core/channels/channels.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { confirmTask } from '../../core/tasks/confirmations.js';
import { createTask } from '../../core/tasks/tasks.js';
import { channels } from '../../db/schema/index.js';
import { addTeachers, notice } from '../support/broadcasts.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { addPerson, editorActor, hour, schoolTask, user } from '../support/tasks.js';

/** The row of one schedule item (`job:<kind>:<group>`) on the page. */
function itemRow(page: string, item: string): string {
  const row = new RegExp(`<tr data-item="${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[\\s\\S]*?</tr>`).exec(page);
  expect(row, item).not.toBeNull();
  return row![0];
}

/** The clock starts on Monday 23 Nov 2026, 12:00 Moscow; the schedule looks 7 days ahead. */
describe('the schedule lists every kind of planned send, with real counts and links', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('a scheduled broadcast counts its audience now; a channel post its channel', async () => {
    await addTeachers(h.core, 3);
    const b = await createBroadcast(
      h.core,
      editorActor,
      notice({ html: '<b>Олимпиада</b> по математике: регистрация до пятницы', sendAt: h.clock.now() + 26 * hour }),
    );
    await startBroadcast(h.core, editorActor, b.id);
    const now = h.clock.now();
    const [channel] = await h.core.database.db
      .insert(channels)
      .values({ chatId: '@mayak_news', title: 'Новости Маяка', municipalityId: null, createdAt: now })
      .returning();
    const post = await scheduleChannelPost(h.core, editorActor, { channelId: channel!.id, html: 'Итоги недели', postAt: now + 50 * hour });

    const editor = await PanelClient.signedIn(h, 'editor');
    let page = await editor.html('/schedule');
    const broadcast = itemRow(page, `job:broadcast-send:${b.id}`);
    expect(broadcast).toContain('Рассылка: Олимпиада по математике: регистрация до пятницы');
    expect(broadcast).toContain(`href="/broadcasts/${b.id}"`);
    // The demo's teacher of municipality 1 and the three added.
    expect(broadcast).toMatch(/<td>4<\/td>/);
    const channelRow = itemRow(page, `job:channel-post:${post.id}`);
    expect(channelRow).toContain('Публикация в канале «Новости Маяка»: Итоги недели');
    expect(channelRow).toContain(`href="/channels/${channel!.id}"`);
    expect(channelRow).toMatch(/<td>1<\/td>/);

    // The audience is a rule: one more teacher now means one more recipient.
    await addTeachers(h.core, 1, { offset: 3 });
    page = await editor.html('/schedule');
    expect(itemRow(page, `job:broadcast-send:${b.id}`)).toMatch(/<td>5<\/td>/);
  });

  it('a task chaser counts the people of assignees still open now; the escalation its curators and coordinators', async () => {
    // Leads: 4 (demo) and a second one at school 1, one at school 2; both schools in municipality 1.
    const lead1b = user(800_000_001, 'Lead1b');
    await addPerson(h.core, { telegramId: lead1b.id, name: 'Зайцева Мария Петровна', roles: ['school_lead'], municipalityId: 1, schoolId: 1 });
    await addPerson(h.core, { telegramId: 800_000_002, name: 'Орлов Иван Ильич', roles: ['school_lead'], municipalityId: 1, schoolId: 2 });
    const task = await createTask(
      h.core,
      editorActor,
      schoolTask({ audience: { roles: ['school_lead'], schoolIds: [1, 2] }, evidence: 'none', verifier: 'none' }),
    );
    await publishTask(h.core, editorActor, task.id);
    await h.drain();

    const editor = await PanelClient.signedIn(h, 'editor');
    let page = await editor.html('/schedule');
    let chase = itemRow(page, `job:task-chase:${task.id}:b1440`);
    expect(chase).toContain('Напоминание о задаче за 1 день: Разместить школьный план на сайте');
    expect(chase).toContain(`href="/tasks/${task.id}"`);
    expect(chase).toMatch(/<td>3<\/td>/);
    expect(itemRow(page, `job:task-chase:${task.id}:o1`)).toContain('Напоминание о просроченной задаче (1-е)');
    // School 1's curator (3) and municipality 1's coordinator (1).
    const escalation = itemRow(page, `job:task-escalate:${task.id}`);
    expect(escalation).toContain('Эскалация просроченной задачи');
    expect(escalation).toMatch(/<td>2<\/td>/);
    expect(page).toContain('Еженедельная сводка координаторам');

    // School 1 confirms: only school 2's lead is still chased, and only the coordinator would hear of it.
    expect((await confirmTask(h.core, (await findPersonByTelegramId(h.core, lead1b.id))!, task.id)).kind).toBe('confirmed');
    page = await editor.html('/schedule');
    chase = itemRow(page, `job:task-chase:${task.id}:b1440`);
    expect(chase).toMatch(/<td>1<\/td>/);
    expect(itemRow(page, `job:task-escalate:${task.id}`)).toMatch(/<td>1<\/td>/);
  });
});
