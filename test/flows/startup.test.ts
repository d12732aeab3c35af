import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookPath } from '../../admin/index.js';
import { createAdmin } from '../../core/admins/accounts.js';
import { resumeSession, signIn } from '../../core/admins/sessions.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { claimForSandbox, leaveSandbox, sandboxOwnerEmail } from '../../core/directory/sandbox-guard.js';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import { openNodeDatabase, type NodeDatabase } from '../../db/node.js';
import { loadTranslator } from '../../locales/node.js';
import { createApp, type App } from '../../runtime/app.js';
import { telegramDownload, type Receiving } from '../../runtime/telegram.js';
import { FakeBotApi } from '../../sandbox/fake-bot-api.js';
import { testConfig, testToken, user, webhookSecret } from '../support/harness.js';
import { startConnectProxy } from '../support/proxy.js';

const translate = loadTranslator();
const owner = { email: 'owner@mayak.test', password: 'correct horse battery' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Running {
  app: App;
  database: NodeDatabase;
  logged: string[];
  dir: string;
}

const running: Running[] = [];
const fakes: FakeBotApi[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.app.telegram.stop();
    await r.app.scheduler.stop();
    r.database.close();
    rmSync(r.dir, { recursive: true, force: true });
  }
  for (const fake of fakes.splice(0)) await fake.close();
});

/** The product wired as the Node entry wires it (system clock, start-up calls in the background), on its own file. */
async function product(apiRoot: string, options: { receiving?: Receiving; webhook?: boolean; env?: Record<string, string> } = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'mayak-startup-'));
  const database = openNodeDatabase(join(dir, 'mayak.db'));
  const logged: string[] = [];
  const config = options.webhook ? testConfig(options.env) : testConfig({ PUBLIC_URL: '', WEBHOOK_SECRET: '', ...options.env });
  const app = await createApp({
    config,
    database,
    translate,
    token: testToken,
    apiRoot,
    receiving: options.receiving ?? { kind: 'polling' },
    telegramBackoff: { firstMs: 100, maxMs: 400 },
    log: (message) => logged.push(message),
  });
  const r = { app, database, logged, dir };
  running.push(r);
  return r;
}

async function fakeTelegram(port = 0): Promise<FakeBotApi> {
  const fake = new FakeBotApi();
  await fake.listen(port);
  fakes.push(fake);
  return fake;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Posts the sign-in form as a browser does: its CSRF token and cookie from the form first. */
async function postLogin(app: App): Promise<Response> {
  const form = await app.admin.request('/login');
  const cookie = form.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  return app.admin.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ ...owner, _csrf: csrf }).toString(),
  });
}

async function signInCookie(app: App): Promise<string> {
  const res = await postLogin(app);
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function healthz(app: App): Promise<{ status: number; body: Record<string, any> }> {
  const res = await app.admin.request('/healthz');
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('Telegram unreachable at start', () => {
  it('serves the panel and /healthz at once, shows the outage banner, and the bot answers once Telegram is back, without a restart', async () => {
    const port = await freePort();
    const { app, logged } = await product(`http://127.0.0.1:${port}`);
    await createAdmin(app.core, { ...owner, role: 'owner' });
    await enqueueDeliveries(app.core, [{ channel: 'telegram', chatId: '5001', purpose: 'test', message: { html: 'ждёт Telegram' } }]);
    app.telegram.start();

    await until('getMe to fail and be logged', () => logged.some((l) => l.startsWith('telegram: getMe failed')));
    expect(logged.find((l) => l.startsWith('telegram: getMe failed'))).toMatch(/ECONNREFUSED.*next try in \d+ s \(at \d\d:\d\d:\d\d UTC\)$/);
    expect(logged.join('\n')).not.toContain(testToken);

    const down = await healthz(app);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ status: 'degraded', database: { ok: true }, telegram: { reachable: false }, outbox: { due: 1 } });
    expect(down.body.telegram.unreachableSince).toMatch(/^\d{4}-/);

    const cookie = await signInCookie(app);
    const dashboard = await app.admin.request('/', { headers: { cookie } });
    expect(dashboard.status).toBe(200);
    const html = await dashboard.text();
    expect(html).toContain('data-telegram-outage');
    expect(html).toMatch(/Telegram недоступен с \d\d\.\d\d\.\d{4}, \d\d:\d\d\. Ждут отправки: 1\./);
    expect(html).toContain('data-stat="telegram-outage"');
    const people = await app.admin.request('/people', { headers: { cookie } });
    expect(await people.text()).toContain('data-telegram-outage');

    // Telegram comes back on the same address: the bot identifies itself, polls, and answers.
    const fake = await fakeTelegram(port);
    const nina = user(8101, 'Нина');
    fake.userSends(nina, '/start');
    await until('the bot to answer', () => fake.chat(nina.id).some((m) => m.from_bot));
    expect(app.core.config.botUsername).toBe('mayak_sandbox_bot');
    await until('setMyCommands', () => fake.callsOf('setMyCommands').length >= 2);

    const up = await healthz(app);
    expect(up.body).toMatchObject({ status: 'ok', telegram: { reachable: true, unreachableSince: null } });
    expect(up.body.telegram.lastAnswerAt).toMatch(/^\d{4}-/);
    const after = await app.admin.request('/', { headers: { cookie } });
    expect(await after.text()).not.toContain('data-telegram-outage');
  }, 60_000);

  it('remembers who the bot is, so deep links work on the next start while getMe fails', async () => {
    const fake = await fakeTelegram();
    const first = await product(fake.apiRoot);
    await first.app.telegram.identify();
    const path = join(first.dir, 'mayak.db');
    await first.app.scheduler.stop();
    first.database.close();

    const port = await freePort();
    const database = openNodeDatabase(path);
    const app = await createApp({
      config: testConfig({ PUBLIC_URL: '', WEBHOOK_SECRET: '' }),
      database,
      translate,
      token: testToken,
      apiRoot: `http://127.0.0.1:${port}`,
      log: () => undefined,
    });
    running.splice(running.indexOf(first), 1, { app, database, logged: [], dir: first.dir });
    expect(app.core.config.botUsername).toBe('mayak_sandbox_bot');
    expect(app.bot.botInfo.username).toBe('mayak_sandbox_bot');
  });
});

