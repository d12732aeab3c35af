import { Api, InputFile } from 'grammy';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClientScript } from '../admin/assets/sandbox-client.js';
import { sandboxRoutes, type SandboxEnv } from '../admin/routes/sandbox.js';
import type { SandboxChat } from '../admin/sandbox-port.js';
import type { MessagesResponse } from '../admin/views/sandbox/messages.js';
import { safeUrl, telegramHtml } from '../core/text/telegram-preview.js';
import { demoPeopleList, demoTelegramIdBase } from '../core/directory/demo.js';
import { readLocaleSources } from '../locales/node.js';
import { createTranslator } from '../locales/translator.js';
import { FakeBotApi } from '../sandbox/fake-bot-api.js';

const token = '1000000001:sandbox-token-for-the-test';
const chatId = demoTelegramIdBase + 1;

const translate = createTranslator(readLocaleSources());

/** The sandbox as the panel mounts it: behind a middleware that puts the Russian translator on the context. */
function sandboxApp(sandbox: SandboxChat): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.use('*', async (c, next) => {
    c.set('t', (key, args) => translate('ru', key, args));
    await next();
  });
  return app.route('/', sandboxRoutes(sandbox));
}

let fake: FakeBotApi;
let app: Hono<SandboxEnv>;
let bot: Api;

beforeEach(async () => {
  fake = new FakeBotApi();
  await fake.listen(0);
  app = sandboxApp({ api: fake, people: demoPeopleList() });
  bot = new Api(token, { apiRoot: fake.apiRoot });
});

afterEach(async () => {
  await fake.close();
});

function post(path: string, body: unknown): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

async function messages(chat: number, after = 0): Promise<MessagesResponse> {
  const res = await app.request(`/api/messages?chat=${chat}&after=${after}`);
  expect(res.status).toBe(200);
  return (await res.json()) as MessagesResponse;
}

async function expectBad(res: Response, field: string): Promise<void> {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: string };
  expect(body.error).toMatch(new RegExp(`^${field.replace('.', '\\.')}: .+`));
}

async function botSendsKeyboard(text = 'Выберите', data = 'a'): Promise<number> {
  const sent = await bot.sendMessage(chatId, text, {
    reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: data }], [{ text: 'Сайт', url: 'https://example.org/x' }]] },
  });
  return sent.message_id;
}

describe('the sandbox page', () => {
  it('is HTML with every demo person, their role in Russian, the sandbox note and its script', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html><html lang="ru">')).toBe(true);
    for (const person of demoPeopleList()) {
      expect(html).toContain(person.name);
      expect(html).toContain(`data-id="${person.telegramId}"`);
    }
    expect(html).toContain('Муниципальный координатор');
    expect(html).toContain('Учитель');
    expect(html).toContain('Песочница: Telegram имитируется внутри процесса. Ничего никуда не отправляется.');
    expect(html).toContain('src="/assets/sandbox.js"');
  });

  it('gives its script the texts from locales/ as JSON in data-texts', async () => {
    const html = await (await app.request('/')).text();
    const attribute = /data-texts="([^"]*)"/.exec(html)?.[1] ?? '';
    const texts = JSON.parse(
      attribute.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'),
    ) as Record<string, string>;
    expect(texts).toMatchObject({ noCommands: 'Бот не задал команд', whoRole: 'бот · вы: {name} ({role})', serverError: 'Ошибка сервера ({status})' });
  });

  it('serves its script, which at least parses as JavaScript', async () => {
    const res = await app.request('/assets/sandbox.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toBe(sandboxClientScript);
    expect(() => new Function(sandboxClientScript)).not.toThrow();
  });
});

