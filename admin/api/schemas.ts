import { z } from '@hono/zod-openapi';
import type { PersonRow, SchoolRow } from '../../core/directory/directory.js';
import type { Person } from '../../core/directory/people.js';
import type { Municipality } from '../../core/directory/places.js';
import { personRoles, subjects, type PersonRole, type Subject } from '../../core/directory/vocabulary.js';
import { inviteStatuses, type InviteRow } from '../../core/onboarding/invites.js';
import type { PersonStatus } from '../../db/schema/index.js';

/** What the API sends back, named for the OpenAPI document, and the functions that shape domain rows into it. */

const id = z.number().int().positive();
export const timestamp = z.iso.datetime().describe('Момент времени в UTC, ISO 8601');
const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** Every status a person can have, listed so that a status added to the type fails to compile here until documented. */
const statusList: Record<PersonStatus, true> = {
  pending: true,
  active: true,
  stopped: true,
  blocked: true,
  deleted: true,
  rejected: true,
  deactivated: true,
  imported: true,
};
const personStatuses = Object.keys(statusList) as [PersonStatus, ...PersonStatus[]];

export const idParams = z.object({ id: z.coerce.number().int().positive().describe('Числовой id') });

/** Keyset pagination shared by lists: `before` is the `next` of the previous page. */
export const pageQuery = {
  before: z.coerce.number().int().positive().optional().describe('Курсор: значение `next` предыдущей страницы'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Размер страницы, 1–200'),
};

export const personSchema = z
  .object({
    id,
    fullName: z.string().nullable().describe('null — человек удалил свои данные (152-ФЗ)'),
    roles: z.array(z.enum(personRoles)),
    status: z.enum(personStatuses),
    municipalityId: id.nullable(),
    schoolId: id.nullable(),
    subjects: z.array(z.enum(subjects)),
    language: z.enum(['ru', 'en']),
    createdAt: timestamp,
    updatedAt: timestamp,
    decidedAt: timestamp.nullable().describe('Когда принято решение по заявке'),
    decidedBy: z.string().nullable().describe('Кто решил: e-mail администратора, api:<токен>, person:<id> или invite:<id>'),
    decisionReason: z.string().nullable(),
  })
  .openapi('Person', { description: 'Участник: учитель, руководитель школы, куратор, координатор' });

export function personOut(p: Person): z.input<typeof personSchema> {
  return {
    id: p.id,
    fullName: p.fullName,
    roles: p.roles as PersonRole[],
    status: p.status,
    municipalityId: p.municipalityId,
    schoolId: p.schoolId,
    subjects: p.subjects as Subject[],
    language: p.language,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    decidedAt: isoOrNull(p.decidedAt),
    decidedBy: p.decidedBy,
    decisionReason: p.decisionReason,
  };
}

export const personListSchema = z
  .object({
    items: z.array(personSchema),
    total: z.number().int().nonnegative().describe('Сколько всего подходит под фильтр'),
    next: id.nullable().describe('Курсор следующей страницы (параметр `before`); null — страница последняя'),
  })
  .openapi('PersonList');

export function personListOut(result: { rows: PersonRow[]; total: number; nextBefore: number | null }): z.input<typeof personListSchema> {
  return { items: result.rows.map((r) => personOut(r.person)), total: result.total, next: result.nextBefore };
}

const schoolSchema = z
  .object({
    id,
    municipalityId: id,
    municipality: z.string().describe('Название муниципалитета'),
    fullName: z.string(),
    shortName: z.string(),
    code: z.string().nullable().describe('Официальный код школы (например, ИНН), если известен'),
    tags: z.array(z.string()).describe('Метки: shnor, shnsu, 500plus, risk_zone и свои'),
    people: z.number().int().nonnegative().describe('Активные и ожидающие участники'),
    leads: z.number().int().nonnegative().describe('Активные руководители'),
    curators: z.array(z.object({ id, fullName: z.string().nullable() })),
  })
  .openapi('School');

export const schoolListSchema = z.object({ items: z.array(schoolSchema) }).openapi('SchoolList');

export function schoolOut(row: SchoolRow): z.input<typeof schoolSchema> {
  const s = row.school;
  return {
    id: s.id,
    municipalityId: s.municipalityId,
    municipality: row.municipality,
    fullName: s.fullName,
    shortName: s.shortName,
    code: s.code,
    tags: s.tags,
    people: row.people,
    leads: row.leads,
    curators: row.curators,
  };
}

const municipalitySchema = z
  .object({
    id,
    name: z.string(),
    timezone: z.string().nullable().describe('Часовой пояс IANA, если отличается от региона'),
    schools: z.number().int().nonnegative(),
    people: z.number().int().nonnegative().describe('Активные и ожидающие участники'),
  })
  .openapi('Municipality');

export const municipalityListSchema = z.object({ items: z.array(municipalitySchema) }).openapi('MunicipalityList');

export function municipalityOut(m: Municipality & { schools: number; people: number }): z.input<typeof municipalitySchema> {
  return { id: m.id, name: m.name, timezone: m.timezone, schools: m.schools, people: m.people };
}

const count = z.number().int().nonnegative();
export const dashboardSchema = z
  .object({
    byRole: z.record(z.string(), count).describe('Активные участники по ролям'),
    byStatus: z.record(z.string(), count).describe('Все записи по статусам'),
    pending: count.describe('Заявки, ждущие решения'),
    blocked: count.describe('Заблокировали бота'),
    schools: count,
    schoolsWithoutLead: count.describe('Школы без активного руководителя'),
  })
  .openapi('Dashboard', { description: 'Сводные цифры по муниципалитетам токена' });

export const inviteSchema = z
  .object({
    id,
    role: z.enum(personRoles),
    status: z.enum(inviteStatuses),
    municipalityId: id.nullable(),
    schoolId: id.nullable(),
    link: z.url().nullable().describe('Ссылка на бота; null, если роль токена не позволяет выдавать такие приглашения'),
    maxLink: z
      .url()
      .nullable()
      .describe('То же приглашение для бота в MAX (max.ru/…); null, если бота в MAX нет или роль токена не позволяет выдавать такие приглашения'),
    maxUses: z.number().int().positive(),
    uses: count,
    expiresAt: timestamp,
    revokedAt: timestamp.nullable(),
    createdBy: z.string().describe('Кто создал: e-mail, api:<токен>, cli'),
    createdAt: timestamp,
  })
  .openapi('Invite', {
    description: 'Приглашение: ссылка на бота с заранее заданной ролью и школой или муниципалитетом; регистрация по ней не требует одобрения',
  });

export function inviteOut(
  { invite: i, status }: Pick<InviteRow, 'invite' | 'status'>,
  link: string | null,
  maxLink: string | null = null,
): z.input<typeof inviteSchema> {
  return {
    id: i.id,
    role: i.role as PersonRole,
    status,
    municipalityId: i.municipalityId,
    schoolId: i.schoolId,
    link,
    maxLink,
    maxUses: i.maxUses,
    uses: i.uses,
    expiresAt: iso(i.expiresAt),
    revokedAt: isoOrNull(i.revokedAt),
    createdBy: i.createdBy,
    createdAt: iso(i.createdAt),
  };
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Машиночитаемый код: unauthorized, invalid-input, invalid-json, not-found, not-allowed, already-decided…'),
      message: z.string().describe('Понятное человеку описание (язык — по Accept-Language, по умолчанию русский)'),
      issues: z
        .array(
          z.object({
            field: z.string().describe('Поле: fullName, roles.0, body, query…'),
            reason: z.string().describe('Код причины: too_small, invalid_type, unrecognized_keys, no-such-school…'),
            message: z.string(),
            params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
          }),
        )
        .describe('Ошибки по полям; пусто, если ошибка не в данных'),
    }),
  })
  .openapi('Error');
