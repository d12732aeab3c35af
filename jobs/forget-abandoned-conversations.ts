import { scheduleJobs } from '../core/scheduler/jobs.js';
import { forgetAbandonedConversations } from '../core/onboarding/registration.js';
import type { JobDefinition } from './job.js';

const day = 86_400_000;

/** Daily: erase half-finished registrations older than a week (152-ФЗ: keep nothing we were not asked to keep). */
export const forgetAbandonedConversationsJob: JobDefinition = {
  kind: 'forget-abandoned-conversations',
  maxLatenessMs: Number.POSITIVE_INFINITY,
  async run(core, _payload, now) {
    await forgetAbandonedConversations(core, now - 7 * day);
    await scheduleForgetAbandonedConversations(core, now + day);
  },
};

/** Keeps exactly one future run on the books (one per day, by its dedupe key). */
export async function scheduleForgetAbandonedConversations(core: Parameters<typeof scheduleJobs>[0], at: number): Promise<void> {
  await scheduleJobs(core, [
    { kind: forgetAbandonedConversationsJob.kind, dueAt: at, dedupeKey: `${forgetAbandonedConversationsJob.kind}:${Math.floor(at / day)}` },
  ]);
}