describe('POST /api/send', () => {
  it('queues a private text message from that person, as Telegram would deliver it to the bot', async () => {
    const res = await post('/api/send', { chat: chatId, firstName: 'Анна', text: '/start' });
    expect(res.status).toBe(200);

    const stored = fake.chat(chatId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ text: '/start', from_bot: false });

    const updates = await bot.getUpdates({ timeout: 0 });
    expect(updates).toHaveLength(1);
    expect(updates[0]?.message).toMatchObject({
      text: '/start',
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, first_name: 'Анна', is_bot: false },
    });
    expect(updates[0]?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);

    const chat = await messages(chatId);
    expect(chat.full).toBe(true);
    expect(chat.messages).toEqual([expect.objectContaining({ fromBot: false, html: '<a class="tg-command" data-command="/start">/start</a>' })]);
  });

  it('accepts the chat id as a string of digits and keeps the last name', async () => {
    expect((await post('/api/send', { chat: String(chatId), firstName: 'Ирина', lastName: 'Соколова', text: 'привет' })).status).toBe(200);
    const updates = await bot.getUpdates({ timeout: 0 });
    expect(updates[0]?.message?.from).toMatchObject({ first_name: 'Ирина', last_name: 'Соколова' });
  });

  it('answers 400 naming the field for bad input, and queues nothing', async () => {
    // Only the sandbox's own people: never a real person's Telegram id.
    await expectBad(await post('/api/send', { chat: 123456789, firstName: 'Чужой', text: '/start' }), 'chat');
    await expectBad(await post('/api/press', { chat: 123456789, firstName: 'Чужой', messageId: 1, data: 'a' }), 'chat');
    await expectBad(await post('/api/send', { chat: chatId, firstName: 'Анна' }), 'text');
    await expectBad(await post('/api/send', { chat: chatId, firstName: 'Анна', text: '   ' }), 'text');
    await expectBad(await post('/api/send', { chat: chatId, firstName: 'Анна', text: 'я'.repeat(5000) }), 'text');
    await expectBad(await post('/api/send', { chat: 'abc', firstName: 'Анна', text: 'x' }), 'chat');
    await expectBad(await post('/api/send', { chat: -5, firstName: 'Анна', text: 'x' }), 'chat');
    await expectBad(await post('/api/send', { chat: 1.5, firstName: 'Анна', text: 'x' }), 'chat');
    await expectBad(await post('/api/send', { firstName: 'Анна', text: 'x' }), 'chat');
    await expectBad(await post('/api/send', { chat: chatId, text: 'x' }), 'firstName');
    await expectBad(await post('/api/send', { chat: chatId, firstName: 'Анна', text: 42 }), 'text');
    await expectBad(await post('/api/send', null), 'body');
    await expectBad(await post('/api/send', [1, 2]), 'body');
    await expectBad(await app.request('/api/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }), 'body');
    await expectBad(await app.request('/api/send', { method: 'POST', body: 'chat=1&text=x' }), 'body');
    await expectBad(
      await app.request('/api/send', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat: chatId, firstName: 'A', text: 'x'.repeat(100_000) }),
      }),
      'body',
    );
    expect(fake.chat(chatId)).toEqual([]);
    expect(await bot.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it('says what is wrong in Russian, from locales/', async () => {
    const error = async (res: Response) => ((await res.json()) as { error: string }).error;
    expect(await error(await post('/api/send', { chat: 'abc', firstName: 'Анна', text: 'x' }))).toBe('chat: ожидается число (id чата)');
    expect(await error(await post('/api/send', { chat: chatId, firstName: 'Анна', text: 'я'.repeat(5000) }))).toBe(
      'text: сообщение длиннее 4096 символов, Telegram такое не пропустит',
    );
    expect(await error(await post('/api/send', { chat: chatId, text: 'x' }))).toBe('firstName: обязательное поле');
    expect(await error(await app.request('/api/send', { method: 'POST', body: 'chat=1&text=x' }))).toBe(
      'body: ожидается JSON (Content-Type: application/json)',
    );
    expect(await error(await post('/api/press', { chat: chatId, firstName: 'Анна', messageId: 999, data: 'a' }))).toBe(
      'messageId: нет такого сообщения бота в этом чате',
    );
  });

  it('takes 4096 characters, as Telegram does', async () => {
    expect((await post('/api/send', { chat: chatId, firstName: 'Анна', text: 'я'.repeat(4096) })).status).toBe(200);
  });
});

