import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialogChatIdOf, FakeMaxApi } from '../sandbox/fake-max-api.js';

const anna = { user_id: 42, first_name: 'Анна' };

let max: FakeMaxApi;
let root: string;

beforeEach(async () => {
  max = new FakeMaxApi();
  root = await max.listen();
});

afterEach(async () => {
  await max.close();
});

const call = async (verb: string, path: string, body?: unknown, token = 'tok') => {
  const response = await fetch(`${root}${path}`, {
    method: verb,
    headers: { ...(token ? { authorization: token } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('FakeMaxApi', () => {
  it('answers as MAX: the token in Authorization, errors as { code, message }', async () => {
    expect(await call('GET', '/me', undefined, '')).toEqual({ status: 401, body: { code: 'verify.token', message: 'Invalid access_token' } });
    expect((await call('GET', '/me')).body).toMatchObject({ user_id: max.botUserId, is_bot: true, username: 'mayak_sandbox_max_bot' });
    expect((await call('GET', '/nowhere')).status).toBe(404);
    expect(max.callsOf('getMyInfo')).toHaveLength(2);
  });

  it('sends to a dialog by chat_id or user_id, keeps the message with its keyboard, refuses what MAX refuses', async () => {
    max.build.started(anna);
    const keyboard = { type: 'inline_keyboard', payload: { buttons: [[{ type: 'callback', text: 'Пойду', payload: 'ev:1:go' }]] } };
    const sent = await call('POST', `/messages?chat_id=${dialogChatIdOf(42)}`, { text: '<b>Привет</b>', format: 'html', attachments: [keyboard] });
    expect(sent.status).toBe(200);
    const mid = (sent.body['message'] as { body: { mid: string } }).body.mid;
    expect(max.message(mid)).toMatchObject({ text: '<b>Привет</b>', format: 'html', buttons: [[{ text: 'Пойду', payload: 'ev:1:go' }]] });
    expect((await call('POST', '/messages?user_id=42', { text: 'x' })).status).toBe(200);
    expect((await call('POST', '/messages?user_id=42', { text: 'я'.repeat(4001) })).body).toMatchObject({ code: 'proto.payload' });
    const long = { type: 'inline_keyboard', payload: { buttons: [[{ type: 'callback', text: 'x', payload: 'p'.repeat(1025) }]] } };
    expect((await call('POST', '/messages?user_id=42', { text: 'x', attachments: [long] })).status).toBe(400);
    max.blockUser(42);
    expect(await call('POST', '/messages?user_id=42', { text: 'x' })).toMatchObject({ status: 403, body: { code: 'chat.denied' } });
  });

  it('posts a press to the subscribed webhook with X-Max-Bot-Api-Secret, and answerOnCallback can replace the message', async () => {
    const seen: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
    const hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/max/webhook`;
      expect((await call('POST', '/subscriptions', { url, secret: 'the-secret', update_types: ['message_callback'] })).status).toBe(200);
      expect(await max.userStarts(anna, 'in_code')).toBe(200);
      expect(seen[0]).toMatchObject({
        headers: { 'x-max-bot-api-secret': 'the-secret' },
        body: { update_type: 'bot_started', chat_id: dialogChatIdOf(42), payload: 'in_code', user: { user_id: 42 } },
      });
      const keyboard = { type: 'inline_keyboard', payload: { buttons: [[{ type: 'callback', text: 'A', payload: 'a' }]] } };
      const sent = await call('POST', '/messages?user_id=42', { text: 'Вопрос', attachments: [keyboard] });
      const mid = (sent.body['message'] as { body: { mid: string } }).body.mid;
      expect(() => max.build.press(anna, mid, 'b')).toThrow(/no button "b"/);
      await max.userPresses(anna, mid, 'a');
      const press = seen[1]!.body as { callback: { callback_id: string; payload: string }; message: { body: { mid: string } } };
      expect(press).toMatchObject({ update_type: 'message_callback', callback: { payload: 'a' }, message: { body: { mid } } });
      await call('POST', `/answers?callback_id=${press.callback.callback_id}`, { message: { text: 'Ответ принят', attachments: [] } });
      expect(max.message(mid)).toMatchObject({ text: 'Ответ принят', buttons: [], edited: true });
    } finally {
      hook.close();
    }
  });
});
