import { and, desc, eq, getTableColumns, gte, inArray, is, lt, or, sql, SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import type { Core } from '../core.js';
import type { Actor, Scope } from './access.js';

export type AuditEntry = typeof auditLog.$inferSelect;

export interface AuditRecord {
  action: string;
  entity: string;
  entityId?: string | number | null;
  municipalityId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The insert of one audit entry, not yet run: put it in the same `atomic` batch as the change it describes. */
export function auditEntry(core: Core, actor: Actor, record: AuditRecord): PendingQuery {
  return auditEntryWhere(core, actor, record);
}

/**
 * An audit entry as one INSERT … SELECT, for a batch where `auditEntry` does not fit: written only if `condition` still
 * holds when the batch runs (so a decision that lost a race leaves no entry), and/or with an entity id computed in SQL
 * (the id of a row inserted earlier in the same batch). Same columns and meaning as `auditEntry`.
 */
export function auditEntryWhere(
  core: Core,
  actor: Actor,
  record: Omit<AuditRecord, 'entityId'> & { entityId?: string | number | SQL | null },
  condition?: SQL,
): PendingQuery {
  const values: Record<string, unknown> = {
    id: null,
    at: core.clock.now(),
    adminId: actor.kind === 'admin' ? actor.id : null,
    actor: actor.label,
    action: record.action,
    entity: record.entity,
    entityId: record.entityId === undefined || record.entityId === null ? null : is(record.entityId, SQL) ? record.entityId : String(record.entityId),
    municipalityId: record.municipalityId ?? null,
    before: record.before ? JSON.stringify(record.before) : null,
    after: record.after ? JSON.stringify(record.after) : null,
  };
  // INSERT … SELECT lists every column of the table in its declared order; build the select list from the same list.
  const columns = Object.keys(getTableColumns(auditLog));
  const list = sql.join(
    columns.map((key) => {
      const value = values[key];
      return is(value, SQL) ? sql`(${value})` : sql`${value ?? null}`;
    }),
    sql`, `,
  );
  return core.database.db.insert(auditLog).select(condition ? sql`select ${list} where ${condition}` : sql`select ${list}`);
}

export async function recordAudit(core: Core, actor: Actor, record: AuditRecord): Promise<void> {
  await core.database.atomic([auditEntry(core, actor, record)]);
}

export interface AuditFilter {
  actor?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  since?: number;
  /** Entries before this instant (exclusive). */
  until?: number;
  before?: number;
  limit?: number;
}

/** Newest first. A coordinator sees the entries about their municipalities and their own actions. */
export async function listAudit(core: Core, scope: Scope, actor: Actor, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const conditions: SQL[] = [];
  if (!scope.all) {
    const own = or(eq(auditLog.adminId, actor.id), scope.municipalityIds.length ? inArray(auditLog.municipalityId, scope.municipalityIds) : undefined);
    if (own) conditions.push(own);
  }
  if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.since !== undefined) conditions.push(gte(auditLog.at, filter.since));
  if (filter.until !== undefined) conditions.push(lt(auditLog.at, filter.until));
  if (filter.before !== undefined) conditions.push(lt(auditLog.id, filter.before));
  return core.database.db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 100);
}

/**
 * The audit entry of a row inserted just before it in the same atomic batch: its id is not known until the
 * insert runs, so the entry takes it from last_insert_rowid() (evaluated before the audit row itself goes in).
 * `municipalityId: 'new'` means the new row is itself the municipality.
 */
export function auditOfNewRow(
  core: Core,
  actor: Actor,
  record: Omit<AuditRecord, 'entityId' | 'municipalityId'> & { municipalityId: number | 'new' },
): PendingQuery {
  const newId = sql`last_insert_rowid()`;
  return core.database.db.insert(auditLog).values({
    at: core.clock.now(),
    adminId: actor.kind === 'admin' ? actor.id : null,
    actor: actor.label,
    action: record.action,
    entity: record.entity,
    entityId: sql`cast(${newId} as text)`,
    municipalityId: record.municipalityId === 'new' ? newId : record.municipalityId,
    before: record.before ?? null,
    after: record.after ?? null,
  });
}
