import { z } from 'zod';
import type { Operation } from './registry.js';
import { requestSchemas, responseSchemas } from './registry.js';

type JsonSchema = Record<string, unknown>;

const errorResponses = {
  400: ['BadRequest', 'Неверные данные: поля с ошибками перечислены в issues; тело не JSON'],
  401: ['Unauthorized', 'Нет токена, токен неизвестен или отозван'],
  403: ['Forbidden', 'Роль токена не позволяет это действие (наблюдатель только читает)'],
  404: ['NotFound', 'Не найдено или вне муниципалитетов токена'],
  409: ['Conflict', 'Уже сделано: решение по заявке уже принято'],
  413: ['PayloadTooLarge', 'Тело запроса больше 1 МБ'],
  500: ['InternalError', 'Внутренняя ошибка сервера'],
} as const;

const tags = [
  { name: 'people', description: 'Участники: учителя, руководители школ, кураторы, координаторы' },
  { name: 'places', description: 'Муниципалитеты, школы и сводка' },
  { name: 'registrations', description: 'Заявки на регистрацию через бота' },
  { name: 'invites', description: 'Приглашения в бота' },
  { name: 'events', description: 'Мероприятия: черновик, публикация, изменения, отмена, участники' },
];

/** Named schemas as OpenAPI components: zod's JSON Schema of the registry, with `$ref`s between components. */
function components(registry: typeof requestSchemas, io: 'input' | 'output'): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, strip(schema as JsonSchema)]));
}

function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function ref(registry: typeof requestSchemas, schema: z.ZodType, where: string): { $ref: string } {
  const id = registry.get(schema)?.id;
  if (!id) throw new Error(`${where}: the schema is not named (use named.request / named.response)`);
  return { $ref: `#/components/schemas/${id}` };
}

/** Query or path fields as OpenAPI parameters, each with its own JSON Schema and description. */
function parameters(schema: z.ZodObject | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === 'path' || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

/** The OpenAPI 3.1 document of /api/v1, generated from the operations that `apiRoutes` mounts. */
export function openApiDocument(operations: readonly Operation[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const where = `${op.method.toUpperCase()} ${op.path}`;
    const errors: (keyof typeof errorResponses)[] = [401, 500];
    if (op.params || op.query || op.body) errors.push(400);
    if (op.write) errors.push(403);
    if (op.params) errors.push(404);
    if (op.conflict) errors.push(409);
    if (op.body) errors.push(413);
    errors.sort((a, b) => a - b);
    const operation: JsonSchema = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(requestSchemas, op.body, where) } } } } : {}),
      responses: {
        [String(op.status ?? 200)]: { description: 'Успешно', content: { 'application/json': { schema: ref(responseSchemas, op.response, where) } } },
        ...Object.fromEntries(errors.map((status) => [String(status), { $ref: `#/components/responses/${errorResponses[status][0]}` }])),
      },
    };
    (paths[op.path] ??= {})[op.method] = operation;
  }

  const requests = components(requestSchemas, 'input');
  const responses = components(responseSchemas, 'output');
  const clash = Object.keys(requests).filter((id) => id in responses);
  if (clash.length) throw new Error(`schema names used for both requests and responses: ${clash.join(', ')}`);

  return {
    openapi: '3.1.0',
    info: {
      title: 'Маяк — API для региональных систем',
      version: '1.0.0',
      description: [
        'Доступ по токену: заголовок `Authorization: Bearer <токен>`. Токены выпускает владелец в панели (раздел «Токены API»).',
        'Роль токена действует как роль администратора: наблюдатель только читает, координатор видит и меняет только свои муниципалитеты (чужое — 404).',
        'Изменения записываются в журнал действий от имени `api:<имя токена>`.',
        'Ошибки — JSON `{ "error": { "code", "message", "issues": [{ "field", "reason", "message" }] } }`. Время — UTC, ISO 8601.',
      ].join('\n\n'),
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    tags,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Токен API из панели администратора' } },
      schemas: { ...requests, ...responses },
      responses: Object.fromEntries(
        Object.values(errorResponses).map(([name, description]) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}
