import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { channelPosts, channels, deliveries, events, scheduledJobs } from '../../db/schema/index.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, scopeOf, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import { attachmentSchema, broadcastButtonSchema, messageButtons } from '../broadcasts/broadcasts.js';
import { checkTelegramHtml } from '../text/telegram-html.js';
import type { Core } from '../core.js';
import type { OutgoingMessage } from '../vocabulary/message.js';
import type { ChannelMessenger } from '../deliveries/messenger.js';
import { enqueueDeliveries, type Delivery } from '../deliveries/outbox.js';
import { regionTimezone } from '../directory/places.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import { eventForAdmin, listParticipants, type Event } from '../events/events.js';
import { feedbackSummary } from '../events/feedback.js';
import { formatEventTime } from '../time/time.js';
import { escapeHtml } from '../text/html.js';
import { scheduleJobs } from '../scheduler/jobs.js';

export type Channel = typeof channels.$inferSelect;
export type ChannelPost = typeof channelPosts.$inferSelect;

export const channelPostJobKind = 'channel-post';
export const channelPostSource = (id: number) => `channel-post:${id}`;
const pastToleranceMs = 60_000;

/** A channel as Telegram names it: its numeric id (-100…) or its public @username. */
export const channelInputSchema = z.object({
  chatId: z
    .string()
    .trim()
    .regex(/^(-100\d{5,15}|@[A-Za-z][A-Za-z0-9_]{3,31})$/, 'channel-id-format'),
  municipalityId: z.number().int().positive().nullable(),
});

export async function listChannels(core: Core, scope: Scope): Promise<Channel[]> {
  return core.database.db.select().from(channels).where(scopeWhere(scope, channels.municipalityId)).orderBy(channels.title);
}

export async function channelForAdmin(core: Core, actor: Actor, id: number): Promise<Channel> {
  const channel = await core.database.db.select().from(channels).where(eq(channels.id, id)).get();
  if (!channel) throw new DomainError('not-found');
  if (actor.role === 'coordinator') assertInScope(actor, channel.municipalityId);
  return channel;
}

/**
 * Adds a channel after asking Telegram about it: unknown to Telegram (or the bot was never added) is refused; the bot
 * present but not an admin is saved with the problem, which the panel explains how to fix and lets re-check.
 */
export async function addChannel(core: Core, actor: Actor, messenger: ChannelMessenger, input: z.input<typeof channelInputSchema>): Promise<Channel> {
  assertCanWrite(actor);
  const valid = parseInput(channelInputSchema, input);
  assertOwningMunicipality(actor, valid.municipalityId);
  const { db } = core.database;
  if (await db.select().from(channels).where(eq(channels.chatId, valid.chatId)).get()) throw invalidInput('chatId', 'channel-exists');
  const access = await messenger.access(valid.chatId);
  if (!access.ok && access.reason !== 'not-admin') throw invalidInput('chatId', access.reason === 'not-found' ? 'channel-not-found' : 'channel-unreachable');
  const now = core.clock.now();
  await core.database.atomic([
    db.insert(channels).values({
      chatId: valid.chatId,
      title: access.title,
      municipalityId: valid.municipalityId,
      problem: access.ok ? null : access.reason,
      checkedAt: now,
      createdAt: now,
    }),
    auditEntryWhere(core, actor, {
      action: 'channel.add',
      entity: 'channel',
      entityId: sql`select cast(id as text) from ${channels} where ${channels.chatId} = ${valid.chatId}`,
      municipalityId: valid.municipalityId,
      after: { ...valid, title: access.title },
    }),
  ]);
  return (await db.select().from(channels).where(eq(channels.chatId, valid.chatId)).get())!;
}

/** Asks Telegram again whether the bot may post there (after the admin fixed its rights). */
export async function checkChannel(core: Core, actor: Actor, messenger: ChannelMessenger, id: number): Promise<Channel> {
  const channel = await channelForAdmin(core, actor, id);
  const access = await messenger.access(channel.chatId);
  const [row] = await core.database.db
    .update(channels)
    .set({
      problem: access.ok ? null : access.reason,
      checkedAt: core.clock.now(),
      ...(access.ok || access.reason === 'not-admin' ? { title: access.title } : {}),
    })
    .where(eq(channels.id, id))
    .returning();
  return row!;
}

