import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addChannel, eventAnnouncementDraft, listChannelPosts, postReleaseDraft, scheduleChannelPost } from '../../core/channels/channels.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { signUp } from '../../core/events/participation.js';
import { rateEvent, recordAttendance } from '../../core/events/feedback.js';
import type { Actor } from '../../core/admins/access.js';
import { webinar, webinarStart, hour } from '../support/events.js';
import { Harness, user } from '../support/harness.js';
import { ownerActor } from '../support/panel.js';

const editor: Actor = { ...ownerActor, role: 'editor', label: 'editor@mayak.test' };
const channelId = -1001000000038;
const elena = user(demoTelegramIdBase + 5, 'Елена');

describe('channel posts through the fake Telegram', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    h.clock.set(webinarStart - 48 * hour);
    await loadDemoRegion(h.core);
    h.fake.addChannel(channelId, 'ПРОкачество_38');
  });
  afterEach(() => h.close());

  it('posts at its time, not before; an event’s announcement carries «Записаться» that opens the event in the bot', async () => {
    const channel = await addChannel(h.core, editor, h.app.messenger, { chatId: String(channelId), municipalityId: null });
    expect(channel).toMatchObject({ title: 'ПРОкачество_38', problem: null });
    const event = await createEvent(h.core, editor, webinar());
    await publishEvent(h.core, editor, event.id);
    const draft = await eventAnnouncementDraft(h.core, editor, event.id);
    const at = h.clock.now() + 2 * hour;
    await scheduleChannelPost(h.core, editor, { ...draft, channelId: channel.id, postAt: at });
    await h.drain(10);
    expect(h.botTexts(channelId)).toEqual([]);
    h.clock.set(at);
    await h.restart();
    await h.drain();
    const [post] = h.fake.chat(channelId);
    expect(post?.text).toContain('<b>Вебинар: функциональная грамотность</b>');
    const button = (post?.reply_markup as { inline_keyboard: { text: string; url: string }[][] }).inline_keyboard[0]![0]!;
    expect(button.text).toBe('Записаться');
    expect(button.url).toBe(`https://t.me/${h.core.config.botUsername}?start=ev_${event.id}`);
    // The button's deep link opens the card in the bot.
    await h.send(elena, `/start ev_${event.id}`);
    expect(h.lastText(elena)).toContain('Вебинар: функциональная грамотность');
    const rows = await listChannelPosts(h.core, editor, channel.id);
    expect(rows[0]?.delivery).toMatchObject({ status: 'sent', externalId: String(post!.message_id) });
  });

  it('proposes a post-release from a finished event (who came, the rating) and posts it with a photo', async () => {
    const channel = await addChannel(h.core, editor, h.app.messenger, { chatId: String(channelId), municipalityId: null });
    const event = await createEvent(h.core, editor, webinar());
    await publishEvent(h.core, editor, event.id);
    await expect(postReleaseDraft(h.core, editor, event.id)).rejects.toMatchObject({ code: 'event-not-ended' });
    const person = (await findPersonByTelegramId(h.core, elena.id))!;
    await signUp(h.core, person, event.id);
    h.clock.set(webinarStart + 3 * hour);
    await recordAttendance(h.core, person, event.id, true);
    await rateEvent(h.core, person, event.id, 5);
    const draft = await postReleaseDraft(h.core, editor, event.id);
    expect(draft.html).toContain('Состоялось: Вебинар: функциональная грамотность');
    expect(draft.html).toContain('Участников: 1');
    expect(draft.html).toContain('5,0 из 5');
    await scheduleChannelPost(h.core, editor, {
      ...draft,
      html: `${draft.html}\nСпасибо всем!`,
      attachment: { kind: 'photo', file: 'https://iro.example.ru/webinar.jpg' },
      channelId: channel.id,
      postAt: null,
    });
    await h.drain();
    const [photo] = h.fake.callsOf('sendPhoto');
    expect(photo?.params).toMatchObject({ chat_id: String(channelId), photo: 'https://iro.example.ru/webinar.jpg' });
    expect(String(photo?.params.caption)).toContain('Спасибо всем!');
  });

  it('refuses an unknown channel, a channel where the bot cannot post, and a past time', async () => {
    await expect(addChannel(h.core, editor, h.app.messenger, { chatId: '-1002000000000', municipalityId: null })).rejects.toMatchObject({
      issues: [{ reason: 'channel-not-found' }],
    });
    h.fake.addChannel(-1003000000000, 'Без прав', { botIsAdmin: false });
    const weak = await addChannel(h.core, editor, h.app.messenger, { chatId: '-1003000000000', municipalityId: null });
    expect(weak.problem).toBe('not-admin');
    await expect(scheduleChannelPost(h.core, editor, { channelId: weak.id, html: 'Текст', postAt: null })).rejects.toMatchObject({
      issues: [{ reason: 'channel-not-ready' }],
    });
    await expect(scheduleChannelPost(h.core, editor, { channelId: 999, html: 'Текст', postAt: null })).rejects.toMatchObject({
      issues: [{ reason: 'channel-unknown' }],
    });
    const ok = await addChannel(h.core, editor, h.app.messenger, { chatId: String(channelId), municipalityId: null });
    await expect(scheduleChannelPost(h.core, editor, { channelId: ok.id, html: 'Текст', postAt: h.clock.now() - hour })).rejects.toMatchObject({
      issues: [{ reason: 'send-at-past' }],
    });
    await expect(
      scheduleChannelPost(h.core, { ...editor, role: 'coordinator', municipalityIds: [1] }, { channelId: ok.id, html: 'Текст', postAt: null }),
    ).rejects.toMatchObject({ issues: [{ reason: 'channel-unknown' }] });
  });
});
