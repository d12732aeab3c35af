import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookPath } from '../../admin/index.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { Harness, user } from '../support/harness.js';

describe('webhook mode and faults on direct replies', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('refuses an update without the right secret token and handles none of it', async () => {
    const stranger = user(9001);
    const update = h.fake.buildText(stranger, '/start');
    for (const headers of [{}, { 'x-telegram-bot-api-secret-token': 'wrong-secret-wrong-secret' }] as Record<string, string>[]) {
      const response = await h.app.admin.request(webhookPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(401);
    }
    expect(h.botTexts(stranger)).toEqual([]);
  });

  it('a chat that blocked the bot does not stop the others, and its person is marked blocked', async () => {
    const blocker = user(demoTelegramIdBase + 6, 'Сергей');
    const other = user(demoTelegramIdBase + 7, 'Наталья');
    h.fake.blockChat(blocker.id);
    await h.send(blocker, '/help');
    await h.send(other, '/help');
    expect(h.lastText(other)).toContain('Команды');
    expect((await findPersonByTelegramId(h.core, blocker.id))?.status).toBe('blocked');
  });

  it('a person who blocks the bot (my_chat_member: kicked) is marked blocked at once', async () => {
    const teacher = user(demoTelegramIdBase + 5, 'Елена');
    const member = (status: string) => ({
      user: { id: 7000000001, is_bot: true, first_name: 'Маяк' },
      status,
      ...(status === 'kicked' ? { until_date: 0 } : {}),
    });
    await h.post({
      update_id: 77,
      my_chat_member: {
        chat: { id: teacher.id, type: 'private', first_name: 'Елена' },
        from: teacher,
        date: 1,
        old_chat_member: member('member'),
        new_chat_member: member('kicked'),
      },
    });
    expect((await findPersonByTelegramId(h.core, teacher.id))?.status).toBe('blocked');
    expect(h.botTexts(teacher)).toEqual([]);
  });

  it('a 500 on a reply is logged and the person gets an apology, the bot goes on', async () => {
    const anna = user(9002);
    h.fake.failWith500({ method: 'sendMessage', times: 1 });
    await h.send(anna, '/help');
    expect(h.lastText(anna)).toContain('Что-то пошло не так');
    await h.send(anna, '/help');
    expect(h.lastText(anna)).toContain('/start');
  });
});
