import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { Api } from 'grammy';
import { z } from 'zod';
import { createAdmin } from '../core/admins/accounts.js';
import { loadDemoRegion } from '../core/directory/demo.js';
import { DomainError } from '../core/errors.js';
import { parseRoadMap } from '../core/roadmaps/parse.js';
import { formatRoadMap } from '../core/roadmaps/format.js';
import { createInvite } from '../core/onboarding/invites.js';
import { decideRegistration } from '../core/onboarding/registration.js';
import { backupDatabase, backupFileName, describeManifest, restoreBackup } from '../db/backup.js';
import { readMigrations } from '../db/migrate.js';
import { migrationsFolder, openNodeDatabase } from '../db/node.js';
import { loadTranslator } from '../locales/node.js';
import { readConfig, type Config } from './config.js';
import { humanBytes } from '../core/operations/backups.js';
import { backupDir, recordBackupInFile } from './backups.js';
import { databaseLockHolder } from './lock.js';
import { createCore } from './core.js';
import { remoteSetup } from './remote-setup.js';
import { runStartupChores } from './setup.js';
import { createMaxSide, maxSettings } from './max.js';
import { createBot } from '../bot/index.js';
import { sandboxBotUsername } from '../sandbox/fake-bot-api.js';
import { sandboxMaxBotUsername } from '../sandbox/fake-max-api.js';
import { storedMessengerIdentity } from '../core/deliveries/messenger-identity.js';
import { MaxClient } from '../max/client.js';
import type { Core } from '../core/core.js';

const usage = `Usage: npm run cli -- <command>

  invite create --role <role> (--school <id> | --municipality <id>) [--uses <n>] [--days <n>]
      Prints an invite link (and, with MAX_BOT_TOKEN, the same for MAX on the next line).
      Roles: teacher, school_lead, curator, coordinator, editor.
  admin create --email <email> --role <owner|editor|coordinator|viewer> [--municipality <id> ...] [--password <p>]
      Creates an admin panel account (a password is generated and printed if none is given).
  person approve <id>            Approves a pending registration.
  person reject <id> [--reason <text>]
  demo load                      Loads the demo region (refused on a database that holds people).
  setup [--remote]               The start-up chores: the bot's name remembered, its command menus, the webhook
                                 (PUBLIC_URL + WEBHOOK_SECRET), MAX's menu and webhook (with MAX_BOT_TOKEN), the
                                 daily clean-up. On this database, or with --remote on the deployment at
                                 PUBLIC_URL (Workers), signed in as the owner ADMIN_EMAIL / ADMIN_PASSWORD, as
                                 the panel's /setup page does.
  roadmap parse FILE [--year YYYY] [--json]
      Reads a road map (.docx, .xlsx, .csv, .txt) and prints its rows as a table, or with --json as JSON
      (npm run -s keeps npm's own banner off stdout).
  backup [FILE]                  A consistent copy of the database, also while the product runs: compressed,
                                 with a manifest, encrypted when BACKUP_KEY is set (default: BACKUP_DIR).
  restore FILE                   Puts a backup in place of the database (refused while the product runs);
                                 the current file is kept aside.
`;

