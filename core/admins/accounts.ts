import { eq } from 'drizzle-orm';
import { admins, type AdminRole } from '../../db/schema/index.js';
import type { Core } from '../core.js';

export type AdminAccount = typeof admins.$inferSelect;

/** OWASP's 2023 figure for PBKDF2-SHA256; WebCrypto has it on Node and on Workers alike. */
const iterations = 600_000;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${iterations}$${toBase64(salt)}$${toBase64(await derive(password, salt, iterations))}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, rounds, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !rounds || !salt || !hash) return false;
  const actual = await derive(password, fromBase64(salt), Number(rounds));
  const expected = fromBase64(hash);
  // Constant-time comparison: the time taken says nothing about how much of the hash matched.
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ (expected[i] ?? 0);
  return diff === 0;
}

async function derive(password: string, salt: Uint8Array, rounds: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
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
  return core.database.db.insert(admins).values(await newAdminRow(core, input)).returning().get();
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
    passwordHash: await hashPassword(input.password),
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