describe('start-up calls that fail', () => {
  it('a setMyCommands that fails is tried again later and the bot keeps working meanwhile', async () => {
    const fake = await fakeTelegram();
    fake.failWith500({ method: 'setMyCommands', times: 3 });
    const { app, logged } = await product(fake.apiRoot);
    app.telegram.start();
    const anna = user(8102, 'Анна');
    fake.userSends(anna, '/start');
    await until('the bot to answer', () => fake.chat(anna.id).some((m) => m.from_bot));
    await until('the commands to be set', () => fake.callsOf('setMyCommands').filter((c) => c.response === true).length >= 2);
    expect(logged.filter((l) => l.startsWith('telegram: setMyCommands failed (500 Internal Server Error); next try in')).length).toBe(3);
  }, 30_000);

  it('long polling resumes by itself after an outage in the middle', async () => {
    const fake = await fakeTelegram();
    const port = Number(new URL(fake.apiRoot).port);
    const { app, logged } = await product(fake.apiRoot);
    app.telegram.start();
    const ivan = user(8103, 'Иван');
    fake.userSends(ivan, '/start');
    await until('the first answer', () => fake.chat(ivan.id).some((m) => m.from_bot));

    await fake.close();
    await until('the outage to be noticed', async () => (await healthz(app)).body.telegram.reachable === false);
    await fake.listen(port);
    const before = fake.chat(ivan.id).filter((m) => m.from_bot).length;
    fake.userSends(ivan, '/help');
    await until('an answer after the outage', () => fake.chat(ivan.id).filter((m) => m.from_bot).length > before, 20_000);
    await until('reachable again', async () => (await healthz(app)).body.telegram.reachable === true);
    expect(logged.filter((l) => l.startsWith('telegram: unreachable (getUpdates: '))).toHaveLength(1);
    expect(logged.filter((l) => /^telegram: reachable again after \d+ s$/.test(l))).toHaveLength(1);
  }, 45_000);

  it('in webhook mode sets the webhook once Telegram answers', async () => {
    const port = await freePort();
    const { app, logged } = await product(`http://127.0.0.1:${port}`, {
      webhook: true,
      receiving: { kind: 'webhook', url: 'https://mayak.test/telegram/webhook', secret: webhookSecret },
    });
    app.telegram.start();
    await until('setWebhook to fail', () => logged.some((l) => l.startsWith('telegram: setWebhook failed')));
    const fake = await fakeTelegram(port);
    await until('the webhook to be set', () => fake.callsOf('setWebhook').some((c) => c.response === true));
    expect(fake.callsOf('setWebhook').at(-1)!.params).toMatchObject({ url: 'https://mayak.test/telegram/webhook', secret_token: webhookSecret });
  }, 30_000);
});

