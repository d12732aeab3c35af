import { z } from '@hono/zod-openapi';
import { scopeOf } from '../../core/admins/access.js';
import { audienceRuleSchema } from '../../core/audiences/audiences.js';
import { eventFilterSchema, eventPhase, eventStatuses, listEventsFiltered } from '../../core/events/admin.js';
import { updateEvent } from '../../core/events/changes.js';
import { createEvent, eventForAdmin, listParticipants, type Event, type EventInput } from '../../core/events/events.js';
import { cancelEvent, publishEvent } from '../../core/events/publishing.js';
import { reminderOffsetsOf } from '../../core/events/reminders.js';
import { eventKinds } from '../../db/schema/index.js';
import { jsonRequest, ok, operation } from './route.js';
import { idParams, timestamp } from './schemas.js';

const id = z.number().int().positive();
const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const moment = z.iso.datetime({ offset: true }).describe('Дата и время ISO 8601 с часовым поясом: 2026-11-25T15:00:00+03:00');

const eventSchema = z
  .object({
    id,
    title: z.string(),
    kind: z.enum(eventKinds),
    description: z.string(),
    startsAt: timestamp,
    endsAt: timestamp,
    place: z.string().nullable(),
    link: z.string().nullable().describe('Ссылка на вебинар; в боте её видят только записавшиеся'),
    capacity: z.number().int().nullable(),
    registrationDeadline: timestamp.nullable(),
    reminderOffsets: z.array(z.number().int()).describe('За сколько минут до начала напоминать'),
    audience: audienceRuleSchema,
    status: z.enum(eventStatuses).describe('finished — опубликовано и уже закончилось'),
    municipalityId: id.nullable().describe('Муниципалитет мероприятия; null — региональное'),
    going: z.number().int(),
    waitlist: z.number().int(),
    publishedAt: timestamp.nullable(),
    cancelledAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi('Event', { description: 'Мероприятие: вебинар, семинар, стажировка, курс…' });

function eventOut(event: Event, counts: { going: number; waitlist: number }, now: number): z.input<typeof eventSchema> {
  return {
    id: event.id,
    title: event.title,
    kind: event.kind,
    description: event.description,
    startsAt: iso(event.startsAt),
    endsAt: iso(event.endsAt),
    place: event.place,
    link: event.link,
    capacity: event.capacity,
    registrationDeadline: isoOrNull(event.registrationDeadline),
    reminderOffsets: [...reminderOffsetsOf(event)],
    audience: audienceRuleSchema.parse(event.audience),
    status: eventPhase(event, now),
    municipalityId: event.municipalityId,
    going: counts.going,
    waitlist: counts.waitlist,
    publishedAt: isoOrNull(event.publishedAt),
    cancelledAt: isoOrNull(event.cancelledAt),
    createdAt: iso(event.createdAt),
    updatedAt: iso(event.updatedAt),
  };
}

const eventBody = z
  .object({
    title: z.string(),
    kind: z.enum(eventKinds),
    description: z.string().optional(),
    startsAt: moment,
    endsAt: moment,
    place: z.string().nullable().optional(),
    link: z.string().nullable().optional(),
    capacity: z.number().nullable().optional(),
    registrationDeadline: moment.nullable().optional(),
    audience: audienceRuleSchema.optional().describe('Не указано — все зарегистрированные (в пределах муниципалитета мероприятия)'),
    reminderOffsets: z.array(z.number()).nullable().optional().describe('Минуты до начала; не указано — как обычно для вида мероприятия'),
    municipalityId: id.nullable().optional().describe('Координатору обязателен: один из его муниципалитетов'),
  })
  .strict();
const eventCreateSchema = eventBody.openapi('EventCreate');
// No defaults above, so a field left out of a PATCH keeps its value instead of being reset.
const eventPatchSchema = eventBody.partial().strict().openapi('EventPatch', { description: 'Только меняемые поля; остальные остаются как были' });

function toInput(body: Partial<z.output<typeof eventBody>>, base?: Event): EventInput {
  const ms = (v: string | null | undefined, fallback: number | null) => (v === undefined ? fallback : v === null ? null : Date.parse(v));
  return {
    title: body.title ?? base!.title,
    kind: body.kind ?? base!.kind,
    description: body.description ?? base?.description ?? '',
    startsAt: ms(body.startsAt, base?.startsAt ?? null)!,
    endsAt: ms(body.endsAt, base?.endsAt ?? null)!,
    place: body.place !== undefined ? body.place : (base?.place ?? null),
    link: body.link !== undefined ? body.link : (base?.link ?? null),
    capacity: body.capacity !== undefined ? body.capacity : (base?.capacity ?? null),
    registrationDeadline: ms(body.registrationDeadline, base?.registrationDeadline ?? null),
    audience: body.audience ?? audienceRuleSchema.parse(base?.audience ?? {}),
    reminderOffsets: body.reminderOffsets,
    municipalityId: body.municipalityId !== undefined ? body.municipalityId : (base?.municipalityId ?? null),
  };
}

const eventListSchema = z.object({ items: z.array(eventSchema) }).openapi('EventList');
const eventPublishedSchema = z.object({ event: eventSchema, recipients: z.number().int().describe('Сколько человек получат анонс') }).openapi('EventPublished');
const participantSchema = z
  .object({
    personId: id,
    fullName: z.string().nullable(),
    status: z.enum(['going', 'declined', 'waitlist']),
    attended: z.boolean().nullable(),
    rating: z.number().int().nullable(),
    comment: z.string().nullable(),
    updatedAt: timestamp,
  })
  .openapi('EventParticipant');
const participantListSchema = z.object({ items: z.array(participantSchema) }).openapi('EventParticipantList');
const eventsQuery = eventFilterSchema
  .extend({
    status: eventFilterSchema.shape.status.describe('draft, published (ещё не закончилось), finished, cancelled'),
    kind: eventFilterSchema.shape.kind.describe('Вид мероприятия'),
  })
  .strict();

/** One event with its counts, as the actor may see it. */
async function eventWithCounts(core: Parameters<typeof eventForAdmin>[0], actor: Parameters<typeof eventForAdmin>[1], eventId: number) {
  const [event, participants] = await Promise.all([eventForAdmin(core, actor, eventId), listParticipants(core, actor, eventId)]);
  const counts = {
    going: participants.filter((p) => p.participant.status === 'going').length,
    waitlist: participants.filter((p) => p.participant.status === 'waitlist').length,
  };
  return eventOut(event, counts, core.clock.now());
}

export const eventsOperations = [
  operation(
    {
      method: 'get',
      path: '/events',
      operationId: 'listEvents',
      tags: ['events'],
      summary: 'Мероприятия: предстоящие (ближайшие первыми), затем прошедшие',
      request: { query: eventsQuery },
      responses: { 200: ok(eventListSchema) },
    },
    {},
    async (c) => {
      const core = c.get('core');
      const rows = await listEventsFiltered(core, scopeOf(c.get('actor')), c.req.valid('query'));
      const now = core.clock.now();
      return c.json({ items: rows.map((r) => eventOut(r.event, r, now)) }, 200);
    },
  ),
  operation(
    {
      method: 'get',
      path: '/events/{id}',
      operationId: 'getEvent',
      tags: ['events'],
      summary: 'Одно мероприятие',
      request: { params: idParams },
      responses: { 200: ok(eventSchema) },
    },
    {},
    async (c) => c.json(await eventWithCounts(c.get('core'), c.get('actor'), c.req.valid('param').id), 200),
  ),
  operation(
    {
      method: 'post',
      path: '/events',
      operationId: 'createEvent',
      tags: ['events'],
      summary: 'Создать черновик мероприятия',
      description: 'Анонс уходит только после публикации. Координатор создаёт мероприятия только своих муниципалитетов.',
      request: { body: jsonRequest(eventCreateSchema) },
      responses: { 201: ok(eventSchema) },
    },
    { write: true },
    async (c) => {
      const core = c.get('core');
      const event = await createEvent(core, c.get('actor'), toInput(c.req.valid('json')));
      return c.json(eventOut(event, { going: 0, waitlist: 0 }, core.clock.now()), 201);
    },
  ),
  operation(
    {
      method: 'patch',
      path: '/events/{id}',
      operationId: 'updateEvent',
      tags: ['events'],
      summary: 'Изменить мероприятие',
      description: 'Записавшимся на опубликованное мероприятие сообщается один раз, что изменились время, место или ссылка.',
      request: { params: idParams, body: jsonRequest(eventPatchSchema) },
      responses: { 200: ok(eventSchema) },
    },
    { write: true },
    async (c) => {
      const core = c.get('core');
      const actor = c.get('actor');
      const { id } = c.req.valid('param');
      const before = await eventForAdmin(core, actor, id);
      await updateEvent(core, actor, id, toInput(c.req.valid('json'), before));
      return c.json(await eventWithCounts(core, actor, id), 200);
    },
  ),
  operation(
    {
      method: 'post',
      path: '/events/{id}/publish',
      operationId: 'publishEvent',
      tags: ['events'],
      summary: 'Опубликовать: анонс уходит аудитории',
      request: { params: idParams },
      responses: { 200: ok(eventPublishedSchema) },
    },
    { write: true },
    async (c) => {
      const core = c.get('core');
      const actor = c.get('actor');
      const { id } = c.req.valid('param');
      const recipients = await publishEvent(core, actor, id);
      return c.json({ event: await eventWithCounts(core, actor, id), recipients }, 200);
    },
  ),
  operation(
    {
      method: 'post',
      path: '/events/{id}/cancel',
      operationId: 'cancelEvent',
      tags: ['events'],
      summary: 'Отменить: записавшимся сообщается, напоминания снимаются',
      request: { params: idParams },
      responses: { 200: ok(eventSchema) },
    },
    { write: true },
    async (c) => {
      const core = c.get('core');
      const actor = c.get('actor');
      const { id } = c.req.valid('param');
      await cancelEvent(core, actor, id);
      return c.json(await eventWithCounts(core, actor, id), 200);
    },
  ),
  operation(
    {
      method: 'get',
      path: '/events/{id}/participants',
      operationId: 'listEventParticipants',
      tags: ['events'],
      summary: 'Участники: запись, лист ожидания, отказ, посещение и оценка',
      request: { params: idParams },
      responses: { 200: ok(participantListSchema) },
    },
    {},
    async (c) => {
      const rows = await listParticipants(c.get('core'), c.get('actor'), c.req.valid('param').id);
      return c.json(
        {
          items: rows.map(({ participant: p, fullName }) => ({
            personId: p.personId,
            fullName,
            status: p.status,
            attended: p.attended,
            rating: p.rating,
            comment: p.comment,
            updatedAt: iso(p.updatedAt),
          })),
        },
        200,
      );
    },
  ),
];
