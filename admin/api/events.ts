import { z } from 'zod';
import { scopeOf } from '../../core/admins/access.js';
import { audienceRuleSchema } from '../../core/audiences/audiences.js';
import { eventFilterSchema, eventPhase, eventStatuses, listEventsFiltered } from '../../core/events/admin.js';
import { cancelEvent, createEvent, eventForAdmin, listParticipants, publishEvent, updateEvent, type Event, type EventInput } from '../../core/events/events.js';
import { reminderOffsetsOf } from '../../core/events/reminders.js';
import { eventKinds } from '../../core/vocabulary/events.js';
import { defineOperation, named } from './registry.js';
import { idParams, timestamp } from './schemas.js';

const id = z.number().int().positive();
const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const moment = z.iso.datetime({ offset: true }).describe('Дата и время ISO 8601 с часовым поясом: 2026-11-25T15:00:00+03:00');

const eventSchema = named.response(
  'Event',
  z.object({
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
  }),
  'Мероприятие: вебинар, семинар, стажировка, курс…',
);

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
const eventCreateSchema = named.request('EventCreate', eventBody);
// No defaults above, so a field left out of a PATCH keeps its value instead of being reset.
const eventPatchSchema = named.request('EventPatch', eventBody.partial().strict(), 'Только меняемые поля; остальные остаются как были');

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

const eventListSchema = named.response('EventList', z.object({ items: z.array(eventSchema) }));
const eventPublishedSchema = named.response(
  'EventPublished',
  z.object({ event: eventSchema, recipients: z.number().int().describe('Сколько человек получат анонс') }),
);
const participantSchema = named.response(
  'EventParticipant',
  z.object({
    personId: id,
    fullName: z.string().nullable(),
    status: z.enum(['going', 'declined', 'waitlist']),
    attended: z.boolean().nullable(),
    rating: z.number().int().nullable(),
    comment: z.string().nullable(),
    updatedAt: timestamp,
  }),
);
const participantListSchema = named.response('EventParticipantList', z.object({ items: z.array(participantSchema) }));
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
  defineOperation({
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    tag: 'events',
    summary: 'Мероприятия: предстоящие (ближайшие первыми), затем прошедшие',
    query: eventsQuery,
    response: eventListSchema,
    handler: async ({ core, actor, query }) => {
      const rows = await listEventsFiltered(core, scopeOf(actor), query);
      const now = core.clock.now();
      return { items: rows.map((r) => eventOut(r.event, r, now)) };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/events/{id}',
    operationId: 'getEvent',
    tag: 'events',
    summary: 'Одно мероприятие',
    params: idParams,
    response: eventSchema,
    handler: async ({ core, actor, params }) => eventWithCounts(core, actor, params.id),
  }),
  defineOperation({
    method: 'post',
    path: '/events',
    operationId: 'createEvent',
    tag: 'events',
    summary: 'Создать черновик мероприятия',
    description: 'Анонс уходит только после публикации. Координатор создаёт мероприятия только своих муниципалитетов.',
    write: true,
    body: eventCreateSchema,
    response: eventSchema,
    status: 201,
    handler: async ({ core, actor, body }) => {
      const event = await createEvent(core, actor, toInput(body));
      return eventOut(event, { going: 0, waitlist: 0 }, core.clock.now());
    },
  }),
  defineOperation({
    method: 'patch',
    path: '/events/{id}',
    operationId: 'updateEvent',
    tag: 'events',
    summary: 'Изменить мероприятие',
    description: 'Записавшимся на опубликованное мероприятие сообщается один раз, что изменились время, место или ссылка.',
    write: true,
    params: idParams,
    body: eventPatchSchema,
    response: eventSchema,
    handler: async ({ core, actor, params, body }) => {
      const before = await eventForAdmin(core, actor, params.id);
      await updateEvent(core, actor, params.id, toInput(body, before));
      return eventWithCounts(core, actor, params.id);
    },
  }),
  defineOperation({
    method: 'post',
    path: '/events/{id}/publish',
    operationId: 'publishEvent',
    tag: 'events',
    summary: 'Опубликовать: анонс уходит аудитории',
    write: true,
    params: idParams,
    response: eventPublishedSchema,
    handler: async ({ core, actor, params }) => {
      const recipients = await publishEvent(core, actor, params.id);
      return { event: await eventWithCounts(core, actor, params.id), recipients };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/events/{id}/cancel',
    operationId: 'cancelEvent',
    tag: 'events',
    summary: 'Отменить: записавшимся сообщается, напоминания снимаются',
    write: true,
    params: idParams,
    response: eventSchema,
    handler: async ({ core, actor, params }) => {
      await cancelEvent(core, actor, params.id);
      return eventWithCounts(core, actor, params.id);
    },
  }),
  defineOperation({
    method: 'get',
    path: '/events/{id}/participants',
    operationId: 'listEventParticipants',
    tag: 'events',
    summary: 'Участники: запись, лист ожидания, отказ, посещение и оценка',
    params: idParams,
    response: participantListSchema,
    handler: async ({ core, actor, params }) => {
      const rows = await listParticipants(core, actor, params.id);
      return {
        items: rows.map(({ participant: p, fullName }) => ({
          personId: p.personId,
          fullName,
          status: p.status,
          attended: p.attended,
          rating: p.rating,
          comment: p.comment,
          updatedAt: iso(p.updatedAt),
        })),
      };
    },
  }),
];