describe('COOKIE_SECURE', () => {
  it('marks the session cookie Secure behind TLS in front of long polling (no PUBLIC_URL)', async () => {
    const fake = await fakeTelegram();
    const plain = await product(fake.apiRoot);
    await createAdmin(plain.app.core, { ...owner, role: 'owner' });
    expect((await postLogin(plain.app)).headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
    const behindTls = await product(fake.apiRoot, { env: { COOKIE_SECURE: 'true' } });
    await createAdmin(behindTls.app.core, { ...owner, role: 'owner' });
    expect((await postLogin(behindTls.app)).headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });
});

describe('TELEGRAM_PROXY', () => {
  it("sends the bot's and the outbox's requests through the organisation's proxy, its tunnels kept open", async () => {
    const fake = await fakeTelegram();
    const proxy = await startConnectProxy();
    try {
      const { app } = await product(fake.apiRoot, { env: { TELEGRAM_PROXY: proxy.url } });
      await app.telegram.identify();
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      const before = proxy.forwarded();
      expect(await app.messenger.send('8301', { html: 'через прокси' })).toMatchObject({ ok: true });
      expect(proxy.forwarded()).toBeGreaterThan(before);
      // One after another, the sends reuse a tunnel: no CONNECT and TLS handshake a message.
      const tunnelsBeforeSends = proxy.tunnels.length;
      for (let i = 0; i < 5; i++) expect(await app.messenger.send('8301', { html: `ещё ${i}` })).toMatchObject({ ok: true });
      expect(proxy.tunnels.length).toBeLessThanOrEqual(tunnelsBeforeSends + 1);
      // The evidence a person sent, fetched for the panel, takes the same way.
      const photo = fake.buildMedia(8301, user(8301), { kind: 'photo', name: 'стенд.jpg', bytes: Buffer.from('через прокси: фото') });
      const fileId = (photo['message'] as { photo: { file_id: string }[] }).photo[0]!.file_id;
      const beforeFile = proxy.forwarded();
      expect(Buffer.from((await app.messenger.fetchFile(fileId))!).toString()).toBe('через прокси: фото');
      expect(proxy.forwarded()).toBeGreaterThan(beforeFile);
      // The download itself (Node's fetch takes no agent) goes through a proxy agent of its own.
      const tunnelsBeforeDownload = proxy.tunnels.length;
      const downloaded = await telegramDownload(proxy.url)!(`${fake.apiRoot}/file/bot${testToken}/${fileId}`, AbortSignal.timeout(5000));
      await downloaded.arrayBuffer();
      expect(proxy.tunnels.length).toBe(tunnelsBeforeDownload + 1);
      expect(proxy.tunnels.every((t) => t === new URL(fake.apiRoot).host)).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});

describe('the webhook and body limits', () => {
  const post = (app: App, body: BodyInit, headers: Record<string, string> = {}) =>
    app.admin.request(webhookPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret, ...headers },
      body,
    });

  it('answers malformed bodies 400 with one log line each and no stack trace', async () => {
    const fake = await fakeTelegram();
    const { app, logged } = await product(fake.apiRoot, { webhook: true, receiving: { kind: 'none' } });
    await app.telegram.identify();
    const bodies: BodyInit[] = [
      '{"update_id": 1, "message": {"text": "обрыв',
      new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      '',
      'null',
      '[]',
      '{"message": {}}',
    ];
    for (const body of bodies) expect((await post(app, body)).status).toBe(400);
    expect(logged).toHaveLength(bodies.length);
    for (const line of logged) {
      expect(line).toMatch(/^webhook: refused a body of \d+ bytes: /);
      expect(line).not.toContain('\n');
    }
    // A good update still goes through.
    expect((await post(app, JSON.stringify(fake.buildText(user(8104), '/start')))).status).toBe(200);
    expect((await post(app, 'null', { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' })).status).toBe(401);
  });

  it('reads the update from the Node request as served (@hono/node-server): the same answers and limits', async () => {
    const fake = await fakeTelegram();
    const { app } = await product(fake.apiRoot, { webhook: true, receiving: { kind: 'none' } });
    await app.telegram.identify();
    const server = serve({ fetch: app.admin.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}${webhookPath}`;
    const send = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret, ...headers },
        body,
        duplex: 'half',
      } as RequestInit);
    try {
      expect((await send(JSON.stringify(fake.buildText(user(8106), '/start')))).status).toBe(200);
      expect(fake.lastBotMessage(8106)).toBeDefined();
      expect((await send('{}', { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' })).status).toBe(401);
      expect((await send('[]')).status).toBe(400);
      const big = `{"update_id": 1, "pad": "${'x'.repeat(2 * 1024 * 1024)}"}`;
      const declared = await send(big);
      expect(declared.status).toBe(413);
      expect(await declared.json()).toEqual({ error: 'payload-too-large', limit: '1 MB' });
      // Without a declared length the body is counted as it arrives.
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      });
      expect((await send(stream)).status).toBe(413);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('holds an update with 503 while the bot has never known its name', async () => {
    const port = await freePort();
    const { app, logged } = await product(`http://127.0.0.1:${port}`, { webhook: true, receiving: { kind: 'none' } });
    const res = await post(
      app,
      JSON.stringify({ update_id: 5, message: { message_id: 1, date: 1, chat: { id: 8105, type: 'private' }, from: user(8105), text: '/start' } }),
    );
    expect(res.status).toBe(503);
    expect(logged).toEqual([expect.stringMatching(/^webhook: update 5 answered 503/)]);
  });

  it('limits the body of every route, signed in or not', async () => {
    const fake = await fakeTelegram();
    const { app } = await product(fake.apiRoot, { webhook: true, receiving: { kind: 'none' } });
    const big = 'x'.repeat(2 * 1024 * 1024);
    const login = await app.admin.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(big.length + 15) },
      body: `email=a&password=${big}`,
    });
    expect(login.status).toBe(413);
    expect((await post(app, `{"update_id": 1, "pad": "${big}"}`)).status).toBe(413);
    const calendar = await app.admin.request('/calendar/x.ics', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: big });
    expect(calendar.status).toBe(413);
    // A streamed body without a length is counted as it arrives.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(64 * 1024)));
        controller.close();
      },
    });
    const streamed = await app.admin.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // Uploads get more room than forms: a 2 MB file is refused for the missing session, not for its size.
    const form = new FormData();
    form.set('file', new Blob([big]), 'people.csv');
    const upload = await app.admin.request('/import/preview', { method: 'POST', body: form });
    expect(upload.status).toBe(401);
  });
});

describe('/healthz', () => {
  it('answers 200 with figures and no personal data while the database works, 503 when it does not', async () => {
    const fake = await fakeTelegram();
    const { app, database } = await product(fake.apiRoot);
    await app.telegram.identify();
    await enqueueDeliveries(app.core, [{ channel: 'telegram', chatId: '987654321', purpose: 'test', message: { html: 'Секретная фамилия Иванова' } }]);
    app.scheduler.start();
    await until('a tick', () => app.scheduler.lastTick !== null);
    const ok = await healthz(app);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ok', database: { ok: true }, telegram: { reachable: true }, scheduler: { lastTickOk: true } });
    expect(ok.body.scheduler.lastTickAt).toMatch(/^\d{4}-/);
    const text = JSON.stringify(ok.body);
    expect(text).not.toContain('987654321');
    expect(text).not.toContain('Иванова');

    await app.scheduler.stop();
    database.close();
    const down = await healthz(app);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'down', database: { ok: false } });
  });
});

