import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../core/broadcasts/broadcasts.js';
import { startBroadcast } from '../../core/broadcasts/sending.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { backupStatus } from '../../core/operations/backups.js';
import { backupDatabase, backupsToKeep, readBackupManifest, restoreBackup } from '../../db/backup.js';
import { readMigrations } from '../../db/migrate.js';
import { migrationsFolder } from '../../db/node.js';
import { addTeachers, notice } from '../support/broadcasts.js';
import { Harness } from '../support/harness.js';
import { ownerActor, PanelClient } from '../support/panel.js';

const root = join(import.meta.dirname, '..', '..');
const migrations = readMigrations(migrationsFolder);
const day = 86_400_000;

function cli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'runtime/cli.ts', ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
}

function count(path: string, sql: string): number {
  const sqlite = new BetterSqlite3(path, { readonly: true });
  try {
    return sqlite.prepare(sql).pluck().get() as number;
  } finally {
    sqlite.close();
  }
}

describe('backups of the live database', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('backs up while a broadcast of 2,000 is sending; the restored file has every row its manifest counts', async () => {
    // Paid broadcasts' rate, so the test takes seconds: what matters is that sending goes on while the copy is made.
    await h.close();
    h = await Harness.start({ config: { SEND_RATE_PER_SECOND: '1000' } });
    await loadDemoRegion(h.core);
    await addTeachers(h.core, 2000);
    const b = await createBroadcast(h.core, ownerActor, notice());
    await startBroadcast(h.core, ownerActor, b.id);
    await h.tick();
    // The 2,000 and Elena of the demo region, a teacher in the same municipality.
    const recipients = 2001;
    const sent = () => h.fake.callsOf('sendMessage').length;
    const file = join(h.dir, 'during.backup');
    const sending = (async () => {
      for (let i = 0; i < 2000 && sent() < recipients; i++) {
        h.clock.advance(100);
        await h.tick();
      }
    })();
    // The copy is one statement; the outbox goes on sending while it is checksummed and compressed.
    const sentBefore = sent();
    const made = await backupDatabase(h.database.sqlite, file, { migrations });
    const sentAfter = sent();
    await sending;
    expect(sentBefore).toBeLessThan(recipients);
    expect(sentAfter).toBeGreaterThan(sentBefore);
    expect(sent()).toBe(recipients);

    const restored = join(h.dir, 'restored.db');
    const { manifest, keptAside } = await restoreBackup(file, restored);
    expect(keptAside).toBeUndefined();
    expect(manifest.schemaVersion).toBe(migrations.at(-1)!.tag);
    expect(manifest.tables.people).toBe(count(join(h.dir, 'mayak.db'), `SELECT count(*) FROM people`));
    expect(manifest.tables.people).toBeGreaterThan(2000);
    for (const [table, rows] of Object.entries(manifest.tables)) expect(count(restored, `SELECT count(*) FROM "${table}"`), table).toBe(rows);
    expect(made.manifest.tables.deliveries).toBeGreaterThanOrEqual(2000);
  });

  it('encrypts with BACKUP_KEY: without it or with another key nothing is restored; a damaged file is refused and the database stays', async () => {
    const file = join(h.dir, 'secret.backup');
    await backupDatabase(h.database.sqlite, file, { migrations, key: 'a long phrase for the region' });
    const content = readFileSync(file);
    expect(content.includes(Buffer.from('Елена'))).toBe(false);
    const target = join(h.dir, 'target.db');
    writeFileSync(target, 'the current database');
    await expect(restoreBackup(file, target)).rejects.toThrow(/encrypted: set BACKUP_KEY/);
    await expect(restoreBackup(file, target, { key: 'another phrase entirely' })).rejects.toThrow(/not the key it was made with/);
    const damaged = join(h.dir, 'damaged.backup');
    const copy = Buffer.from(content);
    copy[copy.length - 100]! ^= 0xff;
    writeFileSync(damaged, copy);
    await expect(restoreBackup(damaged, target, { key: 'a long phrase for the region' })).rejects.toThrow(/damaged/);
    expect(readFileSync(target, 'utf8')).toBe('the current database');

    const { keptAside } = await restoreBackup(file, target, { key: 'a long phrase for the region' });
    expect(readFileSync(keptAside!, 'utf8')).toBe('the current database');
    expect(count(target, `SELECT count(*) FROM people`)).toBe(readBackupManifest(file).manifest.tables.people);
  });

  it('the CLI backs up the file and refuses to restore while the product runs', async () => {
    const path = join(h.dir, 'mayak.db');
    const made = cli(['backup', join(h.dir, 'cli.backup')], { DATABASE_PATH: path });
    expect(made.stderr).toBe('');
    expect(made.stdout).toMatch(/backup written: .*cli\.backup .*schema \d{4}_\w+, \d+ tables/);
    const product = spawn('sleep', ['30']);
    try {
      writeFileSync(`${path}.lock`, JSON.stringify({ pid: product.pid, host: (await import('node:os')).hostname(), startedAt: new Date().toISOString() }));
      const refused = cli(['restore', join(h.dir, 'cli.backup')], { DATABASE_PATH: path });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/the product is running on .*mayak\.db \(process \d+ .*\); stop it first/);
    } finally {
      product.kill();
      rmSync(`${path}.lock`, { force: true });
    }
    // The product's own record, for the dashboard: the CLI's backup counts as the last one.
    expect((await backupStatus(h.core, Date.now())).state).toBe('ok');
  });
});