export const channelPostInputSchema = z.object({
  channelId: z.number({ error: 'channel-unknown' }).int().positive(),
  kind: z.enum(['post', 'announcement', 'post-release']).default('post'),
  eventId: z.number().int().positive().nullable().default(null),
  html: z.string().max(50_000),
  attachment: attachmentSchema.nullable().default(null),
  buttons: z.array(broadcastButtonSchema).max(6).default([]),
  /** UTC ms; null = now. */
  postAt: z.number({ error: 'invalid-date' }).int().nullable(),
});
export type ChannelPostInput = z.input<typeof channelPostInputSchema>;

function checkPostText(html: string, caption: boolean): void {
  const issues = html.trim() === '' && !caption ? [{ field: 'html', reason: 'broadcast-empty' }] : checkTelegramHtml(html, { field: 'html', caption });
  if (issues.length) throw new DomainError('invalid-input', undefined, issues);
}

/**
 * A post for a channel, now or at a time: checked like a broadcast's text, refused for a channel out of scope or one
 * where the bot cannot post. It goes through the outbox at its time (a due job), so the channel's 20-a-minute limit
 * and a 429 pause hold for it too.
 */
export async function scheduleChannelPost(core: Core, actor: Actor, input: ChannelPostInput): Promise<ChannelPost> {
  assertCanWrite(actor);
  const valid = parseInput(channelPostInputSchema, input);
  checkPostText(valid.html, valid.attachment !== null);
  let channel: Channel;
  try {
    channel = await channelForAdmin(core, actor, valid.channelId);
  } catch {
    throw invalidInput('channelId', 'channel-unknown');
  }
  if (channel.problem) throw invalidInput('channelId', 'channel-not-ready');
  if (valid.eventId !== null) await eventForAdmin(core, actor, valid.eventId);
  const now = core.clock.now();
  if (valid.postAt !== null && valid.postAt < now - pastToleranceMs) throw invalidInput('postAt', 'send-at-past');
  const postAt = valid.postAt !== null && valid.postAt > now ? valid.postAt : now;
  const { db } = core.database;
  const [post] = await db
    .insert(channelPosts)
    .values({
      channelId: channel.id,
      kind: valid.kind,
      eventId: valid.eventId,
      html: valid.html,
      attachment: valid.attachment,
      buttons: valid.buttons,
      status: 'scheduled',
      postAt,
      municipalityId: channel.municipalityId,
      createdBy: actor.label,
      createdAt: now,
    })
    .returning();
  await core.database.atomic([
    auditEntry(core, actor, {
      action: 'channel-post.schedule',
      entity: 'channel-post',
      entityId: post!.id,
      municipalityId: channel.municipalityId,
      after: { ...valid, postAt },
    }),
  ]);
  await scheduleJobs(core, [{ kind: channelPostJobKind, payload: { postId: post!.id }, dueAt: postAt, dedupeKey: channelPostSource(post!.id) }]);
  return post!;
}

export function channelPostMessage(core: Core, post: Pick<ChannelPost, 'html' | 'attachment' | 'buttons'>): OutgoingMessage {
  const buttons = messageButtons(core, post.buttons);
  return { html: post.html, ...(buttons.length ? { buttons } : {}), ...(post.attachment ? { attachment: post.attachment } : {}) };
}

/** The job at the post's time: one delivery to the channel (keyed by the post, so a repeated run posts once). */
export async function runChannelPost(core: Core, postId: number): Promise<void> {
  const { db } = core.database;
  const [post] = await db
    .update(channelPosts)
    .set({ status: 'queued' })
    .where(and(eq(channelPosts.id, postId), eq(channelPosts.status, 'scheduled')))
    .returning();
  const current = post ?? (await db.select().from(channelPosts).where(eq(channelPosts.id, postId)).get());
  if (!current || current.status !== 'queued') return;
  const channel = (await db.select().from(channels).where(eq(channels.id, current.channelId)).get())!;
  const source = channelPostSource(postId);
  await enqueueDeliveries(core, [
    {
      channel: channel.channel,
      chatId: channel.chatId,
      purpose: `channel.${current.kind}`,
      source,
      dedupeKey: source,
      priority: 5,
      message: channelPostMessage(core, current),
    },
  ]);
}

