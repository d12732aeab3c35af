import { z } from '@hono/zod-openapi';
import { scopeOf } from '../../core/admins/access.js';
import { dashboardFigures } from '../../core/directory/dashboard.js';
import { listSchools, municipalitiesInScope } from '../../core/directory/directory.js';
import { ok, operation } from './route.js';
import { dashboardSchema, municipalityListSchema, municipalityOut, schoolListSchema, schoolOut } from './schemas.js';

const schoolsQuery = z.strictObject({
  municipality: z.coerce.number().int().positive().optional().describe('Id муниципалитета'),
  tag: z.string().trim().min(1).max(40).optional().describe('Метка школы: shnor, shnsu, 500plus, risk_zone…'),
  q: z.string().trim().min(1).max(100).optional().describe('Часть названия школы'),
});

export const placesOperations = [
  operation(
    {
      method: 'get',
      path: '/schools',
      operationId: 'listSchools',
      tags: ['places'],
      summary: 'Школы с числом участников и кураторами',
      request: { query: schoolsQuery },
      responses: { 200: ok(schoolListSchema) },
    },
    {},
    async (c) => c.json({ items: (await listSchools(c.get('core'), scopeOf(c.get('actor')), c.req.valid('query'))).map(schoolOut) }, 200),
  ),
  operation(
    {
      method: 'get',
      path: '/municipalities',
      operationId: 'listMunicipalities',
      tags: ['places'],
      summary: 'Муниципалитеты, доступные токену',
      responses: { 200: ok(municipalityListSchema) },
    },
    {},
    async (c) => c.json({ items: (await municipalitiesInScope(c.get('core'), scopeOf(c.get('actor')))).map(municipalityOut) }, 200),
  ),
  operation(
    {
      method: 'get',
      path: '/dashboard',
      operationId: 'getDashboard',
      tags: ['places'],
      summary: 'Сводка: участники по ролям и статусам, заявки, школы без руководителя',
      responses: { 200: ok(dashboardSchema) },
    },
    {},
    async (c) => c.json(await dashboardFigures(c.get('core'), scopeOf(c.get('actor'))), 200),
  ),
];
