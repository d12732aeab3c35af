/** A broadcast itself: its input and message, drafts, the panel's list, its audience, and settling a finished one. */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { broadcasts, deliveries, type BroadcastButton } from '../../db/schema/index.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, owningScope, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import { audienceRuleSchema, countAudience, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { DomainError, invalidInput, parseInput, type FieldIssue } from '../errors.js';
import { eventDeepLink } from '../events/messages.js';
import { checkTelegramHtml } from '../text/telegram-html.js';

export type Broadcast = typeof broadcasts.$inferSelect;

/** The job that resolves a broadcast's audience and puts one delivery per person in the outbox. */
export const broadcastJobKind = 'broadcast-send';
/** A broadcast's deliveries carry this source: its report, cancellation and resend are one indexed query each. */
export const broadcastSource = (id: number) => `broadcast:${id}`;
/** Bulk: anything a person asked for themselves (priority 0–5) overtakes a running broadcast. */
export const broadcastPriority = 9;
/** A send time this far in the past is refused (a form left open too long), not sent "now" by surprise. */
export const pastToleranceMs = 60_000;

export const attachmentSchema = z.object({
  kind: z.enum(['photo', 'document']),
  // A Telegram file id (letters, digits, - and _) or an https address Telegram fetches itself.
  file: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .regex(/^(https:\/\/\S+|[A-Za-z0-9_-]{10,})$/, 'attachment-file'),
});

export const broadcastButtonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), text: z.string().trim().min(1).max(40), url: z.url({ protocol: /^https?$/, error: 'not-a-url' }).max(500) }),
  z.object({ kind: z.literal('event'), text: z.string().trim().min(1).max(40), eventId: z.number({ error: 'not-a-number' }).int().positive() }),
]);

export const broadcastInputSchema = z.object({
  html: z.string().max(50_000),
  attachment: attachmentSchema.nullable().optional(),
  buttons: z.array(broadcastButtonSchema).max(6).default([]),
  copyOf: z
    .object({ chatId: z.string().min(1), messageId: z.number().int().positive() })
    .nullable()
    .optional(),
  audience: audienceRuleSchema,
  municipalityId: z.number().int().positive().nullable(),
  /** UTC ms; null = as soon as it is started. */
  sendAt: z.number({ error: 'invalid-date' }).int().nullable(),
  idempotencyKey: z.string().trim().min(8).max(80).optional(),
});
export type BroadcastInput = z.input<typeof broadcastInputSchema>;
type ValidInput = z.output<typeof broadcastInputSchema>;

/** Validates a broadcast and its Telegram HTML together, naming every problem (the text's with its reason). */
export function parseBroadcastInput(input: unknown): ValidInput {
  let valid: ValidInput | undefined;
  let issues: FieldIssue[] = [];
  try {
    valid = parseInput(broadcastInputSchema, input);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    issues = error.issues;
  }
  const raw = (valid ?? input) as Partial<ValidInput>;
  if (typeof raw.html === 'string' && !issues.some((i) => i.field === 'html')) {
    if (raw.html.trim() === '' && !raw.attachment && !raw.copyOf) issues.push({ field: 'html', reason: 'broadcast-empty' });
    else if (!raw.copyOf) issues.push(...checkTelegramHtml(raw.html, { field: 'html', caption: Boolean(raw.attachment) }));
  }
  if (issues.length || !valid) throw new DomainError('invalid-input', undefined, issues);
  return valid;
}

export function messageButtons(core: Core, buttons: readonly BroadcastButton[]): MessageButton[][] {
  return buttons.map((b) => [{ text: b.text, url: b.kind === 'link' ? b.url : eventDeepLink(core, b.eventId) }]);
}

/** The message each recipient gets, exactly (the preview shows this too). */
export function broadcastMessage(core: Core, b: Pick<Broadcast, 'html' | 'attachment' | 'buttons' | 'copyOf'>): OutgoingMessage {
  const buttons = messageButtons(core, b.buttons);
  return {
    html: b.html,
    ...(buttons.length ? { buttons } : {}),
    ...(b.attachment ? { attachment: b.attachment } : {}),
    ...(b.copyOf ? { copyOf: b.copyOf } : {}),
  };
}

export async function getBroadcast(core: Core, id: number): Promise<Broadcast | undefined> {
  return core.database.db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
}

/** A broadcast as an admin may see it; not-found outside a coordinator's municipalities (regional ones included). */
export async function broadcastForAdmin(core: Core, actor: Actor, id: number): Promise<Broadcast> {
  const b = await getBroadcast(core, id);
  if (!b) throw new DomainError('not-found');
  if (actor.role === 'coordinator') assertInScope(actor, b.municipalityId);
  return b;
}

