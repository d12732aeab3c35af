import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { maxWebhookPath, webhookPath } from '../admin/index.js';
import { settleInterruptedSends } from '../core/deliveries/sending.js';
import { demoPeopleList, loadDemoRegion } from '../core/directory/demo.js';
import { loadDemoShowcase } from '../core/demo/showcase.js';
import { claimForSandbox, leaveSandbox, sandboxOwnerEmail } from '../core/directory/sandbox-guard.js';
import { ensureOwner } from '../core/admins/accounts.js';
import { DomainError } from '../core/errors.js';
import { openNodeDatabase, type NodeDatabase } from '../db/node.js';
import { loadTranslator } from '../locales/node.js';
import { type App, createApp } from './app.js';
import { backupDir } from './backups.js';
import { createLogger } from './logger.js';
import { placeholderBotToken, readConfig } from './config.js';
import { createCore } from './core.js';
import { FakeBotApi } from '../sandbox/fake-bot-api.js';
import { FakeMaxApi } from '../sandbox/fake-max-api.js';
import { acquireDatabaseLock, DatabaseLockedError, type DatabaseLock } from './lock.js';

/** The sandbox's owner account: demo data only, and the sign-in page says so. */
const sandboxOwner = { email: sandboxOwnerEmail, password: 'mayak-sandbox' };

/** The sandbox's MAX token, for its fake MAX only. */
const sandboxMaxToken = 'sandbox-max-token-not-for-max';

/**
 * What the HTTP server runs: the panel, and `/metrics` in front of it where METRICS_TOKEN is set. Without the token
 * nothing reads the metrics, so prom-client is not even loaded: its GC and event-loop observers and a timer around
 * every request and update would cost each of them for nobody.
 */
async function served(app: App, database: NodeDatabase, metricsToken: string | undefined): Promise<App['admin']['fetch']> {
  if (!metricsToken) return app.admin.fetch;
  const { Metrics } = await import('./metrics.js');
  const metrics = new Metrics(app.core, database, app.scheduler);
  metrics.instrumentBot(app.bot);
  return metrics.serve(app.admin, metricsToken).fetch;
}

/** A reason to stop at start: printed as one line, exit code 1. */
class StartRefused extends Error {}

/**
 * The Node entry: config → the database's lock → migrations → HTTP, scheduler, and the bot's calls to Telegram in
 * the background (Telegram may be unreachable for hours; the panel and the scheduler do not wait for it).
 * With neither BOT_TOKEN nor MAX_BOT_TOKEN it runs the sandbox: a fake Telegram inside the process and a web chat at
 * /sandbox. With MAX's token alone, Telegram stays off (no calls to it are made).
 */
