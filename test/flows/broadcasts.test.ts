import { Api } from 'grammy';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBroadcast, listBroadcasts } from '../../core/broadcasts/broadcasts.js';
import { broadcastReport, failedRecipients, resendFailed } from '../../core/broadcasts/report.js';
import { cancelBroadcast, startBroadcast, testSendBroadcast } from '../../core/broadcasts/sending.js';
import { systemClock } from '../../core/core.js';
import type { Messenger } from '../../core/deliveries/messenger.js';
import { Pacer } from '../../core/deliveries/pacer.js';
import { settleInterruptedSends } from '../../core/deliveries/sending.js';
import { createAdmin } from '../../core/admins/accounts.js';
import type { Actor } from '../../core/admins/access.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import type { DomainError } from '../../core/errors.js';
import { deliveries } from '../../db/schema/index.js';
import { NodeScheduler } from '../../runtime/scheduler.js';
import { telegramClientOptions } from '../../runtime/telegram.js';
import { TelegramMessenger } from '../../bot/messenger.js';
import { maxInWindow } from '../../bench/support.js';
import { addTeachers, linkTelegramWithCode, notice } from '../support/broadcasts.js';
import { Harness, testToken, user } from '../support/harness.js';
import { ownerActor } from '../support/panel.js';
import { startConnectProxy } from '../support/proxy.js';

const editor: Actor = { ...ownerActor, role: 'editor', label: 'editor@mayak.test' };
const coordinatorOf = (m: number): Actor => ({ kind: 'admin', id: 99, label: `coord-${m}@mayak.test`, role: 'coordinator', municipalityIds: [m] });
const elena = user(demoTelegramIdBase + 5, 'Елена');

/**
 * The real scheduler on real time, for it and the core alike (the outbox reads the clock again as sends leave), moved
 * to a Moscow noon so that quiet hours never hold the broadcast, whenever the suite runs.
 */
function schedulerAtNoon(h: Harness, messenger: Messenger, pacer: Pacer): NodeScheduler {
  const offset = Date.parse('2026-11-23T09:00:00Z') - systemClock.now();
  const noon = { now: () => systemClock.now() + offset };
  return new NodeScheduler({ ...h.app.tickDeps, core: { ...h.core, clock: noon }, senders: { telegram: { messenger, pacer } } }, noon, () => undefined);
}

