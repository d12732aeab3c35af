import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { scopeOf } from '../../core/admins/access.js';
import { listPendingRegistrations } from '../../core/onboarding/queue.js';
import { decideRegistration, decisionReasonSchema } from '../../core/onboarding/registration.js';
import { type ApiEnv, jsonRequest, ok, operation } from './route.js';
import { idParams, personOut, personSchema, timestamp } from './schemas.js';

const pendingListSchema = z
  .object({
    items: z.array(z.object({ person: personSchema, requestedAt: timestamp.describe('Когда отправлена заявка') })),
    total: z.number().int().nonnegative().describe('Сколько заявок ждёт всего; если больше, чем в items, — решите эти и запросите снова'),
  })
  .openapi('PendingRegistrationList', { description: 'Заявки, старые первыми' });

const rejectSchema = z.strictObject({ reason: decisionReasonSchema.describe('Причина; человек увидит её в боте') }).openapi('RejectRegistration');

/** The core checks the token's role and scope (another municipality's applicant is "not found") and audits the decision. */
async function decide(c: Context<ApiEnv>, personId: number, approve: boolean, reason?: string) {
  return personOut(await decideRegistration(c.get('core'), { personId, approve, decider: { kind: 'admin', actor: c.get('actor') }, reason }));
}

const once = 'Решение принимается один раз: повторное или опоздавшее решение получает 409 already-decided. Человеку придёт сообщение в боте.';

export const registrationsOperations = [
  operation(
    {
      method: 'get',
      path: '/registrations/pending',
      operationId: 'listPendingRegistrations',
      tags: ['registrations'],
      summary: 'Заявки на регистрацию, ждущие решения',
      request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(200).describe('Сколько заявок вернуть, 1–200') }) },
      responses: { 200: ok(pendingListSchema) },
    },
    {},
    async (c) => {
      const { rows, total } = await listPendingRegistrations(c.get('core'), scopeOf(c.get('actor')), c.req.valid('query').limit);
      return c.json({ items: rows.map((r) => ({ person: personOut(r.person), requestedAt: new Date(r.requestedAt).toISOString() })), total }, 200);
    },
  ),
  operation(
    {
      method: 'post',
      path: '/registrations/{id}/approve',
      operationId: 'approveRegistration',
      tags: ['registrations'],
      summary: 'Одобрить заявку',
      description: once,
      request: { params: idParams },
      responses: { 200: ok(personSchema) },
    },
    { write: true, conflict: true },
    async (c) => c.json(await decide(c, c.req.valid('param').id, true), 200),
  ),
  operation(
    {
      method: 'post',
      path: '/registrations/{id}/reject',
      operationId: 'rejectRegistration',
      tags: ['registrations'],
      summary: 'Отклонить заявку с причиной',
      description: once,
      request: { params: idParams, body: jsonRequest(rejectSchema) },
      responses: { 200: ok(personSchema) },
    },
    { write: true, conflict: true },
    async (c) => c.json(await decide(c, c.req.valid('param').id, false, c.req.valid('json').reason), 200),
  ),
];
