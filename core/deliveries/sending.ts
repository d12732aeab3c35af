/** Sending what is due from the outbox: claims, pacing, each answer settled, pauses and outages, and sends a crash left in flight. */
import { and, asc, eq, gt, inArray, like, lte, min, or, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared.js';
import { deliveries, systemState } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { markBlockedByChat } from './recipients.js';
import { emergencyStopKey } from './emergency-stop.js';
import type { Messenger, SendResult } from './messenger.js';
import type { SendsInFlight } from './in-flight.js';
import type { Pacer } from './pacer.js';
import { markReachable, markUnreachable, messengerReachability, noteAnswered, type Reachability, reachabilityKey } from './reachability.js';
import type { Delivery } from './outbox.js';
import type { MessengerChannel } from '../vocabulary/channels.js';

/** How many times a fault the messenger answered (a 500) is retried before the delivery counts as failed. */
export const maxAttempts = 5;
/** A send claimed this long ago and never settled belongs to a process that died. */
export const staleSendMs = 2 * 60_000;
/** A 429 pauses one messenger's sends (another messenger's limits are its own). */
const pauseKey = (channel: string) => `deliveries.${channel}.paused-until`;

/**
 * A send that was in flight when a process died cannot be known to have arrived: Telegram may have
 * delivered it before the answer was lost. We mark it `uncertain` and never resend it by ourselves
 * (none twice); reports name these recipients and an admin may resend. Called at start for the one
 * process that owns the file, and by tick for sends stuck longer than `staleSendMs`.
 */
export async function settleInterruptedSends(core: Core, claimedBefore: number): Promise<number> {
  const rows = await core.database.db
    .update(deliveries)
    .set({ status: 'uncertain', error: 'in-flight-at-crash' })
    .where(and(eq(deliveries.status, 'sending'), lte(deliveries.claimedAt, claimedBefore)))
    .returning({ id: deliveries.id });
  return rows.length;
}

/** Until when a messenger's sends wait after its 429 (0: not paused); without a channel, the latest of all. */
export async function pausedUntil(core: Core, channel?: string): Promise<number> {
  const rows = await core.database.db
    .select({ value: systemState.value })
    .from(systemState)
    .where(channel ? eq(systemState.key, pauseKey(channel)) : like(systemState.key, pauseKey('%')));
  return Math.max(0, ...rows.map((r) => Number(r.value)));
}

async function pauseChannel(core: Core, channel: string, until: number): Promise<void> {
  const value = String(until);
  await core.database.db
    .insert(systemState)
    .values({ key: pauseKey(channel), value, updatedAt: core.clock.now() })
    .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: core.clock.now() } });
}

/** The switches a drain obeys, read in one query (on D1 each query counts against an invocation's budget). */
interface OutboxGate {
  pausedUntil: number;
  reachability: Reachability;
  stopped: boolean;
}

async function outboxGate(core: Core, channel: string): Promise<OutboxGate> {
  const { db } = core.database;
  const query = prepared(db, 'outbox-gate', () =>
    db
      .select({ key: systemState.key, value: systemState.value })
      .from(systemState)
      .where(inArray(systemState.key, [sql.placeholder('pause'), sql.placeholder('reachability'), sql.placeholder('stop')]))
      .prepare(),
  );
  const rows = await query.all({ pause: pauseKey(channel), reachability: reachabilityKey(channel), stop: emergencyStopKey });
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const reachability = value(reachabilityKey(channel));
  return {
    pausedUntil: Number(value(pauseKey(channel)) ?? 0),
    reachability: reachability ? (JSON.parse(reachability) as Reachability) : { unreachableSince: null, lastAnswerAt: null, lastProblem: null },
    stopped: value(emergencyStopKey) !== undefined,
  };
}

export interface DrainResult {
  /** Sends that got through (waited for), or that left (with `inFlight`, whose answers come later). */
  sent: number;
  failed: number;
  /** When the outbox has more to do, or null when it is empty (or waits for an answer in flight). */
  nextAt: number | null;
}

/** Why a message was not sent: it waited (an outage, a 429, a queue) past the moment it was of use (`sendBy`). */
export const tooLateReason = 'too-late';
/** Why a delivery is `uncertain`: the request left and its answer never came, so it may have been delivered. */
export const noAnswerReason = 'no-answer';

/** One messenger and the pacer that keeps its limits. */
export interface ChannelSender {
  messenger: Messenger;
  pacer: Pacer;
}

