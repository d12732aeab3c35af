import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../core/admins/accounts.js';
import type { Actor } from '../../core/admins/access.js';
import { createSavedAudience } from '../../core/audiences/saved.js';
import { broadcastReport } from '../../core/broadcasts/report.js';
import { linkTelegramWithCode } from '../support/broadcasts.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { Harness, user } from '../support/harness.js';

const editorUser = user(555_000_001, 'Редактор');
const elena = user(demoTelegramIdBase + 5, 'Елена');
const petrov = user(demoTelegramIdBase + 6, 'Сергей');

async function linkedAdmin(h: Harness, role: 'editor' | 'coordinator', municipalityIds: number[], telegramId: number): Promise<Actor> {
  const admin = await createAdmin(h.core, { email: `${role}@mayak.test`, password: 'correct horse battery', role, municipalityIds });
  const actor: Actor = { kind: 'admin', id: admin.id, label: admin.email, role, municipalityIds };
  await linkTelegramWithCode(h, actor, admin.id, telegramId);
  return actor;
}

const copiesTo = (h: Harness, chatId: number) => h.fake.callsOf('copyMessage').filter((c) => Number(c.params.chat_id) === chatId);

describe('/broadcast in the bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('an editor types a text, picks a saved audience, sees the copy and confirms: everyone in it gets that copy once', async () => {
    const actor = await linkedAdmin(h, 'editor', [], editorUser.id);
    await createSavedAudience(h.core, actor, { name: 'Учителя', rule: { roles: ['teacher'] }, municipalityId: null });
    await h.send(editorUser, '/broadcast');
    expect(h.lastText(editorUser)).toContain('Пришлите текст рассылки');
    await h.send(editorUser, 'Завтра семинар в 15:00');
    expect(h.lastText(editorUser)).toContain('Кому отправить?');
    await h.press(editorUser, 'Учителя (2)');
    expect(h.lastText(editorUser)).toContain('Отправить 2 получателям (Учителя)?');
    // The preview is the very copy the recipients will get.
    expect(copiesTo(h, editorUser.id)).toHaveLength(1);
    await h.press(editorUser, 'Отправить');
    expect(h.lastText(editorUser)).toContain('запущена: 2 получателя');
    // A second press of the old button starts nothing more.
    await h.forgePress(editorUser, 'bc:go:yes');
    await h.drain();
    expect(h.botTexts(elena)).toEqual(['Завтра семинар в 15:00']);
    expect(h.botTexts(petrov)).toEqual(['Завтра семинар в 15:00']);
    expect(copiesTo(h, elena.id)).toHaveLength(1);
    expect(h.botTexts(user(demoTelegramIdBase + 4))).toEqual([]);
  });

  it('a forwarded message goes as it is; a coordinator reaches only their municipality', async () => {
    const actor = await linkedAdmin(h, 'coordinator', [2], editorUser.id);
    await h.send(editorUser, '/broadcast');
    const update = h.fake.buildText(editorUser, 'Пересланное из канала');
    (update.message as Record<string, unknown>).forward_origin = {
      type: 'channel',
      chat: { id: -1001, type: 'channel', title: 'ИРО' },
      message_id: 5,
      date: 1,
    };
    await h.post(update);
    await h.press(editorUser, 'Все в моей зоне');
    await h.press(editorUser, 'Отправить');
    await h.drain();
    expect(h.botTexts(petrov)).toEqual(['Пересланное из канала']);
    expect(h.botTexts(elena)).toEqual([]);
    const [id] = /№ (\d+)/.exec(h.lastText(editorUser))!.slice(1).map(Number);
    expect((await broadcastReport(h.core, actor, id!)).sent).toBeGreaterThanOrEqual(1);
  });

  it('is refused to someone who is not a linked editor, and cancel sends nothing', async () => {
    await h.send(elena, '/broadcast');
    expect(h.lastText(elena)).toContain('доступны редакторам и координаторам');
    await linkedAdmin(h, 'editor', [], editorUser.id);
    await h.send(editorUser, '/broadcast');
    await h.send(editorUser, 'Не то');
    await h.press(editorUser, 'Все в моей зоне');
    await h.press(editorUser, 'Отмена');
    await h.drain();
    expect(h.lastText(editorUser)).toContain('ничего не отправлено');
    expect(h.countTexts(elena, 'Не то')).toBe(0);
    expect(h.fake.callsOf('copyMessage').filter((c) => Number(c.params.chat_id) !== editorUser.id)).toEqual([]);
  });
});
