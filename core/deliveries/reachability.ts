import { eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared.js';
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
  /** While unreachable: when the outbox next asks the messenger whether it is back (absent or null: at once). */
  nextProbeAt?: number | null;
}

/** The first probe after an outage starts, and the shortest gap between probes. */
export const firstProbeGapMs = 5000;
/** The longest gap between probes: the most a return of the messenger can wait to be noticed by the outbox. */
export const maxProbeGapMs = 2 * 60_000;

/**
 * The gap before the next probe grows with the outage (a quarter of its length so far), from 5 s to 2 minutes: a
 * blip is noticed within seconds, and an outage of hours costs one cheap call every two minutes.
 */
export function probeGapMs(outageMs: number): number {
  return Math.min(maxProbeGapMs, Math.max(firstProbeGapMs, Math.floor(outageMs / 4)));
}

export const reachabilityKey = (channel: string) => `messenger.${channel}.reachability`;

export async function messengerReachability(core: Core, channel = 'telegram'): Promise<Reachability> {
  const { db } = core.database;
  // Read by every drain of the outbox: prepared once.
  const query = prepared(db, 'messenger-reachability', () =>
    db
      .select()
      .from(systemState)
      .where(eq(systemState.key, sql.placeholder('key')))
      .prepare(),
  );
  const row = await query.get({ key: reachabilityKey(channel) });
  if (!row) return { unreachableSince: null, lastAnswerAt: null, lastProblem: null };
  return JSON.parse(row.value) as Reachability;
}

async function store(core: Core, channel: string, value: Reachability): Promise<void> {
  const text = JSON.stringify(value);
  const now = core.clock.now();
  await core.database.db
    .insert(systemState)
    .values({ key: reachabilityKey(channel), value: text, updatedAt: now })
    .onConflictDoUpdate({ target: systemState.key, set: { value: text, updatedAt: now } });
}

/** When each process last stored an answer while all was well, so a steady stream of sends writes it only now and then. */
const answerNotedAt = new WeakMap<Core, number>();
const answerNoteEveryMs = 30_000;

/**
 * A call got an answer: the messenger is reachable (again). Returns how long it was gone, or null if it was not.
 * The end of an outage wakes the outbox, which may be sleeping until its next probe.
 */
export async function markReachable(core: Core, channel = 'telegram'): Promise<number | null> {
  const before = await messengerReachability(core, channel);
  const now = core.clock.now();
  await store(core, channel, { unreachableSince: null, lastAnswerAt: now, lastProblem: before.unreachableSince === null ? before.lastProblem : null });
  answerNotedAt.set(core, now);
  if (before.unreachableSince === null) return null;
  core.outboxChanged();
  return now - before.unreachableSince;
}

/**
 * A send got an answer: like `markReachable`, but while the messenger was reachable anyway it stores the moment only
 * every 30 s (the outbox's sends would otherwise add a write each).
 */
export async function noteAnswered(core: Core, channel = 'telegram'): Promise<void> {
  const now = core.clock.now();
  const noted = answerNotedAt.get(core);
  if (noted !== undefined && now - noted < answerNoteEveryMs && now >= noted) return;
  answerNotedAt.set(core, now);
  await markReachable(core, channel);
}

/**
 * A call could not reach the messenger. The first failure starts the outage; later ones keep its start. Each failure
 * also sets when the outbox probes next (`probeGapMs`).
 */
export async function markUnreachable(core: Core, problem: string, channel = 'telegram'): Promise<Reachability> {
  const before = await messengerReachability(core, channel);
  const now = core.clock.now();
  const since = before.unreachableSince ?? now;
  const value = { ...before, unreachableSince: since, lastProblem: problem, nextProbeAt: now + probeGapMs(now - since) };
  await store(core, channel, value);
  return value;
}