/** The messengers this process sends through, by channel ('telegram', 'max'). Rows of a channel missing here wait. */
export type Senders = Readonly<Record<string, ChannelSender>>;

/**
 * Sends what is due on every channel, each through its own messenger at its own pace, and tells when to come back:
 * the soonest any channel has more to do.
 */
export async function drainOutbox(core: Core, senders: Senders, now: number, inFlight?: SendsInFlight): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, failed: 0, nextAt: null };
  for (const { messenger, pacer } of Object.values(senders)) {
    const drained = await drainChannel(core, messenger, pacer, now, inFlight);
    result.sent += drained.sent;
    result.failed += drained.failed;
    if (drained.nextAt !== null) result.nextAt = result.nextAt === null ? drained.nextAt : Math.min(result.nextAt, drained.nextAt);
  }
  return result;
}

/**
 * Sends what is due on one messenger's channel, as much as its pacer allows right now, and tells when to come back.
 * Rows are claimed with one UPDATE … WHERE status = 'pending' RETURNING, so two drains never send one row.
 * Without `inFlight` it waits for the answers of what it sent (a manual clock's `tick(now)`); with it, sends leave
 * and are settled as their answers arrive, and the next drain does not wait for them (Node's scheduler).
 * While the messenger is unreachable nothing is sent: a probe asks now and then whether it is back.
 */
export async function drainChannel(core: Core, messenger: Messenger, pacer: Pacer, now: number, inFlight?: SendsInFlight): Promise<DrainResult> {
  const { channel } = messenger;
  const result: DrainResult = { sent: 0, failed: 0, nextAt: null };
  const { pausedUntil: pause, reachability, stopped } = await outboxGate(core, messenger.channel);
  if (pause > now) return { ...result, nextAt: pause };
  if (reachability.unreachableSince !== null) {
    if ((reachability.nextProbeAt ?? 0) > now) return { ...result, nextAt: reachability.nextProbeAt! };
    if (inFlight) {
      inFlight.probe(() => probeMessenger(core, messenger));
      return result;
    }
    if (!(await probeMessenger(core, messenger))) return { ...result, nextAt: (await messengerReachability(core, messenger.channel)).nextProbeAt ?? now };
  }
  // The emergency stop holds everything but answers to a person's own action; resuming wakes the drain.

  const capacity = Math.min(pacer.available(now), inFlight ? inFlight.room() : Number.POSITIVE_INFINITY);
  if (capacity < 1) {
    // Full of sends in flight: the next answer wakes the drain.
    if (inFlight && pacer.available(now) >= 1) return result;
    return { ...result, nextAt: await nextPendingAt(core, channel, pacer.nextTokenAt(now)) };
  }

  const candidates = await core.database.db
    .select({ id: deliveries.id, chatId: deliveries.chatId })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, 'pending'),
        eq(deliveries.channel, channel),
        // `+` keeps SQLite on deliveries_next, read in the order wanted, instead of deliveries_due and a sort of the backlog.
        lte(sql`+${deliveries.notBefore}`, now),
        stopped ? eq(deliveries.priority, 0) : undefined,
      ),
    )
    .orderBy(asc(deliveries.priority), asc(deliveries.id))
    .limit(Math.max(capacity * 4, 64));
  const chosen: number[] = [];
  const chats = new Set<string>();
  let chatWaitUntil = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (chosen.length >= capacity) break;
    if (chats.has(c.chatId)) continue;
    const readyAt = pacer.chatReadyAt(c.chatId, now);
    if (readyAt > now) {
      chatWaitUntil = Math.min(chatWaitUntil, readyAt);
      continue;
    }
    chats.add(c.chatId);
    chosen.push(c.id);
  }
  if (chosen.length > 0) {
    const claimed = await core.database.db
      .update(deliveries)
      .set({ status: 'sending', claimedAt: now, attempts: sql`${deliveries.attempts} + 1` })
      // `+`: by id, not by the status index (SQLite would read every pending row for the two or three chosen).
      .where(and(inArray(deliveries.id, chosen), eq(sql`+${deliveries.status}`, 'pending')))
      .returning();
    // Stamped when they leave, not when the drain began: the claim took time, and the limit counts departures.
    const leaving = core.clock.now();
    const late = claimed.filter((d) => d.sendBy !== null && d.sendBy <= leaving);
    if (late.length > 0)
      await skipTooLate(
        core,
        late.map((d) => d.id),
      );
    const waited: Promise<void>[] = [];
    // Waited for, the sends that got through are settled together: one statement for the drain, not one a message.
    const delivered: SentRow[] = [];
    for (const d of claimed) {
      if (d.sendBy !== null && d.sendBy <= leaving) continue;
      pacer.take(d.chatId, leaving);
      const settled = sendSafely(core, messenger, d).then(async (r) => {
        if (r.ok && !inFlight) {
          result.sent += 1;
          delivered.push({ id: d.id, at: core.clock.now(), externalId: r.externalId });
          return;
        }
        if (!r.ok && (r.reason === 'rejected' || r.reason === 'blocked')) result.failed += 1;
        await settle(core, messenger.channel, d, r);
      });
      if (inFlight) {
        inFlight.track(leaving, settled);
        result.sent += 1;
      } else waited.push(settled);
    }
    await Promise.all(waited);
    if (delivered.length > 0) {
      await noteAnswered(core, messenger.channel);
      await markSent(core, delivered);
    }
  }
  const soonest = stopped ? null : await nextPendingAt(core, channel, now);
  if (soonest === null) return result;
  const bound = candidates.length > chosen.length && chosen.length === 0 ? chatWaitUntil : now;
  result.nextAt = Math.max(soonest, pacer.nextTokenAt(now), Number.isFinite(bound) ? bound : now);
  return result;
}

