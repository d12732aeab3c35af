/**
 * Adding a second messenger to a person: /profile in one messenger gives a one-time code (a `start` deep link for the
 * other), and redeeming it there adds that messenger's contact to the same person. The code is 128 random bits, so it
 * cannot be guessed; only its hash is stored, it works once and for a short while.
 */
import { eq, lt, and, like } from 'drizzle-orm';
import { z } from 'zod';
import { systemState } from '../../db/schema/index.js';
import { sha256 } from '../admins/tokens.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput } from '../errors.js';
import type { MessengerChannel } from '../vocabulary/channels.js';
import { linkContact, type Contact } from './contacts.js';

export const linkCodeTtlMs = 15 * 60_000;
const keyPrefix = 'contact-link:';
const storedSchema = z.object({ personId: z.number().int(), expiresAt: z.number() });

function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // base64url: letters, digits, '-' and '_', which both messengers' start payloads accept (22 characters).
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A new one-time code for the person (earlier ones stay valid until they expire or are used). */
export async function issueLinkCode(core: Core, personId: number): Promise<{ code: string; expiresAt: number }> {
  const now = core.clock.now();
  const code = randomCode();
  const expiresAt = now + linkCodeTtlMs;
  const { db } = core.database;
  await core.database.atomic([
    // Expired codes go whenever a new one is made: the table never fills up with them.
    db
      .delete(systemState)
      .where(and(like(systemState.key, `${keyPrefix}%`), lt(systemState.updatedAt, now - linkCodeTtlMs))),
    db.insert(systemState).values({ key: `${keyPrefix}${await sha256(code)}`, value: JSON.stringify({ personId, expiresAt }), updatedAt: now }),
  ]);
  return { code, expiresAt };
}

/**
 * Redeems a code from the other messenger: the contact there joins the person who asked for the code. The code is
 * taken in the same statement that reads it, so two redemptions at once link once.
 */
export async function redeemLinkCode(core: Core, code: string, channel: MessengerChannel, userId: string, chatId: string): Promise<Contact> {
  const row = await core.database.db
    .delete(systemState)
    .where(eq(systemState.key, `${keyPrefix}${await sha256(code.trim())}`))
    .returning()
    .get();
  const stored = row ? storedSchema.safeParse(JSON.parse(row.value)) : undefined;
  if (!stored?.success || stored.data.expiresAt <= core.clock.now()) throw invalidInput('code', 'link-code-invalid');
  return linkContact(core, stored.data.personId, channel, userId, chatId);
}

/** A start payload that carries a linking code (`/start ln_<code>` or a deep link): both messengers accept its shape. */
export const linkPayloadPrefix = 'ln_';

/** What redeeming a start payload's code came to: linked, a wrong or used or expired code, or a user who is someone else. */
export type LinkOutcome = 'linked' | 'invalid' | 'taken';

/** A start payload from the other messenger: redeems its code for this user there; null when it carries no code. */
export async function linkFromStart(core: Core, payload: string, channel: MessengerChannel, userId: string, chatId: string): Promise<LinkOutcome | null> {
  if (!payload.startsWith(linkPayloadPrefix)) return null;
  try {
    await redeemLinkCode(core, payload.slice(linkPayloadPrefix.length), channel, userId, chatId);
    return 'linked';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.code === 'already-registered' ? 'taken' : 'invalid';
  }
}
