import { eq } from 'drizzle-orm';
import { systemState } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { randomToken } from './tokens.js';

/**
 * A server secret (e.g. for signing cookies), made once and kept in the database, so a deployment needs no extra
 * setting and a restart does not sign everyone out. The insert is a no-op if another process made it first.
 */
export async function serverSecret(core: Core, name: string): Promise<string> {
  const key = `secret.${name}`;
  await core.database.db
    .insert(systemState)
    .values({ key, value: randomToken(32), updatedAt: core.clock.now() })
    .onConflictDoNothing();
  const row = await core.database.db.select().from(systemState).where(eq(systemState.key, key)).get();
  return row!.value;
}