describe('broadcasts through the fake Telegram', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('reaches its audience once each, counts the report, and a second start or submit is one broadcast', async () => {
    const crowd = await addTeachers(h.core, 40);
    const b = await createBroadcast(h.core, editor, notice({ idempotencyKey: 'form-key-0001' }));
    const again = await createBroadcast(h.core, editor, notice({ idempotencyKey: 'form-key-0001' }));
    expect(again.id).toBe(b.id);
    await startBroadcast(h.core, editor, b.id);
    await startBroadcast(h.core, editor, b.id);
    await h.drain();
    await h.drain();
    // Elena (teacher, municipality 1) and the 40; Petrov teaches in municipality 2.
    expect(h.botTexts(elena)).toEqual([notice().html]);
    for (const id of crowd) expect(h.botTexts(id)).toHaveLength(1);
    expect(h.botTexts(user(demoTelegramIdBase + 6))).toEqual([]);
    // Finished without anyone looking at its report: the list shows it sent.
    expect((await listBroadcasts(h.core, { all: true }))[0]).toMatchObject({ id: b.id, status: 'sent', recipients: 41 });
    const report = await broadcastReport(h.core, editor, b.id);
    expect(report).toMatchObject({ recipients: 41, sent: 41, failed: 0, remaining: 0, progress: 1 });
    expect(report.broadcast.status).toBe('sent');
    expect(h.fake.callsOf('sendMessage').at(-1)?.params.parse_mode).toBe('HTML');
  });

  it('keeps Telegram’s limits by the fake API’s own clock: at most 30 in any second, close to 30/s', async () => {
    await addTeachers(h.core, 75);
    const b = await createBroadcast(h.core, editor, notice());
    await startBroadcast(h.core, editor, b.id);
    // The moments the pacer let each message go (by the scheduler's clock), beside arrivals as the fake records them.
    const departures: number[] = [];
    class RecordingPacer extends Pacer {
      override take(chatId: string, now: number): void {
        departures.push(now);
        super.take(chatId, now);
      }
    }
    const scheduler = schedulerAtNoon(h, h.app.messenger, new RecordingPacer());
    scheduler.start();
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'sendMessage').length >= 76, 10_000);
    await scheduler.stop();
    const sends = h.fake.callsOf('sendMessage');
    expect(maxInWindow(departures, 1000)).toBeLessThanOrEqual(30);
    // Arrivals jitter against departures, and here the fake shares the event loop with the sender: when the suite's
    // parallel files stall the loop, a few arrivals are stamped together. The pacer's 1,025 ms window absorbs the usual
    // jitter (the bench, with the fake in its own timing, counts arrivals); this allows a stall of two messages.
    expect(
      maxInWindow(
        sends.map((c) => c.at),
        1000,
      ),
    ).toBeLessThanOrEqual(32);
    const steady = sends.slice(2);
    const rate = (steady.length - 1) / ((steady.at(-1)!.at - steady[0]!.at) / 1000);
    expect(rate).toBeGreaterThan(26);
    expect(rate).toBeLessThanOrEqual(30.5);
  });

  it('counts a send from when its request is written: a proxy slow to open tunnels does not crowd one second', async () => {
    await addTeachers(h.core, 59);
    const b = await createBroadcast(h.core, editor, notice());
    await startBroadcast(h.core, editor, b.id);
    // An organisation's proxy that takes 300 ms to open each tunnel: the first sends wait on new connections while
    // the ones after them, once answers free a connection, go at once. Counted from when they were handed to their
    // sockets, the first ones would land in the next second on top of its own 30.
    const proxy = await startConnectProxy({ delayMs: 300 });
    const messenger = new TelegramMessenger(new Api(testToken, telegramClientOptions({ apiRoot: h.fake.apiRoot, proxy: proxy.url })), h.fake.apiRoot);
    const scheduler = schedulerAtNoon(h, messenger, new Pacer());
    try {
      scheduler.start();
      await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'sendMessage').length >= 60, 10_000);
      await scheduler.stop();
    } finally {
      await proxy.close();
    }
    // Several tunnels were opened while the first ones were still opening, and later sends reused them.
    expect(proxy.tunnels.length).toBeGreaterThan(3);
    expect(proxy.tunnels.length).toBeLessThan(30);
    // As above, the fake shares this event loop: two of a stall allowed. Counted from the tokens, 39–40 land here.
    expect(
      maxInWindow(
        h.fake.callsOf('sendMessage').map((c) => c.at),
        1000,
      ),
    ).toBeLessThanOrEqual(32);
  });

  it('pauses everything on 429, marks a 403 blocked, retries a 5xx, and names each in the report', async () => {
    const crowd = await addTeachers(h.core, 6);
    h.fake.blockChat(crowd[0]!);
    const b = await createBroadcast(h.core, editor, notice());
    await startBroadcast(h.core, editor, b.id);
    h.fake.failWith429(5, { method: 'sendMessage', times: 1 });
    await h.tick();
    const paused = h.fake.callsOf('sendMessage').length;
    h.clock.advance(3000);
    await h.tick();
    expect(h.fake.callsOf('sendMessage').length).toBe(paused);
    h.fake.failWith500({ method: 'sendMessage', times: 1 });
    h.clock.advance(2000);
    await h.drain();
    const report = await broadcastReport(h.core, editor, b.id);
    expect(report).toMatchObject({ sent: 6, blocked: 1, failed: 0, remaining: 0 });
    expect((await findPersonByTelegramId(h.core, crowd[0]!))?.status).toBe('blocked');
    const failed = await failedRecipients(h.core, editor, b.id);
    expect(failed).toEqual([expect.objectContaining({ status: 'blocked', fullName: 'Учитель 1', reason: expect.stringContaining('blocked') })]);
  });

  it('is cancelled while sending: what went is shown, the rest is skipped as cancelled and never sent', async () => {
    await addTeachers(h.core, 30);
    const b = await createBroadcast(h.core, editor, notice());
    await startBroadcast(h.core, editor, b.id);
    await h.tick();
    h.clock.advance(200);
    await h.tick();
    const sentBefore = h.fake.callsOf('sendMessage').length;
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(31);
    const { calledOff } = await cancelBroadcast(h.core, editor, b.id);
    expect(calledOff).toBe(31 - sentBefore);
    await h.drain();
    expect(h.fake.callsOf('sendMessage').length).toBe(sentBefore);
    const report = await broadcastReport(h.core, editor, b.id);
    expect(report).toMatchObject({ sent: sentBefore, skipped: 31 - sentBefore, remaining: 0 });
    expect(report.broadcast.status).toBe('cancelled');
    const reasons = new Set((await failedRecipients(h.core, editor, b.id)).map((r) => r.reason));
    expect(reasons).toEqual(new Set(['cancelled']));
    await expect(cancelBroadcast(h.core, editor, b.id)).resolves.toEqual({ calledOff: 0 });
  });

  it('sends at its scheduled time, not before; refuses a past time and an audience of nobody', async () => {
    const at = h.clock.now() + 3_600_000;
    const b = await createBroadcast(h.core, editor, notice({ sendAt: at }));
    expect((await startBroadcast(h.core, editor, b.id)).status).toBe('scheduled');
    await h.drain(5);
    expect(h.botTexts(elena)).toEqual([]);
    h.clock.set(at);
    await h.restart();
    await h.drain();
    expect(h.botTexts(elena)).toHaveLength(1);

    const past = await createBroadcast(h.core, editor, notice({ sendAt: h.clock.now() - 3_600_000 }));
    await expect(startBroadcast(h.core, editor, past.id)).rejects.toMatchObject({ issues: [{ field: 'sendAt', reason: 'send-at-past' }] });
    const nobody = await createBroadcast(h.core, editor, notice({ audience: { roles: ['teacher'], municipalityIds: [3], subjects: ['physics'] } }));
    await expect(startBroadcast(h.core, editor, nobody.id)).rejects.toMatchObject({ issues: [{ field: 'audience', reason: 'audience-empty' }] });
  });

  it('an answer to a person (the test send) overtakes a running broadcast', async () => {
    await addTeachers(h.core, 60);
    const admin = await createAdmin(h.core, { email: 'ed@mayak.test', password: 'correct horse battery', role: 'editor' });
    const me: Actor = { kind: 'admin', id: admin.id, label: admin.email, role: 'editor', municipalityIds: [] };
    await linkTelegramWithCode(h, me, admin.id, 555_000_111);
    const b = await createBroadcast(h.core, me, notice());
    await startBroadcast(h.core, me, b.id);
    await h.tick();
    await testSendBroadcast(h.core, me, b.id);
    h.clock.advance(100);
    await h.tick();
    // The first message of all was the code that linked the admin's Telegram.
    const order = h.fake
      .callsOf('sendMessage')
      .map((c) => Number(c.params.chat_id))
      .slice(1);
    const testAt = order.indexOf(555_000_111);
    expect(testAt).toBeGreaterThan(0);
    expect(testAt).toBeLessThan(6);
    await h.drain();
    expect((await broadcastReport(h.core, me, b.id)).sent).toBe(61);
  });

  it('a coordinator broadcasts only within their municipalities', async () => {
    await expect(createBroadcast(h.core, coordinatorOf(1), notice({ municipalityId: 2 }))).rejects.toMatchObject({ code: 'not-found' });
    await expect(createBroadcast(h.core, coordinatorOf(1), notice({ municipalityId: null }))).rejects.toMatchObject({ issues: [{ field: 'municipalityId' }] });
    // Their own municipality bounds the audience, whatever the rule says: Petrov (municipality 2) gets nothing.
    const b = await createBroadcast(h.core, coordinatorOf(1), notice({ municipalityId: 1, audience: { roles: ['teacher'] } }));
    await startBroadcast(h.core, coordinatorOf(1), b.id);
    await h.drain();
    expect(h.botTexts(elena)).toHaveLength(1);
    expect(h.botTexts(user(demoTelegramIdBase + 6))).toEqual([]);
    await expect(broadcastReport(h.core, coordinatorOf(2), b.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(cancelBroadcast(h.core, coordinatorOf(2), b.id)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('names bad formatting with its reason before anything is saved', async () => {
    const reasons = async (html: string, extra = {}) => {
      try {
        await createBroadcast(h.core, editor, notice({ html, ...extra }));
        return [];
      } catch (error) {
        return (error as DomainError).issues.map((i) => i.reason);
      }
    };
    expect(await reasons('<b>жирный')).toEqual(['html-unclosed-tag']);
    expect(await reasons('<marquee>бегущая</marquee>')).toEqual(['html-unknown-tag']);
    expect(await reasons('1 < 2 </i>')).toEqual(['html-stray-bracket', 'html-stray-close']);
    expect(await reasons('<a href="javascript:alert(1)">ссылка</a>')).toEqual(['html-bad-link']);
    expect(await reasons('я'.repeat(4097))).toEqual(['text-too-long']);
    expect(await reasons('<b>я</b>'.repeat(4096))).toEqual([]);
    expect(await reasons('я'.repeat(1025), { attachment: { kind: 'photo', file: 'https://example.ru/a.jpg' } })).toEqual(['caption-too-long']);
    expect(await reasons('', {})).toEqual(['broadcast-empty']);
  });

  it('sends a photo with its caption and buttons; a deep link to an event opens the bot', async () => {
    const b = await createBroadcast(
      h.core,
      editor,
      notice({
        html: 'Фото с семинара',
        attachment: { kind: 'photo', file: 'https://example.ru/seminar.jpg' },
        buttons: [
          { kind: 'event', text: 'Записаться', eventId: 7 },
          { kind: 'link', text: 'Сайт', url: 'https://iro.example.ru' },
        ],
      }),
    );
    await startBroadcast(h.core, editor, b.id);
    await h.drain();
    const [photo] = h.fake.callsOf('sendPhoto').filter((c) => Number(c.params.chat_id) === elena.id);
    expect(photo?.params).toMatchObject({ caption: 'Фото с семинара', photo: 'https://example.ru/seminar.jpg' });
    const keyboard = (photo?.params.reply_markup as { inline_keyboard: { url: string }[][] }).inline_keyboard;
    expect(keyboard[0]![0]!.url).toMatch(/^https:\/\/t\.me\/.+\?start=ev_7$/);
  });

  it('a send in flight at a crash is uncertain: not sent again, named in the report, resent only when asked', async () => {
    await addTeachers(h.core, 3);
    h.fake.failWith500({ method: 'sendMessage', times: 100 });
    const b = await createBroadcast(h.core, editor, notice());
    await startBroadcast(h.core, editor, b.id);
    for (let i = 0; i < 20; i++) {
      await h.tick();
      h.clock.advance(60_000);
    }
    // Telegram recovers.
    h.fake.reset();
    const failed = await broadcastReport(h.core, editor, b.id);
    expect(failed.failed).toBe(4);
    // One of them was in flight when the process died.
    const [victim] = await h.core.database.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.source, `broadcast:${b.id}`))
      .limit(1);
    await h.core.database.db.update(deliveries).set({ status: 'sending', claimedAt: h.clock.now() }).where(eq(deliveries.id, victim!.id));
    await h.restart();
    await settleInterruptedSends(h.core, Number.MAX_SAFE_INTEGER);
    expect(await resendFailed(h.core, editor, b.id)).toBe(3);
    await h.drain();
    const report = await broadcastReport(h.core, editor, b.id);
    expect(report).toMatchObject({ sent: 3, uncertain: 1, failed: 0 });
    expect(h.botTexts(Number(victim!.chatId))).toEqual([]);
    expect(await resendFailed(h.core, editor, b.id, { uncertain: true })).toBe(1);
    await h.drain();
    expect(h.botTexts(Number(victim!.chatId))).toHaveLength(1);
  });
});
