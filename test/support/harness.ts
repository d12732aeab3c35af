import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { webhookPath } from '../../admin/index.js';
import type { Core } from '../../core/core.js';
import { demoPeopleList } from '../../core/directory/demo.js';
import { openNodeDatabase, type NodeDatabase } from '../../db/node.js';
import { tick, type TickResult } from '../../jobs/tick.js';
import { loadTranslator } from '../../locales/node.js';
import { createApp, type App, type AppOptions } from '../../runtime/app.js';
import type { BackupSettings } from '../../runtime/backups.js';
import { readConfig, type Config } from '../../runtime/config.js';
import { FakeBotApi, type FakeMessage, type FakeUser } from '../../sandbox/fake-bot-api.js';
import { ManualClock } from './clock.js';

export const testToken = '1234567:test-token-for-the-fake-api';
export const webhookSecret = 'test-webhook-secret-0123';
const translate = loadTranslator();

export function testConfig(overrides: Record<string, string> = {}): Config {
  const result = readConfig({ PUBLIC_URL: 'https://mayak.test', WEBHOOK_SECRET: webhookSecret, ...overrides });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

/** A Telegram user as the fake API sends them. */
export function user(id: number, first_name = `User${id}`, language_code = 'ru'): FakeUser {
  return { id, first_name, language_code };
}

/**
 * One product process against the fake Telegram API, on a SQLite file of its own, with a manual clock.
 * Updates arrive through the real webhook route (so each call returns when the bot is done with it);
 * scheduled work runs only when the test calls `tick`.
 */
export class Harness {
  private constructor(
    readonly fake: FakeBotApi,
    readonly clock: ManualClock,
    readonly dir: string,
    public database: NodeDatabase,
    public app: App,
    /** What it started with: a restart keeps it (MAX's settings, for one). */
    private readonly config?: Record<string, string>,
  ) {}

  /**
   * `sandbox`: the /sandbox web chat is mounted over the fake, as in sandbox mode (the browser tests of the sandbox).
   * `backups`: scheduled backups into `<dir>/backups`, as `npm start` runs them (off otherwise).
   * `sandboxMax`: the sandbox's fake MAX beside Telegram, as `npm start` wires it (test/support/max.ts `sandboxWithMax`).
   */
  static async start(
    options: {
      fake?: FakeBotApi;
      clock?: ManualClock;
      config?: Record<string, string>;
      sandbox?: boolean;
      backups?: { key?: string };
      sandboxMax?: AppOptions['sandboxMax'];
      /** false: MAX alone, no Telegram token (as `npm start` with MAX_BOT_TOKEN only). */
      telegram?: boolean;
    } = {},
  ): Promise<Harness> {
    const fake = options.fake ?? new FakeBotApi();
    if (!options.fake) await fake.listen(0);
    const clock = options.clock ?? new ManualClock();
    const dir = mkdtempSync(join(tmpdir(), 'mayak-test-'));
    const database = openNodeDatabase(join(dir, 'mayak.db'));
    const backups = options.backups ? { dir: join(dir, 'backups'), key: options.backups.key, intervalMs: 86_400_000 } : undefined;
    const app = await Harness.boot(fake, clock, database, options.config, options.sandbox, backups, options.sandboxMax, options.telegram ?? true);
    return new Harness(fake, clock, dir, database, app, options.config);
  }

  private static async boot(
    fake: FakeBotApi,
    clock: ManualClock,
    database: NodeDatabase,
    config?: Record<string, string>,
    sandbox?: boolean,
    backups?: BackupSettings,
    sandboxMax?: AppOptions['sandboxMax'],
    telegram = true,
  ): Promise<App> {
    const app = await createApp({
      config: testConfig(config),
      database,
      translate,
      token: telegram ? testToken : undefined,
      apiRoot: fake.apiRoot,
      clock,
      log: () => undefined,
      sandbox: sandbox ? { api: fake, people: demoPeopleList() } : undefined,
      sandboxMax,
      backups,
    });
    // What the Node entry does in the background, done here before the first update (tests post right away).
    if (telegram) await app.telegram.identify();
    return app;
  }

  get core(): Core {
    return this.app.core;
  }

  /** Stops this "process" and starts a new one on the same file, as after a crash or a deploy. */
  async restart(): Promise<void> {
    await this.app.scheduler.stop();
    this.database.close();
    this.database = openNodeDatabase(join(this.dir, 'mayak.db'));
    this.app = await Harness.boot(this.fake, this.clock, this.database, this.config);
  }

  async close(): Promise<void> {
    await this.app.scheduler.stop();
    this.database.close();
    await this.fake.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async post(update: Record<string, unknown>): Promise<void> {
    const response = await this.app.admin.request(webhookPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret },
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(200);
  }

  async send(from: FakeUser, text: string): Promise<void> {
    await this.post(this.fake.buildText(from, text));
  }

  /** Presses the button whose label contains `label` on the newest bot message in this chat that has it. */
  async press(from: FakeUser, label: string): Promise<void> {
    const message = [...this.fake.chat(from.id)].reverse().find((m) => m.from_bot && !m.deleted && buttonData(m, label) !== undefined);
    if (!message) throw new Error(`no button "${label}" in chat ${from.id}; last bot message: ${this.lastText(from)}`);
    await this.post(this.fake.buildPress(from, message.message_id, buttonData(message, label)!));
  }

  /** Presses raw callback data on a given message (for old or forged buttons). */
  async pressData(from: FakeUser, messageId: number, data: string): Promise<void> {
    await this.post(this.fake.buildPress(from, messageId, data));
  }

  /** A callback query with any data, as a forwarded old message or a crafted client could send it. */
  async forgePress(from: FakeUser, data: string, messageId = 1): Promise<void> {
    await this.post({
      update_id: Math.floor(Math.random() * 1e9),
      callback_query: {
        id: `forged-${data}`,
        from,
        chat_instance: 'forged',
        data,
        message: { message_id: messageId, date: 1, chat: { id: from.id, type: 'private' } },
      },
    });
  }

  /** The text of the bot's latest answer to a button press (the little toast or alert). */
  lastAnswer(): string | undefined {
    return this.fake.callsOf('answerCallbackQuery').at(-1)?.params.text as string | undefined;
  }

  /** How many of the bot's messages in this chat contain the text. */
  countTexts(chat: FakeUser | number, text: string): number {
    return this.botTexts(chat).filter((t) => t.includes(text)).length;
  }

  lastText(chat: FakeUser | number): string {
    const id = typeof chat === 'number' ? chat : chat.id;
    return this.fake.lastBotMessage(id)?.text ?? '';
  }

  botTexts(chat: FakeUser | number): string[] {
    const id = typeof chat === 'number' ? chat : chat.id;
    return this.fake
      .chat(id)
      .filter((m) => m.from_bot)
      .map((m) => m.text ?? m.caption ?? '');
  }

  async tick(): Promise<TickResult> {
    return tick(this.app.tickDeps, this.clock.now());
  }

  /** Ticks, moving the clock a second at a time, until the outbox has nothing due. */
  async drain(maxSeconds = 120): Promise<number> {
    let sent = 0;
    for (let i = 0; i < maxSeconds; i++) {
      const result = await this.tick();
      sent += result.sent;
      if (result.nextAt === null || result.nextAt > this.clock.now() + 60_000) return sent;
      this.clock.advance(1000);
    }
    return sent;
  }
}

export function buttonData(message: FakeMessage, label: string): string | undefined {
  const markup = message.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
  return markup?.inline_keyboard?.flat().find((b) => b.text.includes(label))?.callback_data;
}

export function buttonLabels(message: FakeMessage | undefined): string[] {
  const markup = message?.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined;
  return markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];
}