/** The post's delivery: whether it went, Telegram's message id, or why not. */
export async function postDelivery(core: Core, postId: number): Promise<Delivery | undefined> {
  return core.database.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.source, channelPostSource(postId)))
    .get();
}

export interface ChannelPostRow {
  post: ChannelPost;
  delivery: Delivery | undefined;
}

export async function listChannelPosts(core: Core, actor: Actor, channelId: number): Promise<ChannelPostRow[]> {
  await channelForAdmin(core, actor, channelId);
  const rows = await core.database.db
    .select({ post: channelPosts, delivery: deliveries })
    .from(channelPosts)
    .leftJoin(deliveries, eq(deliveries.source, sql`'channel-post:' || ${channelPosts.id}`))
    .where(eq(channelPosts.channelId, channelId))
    .orderBy(desc(channelPosts.id))
    .limit(200);
  return rows.map((r) => ({ post: r.post, delivery: r.delivery ?? undefined }));
}

export async function channelPostForAdmin(core: Core, actor: Actor, id: number): Promise<ChannelPost> {
  const post = await core.database.db.select().from(channelPosts).where(eq(channelPosts.id, id)).get();
  if (!post) throw new DomainError('not-found');
  await channelForAdmin(core, actor, post.channelId);
  return post;
}

/** Sent posts are edited in place in the channel (text or caption and buttons); scheduled ones are just changed. */
export async function editChannelPost(core: Core, actor: Actor, messenger: ChannelMessenger, id: number, html: string): Promise<ChannelPost> {
  assertCanWrite(actor);
  const post = await channelPostForAdmin(core, actor, id);
  if (post.status === 'deleted' || post.status === 'cancelled') throw invalidInput('status', 'post-gone');
  checkPostText(html, post.attachment !== null);
  const delivery = await postDelivery(core, id);
  if (post.status === 'queued') {
    if (delivery?.status !== 'sent' || !delivery.externalId) throw invalidInput('status', 'post-not-sent-yet');
    const channel = await channelForAdmin(core, actor, post.channelId);
    const result = await messenger.edit(channel.chatId, delivery.externalId, channelPostMessage(core, { ...post, html }));
    if (!result.ok) throw invalidInput('html', 'telegram-refused', { reason: result.description });
  }
  const now = core.clock.now();
  await core.database.atomic([
    core.database.db.update(channelPosts).set({ html, editedAt: now }).where(eq(channelPosts.id, id)),
    ...(delivery
      ? [
          core.database.db
            .update(deliveries)
            .set({ message: channelPostMessage(core, { ...post, html }) })
            .where(eq(deliveries.id, delivery.id)),
        ]
      : []),
    auditEntry(core, actor, {
      action: 'channel-post.edit',
      entity: 'channel-post',
      entityId: id,
      municipalityId: post.municipalityId,
      before: { html: post.html },
      after: { html },
    }),
  ]);
  return (await channelPostForAdmin(core, actor, id))!;
}

