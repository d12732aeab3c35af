import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaxMessagesResponse } from '../../admin/routes/sandbox/max.js';
import { contactsOf, personByContact } from '../../core/directory/contacts.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { eventParticipants } from '../../db/schema/index.js';
import { sandboxMaxBotUsername } from '../../sandbox/fake-max-api.js';
import { webinar } from '../support/events.js';
import type { Harness } from '../support/harness.js';
import { sandboxWithMax } from '../support/max.js';
import { editorActor } from '../support/tasks.js';

/** Васильева Елена, a teacher of СОШ № 5 (municipality 1) in the demo region. */
const teacher = demoTelegramIdBase + 5;
const asTeacher = { chat: teacher, firstName: 'Елена', lastName: 'Васильева' };

/**
 * The sandbox with MAX beside Telegram, as `npm start` runs it: a demo person chooses MAX, what the outbox sends
 * reaches their MAX dialog rendered as MAX shows it, and the page's presses go through the bot's MAX webhook.
 */
describe('the sandbox on MAX', () => {
  let sandbox: Awaited<ReturnType<typeof sandboxWithMax>>;
  let h: Harness;

  beforeEach(async () => {
    sandbox = await sandboxWithMax();
    h = sandbox.h;
    await loadDemoRegion(h.core);
  });
  afterEach(() => sandbox.close());

  async function post(path: string, body: unknown): Promise<Response> {
    return h.app.admin.request(`/sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async function dialog(after = 0): Promise<MaxMessagesResponse> {
    const res = await h.app.admin.request(`/sandbox/api/max/messages?chat=${teacher}&after=${after}`);
    expect(res.status).toBe(200);
    return (await res.json()) as MaxMessagesResponse;
  }

  it('the page offers Telegram and MAX, and names the MAX bot for its max.ru links', async () => {
    const html = await (await h.app.admin.request('/sandbox')).text();
    expect(html).toContain('Песочница: Telegram и MAX имитируются внутри процесса.');
    expect(html).toContain('data-max="1"');
    expect(html).toContain(`data-max-bot="${sandboxMaxBotUsername}"`);
    expect(html).toContain('data-messenger="telegram"');
    expect(html).toContain('data-messenger="max"');
  });

  it('a teacher who picks MAX gets an event there, as MAX renders it, and «Пойду» works through the MAX webhook', async () => {
    const use = await post('/api/max/use', { ...asTeacher, channel: 'max' });
    expect(use.status).toBe(200);
    const person = await personByContact(h.core, 'telegram', String(teacher));
    expect((await contactsOf(h.core, person!.id)).map((c) => [c.channel, c.userId, c.preferred])).toEqual([
      ['max', String(teacher), true],
      ['telegram', String(teacher), false],
    ]);

    const event = await createEvent(
      h.core,
      editorActor,
      webinar({ title: 'Вебинар для учителей на MAX', audience: { roles: ['teacher'], municipalityIds: [1] } }),
    );
    await publishEvent(h.core, editorActor, event.id);
    await h.drain();
    // One person, one message: on MAX, their preferred messenger, and not on Telegram.
    expect(h.botTexts(teacher).join('\n')).not.toContain('Вебинар для учителей на MAX');
    const first = await dialog();
    const announcement = first.messages.find((m) => m.html.includes('Вебинар для учителей на MAX'));
    expect(announcement?.id).toMatch(/^mid\./);
    expect(announcement?.html).toContain('<b>');
    const go = announcement!.buttons.flat().find((b) => b.text.includes('Пойду'));
    expect(go).toMatchObject({ kind: 'callback', data: `ev:${event.id}:go` });

    const pressed = await post('/api/max/press', { ...asTeacher, messageId: announcement!.id, data: go!.data });
    expect(pressed.status, await pressed.clone().text()).toBe(200);
    const signedUp = await h.core.database.db.select().from(eventParticipants).where(eq(eventParticipants.eventId, event.id));
    expect(signedUp.map((p) => [p.personId, p.status])).toEqual([[person!.id, 'going']]);
    const after = await dialog(first.seq);
    expect(after.full).toBe(false);
    // What the bot answered shows in the dialog with MAX's ids, and the press's notification is the page's toast.
    expect(after.messages.some((m) => /^mid\./.test(m.id) && m.html.includes('Вы записаны'))).toBe(true);
    expect(after.toasts).toEqual([{ text: 'Вы записаны. Напомним заранее.', alert: false }]);

    // The same person back on Telegram: Telegram is preferred again.
    expect((await post('/api/max/use', { ...asTeacher, channel: 'telegram' })).status).toBe(200);
    expect((await contactsOf(h.core, person!.id))[0]?.channel).toBe('telegram');
  });

  it('«Начать» and typed commands reach the bot as MAX sends them; the menu is the MAX bot’s', async () => {
    expect((await post('/api/max/use', { ...asTeacher, channel: 'max' })).status).toBe(200);
    expect((await post('/api/max/start', asTeacher)).status).toBe(200);
    expect((await post('/api/max/send', { ...asTeacher, text: '/profile' })).status).toBe(200);
    const messages = (await dialog()).messages;
    expect(messages.at(-2)).toMatchObject({ fromBot: false, html: '/profile' });
    expect(messages.at(-1)?.fromBot).toBe(true);
    expect(messages.at(-1)?.html).toContain('Васильева');
    expect(sandbox.max.callsOf('sendMessage').length).toBeGreaterThanOrEqual(2);
    const commands = (await (await h.app.admin.request(`/sandbox/api/max/commands?chat=${teacher}`)).json()) as { commands: { command: string }[] };
    expect(commands.commands.map((c) => c.command)).toContain('profile');
  });

  it('refuses what is not the sandbox’s: another person, a message or button that is not there, an unknown messenger', async () => {
    expect((await post('/api/max/send', { chat: 123, firstName: 'X', text: 'hi' })).status).toBe(400);
    expect((await post('/api/max/press', { ...asTeacher, messageId: 'mid.nope', data: 'x' })).status).toBe(400);
    const bad = await post('/api/max/use', { ...asTeacher, channel: 'icq' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('channel: ожидается telegram или max');
  });
});
