import { z } from 'zod';
import { scopeOf } from '../../core/admins/access.js';
import { dashboardFigures } from '../../core/directory/dashboard.js';
import { listSchools, municipalitiesInScope } from '../../core/directory/directory.js';
import { defineOperation } from './registry.js';
import { dashboardSchema, municipalityListSchema, municipalityOut, schoolListSchema, schoolOut } from './schemas.js';

const schoolsQuery = z.strictObject({
  municipality: z.coerce.number().int().positive().optional().describe('Id муниципалитета'),
  tag: z.string().trim().min(1).max(40).optional().describe('Метка школы: shnor, shnsu, 500plus, risk_zone…'),
  q: z.string().trim().min(1).max(100).optional().describe('Часть названия школы'),
});

export const placesOperations = [
  defineOperation({
    method: 'get',
    path: '/schools',
    operationId: 'listSchools',
    tag: 'places',
    summary: 'Школы с числом участников и кураторами',
    query: schoolsQuery,
    response: schoolListSchema,
    handler: async ({ core, actor, query }) => ({ items: (await listSchools(core, scopeOf(actor), query)).map(schoolOut) }),
  }),
  defineOperation({
    method: 'get',
    path: '/municipalities',
    operationId: 'listMunicipalities',
    tag: 'places',
    summary: 'Муниципалитеты, доступные токену',
    response: municipalityListSchema,
    handler: async ({ core, actor }) => ({ items: (await municipalitiesInScope(core, scopeOf(actor))).map(municipalityOut) }),
  }),
  defineOperation({
    method: 'get',
    path: '/dashboard',
    operationId: 'getDashboard',
    tag: 'places',
    summary: 'Сводка: участники по ролям и статусам, заявки, школы без руководителя',
    response: dashboardSchema,
    handler: async ({ core, actor }) => dashboardFigures(core, scopeOf(actor)),
  }),
];
