import type { OpenAPIHono } from '@hono/zod-openapi';
import { type ApiEnv, errorResponses } from './route.js';
import { errorSchema } from './schemas.js';

const tags = [
  { name: 'people', description: 'Участники: учителя, руководители школ, кураторы, координаторы' },
  { name: 'places', description: 'Муниципалитеты, школы и сводка' },
  { name: 'registrations', description: 'Заявки на регистрацию через бота' },
  { name: 'invites', description: 'Приглашения в бота' },
  { name: 'events', description: 'Мероприятия: черновик, публикация, изменения, отмена, участники' },
];

/**
 * Serves the OpenAPI 3.1 document of /api/v1 at `path`: the operations mounted on `app` describe themselves; here are
 * what they share (the bearer scheme, the error answers they refer to, the tags) and the introduction.
 */
export function serveOpenApiDocument(app: OpenAPIHono<ApiEnv>, path: `/${string}`): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'Токен API из панели администратора' });
  registry.register('Error', errorSchema);
  for (const [name, description] of Object.values(errorResponses))
    registry.registerComponent('responses', name, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

  app.doc31(path, {
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
  });
}
