import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaxClient } from '../../max/client.js';
import { MaxMessenger } from '../../max/messenger.js';
import { fetchOnNode } from '../../runtime/node-fetch.js';
import { fitHtml } from '../../max/render.js';
import { dialogChatIdOf, FakeMaxApi } from '../../sandbox/fake-max-api.js';

const anna = { user_id: 501, first_name: 'Анна', last_name: 'Васильева' };
const chat = String(dialogChatIdOf(anna.user_id));

let max: FakeMaxApi;
let messenger: MaxMessenger;

beforeEach(async () => {
  max = new FakeMaxApi();
  messenger = new MaxMessenger(new MaxClient('max-token', await max.listen(), 2000));
  // Anna has opened the dialog: MAX knows her and her chat.
  max.build.started(anna);
});

afterEach(async () => {
  await max.close();
});

describe('MaxMessenger: rendering', () => {
  it('sends our HTML as MAX html with the buttons as one inline keyboard, the token in Authorization', async () => {
    const result = await messenger.send(chat, {
      html: '<b>Вебинар</b> завтра, <a href="https://example.org">ссылка</a>',
      buttons: [
        [
          { text: 'Пойду', action: 'ev:7:go' },
          { text: 'Не смогу', action: 'ev:7:no' },
        ],
        [{ text: 'Сайт', url: 'https://example.org' }],
      ],
      noPreview: true,
    });
    expect(result).toEqual({ ok: true, externalId: expect.stringMatching(/^mid\./) });
    const [call] = max.callsOf('sendMessage');
    expect(call?.token).toBe('max-token');
    expect(call?.query).toEqual({ chat_id: chat, disable_link_preview: 'true' });
    expect(call?.body).toEqual({
      text: '<b>Вебинар</b> завтра, <a href="https://example.org">ссылка</a>',
      format: 'html',
      attachments: [
        {
          type: 'inline_keyboard',
          payload: {
            buttons: [
              [
                { type: 'callback', text: 'Пойду', payload: 'ev:7:go' },
                { type: 'callback', text: 'Не смогу', payload: 'ev:7:no' },
              ],
              [{ type: 'link', text: 'Сайт', url: 'https://example.org' }],
            ],
          },
        },
      ],
    });
    expect(
      max
        .lastBotMessage(Number(chat))
        ?.buttons.flat()
        .map((b) => b.text),
    ).toEqual(['Пойду', 'Не смогу', 'Сайт']);
  });

  it('keeps within MAX limits: text cut to 4,000 without breaking tags, a button text to 128', async () => {
    const html = `<b>${'я'.repeat(4050)}</b>`;
    const result = await messenger.send(chat, { html, buttons: [[{ text: 'к'.repeat(200), action: 'x' }]] });
    expect(result.ok).toBe(true);
    const sent = max.lastBotMessage(Number(chat))!;
    expect(sent.text.length).toBeLessThanOrEqual(4000);
    expect(sent.text).toMatch(/^<b>я+…<\/b>$/);
    expect([...sent.buttons[0]![0]!.text]).toHaveLength(128);
    expect(fitHtml('<i>ab</i> &amp; cd', 9)).toBe('<i>a…</i>');
    expect(fitHtml('<i>ab</i> &amp; cd', 10)).toBe('<i>ab</i>…');
  });

  it('refuses a payload over 1,024 bytes without calling MAX', async () => {
    const result = await messenger.send(chat, { html: 'x', buttons: [[{ text: 'a', action: 'ж'.repeat(600) }]] });
    expect(result).toMatchObject({ ok: false, reason: 'rejected' });
    expect(max.callsOf('sendMessage')).toHaveLength(0);
  });

  it('sends a copied Telegram message as its text, a photo by URL, a document by URL uploaded first', async () => {
    await messenger.send(chat, { html: 'Копия', copyOf: { chatId: '1', messageId: 2 } });
    expect(max.lastBotMessage(Number(chat))).toMatchObject({ text: 'Копия', attachments: [] });

    await messenger.send(chat, { html: 'Фото', attachment: { kind: 'photo', file: 'https://example.org/a.jpg' } });
    expect(max.lastBotMessage(Number(chat))?.attachments).toEqual([{ type: 'image', payload: { url: 'https://example.org/a.jpg' } }]);

    const files = await serveFile(Buffer.from('PDF bytes'));
    try {
      const result = await messenger.send(chat, { html: 'План', attachment: { kind: 'document', file: `${files.url}/plan.pdf` } });
      expect(result.ok).toBe(true);
      expect(max.callsOf('getUploadUrl')[0]?.query).toEqual({ type: 'file' });
      expect(max.lastBotMessage(Number(chat))?.attachments).toEqual([{ type: 'file', payload: { token: 'file-token-1' } }]);
    } finally {
      files.server.close();
    }
  });

  it('edits and deletes a message by its mid', async () => {
    const sent = await messenger.send(chat, { html: 'Было', buttons: [[{ text: 'A', action: 'a' }]] });
    if (!sent.ok) throw new Error('not sent');
    expect(await messenger.edit(chat, sent.externalId, { html: 'Стало' })).toEqual({ ok: true, externalId: sent.externalId });
    expect(max.message(sent.externalId)).toMatchObject({ text: 'Стало', buttons: [], edited: true });
    expect(await messenger.remove(chat, sent.externalId)).toEqual({ ok: true, externalId: sent.externalId });
    expect(max.message(sent.externalId)?.deleted).toBe(true);
  });

  it('checks the bot may post in a channel', async () => {
    max.addGroup(-100, 'Вестник', { type: 'channel', admin: true });
    max.addGroup(-101, 'Без прав', { type: 'channel', admin: false });
    expect(await messenger.access('-100')).toEqual({ ok: true, title: 'Вестник' });
    expect(await messenger.access('-101')).toEqual({ ok: false, reason: 'not-admin', title: 'Без прав' });
    expect(await messenger.access('-102')).toMatchObject({ ok: false, reason: 'not-found' });
  });
});

