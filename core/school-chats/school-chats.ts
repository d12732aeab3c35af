import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { deliveries, people, schoolChats } from '../../db/schema/index.js';
import type { MessengerChannel } from '../vocabulary/channels.js';
import { personByContact } from '../directory/contacts.js';
import { schoolChatScopes, type SchoolChatScope } from '../vocabulary/school-chats.js';
import type { Core } from '../core.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { enqueueDeliveries } from '../deliveries/outbox.js';
import { DomainError } from '../errors.js';

export type SchoolChat = typeof schoolChats.$inferSelect;
/** What an announcement to a school is about; a chat gets it when its scope is that or `all`. */
export type SchoolAnnouncementKind = Exclude<SchoolChatScope, 'all'>;

export interface LinkRequest {
  chatId: string;
  chatType: 'private' | 'group' | 'supergroup' | 'channel';
  title: string | null;
  /** The messenger the group is on, and the user there who sent /link. */
  channel: MessengerChannel;
  userId: string;
  /** Whether the messenger says the sender is an admin (or the creator) of the group (getChatMember, asked by the bot). */
  senderIsChatAdmin: boolean;
}

/** The scope buttons under /link in a group, on either messenger: `sc:all|events|tasks` (the chat is the one the button is in). */
export const schoolChatButton = {
  pattern: /^sc:/,
  encode: (scope: SchoolChatScope) => `sc:${scope}`,
  parse(data: string | undefined): SchoolChatScope | undefined {
    const scope = (data ?? '').slice(3);
    return (schoolChatScopes as readonly string[]).includes(scope) && data?.startsWith('sc:') ? (scope as SchoolChatScope) : undefined;
  },
};

/** One row of scope buttons, the chosen one marked. */
export function schoolChatScopeButtons(t: (key: string) => string, current: SchoolChatScope): MessageButton[][] {
  return [
    schoolChatScopes.map((scope) => ({ text: `${scope === current ? '● ' : ''}${t(`school-chat-scope-${scope}`)}`, action: schoolChatButton.encode(scope) })),
  ];
}

/** The active lead of a school writing from a messenger, or null. */
async function leadOf(core: Core, channel: MessengerChannel, userId: string): Promise<{ id: number; schoolId: number } | null> {
  const person = await personByContact(core, channel, userId);
  if (!person || person.status !== 'active' || person.schoolId === null || !person.roles.includes('school_lead')) return null;
  return { id: person.id, schoolId: person.schoolId };
}

/**
 * /link in a group: the sender must be an active lead of a school and an admin of the group; the group must not be
 * linked already and the school not linked to another group the bot is still in. Each refusal is its own error and
 * changes nothing.
 */
