import { z } from 'zod';
import { scopeOf } from '../../core/admins/access.js';
import { canManageInvite, createInvite, inviteFilterSchema, inviteLink, inviteStatus, listInvites, newInviteSchema } from '../../core/onboarding/invites.js';
import { defineOperation, named } from './registry.js';
import { inviteOut, inviteSchema, pageQuery } from './schemas.js';

const inviteListSchema = named.response(
  'InviteList',
  z.object({
    items: z.array(inviteSchema),
    next: z.number().int().positive().nullable().describe('Курсор следующей страницы (параметр `before`); null — страница последняя'),
  }),
);
const inviteCreatedSchema = named.response('InviteCreated', z.object({ invite: inviteSchema }));
const inviteCreateSchema = named.request('InviteCreate', newInviteSchema.strict(), 'Нужна школа или муниципалитет; для учителя и руководителя школы — школа');

const f = inviteFilterSchema.shape;
const invitesQuery = inviteFilterSchema
  .extend({ status: f.status.describe('Состояние приглашения'), role: f.role.describe('Роль, которую даёт приглашение'), ...pageQuery })
  .strict();

export const invitesOperations = [
  defineOperation({
    method: 'get',
    path: '/invites',
    operationId: 'listInvites',
    tag: 'invites',
    summary: 'Приглашения, новые первыми',
    query: invitesQuery,
    response: inviteListSchema,
    handler: async ({ core, actor, query: { limit, ...filter } }) => {
      const { rows, nextBefore } = await listInvites(core, scopeOf(actor), filter, limit);
      return {
        items: rows.map((r) => inviteOut(r, canManageInvite(actor, r.invite) ? inviteLink(core.config.botUsername, r.invite) : null)),
        next: nextBefore,
      };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/invites',
    operationId: 'createInvite',
    tag: 'invites',
    summary: 'Создать приглашение и получить ссылку на бота',
    description: 'Координатор приглашает только в свои муниципалитеты и только учителей, руководителей школ и кураторов.',
    write: true,
    body: inviteCreateSchema,
    response: inviteCreatedSchema,
    status: 201,
    handler: async ({ core, actor, body }) => {
      const { invite, link } = await createInvite(core, body, actor);
      return { invite: inviteOut({ invite, status: inviteStatus(invite, core.clock.now()) }, link) };
    },
  }),
];