describe('the sandbox never touches real data', () => {
  it('refuses a database that holds people it did not make, and takes an empty one', async () => {
    const fake = await fakeTelegram();
    const real = await product(fake.apiRoot);
    await loadDemoRegion(real.app.core);
    expect(await claimForSandbox(real.app.core)).toEqual({ ok: false, holds: { people: 7, admins: 0, municipalities: 3, schools: 5 } });
    const empty = await product(fake.apiRoot);
    expect(await claimForSandbox(empty.app.core)).toEqual({ ok: true });
    await loadDemoRegion(empty.app.core);
    expect(await claimForSandbox(empty.app.core)).toEqual({ ok: true });
  });

  it('the sandbox owner cannot sign in once a real bot started on the file, even where an older version created it beside real data', async () => {
    const fake = await fakeTelegram();
    const { app } = await product(fake.apiRoot);
    await loadDemoRegion(app.core);
    await createAdmin(app.core, { email: sandboxOwnerEmail, password: 'mayak-sandbox', role: 'owner' });
    const before = await signIn(app.core, { email: sandboxOwnerEmail, password: 'mayak-sandbox', ip: '1.1.1.1' });
    expect(await leaveSandbox(app.core)).toBe(1);
    await expect(signIn(app.core, { email: sandboxOwnerEmail, password: 'mayak-sandbox', ip: '1.1.1.2' })).rejects.toThrow();
    // Its session from before ends too.
    expect(await resumeSession(app.core, before.token)).toBeUndefined();
  });
});