/** `setup --remote`: the panel's /setup action on the deployment at PUBLIC_URL (runtime/remote-setup.ts). */
async function remoteSetupCommand(config: Config): Promise<void> {
  const { PUBLIC_URL: base, ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = config;
  if (!base || !email || !password) fail("setup --remote: set PUBLIC_URL (the deployment's address), ADMIN_EMAIL and ADMIN_PASSWORD (its owner)");
  try {
    console.log(`setup --remote: ${await remoteSetup({ base, email, password })}`);
  } catch (error) {
    fail(`setup --remote: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One line naming the problem, exit code 1, no stack trace: the CLI is for people. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The bot's @username, for links: from Telegram when a token is set, else the sandbox's. */
async function botUsername(config: Config): Promise<string> {
  if (!config.BOT_TOKEN) return sandboxBotUsername;
  try {
    return (await new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }).getMe()).username;
  } catch (error) {
    fail(`cannot ask Telegram for the bot's username (${error instanceof Error ? error.message : String(error)}); check BOT_TOKEN and TELEGRAM_API_ROOT`);
  }
}

/**
 * The MAX bot's name, for MAX's invite links: the one the process remembered, else MAX's GET /me; the sandbox's when
 * neither messenger has a token (the sandbox runs a fake MAX); none without MAX_BOT_TOKEN.
 */
async function maxBotUsername(config: Config, core: Core): Promise<string | undefined> {
  if (!config.MAX_BOT_TOKEN) return config.BOT_TOKEN ? undefined : sandboxMaxBotUsername;
  const stored = await storedMessengerIdentity(core, 'max');
  if (stored) return stored.username;
  const me = await new MaxClient(config.MAX_BOT_TOKEN, config.MAX_API_ROOT).call<{ username?: string | null }>('GET', '/me');
  if (me.ok && me.data.username) return me.data.username;
  fail(`cannot ask MAX for the bot's name (${me.ok ? 'no username' : me.description}); check MAX_BOT_TOKEN and MAX_API_ROOT`);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      school: { type: 'string' },
      municipality: { type: 'string', multiple: true },
      uses: { type: 'string' },
      days: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      reason: { type: 'string' },
      year: { type: 'string' },
      json: { type: 'boolean' },
      remote: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.slice(0, 2).join(' ');
  if (values.help || positionals.length === 0) {
    console.log(usage);
    return;
  }
  if (command === 'roadmap parse') return roadmapParse(positionals[2], values.year, values.json ?? false);
  const result = readConfig(process.env);
  if (!result.ok) fail(result.problems.map((p) => `config: ${p}`).join('\n'));
  const config = result.config;
  if (positionals[0] === 'backup') return backupCommand(config, positionals[1]);
  if (positionals[0] === 'restore') return restoreCommand(config, positionals[1]);
  if (command === 'setup' && values.remote) return remoteSetupCommand(config);
  const database = openNodeDatabase(config.DATABASE_PATH, { backupBeforeMigrating: { dir: backupDir(config), key: config.BACKUP_KEY }, log: console.error });
  try {
    const needsLink = command === 'invite create';
    const core = createCore({ config, database, translate: loadTranslator(), botUsername: needsLink ? await botUsername(config) : undefined });
    if (needsLink) core.config.maxBotUsername = await maxBotUsername(config, core);
    switch (command) {
      case 'invite create': {
        const { link, maxLink, invite } = await createInvite(
          core,
          {
            role: values.role as never,
            schoolId: values.school as never,
            municipalityId: values.municipality?.[0] as never,
            maxUses: values.uses as never,
            validDays: values.days as never,
          },
          'cli',
        );
        // A MAX-only deployment has no Telegram bot to link to.
        if (config.BOT_TOKEN || !config.MAX_BOT_TOKEN) console.log(link);
        if (maxLink) console.log(maxLink);
        console.error(`invite ${invite.id}: ${invite.role}, up to ${invite.maxUses} use(s), valid until ${new Date(invite.expiresAt).toISOString()}`);
        break;
      }
      case 'admin create': {
        const input = z
          .object({
            email: z.email({ message: '--email must be an e-mail address' }),
            role: z.enum(['owner', 'editor', 'coordinator', 'viewer'], { message: '--role must be owner, editor, coordinator or viewer' }),
            municipalityIds: z.array(z.coerce.number().int().positive({ message: '--municipality must be a municipality id' })),
            password: z.string().min(10, '--password must be at least 10 characters').optional(),
          })
          .safeParse({ email: values.email, role: values.role, municipalityIds: values.municipality ?? [], password: values.password });
        if (!input.success) fail(input.error.issues.map((i) => i.message).join('\n'));
        const password = input.data.password ?? btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(12))));
        const admin = await createAdmin(core, { ...input.data, password });
        console.log(`admin ${admin.email} (${admin.role}) created${input.data.password ? '' : `; password: ${password}`}`);
        break;
      }
      case 'person approve':
      case 'person reject': {
        const id = Number(positionals[2]);
        if (!Number.isInteger(id) || id <= 0) fail(`${command}: give the person's id, e.g. npm run cli -- ${command} 42`);
        const person = await decideRegistration(core, {
          personId: id,
          approve: command === 'person approve',
          decider: { kind: 'operator', label: 'cli' },
          reason: values.reason,
        });
        console.log(`person ${person.id}: ${person.status}`);
        break;
      }
      case 'demo load':
        await loadDemoRegion(core);
        console.log(`demo region loaded into ${config.DATABASE_PATH}`);
        break;
      case 'setup': {
        if (!config.BOT_TOKEN && !config.MAX_BOT_TOKEN) fail('setup: neither BOT_TOKEN nor MAX_BOT_TOKEN is set (the sandbox needs no setup)');
        const bot = config.BOT_TOKEN ? createBot({ token: config.BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, core }) : undefined;
        const webhook = config.PUBLIC_URL && config.WEBHOOK_SECRET ? { publicUrl: config.PUBLIC_URL, secret: config.WEBHOOK_SECRET } : undefined;
        const maxConfig = maxSettings(config);
        const max = maxConfig ? createMaxSide({ ...maxConfig, core, log: console.error }) : undefined;
        const report = await runStartupChores({ core, bot, webhook, max });
        if (report.botUsername !== null)
          console.log(`setup: @${report.botUsername}, command menus set, ${report.webhook ? `webhook ${report.webhook}` : 'no webhook (long polling)'}`);
        if (report.maxWebhook) console.log(`setup: MAX: command menu set, webhook ${report.maxWebhook}`);
        break;
      }
      default:
        fail(`unknown command "${command}"\n\n${usage}`);
    }
  } catch (error) {
    if (error instanceof DomainError) fail(`${command}: ${error.code}${error.message !== error.code ? `: ${error.message}` : ''}`);
    throw error;
  } finally {
    database.close();
  }
}

