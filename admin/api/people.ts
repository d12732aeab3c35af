import { scopeOf } from '../../core/admins/access.js';
import { editPerson, listPeople, peopleFilterSchema, personEditSchema, personForAdmin, setPersonActive } from '../../core/directory/directory.js';
import { invalidInput, parseInput } from '../../core/errors.js';
import { defineOperation, named } from './registry.js';
import { idParams, pageQuery, personListOut, personListSchema, personOut, personSchema } from './schemas.js';

const f = peopleFilterSchema.shape;
const peopleQuery = peopleFilterSchema
  .extend({
    municipality: f.municipality.describe('Id муниципалитета'),
    school: f.school.describe('Id школы'),
    role: f.role.describe('Роль участника'),
    subject: f.subject.describe('Предмет (для учителей)'),
    status: f.status.describe('Статус записи'),
    tag: f.tag.describe('Метка школы: shnor, shnsu, 500plus, risk_zone…'),
    q: f.q.describe('Часть ФИО, без учёта регистра и ё/е'),
    ...pageQuery,
  })
  .strict();

const personPatchSchema = named.request(
  'PersonPatch',
  personEditSchema.partial().strict(),
  'Любое подмножество полей; остальные остаются как были. Если указана школа, муниципалитет берётся из неё.',
);

export const peopleOperations = [
  defineOperation({
    method: 'get',
    path: '/people',
    operationId: 'listPeople',
    tag: 'people',
    summary: 'Список участников с фильтрами, новые первыми',
    description:
      'Постраничный список: `next` из ответа передайте как `before`, чтобы получить следующую страницу. Координатор видит только свои муниципалитеты.',
    query: peopleQuery,
    response: personListSchema,
    handler: async ({ core, actor, query: { limit, ...filter } }) => personListOut(await listPeople(core, scopeOf(actor), filter, limit)),
  }),
  defineOperation({
    method: 'get',
    path: '/people/{id}',
    operationId: 'getPerson',
    tag: 'people',
    summary: 'Карточка участника',
    params: idParams,
    response: personSchema,
    handler: async ({ core, actor, params }) => personOut(await personForAdmin(core, actor, params.id)),
  }),
  defineOperation({
    method: 'patch',
    path: '/people/{id}',
    operationId: 'editPerson',
    tag: 'people',
    summary: 'Изменить данные участника (ФИО, роли, школа, муниципалитет, предметы)',
    description: 'Изменение записывается в журнал действий от имени токена (api:<имя токена>).',
    write: true,
    params: idParams,
    body: personPatchSchema,
    response: personSchema,
    handler: async ({ core, actor, params, body }) => {
      const person = await personForAdmin(core, actor, params.id);
      if (person.status === 'deleted') throw invalidInput('status', 'person-erased');
      const { fullName, roles, schoolId, municipalityId, subjects } = person;
      const edit = parseInput(personEditSchema, { fullName, roles, schoolId, municipalityId, subjects, ...body });
      return personOut(await editPerson(core, actor, params.id, edit));
    },
  }),
  ...([false, true] as const).map((active) =>
    defineOperation({
      method: 'post',
      path: active ? '/people/{id}/activate' : '/people/{id}/deactivate',
      operationId: active ? 'activatePerson' : 'deactivatePerson',
      tag: 'people',
      summary: active ? 'Активировать участника снова' : 'Деактивировать участника: сообщения ему больше не отправляются',
      write: true,
      params: idParams,
      response: personSchema,
      handler: async ({ core, actor, params }) => {
        await setPersonActive(core, actor, params.id, active);
        return personOut(await personForAdmin(core, actor, params.id));
      },
    }),
  ),
];
