import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync, type Cipher, type DecipherGCM } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import { createGunzip, createGzip, gzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { schemaVersion, type Migration } from './migrate.js';

/**
 * One backup is one file: a first line naming the format, a second line with the manifest (JSON, never encrypted:
 * it holds counts, not personal data), then the SQLite file gzipped and, when a key is set, encrypted with
 * AES-256-GCM (its 16-byte tag closes the file). Node's streaming cipher rather than WebCrypto's, so a large
 * database is never held in memory whole and the pre-upgrade copy can be made synchronously.
 */
const magic = 'MAYAK-BACKUP 1';
const tagBytes = 16;

const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  database: z.string(),
  schemaVersion: z.string().nullable(),
  tables: z.record(z.string(), z.number().int().nonnegative()),
  sqliteBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  compression: z.literal('gzip'),
  encryption: z.object({ cipher: z.literal('aes-256-gcm'), kdf: z.literal('scrypt'), salt: z.string(), iv: z.string() }).nullable(),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

export interface BackupOptions {
  migrations: Migration[];
  /** BACKUP_KEY: when set the database inside is encrypted. */
  key?: string;
  now?: number;
}

export class BackupError extends Error {}

/** `mayak-2026-12-06T03-50-00Z.backup`, with a suffix for copies made before an upgrade: sortable, and retention reads the time back. */
export function backupFileName(at: number, suffix = ''): string {
  return `mayak-${new Date(at).toISOString().slice(0, 19).replace(/:/g, '-')}Z${suffix ? `-${suffix}` : ''}.backup`;
}

const backupNamePattern = /^mayak-(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)Z(?:-[\w.-]+)?\.backup$/;

/** When a backup named by `backupFileName` was made, or undefined for any other file. */
export function backupTimeOf(name: string): number | undefined {
  const m = backupNamePattern.exec(name);
  return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) : undefined;
}

function deriveKey(key: string, salt: Buffer): Buffer {
  return scryptSync(key, salt, 32);
}

/** Row counts of every table, the schema version: what a restore checks and reports. */
function describeSnapshot(path: string, migrations: Migration[]): Pick<BackupManifest, 'tables' | 'schemaVersion'> {
  const sqlite = new BetterSqlite3(path);
  try {
    // The copy stands alone: no -wal beside it to lose.
    sqlite.pragma('journal_mode = DELETE');
    // Counting reads every page once: no need to keep them.
    sqlite.pragma('cache_size = -256');
    const names = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    const tables: Record<string, number> = {};
    for (const name of names)
      tables[name] =
        (sqlite
          .prepare(`SELECT count(*) FROM "${name.replace(/"/g, '""')}"`)
          .pluck()
          .get() as number) ?? 0;
    return { tables, schemaVersion: schemaVersion(sqlite, migrations) ?? null };
  } finally {
    sqlite.close();
  }
}

/** The manifest of a snapshot already described (`describeSnapshot` changes its header, so it comes before the checksum). */
function startManifest(
  snapshot: string,
  databasePath: string,
  options: BackupOptions,
  described: Pick<BackupManifest, 'tables' | 'schemaVersion'>,
  sha256: string,
): { manifest: BackupManifest; cipherKey?: Buffer } {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date(options.now ?? Date.now()).toISOString(),
    database: basename(databasePath),
    ...described,
    sqliteBytes: statSync(snapshot).size,
    sha256,
    compression: 'gzip',
    encryption: options.key ? { cipher: 'aes-256-gcm', kdf: 'scrypt', salt: salt.toString('base64'), iv: iv.toString('base64') } : null,
  };
  return { manifest, cipherKey: options.key ? deriveKey(options.key, salt) : undefined };
}

const header = (manifest: BackupManifest) => Buffer.from(`${magic}\n${JSON.stringify(manifest)}\n`);

/**
 * Reads a file in 1 MiB pieces through one buffer, a turn of the event loop between them. A read stream hands over a
 * new 64 KiB buffer a piece, which the collector frees late: reading a 19 MB snapshot that way left the process
 * 17 MiB larger.
 */
async function eachPiece(path: string, use: (piece: Buffer) => Promise<void> | void): Promise<void> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafeSlow(1 << 20);
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      await use(buffer.subarray(0, n));
      await setImmediate();
    }
  } finally {
    closeSync(fd);
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await eachPiece(path, (piece) => {
    hash.update(piece);
  });
  return hash.digest('hex');
}

/** The snapshot gzipped (and encrypted, with a cipher) onto `out`; the next piece is read once gzip has taken the last. */
async function pack(snapshot: string, out: Writable, cipher?: Cipher): Promise<void> {
  const gzip = createGzip({ level: 3 });
  const written = cipher ? pipeline(gzip, cipher, out) : pipeline(gzip, out);
  const fed = (async () => {
    try {
      await eachPiece(snapshot, (piece) => new Promise<void>((resolve, reject) => gzip.write(piece, (error) => (error ? reject(error) : resolve()))));
      gzip.end();
    } catch (error) {
      gzip.destroy(error as Error);
      throw error;
    }
  })();
  await Promise.all([written, fed]);
}

function prepareFolder(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}

