import { eq } from 'drizzle-orm';
import { admins, type AdminRole } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { serverSecret } from './secrets.js';

export type AdminAccount = typeof admins.$inferSelect;

/**
 * PBKDF2-SHA256 at the 100,000 rounds Cloudflare's production runtime allows (it refuses more), so a hash made on
 * Node verifies on Workers and back. Fewer rounds than OWASP's 600,000 are made up for by a pepper: the password is
 * first an HMAC under a secret kept apart from the hashes, so a leaked `admins` table alone cannot be guessed at.
 */
const currentRounds = 100_000;
const pepperedScheme = 'pbkdf2-sha256+pepper';
/** The earlier scheme (600,000 rounds, no pepper): still verified, and rewritten at the next sign-in. */
const plainScheme = 'pbkdf2-sha256';

/** Cached: the secret never changes once made, and each sign-in should not read it again. */
const peppersBySetting = new Map<string, Promise<CryptoKey>>();
const peppersByDatabase = new WeakMap<object, Promise<CryptoKey>>();

function pepperKey(core: Core): Promise<CryptoKey> {
  const setting = core.config.passwordPepper;
  const cached = setting ? peppersBySetting.get(setting) : peppersByDatabase.get(core.database);
  if (cached) return cached;
  const key = (async () => {
    const secret = setting ?? (await serverSecret(core, 'password-pepper'));
    return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  })();
  if (setting) peppersBySetting.set(setting, key);
  else {
    peppersByDatabase.set(core.database, key);
    key.catch(() => peppersByDatabase.delete(core.database));
  }
  return key;
}

export async function hashPassword(core: Core, password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const peppered = await pepper(core, password);
  return `${pepperedScheme}$${currentRounds}$${toBase64(salt)}$${toBase64(await derive(peppered, salt, currentRounds))}`;
}

/** A stored hash of the current scheme and rounds needs no rewriting. */
export function isCurrentPasswordHash(stored: string): boolean {
  const [scheme, rounds] = stored.split('$');
  return scheme === pepperedScheme && Number(rounds) === currentRounds;
}

/**
 * A hash in the current scheme with rounds and salt like a real one: verified when the account is unknown, so the
 * time taken does not tell which addresses exist.
 */
export const unknownAccountHash = `${pepperedScheme}$${currentRounds}$AAAAAAAAAAAAAAAAAAAAAA==$AAAA`;

/** Checks a password against a stored hash of either scheme; the rounds are read from the hash. */
export async function verifyPassword(core: Core, password: string, stored: string): Promise<boolean> {
  const [scheme, roundsText, salt, hash] = stored.split('$');
  const rounds = Number(roundsText);
  if ((scheme !== pepperedScheme && scheme !== plainScheme) || !Number.isInteger(rounds) || rounds < 1 || !salt || !hash) return false;
  const input = scheme === pepperedScheme ? await pepper(core, password) : new TextEncoder().encode(password);
  const actual = await derive(input, fromBase64(salt), rounds);
  const expected = fromBase64(hash);
  // Constant-time comparison: the time taken says nothing about how much of the hash matched.
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ (expected[i] ?? 0);
  return diff === 0;
}

async function pepper(core: Core, password: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await pepperKey(core), new TextEncoder().encode(password)));
}

async function derive(input: Uint8Array, salt: Uint8Array, rounds: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', input as BufferSource, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: rounds }, key, 256);
  return new Uint8Array(bits);
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function findAdminByEmail(core: Core, email: string): Promise<AdminAccount | undefined> {
  return core.database.db.select().from(admins).where(eq(admins.email, email.trim().toLowerCase())).get();
}

/** An admin account as stored, for the CLI and the first owner; the panel goes through management.ts (checks and audit). */
export async function createAdmin(core: Core, input: NewAdmin): Promise<AdminAccount> {
  return core.database.db
    .insert(admins)
    .values(await newAdminRow(core, input))
    .returning()
    .get();
}

export interface NewAdmin {
  email: string;
  password: string;
  role: AdminRole;
  municipalityIds?: number[];
  name?: string | null;
}

/** The row of a new account; the password only ever leaves here hashed. */
export async function newAdminRow(core: Core, input: NewAdmin): Promise<typeof admins.$inferInsert> {
  return {
    email: input.email.trim().toLowerCase(),
    name: input.name ?? null,
    passwordHash: await hashPassword(core, input.password),
    role: input.role,
    municipalityIds: input.municipalityIds ?? [],
    createdAt: core.clock.now(),
  };
}

/** The shortest password the panel accepts. */
export const passwordMinLength = 10;

/** No 0/O, 1/l/I: a generated password is read off a screen and typed or dictated. */
const passwordAlphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 16 characters (about 93 bits), drawn without modulo bias. */
export function generatePassword(length = 16): string {
  const out: string[] = [];
  const limit = 256 - (256 % passwordAlphabet.length);
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out.push(passwordAlphabet[byte % passwordAlphabet.length]!);
    }
  }
  return out.join('');
}

/** The first owner from ADMIN_EMAIL / ADMIN_PASSWORD, created once: a changed password in the environment is not applied again. */
export async function ensureOwner(core: Core, email: string, password: string): Promise<'created' | 'exists'> {
  if (await findAdminByEmail(core, email)) return 'exists';
  await createAdmin(core, { email, password, role: 'owner' });
  return 'created';
}
