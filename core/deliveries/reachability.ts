import { eq } from 'drizzle-orm';
import { systemState } from '../../db/schema/index.js';
import type { Core } from '../core.js';

/**
 * Whether a messenger answers at all, as the last calls found it. Telegram is throttled in Russia and may be
 * gone for hours: the outbox pauses while it is unreachable, and the panel's banner and `/healthz` say since when.
 * Stored, so every process and page reads one truth and a restart remembers the outage.
 */
export interface Reachability {
  /** Since when calls fail because the messenger cannot be reached; null while it answers. */
  unreachableSince: number | null;
  /** The last call that got an answer from the messenger (any answer, an error included). */
  lastAnswerAt: number | null;
  /** What the last failing call met (a network error, a timeout, a 502), for the log and the operator. */
  lastProblem: string | null;
}

const key = (channel: string) => `messenger.${channel}.reachability`;

export async function messengerReachability(core: Core, channel = 'telegram'): Promise<Reachability> {
  const row = await core.database.db.select().from(systemState).where(eq(systemState.key, key(channel))).get();
  if (!row) return { unreachableSince: null, lastAnswerAt: null, lastProblem: null };
  return JSON.parse(row.value) as Reachability;
}

async function store(core: Core, channel: string, value: Reachability): Promise<void> {
  const text = JSON.stringify(value);
  const now = core.clock.now();
  await core.database.db
    .insert(systemState)
    .values({ key: key(channel), value: text, updatedAt: now })
    .onConflictDoUpdate({ target: systemState.key, set: { value: text, updatedAt: now } });
}

/** A call got an answer: the messenger is reachable (again). Returns how long it was gone, or null if it was not. */
export async function markReachable(core: Core, channel = 'telegram'): Promise<number | null> {
  const before = await messengerReachability(core, channel);
  const now = core.clock.now();
  await store(core, channel, { unreachableSince: null, lastAnswerAt: now, lastProblem: before.unreachableSince === null ? before.lastProblem : null });
  return before.unreachableSince === null ? null : now - before.unreachableSince;
}

/** A call could not reach the messenger. The first failure starts the outage; later ones keep its start. */
export async function markUnreachable(core: Core, problem: string, channel = 'telegram'): Promise<Reachability> {
  const before = await messengerReachability(core, channel);
  const value = { ...before, unreachableSince: before.unreachableSince ?? core.clock.now(), lastProblem: problem };
  await store(core, channel, value);
  return value;
}
