import { z } from 'zod';
import { scopeOf } from '../../core/admins/access.js';
import { listPendingRegistrations } from '../../core/onboarding/queue.js';
import { decideRegistration, decisionReasonSchema } from '../../core/onboarding/registration.js';
import { defineOperation, named, type OperationInput } from './registry.js';
import { idParams, personOut, personSchema, timestamp } from './schemas.js';

const pendingListSchema = named.response(
  'PendingRegistrationList',
  z.object({
    items: z.array(z.object({ person: personSchema, requestedAt: timestamp.describe('Когда отправлена заявка') })),
    total: z.number().int().nonnegative().describe('Сколько заявок ждёт всего; если больше, чем в items, — решите эти и запросите снова'),
  }),
  'Заявки, старые первыми',
);

const rejectSchema = named.request('RejectRegistration', z.strictObject({ reason: decisionReasonSchema.describe('Причина; человек увидит её в боте') }));

/** The core checks the token's role and scope (another municipality's applicant is "not found") and audits the decision. */
async function decide({ core, actor, params }: OperationInput<{ id: number }, unknown, unknown>, approve: boolean, reason?: string) {
  return personOut(await decideRegistration(core, { personId: params.id, approve, decider: { kind: 'admin', actor }, reason }));
}

const once = 'Решение принимается один раз: повторное или опоздавшее решение получает 409 already-decided. Человеку придёт сообщение в боте.';

export const registrationsOperations = [
  defineOperation({
    method: 'get',
    path: '/registrations/pending',
    operationId: 'listPendingRegistrations',
    tag: 'registrations',
    summary: 'Заявки на регистрацию, ждущие решения',
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(200).describe('Сколько заявок вернуть, 1–200') }),
    response: pendingListSchema,
    handler: async ({ core, actor, query }) => {
      const { rows, total } = await listPendingRegistrations(core, scopeOf(actor), query.limit);
      return { items: rows.map((r) => ({ person: personOut(r.person), requestedAt: new Date(r.requestedAt).toISOString() })), total };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/registrations/{id}/approve',
    operationId: 'approveRegistration',
    tag: 'registrations',
    summary: 'Одобрить заявку',
    description: once,
    write: true,
    conflict: true,
    params: idParams,
    response: personSchema,
    handler: (input) => decide(input, true),
  }),
  defineOperation({
    method: 'post',
    path: '/registrations/{id}/reject',
    operationId: 'rejectRegistration',
    tag: 'registrations',
    summary: 'Отклонить заявку с причиной',
    description: once,
    write: true,
    conflict: true,
    params: idParams,
    body: rejectSchema,
    response: personSchema,
    handler: (input) => decide(input, false, input.body.reason),
  }),
];
