/** The outbox: putting messages in (skipped, with the reason, for those who may not be written to), calling a send-out off, counting it. */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { PendingQuery } from '../../db/database.js';
import { jsonBatches } from '../../db/json-lists.js';
import { deliveries, type DeliveryStatus } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { reachableStatuses } from './recipients.js';
import { applyDeliveryRules, recipientProfiles } from './delivery-rules.js';
import type { ContactStatus, MessengerChannel } from '../vocabulary/channels.js';
import type { OutgoingMessage } from '../vocabulary/message.js';

export type Delivery = typeof deliveries.$inferSelect;

/**
 * Whom a delivery is for: a person (the outbox writes to their preferred active contact, and to another one if the
 * messenger answers that they blocked the bot there), or a chat on one messenger given as it is (a school's group, a
 * channel, an admin's own chat; with `personId`, that person's own chat there, their status and rules applying).
 */
export type DeliveryTarget =
  | { personId: number; channel?: undefined; chatId?: undefined }
  | { channel: MessengerChannel; chatId: string; personId?: number | null };

export type NewDelivery = DeliveryTarget & DeliveryOptions;

interface DeliveryOptions {
  purpose: string;
  message: OutgoingMessage;
  /** The send-out it belongs to ('broadcast:12'), for its report and cancellation. */
  source?: string;
  /** Enqueuing the same key twice sends once. */
  dedupeKey?: string;
  /** 0 answers a person's own action, 5 is a notice (default), 9 is bulk. */
  priority?: number;
  notBefore?: number;
  /** Send although the person is no longer pending or active: the notice of that very change (a rejection). */
  despiteStatus?: boolean;
  /** Past the person's quiet hours and daily cap (delivery-rules.ts); an admin's choice, audited where it is made. */
  urgent?: boolean;
  /**
   * The latest moment the message is of use (an event's start): quiet hours never hold it past this, and if it is
   * still unsent then (Telegram was unreachable, a long queue) it is skipped as 'too-late' instead of sent.
   */
  sendBy?: number;
}

/**
 * Puts messages in the outbox. Messages to a person who stopped, blocked the bot or erased themselves
 * are stored as skipped, so reports can say why they did not go.
 */
export async function enqueueDeliveries(core: Core, items: NewDelivery[]): Promise<void> {
  if (items.length === 0) return;
  const now = core.clock.now();
  const personIds = [...new Set(items.flatMap((i) => (i.personId ? [i.personId] : [])))];
  const unreachable = new Map<number, string>();
  const targets = new Map<number, ContactTarget>();
  const profiles = await recipientProfiles(core, personIds);
  for (const row of profiles) {
    if (row.contactChannel && row.contactChatId && row.contactStatus) {
      targets.set(row.id, { channel: row.contactChannel, chatId: row.contactChatId, status: row.contactStatus });
    }
    if (!reachableStatuses.includes(row.status)) unreachable.set(row.id, `recipient-${row.status}`);
    // Someone put in the directory by an import has not consented yet (152-ФЗ): nothing goes to them until they do.
    else if (row.consentAt === null) unreachable.set(row.id, 'recipient-no-consent');
  }
  const rows = items.map((item) => {
    const target = item.chatId === undefined ? targets.get(item.personId) : { channel: item.channel, chatId: item.chatId, status: 'active' as const };
    const skipReason = (item.personId && !item.despiteStatus ? unreachable.get(item.personId) : undefined) ?? contactProblem(target);
    return {
      channel: target?.channel ?? '',
      chatId: target?.chatId ?? '',
      personId: item.personId ?? null,
      priority: item.priority ?? 5,
      purpose: item.purpose,
      source: item.source ?? null,
      dedupeKey: item.dedupeKey ?? null,
      message: item.message,
      status: (skipReason ? 'skipped' : 'pending') as DeliveryStatus,
      error: skipReason ?? null,
      notBefore: item.notBefore ?? now,
      sendBy: item.sendBy ?? null,
      createdAt: now,
    };
  });
  await applyDeliveryRules(
    core,
    rows.map((row, i) => ({ row, options: items[i]! })),
    profiles,
  );
  const statements = jsonBatches(rows).map((list) => insertDeliveries(core, list));
  await core.database.atomic(statements);
  core.outboxChanged();
}

interface ContactTarget {
  channel: MessengerChannel;
  chatId: string;
  status: ContactStatus;
}

/** Why a person cannot be written to at all, whatever their status: no contact, or every one blocked. */
function contactProblem(target: ContactTarget | undefined): string | undefined {
  if (!target) return 'recipient-no-contact';
  return target.status === 'blocked' ? 'recipient-blocked' : undefined;
}

/**
 * Stores outbox rows given as one JSON array (see `jsonBatches`): a broadcast to thousands is a handful of statements,
 * not one per seven rows as D1's 100 bound parameters would allow with a row's 14 values bound one by one.
 */
function insertDeliveries(core: Core, list: string): PendingQuery {
  const field = (name: string) => sql.raw(`json_extract(value, '$.${name}')`);
  // Every column in the table's order (drizzle lists them all for an insert from a select); attempts start at 0.
  return core.database.db
    .insert(deliveries)
    .select(
      sql`select null, ${field('channel')}, ${field('chatId')}, ${field('personId')}, ${field('priority')}, ${field('purpose')}, ${field('source')},
        ${field('dedupeKey')}, ${field('message')}, ${field('status')}, 0, ${field('notBefore')}, ${field('sendBy')}, null, null, null, ${field('error')},
        ${field('createdAt')} from json_each(${list}) where true`,
    )
    .onConflictDoNothing();
}

/** Why a delivery was skipped when its send-out was called off. */
export const cancelledReason = 'cancelled';

/**
 * Calls off what a send-out has not sent yet: its pending deliveries become skipped ('cancelled'). A delivery being
 * sent at this moment is not stopped (its answer decides), and what was sent stays sent. Returns how many were called off.
 */
export async function cancelDeliveries(core: Core, source: string): Promise<number> {
  const rows = await core.database.db
    .update(deliveries)
    .set({ status: 'skipped', error: cancelledReason })
    .where(and(eq(deliveries.source, source), eq(deliveries.status, 'pending')))
    .returning({ id: deliveries.id });
  return rows.length;
}

/** How many deliveries of a send-out are in each status (one indexed query). */
export async function deliveryCounts(core: Core, source: string): Promise<Record<DeliveryStatus, number>> {
  const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, blocked: 0, skipped: 0, uncertain: 0 };
  const rows = await core.database.db
    .select({ status: deliveries.status, n: count() })
    .from(deliveries)
    .where(eq(deliveries.source, source))
    .groupBy(deliveries.status);
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export async function deliveriesFor(core: Core, purpose: string): Promise<Delivery[]> {
  return core.database.db.select().from(deliveries).where(eq(deliveries.purpose, purpose)).orderBy(asc(deliveries.id));
}
