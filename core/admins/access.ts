import { inArray, sql, type Column, type SQL } from 'drizzle-orm';
import type { AdminRole } from '../../db/schema/index.js';
import { DomainError, invalidInput } from '../errors.js';

/** Who acts in the panel or the API: an admin account or an API token, with a role and a municipal scope. */
export interface Actor {
  kind: 'admin' | 'token';
  id: number;
  /** For the audit log: an e-mail or "api:<token name>". */
  label: string;
  role: AdminRole;
  municipalityIds: number[];
}

/** Municipalities an actor may see: all of them, or a list (coordinators). */
export type Scope = { all: true } | { all: false; municipalityIds: number[] };

export function scopeOf(actor: Actor): Scope {
  return actor.role === 'coordinator' ? { all: false, municipalityIds: actor.municipalityIds } : { all: true };
}

export function inScope(scope: Scope, municipalityId: number | null | undefined): boolean {
  if (scope.all) return true;
  return municipalityId !== null && municipalityId !== undefined && scope.municipalityIds.includes(municipalityId);
}

/** Viewers only look. */
export function canWrite(actor: Actor): boolean {
  return actor.role !== 'viewer';
}

export function assertCanWrite(actor: Actor): void {
  if (!canWrite(actor)) throw new DomainError('not-allowed', 'read-only role');
}

export function assertOwner(actor: Actor): void {
  if (actor.role !== 'owner') throw new DomainError('not-allowed', 'owners only');
}

/** Refuses to touch anything outside the actor's municipalities; the message does not say whether it exists. */
export function assertInScope(actor: Actor, municipalityId: number | null | undefined): void {
  if (!inScope(scopeOf(actor), municipalityId)) throw new DomainError('not-found');
}

/** The scope as a WHERE condition on a municipality column; undefined when the actor sees everything. */
export function scopeWhere(scope: Scope, municipalityColumn: Column): SQL | undefined {
  if (scope.all) return undefined;
  return scope.municipalityIds.length ? inArray(municipalityColumn, scope.municipalityIds) : sql`0`;
}

/**
 * The municipality a new thing (an event, a task, a survey, a broadcast, a saved audience) belongs to: a coordinator
 * must choose one of their own; an editor may leave it empty for the whole region.
 */
export function assertOwningMunicipality(actor: Actor, municipalityId: number | null): void {
  if (actor.role !== 'coordinator') return;
  if (municipalityId === null) throw invalidInput('municipalityId', 'municipality-required');
  assertInScope(actor, municipalityId);
}

/** The scope that bounds an audience being composed: the chosen municipality, and never beyond the actor's own. */
export function composingScope(actor: Actor, municipalityId: number | null): Scope {
  const own = scopeOf(actor);
  if (municipalityId === null) return own;
  if (!inScope(own, municipalityId)) return { all: false, municipalityIds: [] };
  return { all: false, municipalityIds: [municipalityId] };
}

/** The scope of a thing that belongs to a municipality (or to the whole region when null). */
export function owningScope(municipalityId: number | null): Scope {
  return municipalityId === null ? { all: true } : { all: false, municipalityIds: [municipalityId] };
}
