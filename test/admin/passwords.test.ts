import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAdmin,
  ensureOwner,
  findAdminByEmail,
  hashPassword,
  isCurrentPasswordHash,
  unknownAccountHash,
  verifyPassword,
} from '../../core/admins/accounts.js';
import { changeOwnPassword } from '../../core/admins/own-account.js';
import { actorOf, signIn } from '../../core/admins/sessions.js';
import { openNodeDatabase } from '../../db/node.js';
import { admins } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';

const password = 'correct horse battery';
const newScheme = /^pbkdf2-sha256\+pepper\$100000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;

/** A hash as the panel made them before: PBKDF2-SHA256, 600,000 rounds, no pepper. */
async function legacyHash(secret: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 600_000 }, key, 256));
  const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
  return `pbkdf2-sha256$600000$${b64(salt)}$${b64(bits)}`;
}

describe('admin passwords: one scheme Node and Workers both verify', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const attempt = (core: Harness['core'], secret: string) => signIn(core, { email: 'old@mayak.test', password: secret, ip: '10.0.0.1' });

  it('an old 600,000-round hash still signs in and is rewritten to 100,000 rounds with a pepper; wrong passwords fail both', async () => {
    h = await Harness.start();
    const old = await legacyHash(password);
    await h.core.database.db
      .insert(admins)
      .values({ email: 'old@mayak.test', passwordHash: old, role: 'owner', municipalityIds: [], createdAt: h.clock.now() });

    await expect(attempt(h.core, 'wrong horse battery')).rejects.toMatchObject({ code: 'invalid-credentials' });
    expect((await findAdminByEmail(h.core, 'old@mayak.test'))!.passwordHash).toBe(old);
    // An unknown e-mail costs what a current account costs: its dummy hash has the current scheme and rounds.
    expect(isCurrentPasswordHash(unknownAccountHash)).toBe(true);
    await expect(signIn(h.core, { email: 'nobody@mayak.test', password, ip: '10.0.0.2' })).rejects.toMatchObject({ code: 'invalid-credentials' });

    await attempt(h.core, password);
    const upgraded = (await findAdminByEmail(h.core, 'old@mayak.test'))!.passwordHash;
    expect(upgraded).toMatch(newScheme);

    await expect(attempt(h.core, 'wrong horse battery')).rejects.toMatchObject({ code: 'invalid-credentials' });
    await attempt(h.core, password);
    expect((await findAdminByEmail(h.core, 'old@mayak.test'))!.passwordHash).toBe(upgraded);
  });

  it('changing a password from an old hash checks it against the old scheme and stores the new one', async () => {
    h = await Harness.start();
    const admin = await h.core.database.db
      .insert(admins)
      .values({ email: 'old@mayak.test', passwordHash: await legacyHash(password), role: 'editor', municipalityIds: [], createdAt: h.clock.now() })
      .returning()
      .get();
    await expect(
      changeOwnPassword(h.core, actorOf(admin), 0, { current: 'wrong horse battery', next: 'new horse battery', confirm: 'new horse battery' }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await changeOwnPassword(h.core, actorOf(admin), 0, { current: password, next: 'new horse battery', confirm: 'new horse battery' });
    const stored = (await findAdminByEmail(h.core, 'old@mayak.test'))!.passwordHash;
    expect(stored).toMatch(newScheme);
    await attempt(h.core, 'new horse battery');
    await expect(attempt(h.core, password)).rejects.toMatchObject({ code: 'invalid-credentials' });
  });

  it('the pepper is part of the hash: PASSWORD_PEPPER given, another pepper cannot verify it', async () => {
    h = await Harness.start({ config: { PASSWORD_PEPPER: 'p'.repeat(40) } });
    const hash = await hashPassword(h.core, password);
    expect(hash).toMatch(newScheme);
    expect(await verifyPassword(h.core, password, hash)).toBe(true);
    expect(await verifyPassword(h.core, 'correct horse batterY', hash)).toBe(false);
    const otherPepper = { ...h.core, config: { ...h.core.config, passwordPepper: 'q'.repeat(40) } };
    expect(await verifyPassword(otherPepper, password, hash)).toBe(false);
    const databaseSecret = { ...h.core, config: { ...h.core.config, passwordPepper: undefined } };
    expect(await verifyPassword(databaseSecret, password, hash)).toBe(false);
  });

  it('new accounts get the new scheme: the first owner of ADMIN_EMAIL and createAdmin', async () => {
    h = await Harness.start();
    expect(await ensureOwner(h.core, 'owner-first@mayak.test', password)).toBe('created');
    const owner = await findAdminByEmail(h.core, 'owner-first@mayak.test');
    expect(owner!.passwordHash).toMatch(newScheme);
    const editor = await createAdmin(h.core, { email: 'editor-new@mayak.test', password, role: 'editor' });
    expect(editor.passwordHash).toMatch(newScheme);
    expect(await verifyPassword(h.core, password, editor.passwordHash)).toBe(true);
  });

  it('npm run cli -- admin create stores a new-scheme hash that the panel then verifies', async () => {
    h = await Harness.start();
    const root = join(import.meta.dirname, '..', '..');
    const databasePath = join(h.dir, 'cli.db');
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', DATABASE_PATH: databasePath };
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'runtime/cli.ts', 'admin', 'create', '--email', 'cli@mayak.test', '--role', 'owner', '--password', password],
      { cwd: root, env, encoding: 'utf8' },
    );
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const database = openNodeDatabase(databasePath);
    try {
      const row = await database.db.select().from(admins).where(eq(admins.email, 'cli@mayak.test')).get();
      expect(row!.passwordHash).toMatch(newScheme);
      const core = { ...h.core, database };
      expect(await verifyPassword(core, password, row!.passwordHash)).toBe(true);
      expect(await verifyPassword(core, 'wrong horse battery', row!.passwordHash)).toBe(false);
    } finally {
      database.close();
    }
  });
});
