import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { systemState } from '../../db/schema/index.js';
import type { Core } from '../core.js';

/**
 * Who the bot is on its messenger (Telegram's getMe), remembered: deep links (`t.me/<username>?start=…`) and the
 * bot's own updates need it, and getMe may fail for hours where Telegram is throttled. The whole answer is kept so
 * the bot can be started from it.
 */
export const messengerIdentitySchema = z.looseObject({ id: z.number().int(), username: z.string().min(1), is_bot: z.literal(true), first_name: z.string() });

export type MessengerIdentity = z.infer<typeof messengerIdentitySchema>;

const key = (channel: string) => `messenger.${channel}.identity`;

/** The identity last seen on this database, if any (undefined until the first getMe ever succeeded). */
export async function storedMessengerIdentity(core: Core, channel = 'telegram'): Promise<MessengerIdentity | undefined> {
  const row = await core.database.db
    .select()
    .from(systemState)
    .where(eq(systemState.key, key(channel)))
    .get();
  if (!row) return undefined;
  const parsed = messengerIdentitySchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : undefined;
}

export async function rememberMessengerIdentity(core: Core, identity: MessengerIdentity, channel = 'telegram'): Promise<void> {
  const value = JSON.stringify(identity);
  const now = core.clock.now();
  await core.database.db
    .insert(systemState)
    .values({ key: key(channel), value, updatedAt: now })
    .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: now } });
}
