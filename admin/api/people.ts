import { scopeOf } from '../../core/admins/access.js';
import { editPerson, listPeople, peopleFilterSchema, personEditSchema, personForAdmin, setPersonActive } from '../../core/directory/directory.js';
import { invalidInput, parseInput } from '../../core/errors.js';
import { jsonRequest, ok, operation } from './route.js';
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

const personPatchSchema = personEditSchema
  .partial()
  .strict()
  .openapi('PersonPatch', { description: 'Любое подмножество полей; остальные остаются как были. Если указана школа, муниципалитет берётся из неё.' });

export const peopleOperations = [
  operation(
    {
      method: 'get',
      path: '/people',
      operationId: 'listPeople',
      tags: ['people'],
      summary: 'Список участников с фильтрами, новые первыми',
      description:
        'Постраничный список: `next` из ответа передайте как `before`, чтобы получить следующую страницу. Координатор видит только свои муниципалитеты.',
      request: { query: peopleQuery },
      responses: { 200: ok(personListSchema) },
    },
    {},
    async (c) => {
      const { limit, ...filter } = c.req.valid('query');
      return c.json(personListOut(await listPeople(c.get('core'), scopeOf(c.get('actor')), filter, limit)), 200);
    },
  ),
  operation(
    {
      method: 'get',
      path: '/people/{id}',
      operationId: 'getPerson',
      tags: ['people'],
      summary: 'Карточка участника',
      request: { params: idParams },
      responses: { 200: ok(personSchema) },
    },
    {},
    async (c) => c.json(personOut(await personForAdmin(c.get('core'), c.get('actor'), c.req.valid('param').id)), 200),
  ),
  operation(
    {
      method: 'patch',
      path: '/people/{id}',
      operationId: 'editPerson',
      tags: ['people'],
      summary: 'Изменить данные участника (ФИО, роли, школа, муниципалитет, предметы)',
      description: 'Изменение записывается в журнал действий от имени токена (api:<имя токена>).',
      request: { params: idParams, body: jsonRequest(personPatchSchema) },
      responses: { 200: ok(personSchema) },
    },
    { write: true },
    async (c) => {
      const core = c.get('core');
      const actor = c.get('actor');
      const { id } = c.req.valid('param');
      const person = await personForAdmin(core, actor, id);
      if (person.status === 'deleted') throw invalidInput('status', 'person-erased');
      const { fullName, roles, schoolId, municipalityId, subjects } = person;
      const edit = parseInput(personEditSchema, { fullName, roles, schoolId, municipalityId, subjects, ...c.req.valid('json') });
      return c.json(personOut(await editPerson(core, actor, id, edit)), 200);
    },
  ),
  ...([false, true] as const).map((active) =>
    operation(
      {
        method: 'post',
        path: active ? '/people/{id}/activate' : '/people/{id}/deactivate',
        operationId: active ? 'activatePerson' : 'deactivatePerson',
        tags: ['people'],
        summary: active ? 'Активировать участника снова' : 'Деактивировать участника: сообщения ему больше не отправляются',
        request: { params: idParams },
        responses: { 200: ok(personSchema) },
      },
      { write: true },
      async (c) => {
        const core = c.get('core');
        const actor = c.get('actor');
        const { id } = c.req.valid('param');
        await setPersonActive(core, actor, id, active);
        return c.json(personOut(await personForAdmin(core, actor, id)), 200);
      },
    ),
  ),
];
