import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * The Workers lane of `npm test`: the Worker (runtime/worker.ts) in workerd with a local D1, migrations from
 * db/migrations applied, and the fake Telegram and the fake MAX running in Node (test/workers/global-setup.ts), reached
 * over HTTP.
 * A config of its own: the pool runs every file in workerd, where the Node lane's helpers (better-sqlite3) cannot.
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations('db/migrations');
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        main: './runtime/worker.ts',
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            TELEGRAM_CONTROL: inject('telegramControl'),
            TELEGRAM_API_ROOT: inject('telegramApiRoot'),
            BOT_TOKEN: '123456:workers-lane-token-not-for-telegram',
            // Who the bot is, as the start-up chores would have stored it: no isolate calls getMe.
            BOT_INFO: JSON.stringify({ id: 123456, is_bot: true, first_name: 'Маяк', username: 'mayak_sandbox_bot' }),
            PUBLIC_URL: 'https://mayak.example.org',
            WEBHOOK_SECRET: 'workers-lane-webhook-secret',
            MAX_BOT_TOKEN: 'workers-lane-max-token-0123456789',
            MAX_API_ROOT: inject('maxApiRoot'),
            MAX_WEBHOOK_SECRET: 'workers-lane-max-webhook-secret',
            ADMIN_EMAIL: 'owner@example.org',
            ADMIN_PASSWORD: 'owner-password-1',
            PASSWORD_PEPPER: 'workers-lane-pepper-at-least-32-characters',
          },
        },
      })),
    ],
    test: {
      include: ['test/workers/**/*.test.ts'],
      globalSetup: ['test/workers/global-setup.ts'],
      setupFiles: ['test/workers/apply-migrations.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // grammY's conversations plugin is CommonJS: prebundled together with grammY, or it finds no grammY in workerd.
      deps: { optimizer: { ssr: { enabled: true, include: ['grammy', '@grammyjs/conversations'] } } },
    },
  };
});