/** Asks an unreachable messenger whether it is back, and records the answer. True when it is. */
async function probeMessenger(core: Core, messenger: Messenger): Promise<boolean> {
  // A messenger that cannot be probed is tried with the next send, which re-pauses if it is still gone.
  const answer = messenger.probe
    ? await messenger.probe().catch((error: unknown) => ({ ok: false as const, description: String(error) }))
    : { ok: true as const };
  if (answer.ok) {
    await markReachable(core, messenger.channel);
    return true;
  }
  await markUnreachable(core, answer.description, messenger.channel);
  return false;
}

async function skipTooLate(core: Core, ids: number[]): Promise<void> {
  await core.database.db
    .update(deliveries)
    .set({ status: 'skipped', error: tooLateReason })
    .where(and(inArray(deliveries.id, ids), eq(deliveries.status, 'sending')));
}

/**
 * What went out in the last minute (sent, or claimed and never settled), for a new process's pacer: one minute is
 * the longest limit (20 a minute to a group).
 */
export async function recentSends(core: Core, now: number, channel: MessengerChannel): Promise<{ chatId: string; at: number }[]> {
  const since = now - 60_000;
  const rows = await core.database.db
    .select({ chatId: deliveries.chatId, at: sql<number>`coalesce(${deliveries.sentAt}, ${deliveries.claimedAt})` })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.channel, channel),
        or(gt(deliveries.sentAt, since), and(inArray(deliveries.status, ['sending', 'uncertain']), gt(deliveries.claimedAt, since))),
      ),
    );
  return rows.filter((r) => r.chatId !== '');
}

