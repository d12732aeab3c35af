import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDatabaseLock, databaseLockHolder, DatabaseLockedError, lockPath } from '../runtime/lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function databasePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mayak-lock-'));
  dirs.push(dir);
  return join(dir, 'mayak.db');
}

/** The id of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('one process per database file', () => {
  it('writes who holds the file and removes the lock on release', () => {
    const path = databasePath();
    const lock = acquireDatabaseLock(path);
    expect(JSON.parse(readFileSync(lockPath(path), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), startedAt: expect.stringMatching(/^\d{4}-/) });
    lock.release();
    expect(existsSync(lockPath(path))).toBe(false);
    expect(databaseLockHolder(path)).toBeUndefined();
  });

  it('refuses while another live process on this host holds it, naming that process', () => {
    const path = databasePath();
    const holder = { pid: process.ppid, host: hostname(), startedAt: '2026-12-06T03:00:00.000Z' };
    writeFileSync(lockPath(path), JSON.stringify(holder));
    expect(databaseLockHolder(path)).toEqual(holder);
    expect(() => acquireDatabaseLock(path)).toThrow(DatabaseLockedError);
    expect(() => acquireDatabaseLock(path)).toThrow(`in use by process ${process.ppid} on ${hostname()}`);
  });

  it('counts a holder on another host as alive (it cannot be checked from here)', () => {
    const path = databasePath();
    writeFileSync(lockPath(path), JSON.stringify({ pid: deadPid(), host: 'other-host', startedAt: '2026-12-06T03:00:00.000Z' }));
    expect(databaseLockHolder(path)?.host).toBe('other-host');
    expect(() => acquireDatabaseLock(path)).toThrow(DatabaseLockedError);
  });

  it('takes over a lock whose process is gone, and leaves a fresh unreadable one to the starter writing it', () => {
    const path = databasePath();
    writeFileSync(lockPath(path), JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: '2026-12-06T03:00:00.000Z' }));
    expect(databaseLockHolder(path)).toBeUndefined();
    acquireDatabaseLock(path).release();

    writeFileSync(lockPath(path), '{"pid": 12');
    expect(() => acquireDatabaseLock(path)).toThrow(/being taken by another process/);
  });
});