describe('POST /api/press', () => {
  it('builds a callback_query for a button of a bot message', async () => {
    const messageId = await botSendsKeyboard();
    const res = await post('/api/press', { chat: chatId, firstName: 'Анна', messageId, data: 'a' });
    expect(res.status).toBe(200);
    const updates = await bot.getUpdates({ timeout: 0 });
    expect(updates).toHaveLength(1);
    expect(updates[0]?.callback_query).toMatchObject({
      data: 'a',
      from: { id: chatId, first_name: 'Анна' },
      message: { message_id: messageId, chat: { id: chatId } },
    });
  });

  it('answers 400 for an unknown message, a button the message does not have, a user message and bad fields', async () => {
    const messageId = await botSendsKeyboard();
    await post('/api/send', { chat: chatId, firstName: 'Анна', text: 'моё' });
    const own = fake.chat(chatId).find((m) => !m.from_bot)!.message_id;
    await expectBad(await post('/api/press', { chat: chatId, firstName: 'Анна', messageId: 999, data: 'a' }), 'messageId');
    await expectBad(await post('/api/press', { chat: chatId, firstName: 'Анна', messageId: own, data: 'a' }), 'messageId');
    await expectBad(await post('/api/press', { chat: chatId + 1, firstName: 'Анна', messageId, data: 'a' }), 'messageId');
    await expectBad(await post('/api/press', { chat: chatId, firstName: 'Анна', messageId, data: 'zzz' }), 'data');
    await expectBad(await post('/api/press', { chat: chatId, firstName: 'Анна', messageId, data: '' }), 'data');
    await expectBad(await post('/api/press', { chat: chatId, firstName: 'Анна', messageId: 'x', data: 'a' }), 'messageId');
    await expectBad(await post('/api/press', { chat: chatId, firstName: 'Анна', data: 'a' }), 'messageId');
    await expectBad(await post('/api/press', { chat: chatId, messageId, data: 'a' }), 'firstName');
    const updates = await bot.getUpdates({ timeout: 0 });
    expect(updates.filter((u) => u.callback_query)).toEqual([]);
  });

  it('shows the callback answer text once, as a toast or an alert', async () => {
    const messageId = await botSendsKeyboard();
    const before = await messages(chatId);
    const pressed = (await (await post('/api/press', { chat: chatId, firstName: 'Анна', messageId, data: 'a' })).json()) as { callbackQueryId: string };
    await bot.answerCallbackQuery(pressed.callbackQueryId, { text: 'Кнопка устарела' });
    const after = await messages(chatId, before.seq);
    expect(after.toasts).toEqual([{ text: 'Кнопка устарела', alert: false }]);
    expect((await messages(chatId, after.seq)).toasts).toEqual([]);

    const again = (await (await post('/api/press', { chat: chatId, firstName: 'Анна', messageId, data: 'a' })).json()) as { callbackQueryId: string };
    await bot.answerCallbackQuery(again.callbackQueryId, { text: 'Нельзя', show_alert: true });
    expect((await messages(chatId, after.seq)).toasts).toEqual([{ text: 'Нельзя', alert: true }]);
  });
});