export async function listBroadcasts(core: Core, scope: Scope, limit = 200): Promise<Broadcast[]> {
  await settleFinishedBroadcasts(core);
  return core.database.db.select().from(broadcasts).where(scopeWhere(scope, broadcasts.municipalityId)).orderBy(desc(broadcasts.id)).limit(limit);
}

/**
 * Saves a draft. With an idempotency key (the form's, made when the form was drawn) a second submit of the same form
 * returns the broadcast the first one made, so a double click is one broadcast.
 */
export async function createBroadcast(core: Core, actor: Actor, input: BroadcastInput): Promise<Broadcast> {
  assertCanWrite(actor);
  const valid = parseBroadcastInput(input);
  assertOwningMunicipality(actor, valid.municipalityId);
  const { db } = core.database;
  if (valid.idempotencyKey) {
    const existing = await db.select().from(broadcasts).where(eq(broadcasts.idempotencyKey, valid.idempotencyKey)).get();
    if (existing) return broadcastForAdmin(core, actor, existing.id);
  }
  const now = core.clock.now();
  const key = valid.idempotencyKey ?? `auto:${actor.kind}:${actor.id}:${now}:${Math.random().toString(36).slice(2)}`;
  await core.database.atomic([
    db
      .insert(broadcasts)
      .values({
        html: valid.html,
        attachment: valid.attachment ?? null,
        buttons: valid.buttons,
        copyOf: valid.copyOf ?? null,
        audience: valid.audience,
        municipalityId: valid.municipalityId,
        sendAt: valid.sendAt,
        idempotencyKey: key,
        status: 'draft',
        createdBy: actor.label,
        adminId: actor.kind === 'admin' ? actor.id : null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing(),
    auditEntryWhere(
      core,
      actor,
      {
        action: 'broadcast.create',
        entity: 'broadcast',
        entityId: sql`select cast(id as text) from ${broadcasts} where ${broadcasts.idempotencyKey} = ${key}`,
        municipalityId: valid.municipalityId,
        after: { ...valid, idempotencyKey: undefined },
      },
      sql`changes() > 0`,
    ),
  ]);
  const row = await db.select().from(broadcasts).where(eq(broadcasts.idempotencyKey, key)).get();
  return row!;
}

/** Edits a draft (only a draft: what is scheduled or going out is cancelled, not changed). */
export async function updateBroadcast(core: Core, actor: Actor, id: number, input: BroadcastInput): Promise<Broadcast> {
  assertCanWrite(actor);
  const before = await broadcastForAdmin(core, actor, id);
  if (before.status !== 'draft') throw invalidInput('status', 'broadcast-not-draft');
  const valid = parseBroadcastInput(input);
  assertOwningMunicipality(actor, valid.municipalityId);
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(broadcasts)
      .set({
        html: valid.html,
        attachment: valid.attachment ?? null,
        buttons: valid.buttons,
        audience: valid.audience,
        municipalityId: valid.municipalityId,
        sendAt: valid.sendAt,
        updatedAt: core.clock.now(),
      })
      .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'draft'))),
    auditEntry(core, actor, {
      action: 'broadcast.edit',
      entity: 'broadcast',
      entityId: id,
      municipalityId: valid.municipalityId,
      after: { ...valid, idempotencyKey: undefined },
    }),
  ]);
  return (await getBroadcast(core, id))!;
}

/** How many people a broadcast reaches now. */
export async function countBroadcastAudience(core: Core, b: Pick<Broadcast, 'audience' | 'municipalityId'>): Promise<number> {
  return countAudience(core, b.audience as AudienceRule, owningScope(b.municipalityId));
}

/**
 * Broadcasts whose every delivery has settled become `sent` (one UPDATE; the outbox does not know about broadcasts,
 * so this runs when they are listed or reported).
 */
export async function settleFinishedBroadcasts(core: Core): Promise<void> {
  const now = core.clock.now();
  await core.database.db
    .update(broadcasts)
    .set({ status: 'sent', finishedAt: now, updatedAt: now })
    .where(
      and(
        eq(broadcasts.status, 'sending'),
        isNotNull(broadcasts.recipients),
        sql`not exists (select 1 from ${deliveries} where ${deliveries.source} = 'broadcast:' || ${broadcasts.id} and ${deliveries.status} in ('pending', 'sending'))`,
      ),
    );
}
