import { eq, sql } from 'drizzle-orm';
import { systemState } from '../../db/schema/index.js';
import { assertCanWrite, type Actor } from '../admins/access.js';
import { auditEntryWhere } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';

/** Stored in system_state; the outbox reads it with its other switches in one query. */
export const emergencyStopKey = 'deliveries.emergency-stop';

export interface EmergencyStop {
  since: number;
  by: string;
}

/** Whether all outgoing sending is held (read by the outbox's drain on each pass). */
export async function emergencyStopActive(core: Core): Promise<boolean> {
  return (await emergencyStop(core)) !== null;
}

export async function emergencyStop(core: Core): Promise<EmergencyStop | null> {
  const row = await core.database.db.select().from(systemState).where(eq(systemState.key, emergencyStopKey)).get();
  return row ? (JSON.parse(row.value) as EmergencyStop) : null;
}

/** Region-wide, so owners and editors only: a coordinator or a viewer is refused. */
function assertMayStop(actor: Actor): void {
  assertCanWrite(actor);
  if (actor.role === 'coordinator') throw new DomainError('not-allowed', 'region-wide stop');
}

/**
 * Holds every outgoing message in the outbox until resumed; answers to people's own messages still go. Pressed
 * twice it changes nothing and writes no second audit entry (the insert and its entry are one conditional batch).
 */
export async function stopAllSending(core: Core, actor: Actor): Promise<boolean> {
  assertMayStop(actor);
  const now = core.clock.now();
  const { db } = core.database;
  const value = JSON.stringify({ since: now, by: actor.label } satisfies EmergencyStop);
  if (await emergencyStopActive(core)) return false;
  // The entry first, written only while no stop is on: two presses at once leave one entry and one stop.
  await core.database.atomic([
    auditEntryWhere(
      core,
      actor,
      { action: 'delivery.emergency-stop', entity: 'deliveries', after: { stopped: true } },
      sql`not exists (select 1 from ${systemState} where ${systemState.key} = ${emergencyStopKey})`,
    ),
    db.insert(systemState).values({ key: emergencyStopKey, value, updatedAt: now }).onConflictDoNothing(),
  ]);
  return true;
}

/** Lets the outbox send again; what was held goes out once (each row is claimed by one atomic UPDATE). */
export async function resumeSending(core: Core, actor: Actor): Promise<boolean> {
  assertMayStop(actor);
  const { db } = core.database;
  const before = await emergencyStop(core);
  if (!before) return false;
  const gone = await db.delete(systemState).where(eq(systemState.key, emergencyStopKey)).returning();
  if (gone.length === 0) return false;
  await core.database.atomic([
    auditEntryWhere(core, actor, {
      action: 'delivery.resume',
      entity: 'deliveries',
      before: { stopped: true, since: before.since, by: before.by },
      after: { stopped: false },
    }),
  ]);
  core.outboxChanged();
  return true;
}