describe('GET /api/messages', () => {
  it('renders bot messages with their buttons, then returns only what changed: edits, new messages, deletions', async () => {
    const messageId = await botSendsKeyboard('<b>Жирный</b> <script>alert(1)</script>');
    await bot.editMessageText(chatId, messageId, 'x', { parse_mode: 'HTML' }); // keyboard gone, plain text
    const first = await messages(chatId);
    expect(first.messages).toHaveLength(1);
    expect(first.messages[0]).toMatchObject({ id: messageId, fromBot: true, html: 'x', edited: true, buttons: [] });

    expect((await messages(chatId, first.seq)).messages).toEqual([]);

    const second = await bot.sendMessage(chatId, 'Выберите <b>вариант</b> &lt;1&gt;', {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Да', callback_data: 'yes' },
            { text: 'Сайт', url: 'https://example.org/a?b=1&c=2' },
          ],
          [{ text: 'Зло', url: 'javascript:alert(1)' }],
        ],
      },
    });
    const delta = await messages(chatId, first.seq);
    expect(delta.full).toBe(false);
    expect(delta.messages.map((m) => m.id)).toEqual([second.message_id]);
    expect(delta.messages[0]?.html).toBe('Выберите <b>вариант</b> &lt;1&gt;');
    expect(delta.messages[0]?.buttons).toEqual([
      [
        { text: 'Да', kind: 'callback', data: 'yes' },
        { text: 'Сайт', kind: 'url', url: 'https://example.org/a?b=1&c=2' },
      ],
      [{ text: 'Зло', kind: 'other' }],
    ]);

    await bot.editMessageReplyMarkup(chatId, second.message_id, { reply_markup: { inline_keyboard: [[{ text: 'Готово', callback_data: 'done' }]] } });
    const edited = await messages(chatId, delta.seq);
    expect(edited.messages).toEqual([
      expect.objectContaining({ id: second.message_id, edited: true, buttons: [[{ text: 'Готово', kind: 'callback', data: 'done' }]] }),
    ]);

    await bot.deleteMessage(chatId, messageId);
    const deleted = await messages(chatId, edited.seq);
    expect(deleted.deleted).toEqual([messageId]);
    expect((await messages(chatId)).messages.map((m) => m.id)).toEqual([second.message_id]);
  });

  it('escapes HTML that is not Telegram markup, and everything in a message without parse_mode', async () => {
    await bot.sendMessage(chatId, '<b>ok</b><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>', { parse_mode: 'HTML' });
    await bot.sendMessage(chatId, '<b>не разметка</b>');
    const [html, plain] = (await messages(chatId)).messages.map((m) => m.html);
    expect(html).toBe('<b>ok</b>&lt;img src=x onerror=alert(1)&gt;<a class="bad-link" title="Ссылка, которую Telegram не откроет">x</a>');
    expect(plain).toBe('&lt;b&gt;не разметка&lt;/b&gt;');
  });

  it('answers 400 for a bad chat or after', async () => {
    await expectBad(await app.request('/api/messages?chat=abc'), 'chat');
    await expectBad(await app.request('/api/messages'), 'chat');
    await expectBad(await app.request('/api/messages?chat=1&after=-1'), 'after');
    await expectBad(await app.request('/api/messages?chat=1&after=x'), 'after');
  });
});

describe('newcomers and the command menu', () => {
  it('gives each newcomer a fresh id above 700 000 000 and lists them on the page', async () => {
    const a = (await (await post('/api/newcomer', { firstName: 'Анна' })).json()) as { telegramId: number; name: string; role: string };
    const b = (await (await post('/api/newcomer', { firstName: 'Борис' })).json()) as { telegramId: number };
    expect(a.telegramId).toBeGreaterThan(700_000_000);
    expect(a.telegramId).toBeLessThan(900_000_000);
    expect(b.telegramId).toBeGreaterThan(a.telegramId);
    expect(a.name).toBe('Анна');
    expect(a.role).toBe(`Новый человек · id ${a.telegramId}`);
    expect(await (await app.request('/')).text()).toContain(`data-id="${b.telegramId}"`);
    await expectBad(await post('/api/newcomer', { firstName: '' }), 'firstName');
    await expectBad(await post('/api/newcomer', { firstName: 'x'.repeat(65) }), 'firstName');
  });

  it('offers the commands the bot set for the default scope', async () => {
    await bot.setMyCommands([{ command: 'start', description: 'Начать' }]);
    await bot.setMyCommands([{ command: 'start', description: 'Start' }], { language_code: 'en' });
    const res = await app.request(`/api/commands?chat=${chatId}`);
    expect(await res.json()).toEqual({ commands: [{ command: 'start', description: 'Начать' }] });
    await expectBad(await app.request('/api/commands?chat=-'), 'chat');
  });
});

