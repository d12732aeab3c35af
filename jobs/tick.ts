import type { Core } from '../core/core.js';
import { drainOutbox, settleInterruptedSends, staleSendMs, type Senders } from '../core/deliveries/sending.js';
import type { SendsInFlight } from '../core/deliveries/in-flight.js';
import { claimDueJobs, finishJob, nextJobDueAt, retryJob } from '../core/scheduler/jobs.js';
import type { JobDefinition } from './job.js';
import { jobRegistry } from './registry.js';

export interface TickDeps {
  core: Core;
  /** The messengers the outbox sends through, by channel, each with its own pacer. */
  senders: Senders;
  jobs?: ReadonlyMap<string, JobDefinition>;
  log?: (message: string) => void;
  /**
   * The process's sends awaiting their answers. Given (Node's scheduler), a tick sends on the pacer's schedule and
   * does not wait for answers; absent (a manual clock's `tick(now)`), it waits for them, so a test sees the outcome.
   */
  inFlight?: SendsInFlight;
  /** Workers: the outbox has its own dispatcher (a Durable Object holding the pacer); the tick runs the jobs only. */
  drainsElsewhere?: boolean;
}

export interface TickResult {
  ran: number;
  skipped: number;
  failed: number;
  sent: number;
  /** When there is more to do, or null when nothing is scheduled at all. */
  nextAt: number | null;
}

const maxJobAttempts = 5;
/**
 * Jobs claimed per tick. Small, so that when thousands fall due at once (a reminder for everyone going) the outbox
 * is drained every few dozen milliseconds in between and sending keeps Telegram's pace while the jobs run. Smaller
 * still where sends do not hold a tick (`inFlight`): ticks are then cheap, and a busy machine runs 20 jobs slower
 * than the 66 ms the pacer's burst covers.
 */
const jobsPerTick = 20;
const jobsPerPipelinedTick = 5;

/**
 * Runs everything due at `now`: scheduled jobs first (they may add deliveries), then as much of the outbox
 * as Telegram's limits allow. Node calls it from node-schedule, Workers from a cron trigger; both are safe
 * to overlap because every claim is one atomic UPDATE … RETURNING.
 */
export async function tick(deps: TickDeps, now: number): Promise<TickResult> {
  const { core } = deps;
  const registry = deps.jobs ?? jobRegistry;
  const result: TickResult = { ran: 0, skipped: 0, failed: 0, sent: 0, nextAt: null };

  for (const job of await claimDueJobs(core, now, deps.inFlight ? jobsPerPipelinedTick : jobsPerTick)) {
    const definition = registry.get(job.kind);
    if (!definition) {
      await finishJob(core, job.id, 'failed', `unknown job kind ${job.kind}`);
      result.failed += 1;
      continue;
    }
    if (now - job.dueAt > definition.maxLatenessMs) {
      await finishJob(core, job.id, 'skipped', `too late: due ${new Date(job.dueAt).toISOString()}, now ${new Date(now).toISOString()}`);
      result.skipped += 1;
      continue;
    }
    try {
      await definition.run(core, job.payload, now);
      await finishJob(core, job.id, 'done');
      result.ran += 1;
    } catch (error) {
      const note = error instanceof Error ? error.message : String(error);
      deps.log?.(`job ${job.id} (${job.kind}) failed: ${note}`);
      if (job.attempts < maxJobAttempts) await retryJob(core, job.id, now + 60_000 * job.attempts, note);
      else await finishJob(core, job.id, 'failed', note);
      result.failed += 1;
    }
  }

  if (deps.drainsElsewhere) return { ...result, nextAt: await nextJobDueAt(core) };
  await settleInterruptedSends(core, now - staleSendMs);
  const drained = await drainOutbox(core, deps.senders, now, deps.inFlight);
  result.sent = drained.sent;
  const nextJob = await nextJobDueAt(core);
  const candidates = [drained.nextAt, nextJob].filter((t): t is number => t !== null);
  result.nextAt = candidates.length ? Math.min(...candidates) : null;
  return result;
}