/**
 * A consistent copy of the database at `snapshot` (`VACUUM INTO`, which reads one snapshot while other connections
 * keep writing), made by a connection of its own with a small page cache. SQLite's online backup API, through
 * better-sqlite3, writes the copy through a destination connection nobody can configure, whose page cache (16 MiB in
 * better-sqlite3's build) filled with it: the daily backup was the running process's memory peak. The copy is one
 * statement, so this process waits for it (the bench's backup case: under a second for 200,000 people).
 */
function copyDatabase(sqlite: BetterSqlite3.Database, snapshot: string): void {
  rmSync(snapshot, { force: true });
  if (sqlite.memory) {
    sqlite.prepare('VACUUM INTO ?').run(snapshot);
    return;
  }
  const copier = new BetterSqlite3(sqlite.name, { fileMustExist: true });
  try {
    copier.pragma('busy_timeout = 5000');
    copier.pragma('cache_size = -256');
    copier.prepare('VACUUM INTO ?').run(snapshot);
  } finally {
    copier.close();
  }
}

/**
 * A consistent copy of the live database, described, compressed and maybe encrypted, into `file`. Written beside it
 * first and renamed when complete, so a half-written backup never looks like one.
 */
export async function backupDatabase(sqlite: BetterSqlite3.Database, file: string, options: BackupOptions): Promise<BackupResult> {
  prepareFolder(file);
  const snapshot = `${file}.snapshot`;
  const partial = `${file}.partial`;
  try {
    copyDatabase(sqlite, snapshot);
    const described = describeSnapshot(snapshot, options.migrations);
    const { manifest, cipherKey } = startManifest(snapshot, sqlite.name, options, described, await sha256OfFile(snapshot));
    writeFileSync(partial, header(manifest));
    const out = createWriteStream(partial, { flags: 'a' });
    if (cipherKey) {
      const cipher = createCipheriv('aes-256-gcm', cipherKey, Buffer.from(manifest.encryption!.iv, 'base64'));
      await pack(snapshot, out, cipher);
      writeFileSync(partial, cipher.getAuthTag(), { flag: 'a' });
    } else {
      await pack(snapshot, out);
    }
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, manifest };
  } finally {
    rmSync(snapshot, { force: true });
    rmSync(partial, { force: true });
  }
}

/** The same, synchronously, for the copy made before migrations, when nothing else runs in the process yet. */
export function backupDatabaseSync(sqlite: BetterSqlite3.Database, file: string, options: BackupOptions): BackupResult {
  prepareFolder(file);
  const snapshot = `${file}.snapshot`;
  try {
    copyDatabase(sqlite, snapshot);
    const described = describeSnapshot(snapshot, options.migrations);
    const content = readFileSync(snapshot);
    const { manifest, cipherKey } = startManifest(snapshot, sqlite.name, options, described, createHash('sha256').update(content).digest('hex'));
    const packed = gzipSync(content, { level: 3 });
    let body: Buffer[] = [packed];
    if (cipherKey) {
      const cipher = createCipheriv('aes-256-gcm', cipherKey, Buffer.from(manifest.encryption!.iv, 'base64'));
      body = [cipher.update(packed), cipher.final(), cipher.getAuthTag()];
    }
    writeFileSync(`${file}.partial`, Buffer.concat([header(manifest), ...body]));
    renameSync(`${file}.partial`, file);
    return { file, bytes: statSync(file).size, manifest };
  } finally {
    rmSync(snapshot, { force: true });
  }
}

