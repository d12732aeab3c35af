import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Api, Bot, GrammyError, HttpError, InlineKeyboard, InputFile } from 'grammy';
import type { Update } from 'grammy/types';
import { FakeBotApi } from '../sandbox/fake-bot-api.js';

const TOKEN = '123456:TEST-TOKEN';
const alice = { id: 1001, first_name: 'Алиса', username: 'alice', language_code: 'ru' };

let fake: FakeBotApi;
let api: Api;

beforeEach(async () => {
  fake = new FakeBotApi();
  api = new Api(TOKEN, { apiRoot: await fake.listen() });
});

afterEach(async () => {
  await fake.close();
});

async function apiError(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

/**
 * Sends a long-poll getUpdates outside grammY so the test knows when the request has
 * reached the server: after `sent` resolves, one more round trip guarantees it is held.
 */
function rawPoll(timeout: number): { sent: Promise<void>; body: Promise<{ ok: boolean; result: Array<Record<string, unknown>> }> } {
  let onSent!: () => void;
  const sent = new Promise<void>((resolve) => (onSent = resolve));
  const body = new Promise<{ ok: boolean; result: Array<Record<string, unknown>> }>((resolve, reject) => {
    const payload = JSON.stringify({ timeout });
    const req = request(
      `${fake.apiRoot}/bot${TOKEN}/getUpdates`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.on('finish', onSent);
    req.end(payload);
  });
  return { sent, body };
}

describe('FakeBotApi', () => {
  it('answers getMe and records the call', async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ is_bot: true, first_name: 'Маяк', username: 'mayak_sandbox_bot', can_join_groups: true });
    const [call] = fake.callsOf('getMe');
    expect(call).toMatchObject({ seq: 1, method: 'getMe', token: TOKEN, response: me });
    expect(fake.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('records sendMessage, keeps the inline keyboard and fills chat()', async () => {
    const keyboard = new InlineKeyboard().text('Да', 'yes').text('Нет', 'no');
    const sent = await api.sendMessage(alice.id, 'Привет', { reply_markup: keyboard });
    const second = await api.sendMessage(alice.id, 'Ещё');

    expect(sent).toMatchObject({ message_id: 1, chat: { id: alice.id, type: 'private' }, from: { is_bot: true }, text: 'Привет' });
    expect(sent.reply_markup).toEqual({ inline_keyboard: keyboard.inline_keyboard });
    expect(second.message_id).toBe(2);
    expect(fake.callsOf('sendMessage')[0]?.params).toMatchObject({ chat_id: alice.id, text: 'Привет' });
    expect(fake.chat(alice.id).map((m) => [m.text, m.from_bot, m.method])).toEqual([
      ['Привет', true, 'sendMessage'],
      ['Ещё', true, 'sendMessage'],
    ]);
    expect(fake.chat(alice.id)[0]?.reply_markup).toEqual({ inline_keyboard: keyboard.inline_keyboard });
    expect(fake.lastBotMessage(alice.id)?.text).toBe('Ещё');
    expect((await api.sendMessage(-100200, 'В группу')).chat).toMatchObject({ type: 'supergroup' });
  });

  it('validates parameters and rejects unknown methods', async () => {
    expect((await apiError(api.sendMessage(alice.id, ''))).description).toBe('Bad Request: message text is empty');
    const tooLong = await apiError(api.sendMessage(alice.id, 'я'.repeat(4097)));
    expect(tooLong).toMatchObject({ error_code: 400, description: 'Bad Request: message is too long' });
    await api.sendMessage(alice.id, 'я'.repeat(4096));

    const res = await fetch(`${fake.apiRoot}/bot${TOKEN}/noSuchMethod`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
    expect(fake.callsOf('noSuchMethod')).toHaveLength(1);
    expect(fake.callsOf('sendMessage').map((c) => (c.response as { ok?: boolean }).ok)).toEqual([false, false, undefined]);
  });

  it('parses form, query-string and multipart parameters', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
    const form = await fetch(`${fake.apiRoot}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '5', text: 'форма', reply_markup: JSON.stringify(keyboard) }),
    });
    expect(form.status).toBe(200);
    expect(fake.callsOf('sendMessage')[0]?.params).toEqual({ chat_id: 5, text: 'форма', reply_markup: keyboard });

    const query = await fetch(`${fake.apiRoot}/bot${TOKEN}/sendmessage?chat_id=6&text=${encodeURIComponent('запрос')}`);
    expect(query.status).toBe(200);
    expect(fake.chat(6)[0]?.text).toBe('запрос');

    const photo = await api.sendPhoto(alice.id, new InputFile(Buffer.from('not really a png'), 'pic.png'), {
      caption: 'Подпись',
      reply_markup: keyboard,
    });
    expect(photo.photo?.length).toBeGreaterThan(0);
    expect(fake.callsOf('sendPhoto')[0]?.params).toEqual({
      chat_id: alice.id,
      caption: 'Подпись',
      reply_markup: keyboard,
      photo: { file: true, filename: 'pic.png' },
    });
    expect(fake.lastBotMessage(alice.id)).toMatchObject({ caption: 'Подпись', method: 'sendPhoto' });

    const doc = await api.sendDocument(alice.id, new InputFile(Buffer.from('a,b'), 'report.csv'));
    expect(doc.document?.file_name).toBe('report.csv');
  });

  it('long-polls getUpdates until an update is pushed and honours offset and limit', async () => {
    const poll = rawPoll(30);
    await poll.sent;
    await api.getMe(); // one full round trip after the poll was sent: it is now held by the server
    const pushed = fake.userSends(alice, '/start');
    const { result } = await poll.body;
    expect(result).toEqual([JSON.parse(JSON.stringify(pushed))]);
    const message = pushed['message'] as { text: string; entities: unknown; chat: unknown };
    expect(message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(message.chat).toMatchObject({ id: alice.id, type: 'private', first_name: 'Алиса' });
    expect(fake.chat(alice.id)[0]).toMatchObject({ text: '/start', from_bot: false });

    const second = fake.userSends(alice, 'привет');
    const firstId = pushed['update_id'] as number;
    const secondId = second['update_id'] as number;
    expect(secondId).toBe(firstId + 1);
    expect((await api.getUpdates({ limit: 1 })).map((u) => u.update_id)).toEqual([firstId]);
    expect((await api.getUpdates({ offset: secondId })).map((u) => u.update_id)).toEqual([secondId]);
    expect(await api.getUpdates({ offset: secondId + 1 })).toEqual([]);
    expect(fake.pushUpdate({ update_id: 500, message: {} })['update_id']).toBe(500);
    expect(fake.pushUpdate({ message: {} })['update_id']).toBe(501);
  });

  it('drives a grammY bot through bot.start long polling and bot.stop', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    bot.on('message:text', (ctx) => ctx.reply(`Эхо: ${ctx.message.text}`));
    let started!: () => void;
    const onStart = new Promise<void>((resolve) => (started = resolve));
    const running = bot.start({ onStart: () => started() });
    await onStart;

    fake.userSends(alice, 'привет');
    await fake.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'));
    expect(fake.lastBotMessage(alice.id)?.text).toBe('Эхо: привет');

    await bot.stop();
    await running;
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
    expect(fake.callsOf('getUpdates').length).toBeGreaterThanOrEqual(2);
  });

  it('releases a pending long poll on close()', async () => {
    const poll = rawPoll(30);
    await poll.sent;
    await api.getMe();
    await fake.close();
    expect(await poll.body).toEqual({ ok: true, result: [] });
    expect(() => fake.apiRoot).toThrow(/not listening/);
  });

  it('answers 429 with retry_after for the targeted method', async () => {
    fake.failWith429(7, { method: 'sendMessage' });
    await api.getMe();
    const error = await apiError(api.sendMessage(alice.id, 'раз'));
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBe(7);
    expect(error.description).toBe('Too Many Requests: retry after 7');
    await api.sendMessage(alice.id, 'два');
    expect(fake.callsOf('sendMessage')[0]?.response).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    expect(fake.chat(alice.id).map((m) => m.text)).toEqual(['два']);
  });

  it('answers 403 for a blocked chat until it is unblocked', async () => {
    fake.blockChat(alice.id);
    const error = await apiError(api.sendMessage(alice.id, 'ау'));
    expect(error).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect((await apiError(api.sendChatAction(alice.id, 'typing'))).error_code).toBe(403);
    await api.sendMessage(2002, 'другому можно');
    fake.unblockChat(alice.id);
    await api.sendMessage(alice.id, 'снова');
    expect(fake.chat(alice.id).map((m) => m.text)).toEqual(['снова']);
  });

  it('injects 500 answers and dropped connections', async () => {
    fake.failWith500({ times: 2 });
    expect((await apiError(api.getMe())).error_code).toBe(500);
    expect((await apiError(api.sendMessage(alice.id, 'x'))).error_code).toBe(500);
    await api.getMe();

    fake.dropConnection({ method: 'sendMessage' });
    const dropped = await api.sendMessage(alice.id, 'y').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(dropped).toBeInstanceOf(HttpError);
    const last = fake.calls.at(-1);
    expect(last?.method).toBe('sendMessage');
    expect(last?.response).toBeUndefined();
    await api.sendMessage(alice.id, 'z');
    expect(fake.chat(alice.id).map((m) => m.text)).toEqual(['z']);
  });

  it('applies edits and deletions to chat()', async () => {
    const keyboard = new InlineKeyboard().text('OK', 'ok');
    const sent = await api.sendMessage(alice.id, 'Черновик', { reply_markup: keyboard });
    const edited = await api.editMessageText(alice.id, sent.message_id, 'Черновик', { reply_markup: new InlineKeyboard().text('Готово', 'done') });
    expect(edited).toMatchObject({ text: 'Черновик', edit_date: expect.any(Number) });
    const notModified = await apiError(api.editMessageReplyMarkup(alice.id, sent.message_id, { reply_markup: new InlineKeyboard().text('Готово', 'done') }));
    expect(notModified.description).toMatch(/^Bad Request: message is not modified/);

    await api.editMessageText(alice.id, sent.message_id, 'Итог');
    expect(fake.chat(alice.id)).toHaveLength(1);
    expect(fake.chat(alice.id)[0]).toMatchObject({ message_id: sent.message_id, text: 'Итог', edited: true });
    expect(fake.chat(alice.id)[0]?.reply_markup).toBeUndefined();

    const missing = await apiError(api.editMessageText(alice.id, 999, 'нет'));
    expect(missing.description).toBe('Bad Request: message to edit not found');

    await api.deleteMessage(alice.id, sent.message_id);
    expect(fake.chat(alice.id)[0]?.deleted).toBe(true);
    expect(fake.lastBotMessage(alice.id)).toBeUndefined();
  });

  it('builds callback queries that grammY handlers receive', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    await bot.init();
    const received: string[] = [];
    bot.callbackQuery('yes', async (ctx) => {
      received.push(ctx.callbackQuery.data);
      await ctx.answerCallbackQuery({ text: 'Принято' });
      await ctx.editMessageText('Вы ответили: да');
    });

    const question = await api.sendMessage(alice.id, 'Согласны?', { reply_markup: new InlineKeyboard().text('Да', 'yes') });
    const update = fake.userPresses(alice, question.message_id, 'yes');
    const query = update['callback_query'] as { id: string; message: { reply_markup: unknown } };
    expect(query.message.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Да', callback_data: 'yes' }]] });

    await bot.handleUpdate(update as unknown as Update);
    expect(received).toEqual(['yes']);
    expect(fake.callsOf('answerCallbackQuery')[0]?.params).toMatchObject({ callback_query_id: query.id, text: 'Принято' });
    expect(fake.lastBotMessage(alice.id)).toMatchObject({ message_id: question.message_id, text: 'Вы ответили: да', edited: true });
    expect(() => fake.buildPress(alice, question.message_id, 'yes')).toThrow(/no button/);
  });

  it('posts updates to a webhook with the secret token header', async () => {
    let headers: IncomingHttpHeaders | undefined;
    let body = '';
    const hook = createServer((req, res) => {
      headers = req.headers;
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/webhook`;
      const status = await fake.postToWebhook(url, fake.buildText(alice, '/help'), 's3cret');
      expect(status).toBe(200);
      expect(headers?.['x-telegram-bot-api-secret-token']).toBe('s3cret');
      expect(headers?.['content-type']).toBe('application/json');
      expect(JSON.parse(body)).toMatchObject({ message: { text: '/help', from: { id: alice.id, is_bot: false } } });
      expect(fake.chat(alice.id)).toMatchObject([{ text: '/help', from_bot: false }]);
      expect(await api.getUpdates()).toEqual([]); // built, not queued
    } finally {
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });

  it('refuses getUpdates while a webhook is set', async () => {
    await api.setWebhook('https://example.org/hook');
    expect((await apiError(api.getUpdates())).error_code).toBe(409);
    expect(await api.getWebhookInfo()).toMatchObject({ url: 'https://example.org/hook' });
    await api.deleteWebhook();
    expect(await api.getUpdates()).toEqual([]);
  });

  it('stores bot commands and reports chat members as administrators', async () => {
    await api.setMyCommands([{ command: 'start', description: 'Начать' }]);
    expect(await api.getMyCommands()).toEqual([{ command: 'start', description: 'Начать' }]);
    await api.deleteMyCommands();
    expect(await api.getMyCommands()).toEqual([]);
    expect((await api.getChatMember(-100500, 42)).status).toBe('administrator');
    expect(await api.getChat(alice.id)).toMatchObject({ id: alice.id, type: 'private' });
  });

  it('waitFor rejects with the last calls, onCall unsubscribes, reset forgets', async () => {
    const seen: string[] = [];
    const unsubscribe = fake.onCall((call) => seen.push(call.method));
    await api.getMe();
    unsubscribe();
    await api.sendMessage(alice.id, 'после');
    expect(seen).toEqual(['getMe']);

    await expect(fake.waitFor(() => false, 20)).rejects.toThrow(/timed out after 20 ms[\s\S]*#1 getMe[\s\S]*#2 sendMessage/);
    await expect(fake.waitFor((calls) => calls.length === 2)).resolves.toBeUndefined();

    fake.failWith500();
    fake.blockChat(alice.id);
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.chat(alice.id)).toEqual([]);
    await api.sendMessage(alice.id, 'чисто');
    expect(fake.calls.map((c) => c.seq)).toEqual([3]);
  });

  it('delays answers by latencyMs', async () => {
    const slow = new FakeBotApi({ latencyMs: 30, botUsername: 'slow_bot', botId: 42 });
    const slowApi = new Api(TOKEN, { apiRoot: await slow.listen() });
    try {
      const started = Date.now();
      const me = await slowApi.getMe();
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
      expect(me).toMatchObject({ id: 42, username: 'slow_bot' });
    } finally {
      await slow.close();
    }
  });
});
