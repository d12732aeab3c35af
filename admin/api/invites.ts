import { z } from '@hono/zod-openapi';
import { scopeOf } from '../../core/admins/access.js';
import {
  canManageInvite,
  createInvite,
  inviteFilterSchema,
  inviteLink,
  inviteStatus,
  listInvites,
  maxInviteLink,
  newInviteSchema,
} from '../../core/onboarding/invites.js';
import { jsonRequest, ok, operation } from './route.js';
import { inviteOut, inviteSchema, pageQuery } from './schemas.js';

const inviteListSchema = z
  .object({
    items: z.array(inviteSchema),
    next: z.number().int().positive().nullable().describe('Курсор следующей страницы (параметр `before`); null — страница последняя'),
  })
  .openapi('InviteList');
const inviteCreatedSchema = z.object({ invite: inviteSchema }).openapi('InviteCreated');
const inviteCreateSchema = newInviteSchema
  .strict()
  .openapi('InviteCreate', { description: 'Нужна школа или муниципалитет; для учителя и руководителя школы — школа' });

const f = inviteFilterSchema.shape;
const invitesQuery = inviteFilterSchema
  .extend({ status: f.status.describe('Состояние приглашения'), role: f.role.describe('Роль, которую даёт приглашение'), ...pageQuery })
  .strict();

export const invitesOperations = [
  operation(
    {
      method: 'get',
      path: '/invites',
      operationId: 'listInvites',
      tags: ['invites'],
      summary: 'Приглашения, новые первыми',
      request: { query: invitesQuery },
      responses: { 200: ok(inviteListSchema) },
    },
    {},
    async (c) => {
      const core = c.get('core');
      const actor = c.get('actor');
      const { limit, ...filter } = c.req.valid('query');
      const { rows, nextBefore } = await listInvites(core, scopeOf(actor), filter, limit);
      return c.json(
        {
          items: rows.map((r) =>
            canManageInvite(actor, r.invite)
              ? inviteOut(r, inviteLink(core.config.botUsername, r.invite), maxInviteLink(core.config.maxBotUsername, r.invite))
              : inviteOut(r, null),
          ),
          next: nextBefore,
        },
        200,
      );
    },
  ),
  operation(
    {
      method: 'post',
      path: '/invites',
      operationId: 'createInvite',
      tags: ['invites'],
      summary: 'Создать приглашение и получить ссылку на бота',
      description: 'Координатор приглашает только в свои муниципалитеты и только учителей, руководителей школ и кураторов.',
      request: { body: jsonRequest(inviteCreateSchema) },
      responses: { 201: ok(inviteCreatedSchema) },
    },
    { write: true },
    async (c) => {
      const core = c.get('core');
      const { invite, link, maxLink } = await createInvite(core, c.req.valid('json'), c.get('actor'));
      return c.json({ invite: inviteOut({ invite, status: inviteStatus(invite, core.clock.now()) }, link, maxLink) }, 201);
    },
  ),
];
