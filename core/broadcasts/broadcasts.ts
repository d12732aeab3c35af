import { and, asc, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { admins, adminTelegramLinks, broadcasts, deliveries, people, scheduledJobs, type BroadcastButton, type DeliveryStatus } from '../../db/schema/index.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, owningScope, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import { audiencePages, audienceRuleSchema, countAudience, type AudienceRule } from '../audiences/audiences.js';
import { listSavedAudiences } from '../audiences/saved.js';
import type { Core } from '../core.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { cancelDeliveries, deliveryCounts, enqueueDeliveries } from '../deliveries/outbox.js';
import { DomainError, invalidInput, parseInput, type FieldIssue } from '../errors.js';
import { eventDeepLink } from '../events/messages.js';
import { scheduleJobs } from '../scheduler/jobs.js';
import { checkTelegramHtml } from '../text/telegram-html.js';
import { explainRequired } from '../subscriptions/required-note.js';

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
          chatId: String(p.telegramId),
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

export interface BroadcastReport {
  broadcast: Broadcast;
  recipients: number;
  sent: number;
  failed: number;
  blocked: number;
  skipped: number;
  /** In flight at a crash: maybe delivered, never resent by itself (README: "A send in flight at a crash"). */
  uncertain: number;
  /** Waiting or being sent. */
  remaining: number;
  /** Sends per second over the last 10 seconds. */
  ratePerSecond: number;
  /** Seconds to finish at that rate; null when not sending. */
  etaSeconds: number | null;
  /** 0–1 of the recipients settled. */
  progress: number;
}

const rateWindowMs = 10_000;

/** The live report (one grouped query by source), and a broadcast whose last delivery settled becomes `sent`. */
export async function broadcastReport(core: Core, actor: Actor, id: number): Promise<BroadcastReport> {
  let b = await broadcastForAdmin(core, actor, id);
  const source = broadcastSource(id);
  const counts = await deliveryCounts(core, source);
  const now = core.clock.now();
  const remaining = counts.pending + counts.sending;
  const { db } = core.database;
  if (b.status === 'sending' && b.recipients !== null && remaining === 0) {
    const [done] = await db
      .update(broadcasts)
      .set({ status: 'sent', finishedAt: now, updatedAt: now })
      .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'sending')))
      .returning();
    if (done) b = done;
  }
  const recent = await db
    .select({ n: sql<number>`count(*)` })
    .from(deliveries)
    .where(and(eq(deliveries.source, source), eq(deliveries.status, 'sent'), gte(deliveries.sentAt, now - rateWindowMs)))
    .get();
  const ratePerSecond = (recent?.n ?? 0) / (rateWindowMs / 1000);
  const recipients = Object.values(counts).reduce((a, n) => a + n, 0);
  return {
    broadcast: b,
    recipients,
    sent: counts.sent,
    failed: counts.failed,
    blocked: counts.blocked,
    skipped: counts.skipped,
    uncertain: counts.uncertain,
    remaining,
    ratePerSecond,
    etaSeconds: remaining > 0 && ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null,
    progress: recipients === 0 ? (b.status === 'sent' ? 1 : 0) : (recipients - remaining) / recipients,
  };
}

export interface FailedRecipient {
  personId: number | null;
  fullName: string | null;
  status: DeliveryStatus;
  reason: string | null;
}

/** Everyone it did not reach for sure: failed, blocked, uncertain, skipped (with Telegram's reason or ours). */
export async function failedRecipients(core: Core, actor: Actor, id: number, limit = 1000): Promise<FailedRecipient[]> {
  await broadcastForAdmin(core, actor, id);
  return core.database.db
    .select({ personId: deliveries.personId, fullName: people.fullName, status: deliveries.status, reason: deliveries.error })
    .from(deliveries)
    .leftJoin(people, eq(people.id, deliveries.personId))
    .where(and(eq(deliveries.source, broadcastSource(id)), inArray(deliveries.status, ['failed', 'blocked', 'uncertain', 'skipped'])))
    .orderBy(asc(deliveries.status), asc(deliveries.id))
    .limit(limit);
}

/**
 * "Resend to the failed": deliveries that failed (and, if asked, those uncertain after a crash, which may mean a second
 * copy for some) go back in line. Blocked and skipped are not retried: those people cannot or must not be written to.
 */