export async function linkSchoolChat(core: Core, request: LinkRequest): Promise<SchoolChat> {
  if (request.chatType !== 'group' && request.chatType !== 'supergroup') throw new DomainError('chat-not-group');
  const lead = await leadOf(core, request.channel, request.userId);
  if (!lead) throw new DomainError('not-school-lead');
  if (!request.senderIsChatAdmin) throw new DomainError('not-chat-admin');
  const { db } = core.database;
  const here = await db.select().from(schoolChats).where(eq(schoolChats.chatId, request.chatId)).get();
  if (here) throw new DomainError('chat-already-linked');
  const elsewhere = await db.select().from(schoolChats).where(eq(schoolChats.schoolId, lead.schoolId)).get();
  const now = core.clock.now();
  if (elsewhere?.status === 'active') throw new DomainError('school-linked-elsewhere');
  if (elsewhere) {
    // The bot was removed from the school's old group: the link (and its choice of what goes there) moves here.
    const moved = await db
      .update(schoolChats)
      .set({ channel: request.channel, chatId: request.chatId, title: request.title, status: 'active', linkedBy: lead.id, linkedAt: now, updatedAt: now })
      .where(and(eq(schoolChats.id, elsewhere.id), eq(schoolChats.status, 'removed')))
      .returning()
      .get();
    if (!moved) throw new DomainError('school-linked-elsewhere');
    return moved;
  }
  // The unique indexes settle two /link at once: the loser inserts nothing and is told the chat is linked.
  const row = await db
    .insert(schoolChats)
    .values({
      schoolId: lead.schoolId,
      channel: request.channel,
      chatId: request.chatId,
      title: request.title,
      linkedBy: lead.id,
      linkedAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!row) throw new DomainError('chat-already-linked');
  return row;
}

/** A lead of the linked school picks what the group receives; anyone else is refused. */
export async function setSchoolChatScope(
  core: Core,
  user: { channel: MessengerChannel; userId: string },
  chatId: string,
  scope: SchoolChatScope,
): Promise<SchoolChat> {
  const { db } = core.database;
  const link = await db.select().from(schoolChats).where(eq(schoolChats.chatId, chatId)).get();
  if (!link) throw new DomainError('not-found');
  const lead = await leadOf(core, user.channel, user.userId);
  if (!lead || lead.schoolId !== link.schoolId) throw new DomainError('not-school-lead');
  return (await db.update(schoolChats).set({ scope, updatedAt: core.clock.now() }).where(eq(schoolChats.id, link.id)).returning().get())!;
}

export async function schoolChatByChatId(core: Core, chatId: string): Promise<SchoolChat | undefined> {
  return core.database.db.select().from(schoolChats).where(eq(schoolChats.chatId, chatId)).get();
}

/**
 * The bot was removed from the group: the link is kept (it comes back when the bot is added again) but nothing is
 * sent there meanwhile, and what was waiting for it is skipped rather than sent into the void.
 */
export async function schoolChatRemoved(core: Core, chatId: string): Promise<void> {
  const { db } = core.database;
  const now = core.clock.now();
  await core.database.atomic([
    db.update(schoolChats).set({ status: 'removed', updatedAt: now }).where(eq(schoolChats.chatId, chatId)),
    db
      .update(deliveries)
      .set({ status: 'skipped', error: 'bot-removed-from-chat' })
      .where(and(eq(deliveries.chatId, chatId), eq(deliveries.status, 'pending'))),
  ]);
}

/** The bot is back in a group that was linked: the link is active again. */
export async function schoolChatRestored(core: Core, chatId: string): Promise<void> {
  await core.database.db.update(schoolChats).set({ status: 'active', updatedAt: core.clock.now() }).where(eq(schoolChats.chatId, chatId));
}

/** A group became a supergroup (a new chat id): the link and what is waiting to be sent move to the new id. */
export async function schoolChatMigrated(core: Core, fromChatId: string, toChatId: string): Promise<void> {
  const { db } = core.database;
  await core.database.atomic([
    db.update(schoolChats).set({ chatId: toChatId, updatedAt: core.clock.now() }).where(eq(schoolChats.chatId, fromChatId)),
    db
      .update(deliveries)
      .set({ chatId: toChatId })
      .where(and(eq(deliveries.chatId, fromChatId), inArray(deliveries.status, ['pending']))),
  ]);
}

export interface SchoolAnnouncement {
  schoolIds: number[];
  kind: SchoolAnnouncementKind;
  /** Stable per announcement: the group's copy is sent once however often this is called. */
  dedupeKey: string;
  purpose: string;
  message: OutgoingMessage;
}

/**
 * The one way a feature tells schools' team chats something (an event now, a task later): each active linked group of
 * those schools whose scope takes this kind gets one copy. The outbox paces groups at 20 messages a minute each.
 */
export async function announceToSchoolChats(core: Core, announcement: SchoolAnnouncement): Promise<number> {
  const ids = [...new Set(announcement.schoolIds)];
  if (ids.length === 0) return 0;
  const links: SchoolChat[] = await core.database.db
    .select()
    .from(schoolChats)
    .where(
      and(
        sql`${schoolChats.schoolId} in (select value from json_each(${JSON.stringify(ids)}))`,
        eq(schoolChats.status, 'active'),
        inArray(schoolChats.scope, ['all', announcement.kind]),
      ),
    );
  await enqueueDeliveries(
    core,
    links.map((link) => ({
      channel: link.channel,
      chatId: link.chatId,
      purpose: announcement.purpose,
      dedupeKey: `${announcement.dedupeKey}:chat:${link.schoolId}`,
      priority: 9,
      message: announcement.message,
    })),
  );
  return links.length;
}

/** The schools of some people (for announcing to their schools' chats what reached them). */
export async function schoolsOfPeople(core: Core, personIds: number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  // The ids go as one JSON list: one statement whatever their number, within D1's 100 bound parameters.
  const rows = await core.database.db
    .selectDistinct({ schoolId: people.schoolId })
    .from(people)
    .where(and(sql`${people.id} in (select value from json_each(${JSON.stringify(personIds)}))`, isNotNull(people.schoolId)));
  return rows.map((r) => r.schoolId!);
}