describe('telegramHtml', () => {
  it('keeps only the Telegram subset, without attributes', () => {
    expect(telegramHtml('<b>1</b><i>2</i><u>3</u><s>4</s><code>5</code><pre>6</pre>', 'HTML')).toBe(
      '<b>1</b><i>2</i><u>3</u><s>4</s><code>5</code><pre>6</pre>',
    );
    expect(telegramHtml('<b onclick="alert(1)" style="x">x</b>', 'HTML')).toBe('<b>x</b>');
    expect(telegramHtml('<pre><code class="language-js">a</code></pre>', 'HTML')).toBe('<pre><code>a</code></pre>');
  });

  it('escapes every other tag and bare brackets', () => {
    expect(telegramHtml('<script>alert(1)</script>', 'HTML')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(telegramHtml('<iframe src=//x></iframe><svg/onload=alert(1)>', 'HTML')).toBe('&lt;iframe src=//x&gt;&lt;/iframe&gt;&lt;svg/onload=alert(1)&gt;');
    expect(telegramHtml('a < b > c & d "e"', 'HTML')).toBe('a &lt; b &gt; c &amp; d &quot;e&quot;');
    expect(telegramHtml('<!-- x --><b', 'HTML')).toBe('&lt;!-- x --&gt;&lt;b');
  });

  it('decodes the entities Telegram knows and escapes them again', () => {
    expect(telegramHtml('&lt;b&gt; &amp;amp; &quot; &#60;i&#x3E; &nbsp;', 'HTML')).toBe('&lt;b&gt; &amp;amp; &quot; &lt;i&gt; &amp;nbsp;');
  });

  it('lets through only safe hrefs, escaped and opening in a new tab', () => {
    expect(telegramHtml('<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">x</a>', 'HTML')).toBe(
      '<a href="https://example.org/?a=1&amp;b=%222%22" target="_blank" rel="noopener noreferrer">x</a>',
    );
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>',
      '/relative',
      'java&#x09;script:alert(1)',
    ]) {
      expect(telegramHtml(`<a href="${href}">x</a>`, 'HTML')).not.toMatch(/<a [^>]*href/);
    }
    expect(telegramHtml("<a href='tg://user?id=1'>x</a>", 'HTML')).toContain('href="tg://user?id=1"');
    expect(safeUrl('https://x.org/"><script>')).toBe('https://x.org/%22%3E%3Cscript%3E');
  });

  it('closes what the text left open and ignores stray closing tags', () => {
    expect(telegramHtml('<b><i>x</b> y</i></u>', 'HTML')).toBe('<b><i>x</i></b> y&lt;/i&gt;&lt;/u&gt;');
    expect(telegramHtml('<a href="https://x.org">x', 'HTML')).toBe('<a href="https://x.org/" target="_blank" rel="noopener noreferrer">x</a>');
  });

  it('links URLs and /commands as Telegram does, but not inside code or links', () => {
    expect(telegramHtml('Отправьте /start. Сайт: https://example.org/page.')).toBe(
      'Отправьте <a class="tg-command" data-command="/start">/start</a>. Сайт: <a href="https://example.org/page" target="_blank" rel="noopener noreferrer">https://example.org/page</a>.',
    );
    expect(telegramHtml('<code>/start</code> и/или 1/2', 'HTML')).toBe('<code>/start</code> и/или 1/2');
    expect(telegramHtml('"><img src=x onerror=alert(1)> https://x.org/"onmouseover=alert(1)')).not.toMatch(/<img|"onmouseover/);
  });
});