export async function resendFailed(core: Core, actor: Actor, id: number, options: { uncertain?: boolean } = {}): Promise<number> {
  assertCanWrite(actor);
  const b = await broadcastForAdmin(core, actor, id);
  if (b.status === 'cancelled' || b.status === 'draft' || b.status === 'scheduled') throw invalidInput('status', 'broadcast-not-sent');
  const now = core.clock.now();
  const statuses: DeliveryStatus[] = options.uncertain ? ['failed', 'uncertain'] : ['failed'];
  const rows = await core.database.db
    .update(deliveries)
    .set({ status: 'pending', attempts: 0, notBefore: now, error: null, claimedAt: null })
    .where(and(eq(deliveries.source, broadcastSource(id)), inArray(deliveries.status, statuses)))
    .returning({ id: deliveries.id });
  if (rows.length) {
    await core.database.atomic([
      core.database.db.update(broadcasts).set({ status: 'sending', finishedAt: null, updatedAt: now }).where(eq(broadcasts.id, id)),
      auditEntry(core, actor, {
        action: 'broadcast.resend',
        entity: 'broadcast',
        entityId: id,
        municipalityId: b.municipalityId,
        after: { resent: rows.length, uncertain: Boolean(options.uncertain) },
      }),
    ]);
    core.outboxChanged();
  }
  return rows.length;
}

/** The Telegram account linked to an admin account, if any. */
export async function telegramIdOfAdmin(core: Core, adminId: number): Promise<number | null> {
  const row = await core.database.db.select().from(adminTelegramLinks).where(eq(adminTelegramLinks.adminId, adminId)).get();
  return row?.telegramId ?? null;
}

/** The admin account (enabled, allowed to write) linked to a Telegram account: who may /broadcast in the bot. */
export async function actorByTelegramId(core: Core, telegramId: number): Promise<Actor | null> {
  const row = await core.database.db
    .select({ admin: admins })
    .from(adminTelegramLinks)
    .innerJoin(admins, eq(admins.id, adminTelegramLinks.adminId))
    .where(eq(adminTelegramLinks.telegramId, telegramId))
    .get();
  if (!row || row.admin.disabledAt !== null || row.admin.role === 'viewer') return null;
  return { kind: 'admin', id: row.admin.id, label: row.admin.email, role: row.admin.role, municipalityIds: row.admin.municipalityIds };
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
      chatId: String(telegramId),
      purpose: 'broadcast.test',
      priority: 1,
      dedupeKey: `broadcast:${id}:test:${core.clock.now()}`,
      message: broadcastMessage(core, b),
    },
  ]);
}

export interface AudienceChoice {
  /** A saved audience's id, or 0 for everyone the actor may reach. */
  id: number;
  name: string | null;
  count: number;
}

/** The audiences an editor may pick in the bot: their saved audiences with live counts, then everyone in their scope. */
export async function audienceChoices(core: Core, actor: Actor): Promise<AudienceChoice[]> {
  const saved = await listSavedAudiences(core, actor);
  const choices: AudienceChoice[] = [];
  for (const s of saved.slice(0, 12)) {
    choices.push({ id: s.id, name: s.name, count: await countAudience(core, s.rule, owningScope(ownerMunicipality(actor, s.municipalityId))) });
  }
  choices.push({ id: 0, name: null, count: await countAudience(core, {}, owningScope(ownerMunicipality(actor, null))) });
  return choices;
}

/** A coordinator's broadcast belongs to their (first) municipality unless the audience names one of theirs. */
function ownerMunicipality(actor: Actor, municipalityId: number | null): number | null {
  if (actor.role !== 'coordinator') return municipalityId;
  return municipalityId ?? actor.municipalityIds[0] ?? null;
}

/**
 * A broadcast composed in the bot: a message in the editor's chat (typed or forwarded) copied to everyone as it is,
 * to a saved audience (or everyone in the editor's scope), started at once. The message's chat and id are the
 * idempotency key, so a confirmation pressed twice is one broadcast.
 */
export async function broadcastFromBot(
  core: Core,
  actor: Actor,
  input: { chatId: string; messageId: number; summary: string; audienceId: number },
): Promise<Broadcast> {
  const saved = input.audienceId ? (await listSavedAudiences(core, actor)).find((s) => s.id === input.audienceId) : undefined;
  if (input.audienceId && !saved) throw new DomainError('not-found');
  const b = await createBroadcast(core, actor, {
    html: input.summary,
    copyOf: { chatId: input.chatId, messageId: input.messageId },
    audience: saved?.rule ?? {},
    municipalityId: ownerMunicipality(actor, saved?.municipalityId ?? null),
    sendAt: null,
    idempotencyKey: `bot:${input.chatId}:${input.messageId}`,
  });
  return startBroadcast(core, actor, b.id);
}