async function sendSafely(core: Core, messenger: Messenger, d: Delivery): Promise<SendResult> {
  try {
    if (d.message.editOf !== undefined) return await editEarlier(core, messenger, d, d.message.editOf);
    return await messenger.send(d.chatId, d.message);
  } catch (error) {
    // A messenger that throws instead of answering: whether the request left is unknown, so it is not sent again.
    return { ok: false, reason: 'unanswered', timedOut: false, description: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A delivery that replaces an earlier delivery's message: the messenger edits the message that one left as. Until the
 * earlier one is out it waits as a passing fault would; once it will never be out (skipped, failed) there is nothing
 * to edit.
 */
async function editEarlier(core: Core, messenger: Messenger, d: Delivery, earlierId: number): Promise<SendResult> {
  const earlier = await core.database.db
    .select({ status: deliveries.status, externalId: deliveries.externalId })
    .from(deliveries)
    .where(eq(deliveries.id, earlierId))
    .get();
  if (earlier?.externalId && messenger.edit) return messenger.edit(d.chatId, earlier.externalId, d.message);
  if (earlier && (earlier.status === 'pending' || earlier.status === 'sending'))
    return { ok: false, reason: 'transient', description: 'message to edit not sent yet' };
  return { ok: false, reason: 'rejected', description: 'no message to edit' };
}

/** Records a send's outcome as it arrives (its time is the answer's, not the drain's). */
async function settle(core: Core, channel: MessengerChannel, d: Delivery, r: SendResult): Promise<void> {
  const { db } = core.database;
  const where = and(eq(deliveries.id, d.id), eq(deliveries.status, 'sending'));
  const now = core.clock.now();
  if (r.ok || (r.reason !== 'unreachable' && r.reason !== 'unanswered')) await noteAnswered(core, channel);
  if (r.ok) {
    // Once for every message sent: prepared once.
    const markSent = prepared(db, 'outbox-mark-sent', () =>
      db
        .update(deliveries)
        .set({ status: 'sent', sentAt: sql`${sql.placeholder('sentAt')}`, externalId: sql`${sql.placeholder('externalId')}`, error: null })
        .where(and(eq(deliveries.id, sql.placeholder('id')), eq(deliveries.status, 'sending')))
        .prepare(),
    );
    await markSent.run({ id: d.id, sentAt: now, externalId: r.externalId });
    return;
  }
  switch (r.reason) {
    case 'rate-limited':
      // Not the message's fault: it goes back in line, and its attempt does not count.
      await pauseChannel(core, channel, now + r.retryAfterMs);
      await db
        .update(deliveries)
        .set({ status: 'pending', notBefore: now + r.retryAfterMs, attempts: sql`${deliveries.attempts} - 1`, error: r.description })
        .where(where);
      return;
    case 'unreachable':
      // Nothing was delivered and it is nobody's message's fault: everything waits for the probe to find it back.
      await markUnreachable(core, r.description, channel);
      await db
        .update(deliveries)
        .set({ status: 'pending', attempts: sql`${deliveries.attempts} - 1`, error: r.description })
        .where(where);
      return;
    case 'unanswered':
      // It may have arrived: never sent again by itself (reports name it, an admin may resend).
      await db.update(deliveries).set({ status: 'uncertain', error: noAnswerReason }).where(where);
      // No answer in time may mean Telegram hangs for everyone: stop sending until a probe gets an answer.
      if (r.timedOut) await markUnreachable(core, r.description, channel);
      return;
    case 'blocked': {
      // The person may be reachable on another messenger: the same row goes there (it was not delivered, so nobody
      // gets it twice); with no active contact left it is blocked, and so is the person.
      const instead = d.personId ? await markBlockedByChat(core, d.personId, channel) : undefined;
      if (instead) {
        await db
          .update(deliveries)
          .set({
            status: 'pending',
            channel: instead.channel,
            chatId: instead.chatId,
            notBefore: now,
            attempts: sql`${deliveries.attempts} - 1`,
            error: r.description,
          })
          .where(where);
        return;
      }
      await db.update(deliveries).set({ status: 'blocked', error: r.description }).where(where);
      return;
    }
    case 'transient':
      if (d.attempts < maxAttempts) {
        await db
          .update(deliveries)
          .set({ status: 'pending', notBefore: now + backoffMs(d.attempts), error: r.description })
          .where(where);
      } else {
        await db.update(deliveries).set({ status: 'failed', error: r.description }).where(where);
      }
      return;
    case 'rejected':
      await db.update(deliveries).set({ status: 'failed', error: r.description }).where(where);
  }
}

interface SentRow {
  id: number;
  at: number;
  externalId: string;
}

/**
 * Marks sends that got through as sent, all in one statement (their ids, times and message ids as one JSON list),
 * each found by its id (`+` keeps SQLite off the status index).
 */
async function markSent(core: Core, rows: SentRow[]): Promise<void> {
  const list = JSON.stringify(rows.map((r) => [r.id, r.at, r.externalId]));
  await core.database.db.run(
    sql`update ${deliveries} set status = 'sent', sent_at = s.at, external_id = s.external_id, error = null
      from (select json_extract(value, '$[0]') as id, json_extract(value, '$[1]') as at, json_extract(value, '$[2]') as external_id from json_each(${list})) s
      where ${deliveries.id} = s.id and +${deliveries.status} = 'sending'`,
  );
}

/** 5 s, 10 s, 20 s, 40 s…: long enough for a network blip or a Telegram restart to pass. */
export function backoffMs(attempt: number): number {
  return 5000 * 2 ** Math.max(0, attempt - 1);
}

async function nextPendingAt(core: Core, channel: string, notBefore: number): Promise<number | null> {
  const { db } = core.database;
  const query = prepared(db, 'outbox-next-pending', () =>
    db
      .select({ at: min(deliveries.notBefore) })
      .from(deliveries)
      .where(and(eq(deliveries.status, 'pending'), eq(deliveries.channel, sql.placeholder('channel'))))
      .prepare(),
  );
  const row = await query.get({ channel });
  return row?.at == null ? null : Math.max(row.at, notBefore);
}
