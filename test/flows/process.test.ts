import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import { FakeBotApi } from '../../sandbox/fake-bot-api.js';
import { testToken, user } from '../support/harness.js';
import { builtStartCommand } from '../support/start-command.js';

const root = join(import.meta.dirname, '..', '..');
/** What `npm start` runs: the compiled bundle, built from the code as it is. */
const npmStart = builtStartCommand();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The real Node entry as a child process, long polling the fake Telegram API: start, a conversation,
 * SIGTERM, a restart in the middle of the conversation, a coordinator who blocked the bot.
 */
describe('the product process', () => {
  const fake = new FakeBotApi();
  const dir = mkdtempSync(join(tmpdir(), 'mayak-process-'));
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    env = {
      PATH: process.env.PATH,
      BOT_TOKEN: testToken,
      TELEGRAM_API_ROOT: await fake.listen(0),
      DATABASE_PATH: join(dir, 'mayak.db'),
      ADMIN_PORT: String(await freePort()),
      ADMIN_EMAIL: 'owner@mayak.test',
      ADMIN_PASSWORD: 'correct horse battery',
    };
    const demo = spawnSync(process.execPath, ['--import', 'tsx', 'runtime/cli.ts', 'demo', 'load'], { cwd: root, env, encoding: 'utf8' });
    expect(demo.stdout).toContain('demo region loaded');
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(): Promise<void> {
    output = '';
    child = spawn(process.execPath, npmStart.args, { cwd: root, env: { ...npmStart.env, ...env } });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output}`)), 30_000);
      child!.stdout!.on('data', () => {
        if (output.includes('long polling')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  async function stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    return exited;
  }

  async function botSays(chatId: number, text: string): Promise<void> {
    await fake.waitFor(() => fake.chat(chatId).some((m) => m.from_bot && (m.text ?? '').includes(text)), 10_000);
  }

  function pressLast(who: ReturnType<typeof user>, label: string): void {
    const message = [...fake.chat(who.id)].reverse().find((m) => m.from_bot && JSON.stringify(m.reply_markup ?? {}).includes(label))!;
    const button = (message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard
      .flat()
      .find((b) => b.text.includes(label))!;
    fake.userPresses(who, message.message_id, button.callback_data);
  }

  it('starts, registers a person by long polling, stops cleanly on SIGTERM and resumes the conversation after a restart', async () => {
    const coordinator = demoTelegramIdBase + 1;
    fake.blockChat(coordinator);
    await start();
    expect(output).toContain('admin: the owner of ADMIN_EMAIL created');
    expect(fake.callsOf('setMyCommands').length).toBeGreaterThanOrEqual(2);

    const nina = user(8001, 'Нина');
    fake.userSends(nina, '/start');
    await botSays(nina.id, 'согласие');
    pressLast(nina, 'Согласен');
    await botSays(nina.id, 'муниципалитет');
    fake.userSends(nina, 'Светлогорск');
    await botSays(nina.id, 'Выберите вашу школу');

    expect(await stop()).toBe(0);
    expect(output).toContain('stopped');

    await start();
    expect(output).not.toContain('admin: the owner of ADMIN_EMAIL created');
    pressLast(nina, 'СОШ № 5');
    await botSays(nina.id, 'Кто вы?');
    pressLast(nina, 'Управленческая');
    await botSays(nina.id, 'фамилию');
    fake.userSends(nina, 'Новикова Нина Петровна');
    await botSays(nina.id, 'Проверьте');
    pressLast(nina, 'Отправить');
    await botSays(nina.id, 'Заявка отправлена');
    // The coordinator blocked the bot: the approval request gets 403 and they are marked blocked.
    await fake.waitFor((calls) => calls.some((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === coordinator), 10_000);
    expect(await stop()).toBe(0);

    const db = new Database(env.DATABASE_PATH!, { readonly: true });
    const rows = db
      .prepare(
        `select cast(c.user_id as integer) as telegram_id, p.status from people p join contacts c on c.person_id = p.id and c.channel = 'telegram' where c.user_id in (?, ?)`,
      )
      .all(String(nina.id), String(coordinator));
    db.close();
    expect(rows).toEqual(
      expect.arrayContaining([
        { telegram_id: nina.id, status: 'pending' },
        { telegram_id: coordinator, status: 'blocked' },
      ]),
    );
  }, 90_000);
});

/** The real entry with its own environment: resolves once `ready` appears in its output, or with its exit code. */
function launch(env: NodeJS.ProcessEnv, options: { uid?: number } = {}) {
  let output = '';
  const child = spawn(process.execPath, npmStart.args, {
    cwd: root,
    env: { ...npmStart.env, ...env },
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    async until(text: string, timeoutMs = 30_000): Promise<void> {
      const end = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(): Promise<number | null> {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Signs in as a browser does: the form first (its CSRF token and cookie), then the post. */
async function signInStatus(port: string, email: string, password: string): Promise<number> {
  const form = await fetch(`http://127.0.0.1:${port}/login`);
  const cookie = form.headers.get('set-cookie')?.split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  return res.status;
}

describe('the product process at start, whatever Telegram does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mayak-startup-'));
  const started: ReturnType<typeof launch>[] = [];
  const fakes: FakeBotApi[] = [];
  afterAll(async () => {
    for (const p of started) p.child.kill('SIGKILL');
    for (const f of fakes) await f.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = (env: NodeJS.ProcessEnv, options?: { uid?: number }) => {
    const p = launch(env, options);
    started.push(p);
    return p;
  };

  it('serves the panel with Telegram unreachable, answers once it is back, and refuses a second process on the file', async () => {
    const telegramPort = await freePort();
    const env = {
      PATH: process.env.PATH,
      BOT_TOKEN: testToken,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${telegramPort}`,
      DATABASE_PATH: join(dir, 'away.db'),
      ADMIN_PORT: String(await freePort()),
      ADMIN_EMAIL: 'owner@mayak.test',
      ADMIN_PASSWORD: 'correct horse battery',
    };
    const first = start(env);
    await first.until('admin panel:');
    await first.until('telegram: getMe failed');
    expect(first.output()).toMatch(/telegram: getMe failed \(.*ECONNREFUSED.*\); next try in \d+ s/);
    const health = await fetch(`http://127.0.0.1:${env.ADMIN_PORT}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: { ok: true }, telegram: { reachable: false } });
    expect(await signInStatus(env.ADMIN_PORT, env.ADMIN_EMAIL, env.ADMIN_PASSWORD)).toBe(303);

    const second = start({ ...env, ADMIN_PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`is in use by process ${first.child.pid} on `);
    expect(second.output()).not.toMatch(/\n\s+at /);

    const fake = new FakeBotApi();
    fakes.push(fake);
    await fake.listen(telegramPort);
    const olga = user(8201, 'Ольга');
    fake.userSends(olga, '/start');
    await fake.waitFor(() => fake.chat(olga.id).some((m) => m.from_bot), 30_000);
    await first.until('long polling');
    expect(await first.stop()).toBe(0);
  }, 90_000);

  it('keeps the sandbox off real data, and its owner out of a real bot', async () => {
    const fake = new FakeBotApi();
    fakes.push(fake);
    // A folder that does not exist yet, as ./data/ on a fresh clone: the lock file and the database make it.
    const base = { PATH: process.env.PATH, DATABASE_PATH: join(dir, 'fresh', 'sandbox.db'), ADMIN_PORT: String(await freePort()) };
    const sandbox = start(base);
    await sandbox.until('SANDBOX MODE');
    expect(await sandbox.stop()).toBe(0);

    const real = start({ ...base, BOT_TOKEN: testToken, TELEGRAM_API_ROOT: await fake.listen(0) });
    await real.until('long polling');
    expect(real.output()).toContain('account(s) made by the sandbox disabled');
    expect(await signInStatus(base.ADMIN_PORT, 'owner@sandbox.local', 'mayak-sandbox')).toBe(401);
    expect(await real.stop()).toBe(0);

    // The file now holds what a real bot touched: the sandbox refuses it and says why.
    const again = start(base);
    expect(await again.exited).toBe(1);
    expect(again.output()).toMatch(/^sandbox: refused: .*sandbox\.db holds data the sandbox did not make \(7 people/m);
  }, 90_000);

  it('stops with one line naming a database it may not write', async () => {
    const path = join(dir, 'readonly', 'mayak.db');
    const { mkdirSync, chmodSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(dir, 'readonly'));
    writeFileSync(path, '');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'readonly'), 0o777);
    chmodSync(path, 0o444);
    // Root writes anyway: run the product as "nobody", as an operator's service user would be.
    const p = start(
      { PATH: process.env.PATH, DATABASE_PATH: path, ADMIN_PORT: String(await freePort()), HOME: '/tmp' },
      { uid: process.getuid?.() === 0 ? 65534 : undefined },
    );
    expect(await p.exited).toBe(1);
    expect(p.output().trim().split('\n')).toEqual([expect.stringMatching(/^database: \/.*\/readonly\/mayak\.db \(or its folder\) is read-only/)]);
  }, 60_000);
});
