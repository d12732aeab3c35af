/** Sending a broadcast: starting it, the job that puts its deliveries in the outbox, cancelling it, and a test send to the admin. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { broadcasts, deliveries, scheduledJobs } from '../../db/schema/index.js';
import { assertCanWrite, owningScope, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import { audiencePages, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { cancelDeliveries, enqueueDeliveries } from '../deliveries/outbox.js';
import { invalidInput } from '../errors.js';
import { scheduleJobs } from '../scheduler/jobs.js';
import { explainRequired } from '../subscriptions/required-note.js';
import {
  broadcastForAdmin,
  broadcastJobKind,
  broadcastMessage,
  broadcastPriority,
  broadcastSource,
  countBroadcastAudience,
  getBroadcast,
  pastToleranceMs,
  type Broadcast,
} from './broadcasts.js';
import { telegramIdOfAdmin } from './telegram-link.js';

/**
 * Starts a draft: at its send time, or at once. Refused when the audience is nobody or the time has passed. One
 * conditional UPDATE (draft → scheduled) makes a second start (a double click, two tabs) a no-op; the sending itself
 * is a due job, so a restart before the time loses nothing.
 */
export async function startBroadcast(core: Core, actor: Actor, id: number): Promise<Broadcast> {
  assertCanWrite(actor);
  const b = await broadcastForAdmin(core, actor, id);
  if (b.status !== 'draft') return b;
  const now = core.clock.now();
  if (b.sendAt !== null && b.sendAt < now - pastToleranceMs) throw invalidInput('sendAt', 'send-at-past');
  if ((await countBroadcastAudience(core, b)) === 0) throw invalidInput('audience', 'audience-empty');
  const dueAt = b.sendAt !== null && b.sendAt > now ? b.sendAt : now;
  const { db } = core.database;
  const started = await db
    .update(broadcasts)
    .set({ status: 'scheduled', sendAt: dueAt, updatedAt: now })
    .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'draft')))
    .returning();
  if (started.length === 0) return (await getBroadcast(core, id))!;
  await core.database.atomic([
    auditEntry(core, actor, { action: 'broadcast.start', entity: 'broadcast', entityId: id, municipalityId: b.municipalityId, after: { sendAt: dueAt } }),
  ]);
  await scheduleJobs(core, [{ kind: broadcastJobKind, payload: { broadcastId: id }, dueAt, dedupeKey: `broadcast:${id}:send` }]);
  return started[0]!;
}

/**
 * The job: resolves the audience now (people who joined since composing are in, those who left are out) and puts one
 * delivery per person in the outbox, keyed by broadcast and person, so a crash half-way and the job run again adds
 * only the missing ones. A broadcast cancelled meanwhile sends nothing (and what this run added is called off).
 */
export async function runBroadcast(core: Core, broadcastId: number): Promise<void> {
  const { db } = core.database;
  const now = core.clock.now();
  const [b] = await db
    .update(broadcasts)
    .set({ status: 'sending', startedAt: sql`coalesce(${broadcasts.startedAt}, ${now})`, updatedAt: now })
    .where(and(eq(broadcasts.id, broadcastId), inArray(broadcasts.status, ['scheduled', 'sending'])))
    .returning();
  if (!b) return;
  const message = broadcastMessage(core, b);
  const source = broadcastSource(b.id);
  for await (const members of audiencePages(core, b.audience as AudienceRule, owningScope(b.municipalityId))) {
    await enqueueDeliveries(
      core,
      await explainRequired(
        core,
        b.audience as AudienceRule,
        'broadcast',
        members.map((p) => ({
          personId: p.id,
          purpose: 'broadcast',
          source,
          dedupeKey: `${source}:${p.id}`,
          priority: broadcastPriority,
          message,
        })),
      ),
    );
  }
  const [row] = await db
    .update(broadcasts)
    .set({ recipients: sql`(select count(*) from ${deliveries} where ${deliveries.source} = ${source})` })
    .where(eq(broadcasts.id, b.id))
    .returning({ status: broadcasts.status });
  if (row?.status === 'cancelled') await cancelDeliveries(core, source);
}

/**
 * Cancels a broadcast that is not finished: scheduled, it never goes; sending, whatever is still waiting is skipped
 * ('cancelled') and what went stays in the report. Refused once it has all been sent.
 */
export async function cancelBroadcast(core: Core, actor: Actor, id: number): Promise<{ calledOff: number }> {
  assertCanWrite(actor);
  const b = await broadcastForAdmin(core, actor, id);
  const now = core.clock.now();
  const { db } = core.database;
  const cancelled = await db
    .update(broadcasts)
    .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
    .where(and(eq(broadcasts.id, id), inArray(broadcasts.status, ['draft', 'scheduled', 'sending'])))
    .returning({ id: broadcasts.id });
  if (cancelled.length === 0) {
    if (b.status === 'cancelled') return { calledOff: 0 };
    throw invalidInput('status', 'broadcast-finished');
  }
  await db
    .update(scheduledJobs)
    .set({ status: 'cancelled', note: 'broadcast cancelled', finishedAt: now })
    .where(and(eq(scheduledJobs.dedupeKey, `broadcast:${id}:send`), eq(scheduledJobs.status, 'due')));
  const calledOff = await cancelDeliveries(core, broadcastSource(id));
  await core.database.atomic([
    auditEntry(core, actor, {
      action: 'broadcast.cancel',
      entity: 'broadcast',
      entityId: id,
      municipalityId: b.municipalityId,
      before: { status: b.status },
      after: { calledOff },
    }),
  ]);
  return { calledOff };
}

/**
 * A test send to the admin's own Telegram (linked in the panel): the message exactly as recipients will get it, at
 * once (priority 1), outside the broadcast's report.
 */
export async function testSendBroadcast(core: Core, actor: Actor, id: number): Promise<void> {
  const b = await broadcastForAdmin(core, actor, id);
  const telegramId = actor.kind === 'admin' ? await telegramIdOfAdmin(core, actor.id) : null;
  if (telegramId === null) throw invalidInput('telegramId', 'telegram-not-linked');
  await enqueueDeliveries(core, [
    {
      channel: 'telegram',
      chatId: String(telegramId),
      purpose: 'broadcast.test',
      priority: 1,
      dedupeKey: `broadcast:${id}:test:${core.clock.now()}`,
      message: broadcastMessage(core, b),
    },
  ]);
}
