// The audit log page: its filters as typed (days in the region's zone) and one page of entries with the next cursor.
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { regionTimezone } from '../directory/places.js';
import { scopeOf, type Actor } from './access.js';
import { listAudit, type AuditEntry } from './audit.js';

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** A day typed as 23.11.2026 or 2026-11-23, and a real one (no 31.02). */
export const calendarDaySchema = z
  .string()
  .trim()
  .transform((text, ctx): CalendarDay => {
    const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const [year, month, day] = ru ? [Number(ru[3]), Number(ru[2]), Number(ru[1])] : iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [0, 0, 0];
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (year < 2000 || year > 2200 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
      ctx.addIssue({ code: 'custom', message: 'audit-date' });
      return z.NEVER;
    }
    return { year, month, day };
  });

const dayNumber = (d: CalendarDay) => Date.UTC(d.year, d.month - 1, d.day);

/** The query string of /audit; an empty field is no filter (the route drops them). */
export const auditFilterSchema = z
  .object({
    actor: z.string().trim().min(1).max(200).optional(),
    entity: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]*$/)
      .max(40)
      .optional(),
    entityId: z.string().trim().min(1).max(40).optional(),
    action: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_.-]*$/)
      .max(80)
      .optional(),
    from: calendarDaySchema.optional(),
    to: calendarDaySchema.optional(),
    before: z.coerce.number().int().positive().optional(),
  })
  .refine((f) => !f.from || !f.to || dayNumber(f.from) <= dayNumber(f.to), { message: 'audit-date-order', path: ['to'] });
export type AuditPageFilter = z.output<typeof auditFilterSchema>;

/** How far a zone is ahead of UTC at a moment, in ms. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The moment a day begins in a zone (the region's, so "from 23.11" means that day as people there live it). */
export function startOfDay(day: CalendarDay, timeZone: string): number {
  const wall = dayNumber(day);
  const first = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(first, timeZone);
}

function nextDay(day: CalendarDay): CalendarDay {
  const d = new Date(dayNumber(day) + 24 * 60 * 60_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * One page of the log as the actor may see it (listAudit applies the scope), newest first, with the cursor of the
 * next older page. "From" and "to" are whole days in the region's zone, "to" inclusive.
 */
export async function auditPage(
  core: Core,
  actor: Actor,
  filter: AuditPageFilter,
  pageSize = 50,
): Promise<{ rows: AuditEntry[]; nextBefore: number | null; timeZone: string; entities: string[] }> {
  const { db } = core.database;
  const timeZone = await regionTimezone(core);
  const actorLabel = filter.actor?.includes('@') ? filter.actor.toLowerCase() : filter.actor;
  const [rows, entities] = await Promise.all([
    listAudit(core, scopeOf(actor), actor, {
      actor: actorLabel,
      entity: filter.entity,
      entityId: filter.entityId,
      action: filter.action,
      since: filter.from ? startOfDay(filter.from, timeZone) : undefined,
      until: filter.to ? startOfDay(nextDay(filter.to), timeZone) : undefined,
      before: filter.before,
      limit: pageSize + 1,
    }),
    db.selectDistinct({ entity: auditLog.entity }).from(auditLog).orderBy(asc(auditLog.entity)),
  ]);
  const page = rows.slice(0, pageSize);
  return { rows: page, nextBefore: rows.length > pageSize ? page[page.length - 1]!.id : null, timeZone, entities: entities.map((e) => e.entity) };
}