async function main(): Promise<void> {
  const result = readConfig(process.env);
  if (!result.ok) {
    for (const problem of result.problems) console.error(`config: ${problem}`);
    process.exit(1);
  }
  const config = result.config;
  const logger = createLogger({ level: config.LOG_LEVEL });
  const lock = lockDatabase(config.DATABASE_PATH);
  process.on('exit', () => lock.release());
  const database = openWritable(config.DATABASE_PATH, backupDir(config), config.BACKUP_KEY, (message) => logger.info('backup', message));
  const translate = loadTranslator();

  let fake: FakeBotApi | undefined;
  let fakeMax: FakeMaxApi | undefined;
  let apiRoot = config.TELEGRAM_API_ROOT;
  if (!config.BOT_TOKEN && !config.MAX_BOT_TOKEN) {
    const claim = await claimForSandbox(createCore({ config, database, translate }));
    if (!claim.ok) {
      const { people, admins, municipalities, schools } = claim.holds;
      throw new StartRefused(
        `sandbox: refused: ${config.DATABASE_PATH} holds data the sandbox did not make (${people} people, ${admins} admin accounts, ` +
          `${municipalities} municipalities, ${schools} schools); the sandbox's password is public, so it runs only on a database of its own. ` +
          `Set DATABASE_PATH to a new file (e.g. ./data/sandbox.db), or set BOT_TOKEN to run the real bot on this one`,
      );
    }
    fake = new FakeBotApi();
    apiRoot = await fake.listen(0);
    fakeMax = new FakeMaxApi();
    await fakeMax.listen(0);
  }
  const receiving =
    config.PUBLIC_URL && config.WEBHOOK_SECRET
      ? ({ kind: 'webhook', url: new URL(webhookPath, config.PUBLIC_URL).toString(), secret: config.WEBHOOK_SECRET } as const)
      : ({ kind: 'polling' } as const);
  const app = await createApp({
    config,
    database,
    translate,
    token: config.BOT_TOKEN ?? (fake ? placeholderBotToken : undefined),
    apiRoot,
    receiving,
    sandbox: fake ? { api: fake, people: demoPeopleList() } : undefined,
    // The fake MAX posts each update to this process's own MAX webhook, as MAX would to PUBLIC_URL.
    sandboxMax: fakeMax && {
      api: fakeMax,
      token: sandboxMaxToken,
      apiRoot: fakeMax.apiRoot,
      webhookUrl: `http://127.0.0.1:${config.ADMIN_PORT}${maxWebhookPath}`,
      secret: crypto.randomUUID(),
    },
    clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    logger,
    info: (message) => logger.info('bot', message),
    backups:
      config.BACKUP_INTERVAL_HOURS > 0 ? { dir: backupDir(config), key: config.BACKUP_KEY, intervalMs: config.BACKUP_INTERVAL_HOURS * 3_600_000 } : undefined,
  });
  const { core, scheduler, telegram } = app;

  if (fake) {
    try {
      await loadDemoRegion(core);
      await loadDemoShowcase(core);
      logger.info('process', `sandbox: loaded the demo region into ${config.DATABASE_PATH}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    await ensureOwner(core, sandboxOwner.email, sandboxOwner.password);
  } else {
    const disabled = await leaveSandbox(core);
    if (disabled > 0) logger.info('panel', `admin: ${disabled} account(s) made by the sandbox disabled (they cannot sign in with a real bot)`);
  }
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    if ((await ensureOwner(core, config.ADMIN_EMAIL, config.ADMIN_PASSWORD)) === 'created') logger.info('panel', 'admin: the owner of ADMIN_EMAIL created');
  }
  // This process owns the file (the lock says so): whatever the previous one left mid-send is settled now (see outbox.ts).
  const uncertain = await settleInterruptedSends(core, Number.MAX_SAFE_INTEGER);
  if (uncertain > 0) logger.info('outbox', `outbox: ${uncertain} message(s) were in flight at the last stop; marked uncertain, not resent`);

  const server = serve({ fetch: await served(app, database, config.METRICS_TOKEN), port: config.ADMIN_PORT, hostname: '0.0.0.0' });
  const base = `http://localhost:${config.ADMIN_PORT}`;
  scheduler.start();
  if (config.BOT_TOKEN || fake) telegram.start();
  app.max?.start();
  logger.info('process', `admin panel: ${base}/ (ready in ${Math.round(performance.now())} ms)`, { readyMs: Math.round(performance.now()) });
  if (fake) {
    console.log(`\nSANDBOX MODE (no BOT_TOKEN): Telegram and MAX are simulated in this process.`);
    console.log(`Talk to the bot in your browser: ${base}/sandbox`);
    console.log(`Admin panel: ${base}/ (sign in as ${sandboxOwner.email} / ${sandboxOwner.password})\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('process', `${signal}: stopping…`);
    // Order matters: no new updates, finish the ones in hand, finish the tick, then close the file.
    await telegram.stop();
    await app.max?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await scheduler.stop();
    await fake?.close();
    await fakeMax?.close();
    database.close();
    lock.release();
    logger.info('process', 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** One process per database file: a second one would claim the same sends (see runtime/lock.ts). */
function lockDatabase(path: string): DatabaseLock {
  if (path === ':memory:') return { path, release: () => undefined };
  try {
    // A fresh clone has no data/ yet: the lock file goes beside the database, so its folder comes first.
    mkdirSync(dirname(path), { recursive: true });
    return acquireDatabaseLock(path);
  } catch (error) {
    if (error instanceof DatabaseLockedError) throw new StartRefused(`database: ${error.message}`);
    throw new StartRefused(`database: cannot create the lock file beside ${resolve(path)}: ${(error as Error).message}`);
  }
}

/** Opens the file for writing; a read-only file or folder stops the start with the path named. */
function openWritable(path: string, backupDirectory: string, backupKey: string | undefined, log: (message: string) => void): NodeDatabase {
  if (path !== ':memory:') {
    const where = resolve(path);
    try {
      if (existsSync(path)) accessSync(path, constants.R_OK | constants.W_OK);
      if (existsSync(dirname(path))) accessSync(dirname(path), constants.W_OK);
    } catch {
      throw new StartRefused(
        `database: ${where} (or its folder) is read-only for this process; the product writes to it (and to its -wal and -shm files beside it): give this user write access`,
      );
    }
  }
  try {
    return openNodeDatabase(path, { backupBeforeMigrating: { dir: backupDirectory, key: backupKey }, log });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (/READONLY|CANTOPEN|PERM|EACCES/.test(code)) throw new StartRefused(`database: cannot write ${resolve(path)} (${code}: ${(error as Error).message})`);
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof StartRefused ? error.message : error instanceof Error ? error.message : String(error));
  process.exit(1);
});
