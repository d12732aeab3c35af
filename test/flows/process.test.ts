import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTelegramIdBase } from '../../core/directory/demo.js';
import { FakeBotApi } from '../../runtime/fake-bot-api.js';
import { testToken, user } from '../support/harness.js';

const root = join(import.meta.dirname, '..', '..');

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
    child = spawn(process.execPath, ['--import', 'tsx', 'runtime/node.ts'], { cwd: root, env });
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
    const button = (message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat().find((b) => b.text.includes(label))!;
    fake.userPresses(who, message.message_id, button.callback_data);
  }

  it('starts, registers a person by long polling, stops cleanly on SIGTERM and resumes the conversation after a restart', async () => {
    const coordinator = demoTelegramIdBase + 1;
    fake.blockChat(coordinator);
    await start();
    expect(output).toContain('admin: owner owner@mayak.test created');
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
    expect(output).not.toContain('admin: owner');
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
    const rows = db.prepare('select telegram_id, status from people where telegram_id in (?, ?)').all(nina.id, coordinator);
    db.close();
    expect(rows).toEqual(
      expect.arrayContaining([
        { telegram_id: nina.id, status: 'pending' },
        { telegram_id: coordinator, status: 'blocked' },
      ]),
    );
  }, 90_000);
});