describe('scheduled backups', () => {
  it('runs daily as a due job, keeps 7 daily and 4 weekly, and warns when the last is old or failed', async () => {
    const h = await Harness.start({ backups: {} });
    try {
      expect((await backupStatus(h.core, h.clock.now())).state).toBe('never');
      for (let i = 0; i < 40; i++) {
        h.clock.advance(day);
        await h.tick();
      }
      const dir = join(h.dir, 'backups');
      const files = readdirSync(dir).filter((f) => f.endsWith('.backup'));
      expect(files.length).toBeGreaterThanOrEqual(7);
      expect(files.length).toBeLessThanOrEqual(11);
      const status = await backupStatus(h.core, h.clock.now());
      expect(status.state).toBe('ok');
      expect(status.lastBytes).toBeGreaterThan(0);
      expect((await backupStatus(h.core, h.clock.now() + 2 * day + 1)).state).toBe('stale');

      // The folder becomes a file: the next attempt fails, is recorded, and is tried again within the hour.
      rmSync(dir, { recursive: true });
      writeFileSync(dir, 'not a folder');
      h.clock.advance(day);
      await h.tick();
      const failed = await backupStatus(h.core, h.clock.now());
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatch(/ENOTDIR|EEXIST|not a directory/i);
      const health = (await (await h.app.admin.request('/healthz')).json()) as { backup: { state: string; warning: boolean; lastAt: string } };
      expect(health.backup).toMatchObject({ state: 'failed', warning: true, lastAt: new Date(status.lastAt!).toISOString() });
      const panel = await PanelClient.signedIn(h, 'viewer');
      expect(await panel.html('/')).toContain('class="stat alert" data-stat="backup"');
      expect(await panel.html('/')).toContain('резервная копия не сделана');
      rmSync(dir);
      h.clock.advance(3_600_000);
      await h.tick();
      expect((await backupStatus(h.core, h.clock.now())).state).toBe('ok');
      expect(((await (await h.app.admin.request('/healthz')).json()) as { backup: { warning: boolean } }).backup.warning).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('the retention keeps the newest of each of 7 days and of 4 weeks', () => {
    const now = Date.parse('2026-12-06T03:00:00Z');
    const times = Array.from({ length: 90 }, (_, i) => now - i * day);
    const kept = [...backupsToKeep(times)].sort((a, b) => b - a);
    expect(kept.slice(0, 7)).toEqual(times.slice(0, 7));
    // Four weeks, the first of them the newest's own: about five weeks back at most.
    expect(kept.length).toBeLessThanOrEqual(11);
    expect(now - kept.at(-1)!).toBeLessThan(5 * 7 * day);
    expect(now - kept.at(-1)!).toBeGreaterThanOrEqual(3 * 7 * day);
  });
});

describe('upgrades', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mayak-upgrade-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the migrations folder with only the first `n` of them, plus extra ones. */
  function migrationsWith(n: number, extra: { tag: string; sql: string }[] = []): string {
    const folder = join(dir, `migrations-${n}-${extra.length}`);
    spawnSync('cp', ['-r', migrationsFolder, folder]);
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string; when: number }[] };
    journal.entries = journal.entries.slice(0, n);
    for (const e of extra) {
      writeFileSync(join(folder, `${e.tag}.sql`), e.sql);
      journal.entries.push({ idx: journal.entries.length, version: '6', when: Date.now() + journal.entries.length, tag: e.tag, breakpoints: true } as never);
    }
    writeFileSync(journalPath, JSON.stringify(journal));
    return folder;
  }

  /** Opens the database in a child process, as the product does at start. */
  function openInChild(path: string, folder: string) {
    const script = `import { openNodeDatabase } from './db/node.ts';
      openNodeDatabase(${JSON.stringify(path)}, { migrationsFolder: ${JSON.stringify(folder)}, backupBeforeMigrating: { dir: ${JSON.stringify(join(dir, 'backups'))} }, log: console.log }).close();
      console.log('opened');`;
    return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
  }

  function seedOldest(path: string): void {
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { openNodeDatabase } from './db/node.ts'; openNodeDatabase(${JSON.stringify(path)}, { migrationsFolder: ${JSON.stringify(migrationsWith(1))} }).close();`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    const sqlite = new BetterSqlite3(path);
    const now = Date.now();
    sqlite.prepare(`INSERT INTO municipalities (name, created_at) VALUES ('Кирово-Чепецкий район', ?)`).run(now);
    sqlite
      .prepare(`INSERT INTO schools (municipality_id, full_name, short_name, tags, created_at) VALUES (1, 'МКОУ СОШ № 1', 'СОШ № 1', '["шнор"]', ?)`)
      .run(now);
    for (let i = 1; i <= 50; i++) {
      sqlite
        .prepare(
          `INSERT INTO people (telegram_id, full_name, roles, municipality_id, school_id, status, consent_at, consent_version, created_at, updated_at) VALUES (?, ?, '["teacher"]', 1, 1, 'active', ?, '1', ?, ?)`,
        )
        .run(5000 + i, `Учитель ${i}`, now, now, now);
    }
    sqlite
      .prepare(
        `INSERT INTO deliveries (chat_id, person_id, purpose, message, status, not_before, created_at) VALUES ('5001', 1, 'broadcast:1', '{"text":"Здравствуйте"}', 'sent', ?, ?)`,
      )
      .run(now, now);
    sqlite.close();
  }

  function run(child: ReturnType<typeof spawn>): Promise<{ code: number | null; output: string }> {
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
  }

  it('applies every migration to a database of the oldest schema with data in it, after a backup', async () => {
    const path = join(dir, 'mayak.db');
    seedOldest(path);
    const { code, output } = await run(openInChild(path, migrationsFolder));
    expect(output).toContain('opened');
    expect(code).toBe(0);
    expect(output).toMatch(new RegExp(`${migrations.length - 1} migration\\(s\\) to apply .*a backup was made first: .*before-${migrations[1]!.tag}\\.backup`));
    expect(count(path, `SELECT count(*) FROM __drizzle_migrations`)).toBe(migrations.length);
    expect(count(path, `SELECT count(*) FROM people WHERE full_name LIKE 'Учитель %' AND status = 'active'`)).toBe(50);
    expect(count(path, `SELECT count(*) FROM deliveries WHERE status = 'sent'`)).toBe(1);
    const backups = readdirSync(join(dir, 'backups'));
    expect(readBackupManifest(join(dir, 'backups', backups[0]!)).manifest).toMatchObject({ schemaVersion: migrations[0]!.tag, tables: { people: 50 } });
  });

  it('a process killed during a migration leaves the database unchanged; a failing one names itself and how to restore', async () => {
    const path = join(dir, 'mayak.db');
    seedOldest(path);
    const before = count(path, `SELECT count(*) FROM __drizzle_migrations`);
    // A long migration after the real ones: the kill lands while it runs.
    const slow = migrationsWith(migrations.length, [
      {
        tag: '9998_slow',
        sql: `CREATE TABLE filler (n integer);--> statement-breakpoint\nWITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 50000000) INSERT INTO filler SELECT n FROM c;`,
      },
    ]);
    const child = openInChild(path, slow);
    const killed = run(child);
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('a backup was made first') && resolve()));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGKILL');
    expect((await killed).code).toBe(null);
    expect(count(path, `SELECT count(*) FROM __drizzle_migrations`)).toBe(before);
    expect(count(path, `SELECT count(*) FROM sqlite_master WHERE name IN ('filler', 'surveys')`)).toBe(0);
    expect(count(path, `SELECT count(*) FROM people`)).toBe(50);

    const broken = migrationsWith(migrations.length, [{ tag: '9999_broken', sql: `ALTER TABLE no_such_table ADD COLUMN x integer;` }]);
    const failed = await run(openInChild(path, broken));
    expect(failed.code).toBe(1);
    const backup = /npm run cli -- restore (\S+\.backup)/.exec(failed.output)?.[1];
    expect(failed.output).toMatch(/migration 9999_broken failed: no such table: no_such_table\. The database is unchanged/);
    expect(backup && existsSync(backup)).toBe(true);
    expect(count(path, `SELECT count(*) FROM __drizzle_migrations`)).toBe(before);
    expect(count(path, `SELECT count(*) FROM people`)).toBe(50);
  });
});
