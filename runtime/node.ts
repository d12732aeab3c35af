import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { webhookPath } from '../admin/index.js';
import { setCommands } from '../bot/index.js';
import { settleInterruptedSends } from '../core/deliveries/outbox.js';
import { demoPeopleList, loadDemoRegion } from '../core/directory/demo.js';
import { loadDemoShowcase } from '../core/directory/demo-showcase.js';
import { ensureOwner } from '../core/admins/accounts.js';
import { DomainError } from '../core/errors.js';
import { openNodeDatabase } from '../db/node.js';
import { loadTranslator } from '../locales/node.js';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { FakeBotApi } from './fake-bot-api.js';

/** The sandbox's owner account: demo data only, and the sign-in page says so. */
const sandboxOwner = { email: 'owner@sandbox.local', password: 'mayak-sandbox' };

/** A token of the right shape for the sandbox; it never leaves this process. */
const sandboxToken = '1000000001:sandbox-token-not-for-telegram';

/**
 * The Node entry: config → migrations → bot + admin HTTP + scheduler in one process.
 * With no BOT_TOKEN it runs the sandbox: a fake Telegram inside the process and a web chat at /sandbox.
 */
async function main(): Promise<void> {
  const result = readConfig(process.env);
  if (!result.ok) {
    for (const problem of result.problems) console.error(`config: ${problem}`);
    process.exit(1);
  }
  const config = result.config;
  const database = openNodeDatabase(config.DATABASE_PATH);
  const translate = loadTranslator();

  let fake: FakeBotApi | undefined;
  let apiRoot = config.TELEGRAM_API_ROOT;
  if (!config.BOT_TOKEN) {
    fake = new FakeBotApi();
    apiRoot = await fake.listen(0);
  }
  const app = await createApp({
    config,
    database,
    translate,
    token: config.BOT_TOKEN ?? sandboxToken,
    apiRoot,
    sandbox: fake ? { api: fake, people: demoPeopleList() } : undefined,
    clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
  });
  const { core, bot, scheduler } = app;

  if (fake) {
    try {
      await loadDemoRegion(core);
      await loadDemoShowcase(core);
      console.log('sandbox: loaded the demo region into', config.DATABASE_PATH);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  if (fake) await ensureOwner(core, sandboxOwner.email, sandboxOwner.password);
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    if ((await ensureOwner(core, config.ADMIN_EMAIL, config.ADMIN_PASSWORD)) === 'created') console.log(`admin: owner ${config.ADMIN_EMAIL} created`);
  }
  // This process owns the file: whatever the previous one left mid-send is settled now (see outbox.ts).
  const uncertain = await settleInterruptedSends(core, Number.MAX_SAFE_INTEGER);
  if (uncertain > 0) console.log(`outbox: ${uncertain} message(s) were in flight at the last stop; marked uncertain, not resent`);

  const server = serve({ fetch: app.admin.fetch, port: config.ADMIN_PORT, hostname: '0.0.0.0' });
  const base = `http://localhost:${config.ADMIN_PORT}`;
  await setCommands(bot, core);
  scheduler.start();

  if (config.PUBLIC_URL && config.WEBHOOK_SECRET) {
    await bot.api.setWebhook(new URL(webhookPath, config.PUBLIC_URL).toString(), { secret_token: config.WEBHOOK_SECRET });
    console.log(`bot @${bot.botInfo.username}: webhook at ${config.PUBLIC_URL}${webhookPath}`);
  } else {
    await bot.api.deleteWebhook();
    void bot.start({ drop_pending_updates: false, onStart: (me) => console.log(`bot @${me.username}: long polling`) });
  }
  console.log(`admin panel: ${base}/`);
  if (fake) {
    console.log(`\nSANDBOX MODE (no BOT_TOKEN): Telegram is simulated in this process.`);
    console.log(`Talk to the bot in your browser: ${base}/sandbox`);
    console.log(`Admin panel: ${base}/ (sign in as ${sandboxOwner.email} / ${sandboxOwner.password})\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    // Order matters: no new updates, finish the ones in hand, finish the tick, then close the file.
    if (bot.isRunning()) await bot.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await scheduler.stop();
    await fake?.close();
    database.close();
    console.log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