/** The manifest of a backup file and where its payload starts; a clear error for anything else. */
export function readBackupManifest(file: string): { manifest: BackupManifest; payloadStart: number; size: number } {
  if (!existsSync(file)) throw new BackupError(`${file}: no such file`);
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(64 * 1024);
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const firstEnd = head.indexOf(10);
  const secondEnd = firstEnd < 0 ? -1 : head.indexOf(10, firstEnd + 1);
  if (firstEnd < 0 || head.subarray(0, firstEnd).toString() !== magic || secondEnd < 0 || secondEnd >= read) {
    throw new BackupError(`${file} is not a Маяк backup (it does not start with "${magic}")`);
  }
  let json: unknown;
  try {
    json = JSON.parse(head.subarray(firstEnd + 1, secondEnd).toString());
  } catch {
    throw new BackupError(`${file}: the manifest is not valid JSON; the file is damaged`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new BackupError(`${file}: the manifest is incomplete (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}); the file is damaged`);
  return { manifest: parsed.data, payloadStart: secondEnd + 1, size: statSync(file).size };
}

/** Unpacks a backup into `target` and checks it: checksum, then each table's row count against the manifest. */
export async function unpackBackup(file: string, target: string, key?: string): Promise<BackupManifest> {
  const { manifest, payloadStart, size } = readBackupManifest(file);
  let decipher: DecipherGCM | undefined;
  if (manifest.encryption) {
    if (!key) throw new BackupError(`${file} is encrypted: set BACKUP_KEY to the key it was made with`);
    decipher = createDecipheriv('aes-256-gcm', deriveKey(key, Buffer.from(manifest.encryption.salt, 'base64')), Buffer.from(manifest.encryption.iv, 'base64'));
    const fd = openSync(file, 'r');
    const tag = Buffer.alloc(tagBytes);
    try {
      readSync(fd, tag, 0, tagBytes, size - tagBytes);
    } finally {
      closeSync(fd);
    }
    decipher.setAuthTag(tag);
  }
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const end = size - 1 - (decipher ? tagBytes : 0);
  rmSync(target, { force: true });
  try {
    const source = createReadStream(file, { start: payloadStart, end });
    await (decipher
      ? pipeline(source, decipher, createGunzip(), hashing, createWriteStream(target))
      : pipeline(source, createGunzip(), hashing, createWriteStream(target)));
  } catch (error) {
    rmSync(target, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    if (decipher && /auth/i.test(reason)) throw new BackupError(`${file}: cannot decrypt: BACKUP_KEY is not the key it was made with, or the file is damaged`);
    throw new BackupError(`${file}: cannot unpack (${reason}); the file is damaged`);
  }
  if (hash.digest('hex') !== manifest.sha256) {
    rmSync(target, { force: true });
    throw new BackupError(`${file}: the checksum does not match the manifest; the file is damaged`);
  }
  const found = describeSnapshot(target, []);
  const wrong = Object.entries(manifest.tables).filter(([table, count]) => found.tables[table] !== count);
  if (wrong.length) {
    rmSync(target, { force: true });
    throw new BackupError(
      `${file}: row counts differ from the manifest (${wrong.map(([t, c]) => `${t}: ${found.tables[t] ?? 'missing'} instead of ${c}`).join(', ')})`,
    );
  }
  return manifest;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the database that was there before is kept, if there was one. */
  keptAside?: string;
}

/**
 * Puts a backup in place of the database file. The caller makes sure no process has the file open. The current
 * file (with its -wal and -shm) is renamed aside, never deleted.
 */
export async function restoreBackup(file: string, databasePath: string, options: { key?: string; now?: number } = {}): Promise<RestoreResult> {
  mkdirSync(dirname(databasePath), { recursive: true });
  const restoring = `${databasePath}.restoring`;
  const manifest = await unpackBackup(file, restoring, options.key);
  let keptAside: string | undefined;
  if (existsSync(databasePath)) {
    keptAside = `${databasePath}.before-restore-${new Date(options.now ?? Date.now()).toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
    renameSync(databasePath, keptAside);
    for (const companion of ['-wal', '-shm']) if (existsSync(databasePath + companion)) renameSync(databasePath + companion, keptAside + companion);
  }
  renameSync(restoring, databasePath);
  return { manifest, keptAside };
}

/** Total rows and the largest tables of a manifest, in one line for people. */
export function describeManifest(manifest: BackupManifest): string {
  const tables = Object.entries(manifest.tables);
  const rows = tables.reduce((sum, [, n]) => sum + n, 0);
  const people = manifest.tables['people'];
  return `made ${manifest.createdAt}, schema ${manifest.schemaVersion ?? 'empty'}, ${tables.length} tables, ${rows} rows${people === undefined ? '' : ` (${people} people)`}${manifest.encryption ? ', encrypted' : ''}`;
}

/** The backup files of a folder (by our naming), newest first. */
export function listBackups(folder: string): { name: string; at: number; path: string }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => ({ name, at: backupTimeOf(name), path: join(folder, name) }))
    .filter((b): b is { name: string; at: number; path: string } => b.at !== undefined)
    .sort((a, b) => b.at - a.at);
}

export interface Retention {
  daily: number;
  weekly: number;
}

export const defaultRetention: Retention = { daily: 7, weekly: 4 };

const dayMs = 86_400_000;

/**
 * Which backups to keep: the newest of each of the last `daily` days that have one, and the newest of each of the
 * last `weekly` weeks (Monday to Sunday, UTC) that have one; the rest go. With 7 + 4 the oldest kept is about five
 * weeks old, which is how long data erased by /delete_me may live on in backups.
 */
export function backupsToKeep(times: number[], retention: Retention = defaultRetention): Set<number> {
  const keep = new Set<number>();
  const days = new Set<number>();
  const weeks = new Set<number>();
  for (const at of [...times].sort((a, b) => b - a)) {
    const day = Math.floor(at / dayMs);
    // 1970-01-01 was a Thursday: shifting by 3 days makes each week start on a Monday.
    const week = Math.floor((day + 3) / 7);
    if (!days.has(day) && days.size < retention.daily) {
      days.add(day);
      keep.add(at);
    }
    if (!weeks.has(week) && weeks.size < retention.weekly) {
      weeks.add(week);
      keep.add(at);
    }
  }
  return keep;
}

/** Deletes the backups of `folder` that the retention no longer keeps; returns their names. */
export function pruneBackups(folder: string, retention: Retention = defaultRetention): string[] {
  const backups = listBackups(folder);
  const keep = backupsToKeep(
    backups.map((b) => b.at),
    retention,
  );
  const gone = backups.filter((b) => !keep.has(b.at));
  for (const b of gone) rmSync(b.path, { force: true });
  return gone.map((b) => b.name);
}