// Node's runtime calls MAX through node-fetch, Workers through their platform's fetch: both sort failures alike.
describe.each([
  ['the platform fetch', undefined],
  ['node-fetch (Node)', fetchOnNode],
])('MaxMessenger: failures sorted for the outbox, over %s', (_name, fetchFn) => {
  beforeEach(() => {
    messenger = new MaxMessenger(new MaxClient('max-token', max.apiRoot, 2000, fetchFn));
  });

  it('a user who stopped the bot is blocked (403)', async () => {
    max.blockUser(anna.user_id);
    expect(await messenger.send(chat, { html: 'x' })).toMatchObject({ ok: false, reason: 'blocked', description: expect.stringContaining('403') });
  });

  it('429 has no retry-after: the pause doubles with each one and starts again after a success', async () => {
    max.failWith429({ times: 2 });
    expect(await messenger.send(chat, { html: 'x' })).toMatchObject({ ok: false, reason: 'rate-limited', retryAfterMs: 1000 });
    expect(await messenger.send(chat, { html: 'x' })).toMatchObject({ ok: false, reason: 'rate-limited', retryAfterMs: 2000 });
    expect((await messenger.send(chat, { html: 'x' })).ok).toBe(true);
    max.failWith429();
    expect(await messenger.send(chat, { html: 'x' })).toMatchObject({ reason: 'rate-limited', retryAfterMs: 1000 });
  });

  it('500 is transient, a gateway page 502 unreachable', async () => {
    max.failWith500();
    expect(await messenger.send(chat, { html: 'x' })).toMatchObject({ ok: false, reason: 'transient' });
    max.failWithGateway(502);
    expect(await messenger.send(chat, { html: 'x' })).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(max.dialog(anna.user_id).filter((m) => m.fromBot)).toHaveLength(0);
  });

  it('a refused connection is unreachable, and probe says so until MAX is back', async () => {
    await max.refuseConnections();
    expect(await messenger.send(chat, { html: 'x' })).toMatchObject({ ok: false, reason: 'unreachable', description: expect.stringContaining('ECONNREFUSED') });
    expect(await messenger.probe()).toMatchObject({ ok: false });
    await max.acceptConnections();
    expect(await messenger.probe()).toEqual({ ok: true });
  });

  it('an answer lost after delivery is unanswered (never to be resent), and so is a timeout', async () => {
    max.dropAnswer({ method: 'sendMessage' });
    expect(await messenger.send(chat, { html: 'Дошло' })).toMatchObject({ ok: false, reason: 'unanswered', timedOut: false });
    expect(max.lastBotMessage(Number(chat))?.text).toBe('Дошло');

    const impatient = new MaxMessenger(new MaxClient('max-token', max.apiRoot, 100, fetchFn));
    max.hang();
    expect(await impatient.send(chat, { html: 'x' })).toMatchObject({ ok: false, reason: 'unanswered', timedOut: true });
  });

  it('an unknown chat is rejected', async () => {
    expect(await messenger.send('12345', { html: 'x' })).toMatchObject({ ok: false, reason: 'rejected' });
  });
});

async function serveFile(bytes: Buffer): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => res.end(bytes));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