/** The parser needs no database: the file's bytes go to the same code the panel uses. */
async function roadmapParse(file: string | undefined, year: string | undefined, json: boolean): Promise<void> {
  if (!file) fail('roadmap parse: give the file, e.g. npm run cli -- roadmap parse plan.docx');
  if (year !== undefined && !/^\d{4}$/.test(year)) fail(`roadmap parse: --year must be a year like 2024, not "${year}"`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      `roadmap parse: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(error)}`,
    );
  }
  try {
    const roadMap = await parseRoadMap({ kind: 'file', name: basename(file), bytes }, year ? { year: Number(year) } : {});
    process.stdout.write(json ? `${JSON.stringify(roadMap, null, 2)}\n` : formatRoadMap(roadMap));
  } catch (error) {
    if (error instanceof DomainError) fail(`roadmap parse: ${error.message}`);
    throw error;
  }
}

/** Backs up the file as it is (no migrations applied), from outside the product or while it runs. */
async function backupCommand(config: Config, file: string | undefined): Promise<void> {
  if (!existsSync(config.DATABASE_PATH)) fail(`backup: there is no database at ${config.DATABASE_PATH} (DATABASE_PATH)`);
  const target = resolve(file ?? join(backupDir(config), backupFileName(Date.now())));
  const sqlite = new BetterSqlite3(config.DATABASE_PATH, { fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  const started = Date.now();
  try {
    const made = await backupDatabase(sqlite, target, { migrations: readMigrations(migrationsFolder), key: config.BACKUP_KEY });
    await recordBackupInFile(sqlite, { at: started, ok: true, file: made.file, bytes: made.bytes, durationMs: Date.now() - started });
    console.log(
      `backup written: ${made.file} (${humanBytes(made.bytes)}, ${describeManifest(made.manifest)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    fail(`backup: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    sqlite.close();
  }
}

async function restoreCommand(config: Config, file: string | undefined): Promise<void> {
  if (!file) fail('restore: give the backup file, e.g. npm run cli -- restore data/backups/mayak-2026-01-31T03-00-00Z.backup');
  const holder = databaseLockHolder(config.DATABASE_PATH);
  if (holder)
    fail(`restore: the product is running on ${config.DATABASE_PATH} (process ${holder.pid} on ${holder.host}, started ${holder.startedAt}); stop it first`);
  try {
    const { manifest, keptAside } = await restoreBackup(resolve(file), config.DATABASE_PATH, { key: config.BACKUP_KEY });
    console.log(`restored ${config.DATABASE_PATH} from ${file}: ${describeManifest(manifest)}; every table's row count checked`);
    console.log(keptAside ? `the database that was there is kept as ${keptAside}` : 'there was no database there before');
    console.log('start the product as usual; migrations newer than the backup are applied then');
  } catch (error) {
    fail(`restore: ${error instanceof Error ? error.message : String(error)}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
