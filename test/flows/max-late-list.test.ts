import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { lateListAction } from '../../core/tasks/messages.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { dialogChatIdOf } from '../../sandbox/fake-max-api.js';
import { MaxFlow, maxUser, onMax } from '../support/max.js';
import { day, editorActor, schoolTask, taskDue } from '../support/tasks.js';

/** Demo region: coordinator 1 of municipality 1, teacher 5 at school 1 (test/flows/tasks.test.ts). */
const coordinator = maxUser(7301, 'Координатор');
const teacher = maxUser(7305, 'Учитель');

describe('the late list on MAX', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
    const task = await createTask(f.h.core, editorActor, schoolTask());
    await publishTask(f.h.core, editorActor, task.id);
    f.h.clock.set(taskDue + 2 * day);
    await onMax(f, demoTelegramIdBase + 1, coordinator);
    await onMax(f, demoTelegramIdBase + 5, teacher);
  });
  afterEach(() => f.close());

  /** Presses a payload on the bot's latest message in the user's dialog, as the weekly digest's button would carry it. */
  const press = async (who: ReturnType<typeof maxUser>, payload: string) => {
    const mid = f.max.lastBotMessage(dialogChatIdOf(who.user_id))!.mid;
    expect(await f.post(f.max.build.forgedPress(who, mid, payload))).toBe(200);
    return f.lastNotification();
  };

  it('«Открыть список» under the weekly digest shows a coordinator the late schools of their municipality', async () => {
    await press(coordinator, lateListAction);
    const list = f.lastText(coordinator);
    expect(list).toContain('Просрочено');
    expect(list).toContain('Разместить школьный план');
    expect(list).not.toContain('Берёзовская');
  });

  it('a teacher is refused in words, and a button MAX does not know is outdated, not «Telegram only»', async () => {
    const before = f.botTexts(teacher).length;
    expect(await press(teacher, lateListAction)).toBe('У вас нет прав на это действие.');
    expect(await press(teacher, 'zz:1:go')).toBe('Эта кнопка уже не действует.');
    expect(f.botTexts(teacher)).toHaveLength(before);
  });
});