/** Deletes a posted message from the channel, or calls off one not posted yet. */
export async function deleteChannelPost(core: Core, actor: Actor, messenger: ChannelMessenger, id: number): Promise<ChannelPost> {
  assertCanWrite(actor);
  const post = await channelPostForAdmin(core, actor, id);
  if (post.status === 'deleted' || post.status === 'cancelled') return post;
  const { db } = core.database;
  const now = core.clock.now();
  const delivery = await postDelivery(core, id);
  if (delivery?.status === 'sent' && delivery.externalId) {
    const channel = await channelForAdmin(core, actor, post.channelId);
    const result = await messenger.remove(channel.chatId, delivery.externalId);
    if (!result.ok) throw invalidInput('status', 'telegram-refused', { reason: result.description });
  }
  const status = delivery?.status === 'sent' ? 'deleted' : 'cancelled';
  await core.database.atomic([
    db.update(channelPosts).set({ status, deletedAt: now }).where(eq(channelPosts.id, id)),
    db
      .update(deliveries)
      .set({ status: 'skipped', error: 'cancelled' })
      .where(and(eq(deliveries.source, channelPostSource(id)), eq(deliveries.status, 'pending'))),
    db
      .update(scheduledJobs)
      .set({ status: 'cancelled', note: 'post deleted', finishedAt: now })
      .where(and(eq(scheduledJobs.dedupeKey, channelPostSource(id)), eq(scheduledJobs.status, 'due'))),
    auditEntry(core, actor, {
      action: 'channel-post.delete',
      entity: 'channel-post',
      entityId: id,
      municipalityId: post.municipalityId,
      before: { status: post.status },
      after: { status },
    }),
  ]);
  return (await channelPostForAdmin(core, actor, id))!;
}

/** Events an admin may announce in a channel (published, newest first) and those finished, for a post-release. */
export async function eventsForChannel(core: Core, actor: Actor): Promise<{ published: Event[]; finished: Event[] }> {
  const scope = scopeWhere(scopeOf(actor), events.municipalityId);
  const { db } = core.database;
  const [published, finished] = await Promise.all([
    db
      .select()
      .from(events)
      .where(and(eq(events.status, 'published'), gt(events.endsAt, core.clock.now()), scope))
      .orderBy(asc(events.startsAt))
      .limit(50),
    db
      .select()
      .from(events)
      .where(and(eq(events.status, 'published'), lte(events.endsAt, core.clock.now()), scope))
      .orderBy(desc(events.endsAt))
      .limit(50),
  ]);
  return { published, finished };
}

/** An event's announcement for a channel: what, when, where, and a «Записаться» button that opens its card in the bot. */
export async function eventAnnouncementDraft(
  core: Core,
  actor: Actor,
  eventId: number,
): Promise<Pick<ChannelPostInput, 'html' | 'buttons' | 'kind' | 'eventId'>> {
  const event = await eventForAdmin(core, actor, eventId);
  if (event.status !== 'published') throw invalidInput('eventId', 'event-not-published');
  const zone = await regionTimezone(core);
  const t = (key: string) => core.translate('ru', key);
  const lines = [`<b>${escapeHtml(event.title)}</b>`, `🗓 ${escapeHtml(formatEventTime(event.startsAt, event.endsAt, zone, 'ru'))}`];
  if (event.place) lines.push(`📍 ${escapeHtml(event.place)}`);
  if (event.description) lines.push('', escapeHtml(event.description));
  return { kind: 'announcement', eventId, html: lines.join('\n'), buttons: [{ kind: 'event', text: t('channel-sign-up-button'), eventId }] };
}

/**
 * A post-release proposed from a finished event: its title, date, how many came and their rating, for an editor to
 * rewrite and illustrate with a photo before posting. Refused before the event has ended.
 */
export async function postReleaseDraft(core: Core, actor: Actor, eventId: number): Promise<Pick<ChannelPostInput, 'html' | 'kind' | 'eventId'>> {
  const event = await eventForAdmin(core, actor, eventId);
  if (event.endsAt > core.clock.now()) throw new DomainError('event-not-ended');
  const zone = await regionTimezone(core);
  const summary = feedbackSummary((await listParticipants(core, actor, eventId)).map((p) => p.participant));
  const t = (key: string, args?: Record<string, string | number>) => core.translate('ru', key, args);
  const lines = [
    `<b>${escapeHtml(t('channel-release-heading'))}: ${escapeHtml(event.title)}</b>`,
    `🗓 ${escapeHtml(formatEventTime(event.startsAt, event.endsAt, zone, 'ru'))}`,
  ];
  if (summary.attended > 0) lines.push(t('channel-release-attended', { count: summary.attended }));
  if (summary.averageRating !== null) lines.push(t('channel-release-rating', { average: summary.averageRating }));
  lines.push('', escapeHtml(t('channel-release-placeholder')));
  return { kind: 'post-release', eventId, html: lines.join('\n') };
}