describe('the sandbox acts only for its own people and chats', () => {
  const lead = demoTelegramIdBase + 4; // Морозов, creator of the СОШ № 5 team chat
  const teamChat = -4_000_000_001;
  const otherGroup = -4_000_000_002;

  it('refuses to send, press or read as anyone outside its demo people and newcomers', async () => {
    for (const stranger of [123_456_789, 700_000_001]) {
      const res = await post('/api/send', { chat: stranger, firstName: 'Чужой', text: '/start' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^chat: песочница действует только/);
      expect((await post('/api/press', { chat: stranger, firstName: 'Чужой', messageId: 1, data: 'a' })).status).toBe(400);
      expect((await app.request(`/api/messages?chat=${stranger}`)).status).toBe(400);
    }
    // A real group's id, a group the person is not in: refused too.
    expect((await post('/api/send', { chat: lead, firstName: 'Павел', in: -1_001_111_111_111, text: 'привет' })).status).toBe(400);
    expect((await post('/api/send', { chat: lead, firstName: 'Павел', in: otherGroup, text: 'привет' })).status).toBe(400);
    expect(fake.calls.length).toBe(0);
    expect(fake.chat(123_456_789)).toEqual([]);
  });

  it("lists the person's groups and the channels; a member writes in the group, as a member", async () => {
    const res = await app.request(`/api/chats?person=${lead}`);
    const { chats } = (await res.json()) as { chats: { id: number; kind: string; canManage?: boolean }[] };
    expect(chats.map((c) => c.kind)).toEqual(['private', 'group', 'channel', 'channel']);
    expect(chats.find((c) => c.id === teamChat)?.canManage).toBe(true);
    expect((await post('/api/send', { chat: lead, firstName: 'Павел', in: teamChat, text: '/link' })).status).toBe(200);
    const group = await messages(teamChat);
    expect(group.messages.at(-1)?.author).toBe('Морозов Павел Игоревич');
    // The teacher of the same group may not add the bot: only admins can.
    const teacher = demoTelegramIdBase + 5;
    expect((await post('/api/group', { chat: teacher, firstName: 'Елена', group: teamChat, action: 'remove-bot' })).status).toBe(400);
    expect((await post('/api/group', { chat: lead, firstName: 'Павел', group: teamChat, action: 'promote', member: teacher })).status).toBe(200);
    expect((await post('/api/group', { chat: teacher, firstName: 'Елена', group: teamChat, action: 'migrate' })).status).toBe(200);
    expect(fake.groupState(teamChat)?.migratedTo).toBe(-1_004_000_000_001);
  });

  it("switches the bot's rights in a channel; Telegram answers them truthfully", async () => {
    const channel = -1_009_876_543_210;
    let member = await bot.getChatMember(channel, fake.botUserId);
    expect(member.status === 'administrator' && member.can_post_messages).toBe(false);
    expect((await post('/api/channel', { chat: lead, firstName: 'Павел', channel, admin: true, post: true, edit: true, delete: true })).status).toBe(200);
    member = await bot.getChatMember(channel, fake.botUserId);
    expect(member.status === 'administrator' && member.can_post_messages && member.can_edit_messages && member.can_delete_messages).toBe(true);
    await bot.sendMessage(channel, 'Пост');
    expect((await messages(channel)).messages.at(-1)?.html).toBe('Пост');
  });

  it("keeps a sent photo's bytes: getFile and the download give them back", async () => {
    expect((await post('/api/media', { chat: lead, firstName: 'Павел', kind: 'photo', demo: 'stand' })).status).toBe(200);
    const view = (await messages(lead)).messages.at(-1)!;
    expect(view.media?.kind).toBe('photo');
    const file = await bot.getFile(view.media!.fileId!);
    const bytes = await (await fetch(`${fake.apiRoot}/file/bot${token}/${file.file_path}`)).text();
    expect(bytes).toContain('Стенд школы');
    expect(await (await app.request(`/api/file?id=${view.media!.fileId}`)).text()).toContain('<svg');
  });

  it('shows an album as one message with all its photos and its caption; an .ics document can be opened', async () => {
    await bot.sendMediaGroup(lead, [
      { type: 'photo', media: 'photo-a' },
      { type: 'photo', media: 'photo-b', caption: 'Стажировка: <b>день первый</b>', parse_mode: 'HTML' },
    ]);
    const album = (await messages(lead)).messages;
    expect(album).toHaveLength(1);
    expect(album[0]!.album?.map((m) => m.fileId)).toEqual(['photo-a', 'photo-b']);
    expect(album[0]!.html).toBe('Стажировка: <b>день первый</b>');

    await bot.sendDocument(lead, new InputFile(Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'), 'vebinar.ics'));
    const ics = (await messages(lead)).messages.at(-1)!;
    expect(ics.media).toMatchObject({ kind: 'document', name: 'vebinar.ics' });
    const file = await app.request(`/api/file?id=${encodeURIComponent(ics.media!.fileId!)}`);
    expect(file.headers.get('content-type')).toContain('text/calendar');
    expect(await file.text()).toContain('BEGIN:VCALENDAR');
  });
});
