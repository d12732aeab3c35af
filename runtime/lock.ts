import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';

/** Who holds a database file: written into `<DATABASE_PATH>.lock` by the process that owns it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder started. */
  startedAt: string;
}

const holderSchema = z.object({ pid: z.number().int().positive(), host: z.string(), startedAt: z.string() });

export const lockPath = (databasePath: string) => `${databasePath}.lock`;

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return holderSchema.parse(JSON.parse(text));
  } catch {
    return 'unreadable';
  }
}

/**
 * The live process that holds the database file, or undefined when nobody does. A lock left by a process
 * that is gone (a crash, a kill -9, our own pid from before a container restart) is stale and does not count;
 * a holder on another host cannot be checked and counts as alive.
 */
export function databaseLockHolder(databasePath: string): LockHolder | undefined {
  const holder = readHolder(lockPath(databasePath));
  if (holder === undefined || holder === 'unreadable') return undefined;
  if (holder.host !== hostname()) return holder;
  if (holder.pid === process.pid || !alive(holder.pid)) return undefined;
  return holder;
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly databasePath: string,
    readonly holder: LockHolder,
  ) {
    super(
      `database ${databasePath} is in use by process ${holder.pid} on ${holder.host} (started ${holder.startedAt}); ` +
        `two processes on one file would send messages twice. Stop that process first (or remove ${lockPath(databasePath)} if it is certainly gone)`,
    );
  }
}

export interface DatabaseLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/**
 * Makes this process the one owner of the database file: creates `<path>.lock` exclusively with our pid, host
 * and start time. A stale lock is replaced; a live holder makes it throw DatabaseLockedError naming the holder.
 */
export function acquireDatabaseLock(databasePath: string): DatabaseLock {
  const path = lockPath(databasePath);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          const holder = readHolder(path);
          if (holder !== 'unreadable' && holder?.pid === me.pid && holder.host === me.host && holder.startedAt === me.startedAt) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = databaseLockHolder(databasePath);
    if (holder) throw new DatabaseLockedError(databasePath, holder);
    // An unreadable lock may be one another starter is writing this very moment: give it a second before taking over.
    if (readHolder(path) === 'unreadable' && Date.now() - modifiedAt(path) < 2000) {
      throw new Error(`the lock ${path} is being taken by another process starting on ${databasePath}`);
    }
    // Stale (its process is gone, or a crash left it half-written): take it over; a starter racing us loses at 'wx'.
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`could not take the lock ${path}: it keeps being recreated by another process`);
}
