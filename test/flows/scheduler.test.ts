import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/core.js';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import { jobsOfKind, scheduleJobs } from '../../core/scheduler/jobs.js';
import { conversationState, scheduledJobs } from '../../db/schema/index.js';
import type { JobDefinition } from '../../jobs/job.js';
import { jobRegistry } from '../../jobs/registry.js';
import { tick } from '../../jobs/tick.js';
import { NodeScheduler } from '../../runtime/scheduler.js';
import { join } from 'node:path';
import { Pacer } from '../../core/deliveries/pacer.js';
import type { Messenger } from '../../core/deliveries/messenger.js';
import { openNodeDatabase } from '../../db/node.js';
import { createCore } from '../../runtime/core.js';
import { Harness, testConfig, user } from '../support/harness.js';

describe('scheduled work: due rows run by tick(now)', () => {
  let h: Harness;
  const runs: string[] = [];
  const testJobs = new Map<string, JobDefinition>([
    ['note', { kind: 'note', maxLatenessMs: 60 * 60_000, run: async (_core, payload) => void runs.push(String(payload.text)) }],
    [
      'flaky',
      {
        kind: 'flaky',
        maxLatenessMs: Number.POSITIVE_INFINITY,
        run: async () => {
          runs.push('flaky');
          if (runs.filter((r) => r === 'flaky').length < 2) throw new Error('database hiccup');
        },
      },
    ],
  ]);
  const tickWith = (now = h.clock.now()) => tick({ ...h.app.tickDeps, jobs: testJobs }, now);

  beforeEach(async () => {
    runs.length = 0;
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it('runs a job when due, once, even if two processes tick at the same moment', async () => {
    await scheduleJobs(h.core, [{ kind: 'note', payload: { text: 'в 10:00' }, dueAt: h.clock.now() + 60 * 60_000, dedupeKey: 'note:1' }]);
    await scheduleJobs(h.core, [{ kind: 'note', payload: { text: 'в 10:00' }, dueAt: h.clock.now() + 60 * 60_000, dedupeKey: 'note:1' }]);
    await tickWith();
    expect(runs).toEqual([]);
    h.clock.advance(60 * 60_000);
    // A second process: its own connection to the same file, its own core and pacer.
    const otherDatabase = openNodeDatabase(join(h.dir, 'mayak.db'));
    const otherCore = createCore({ config: testConfig(), database: otherDatabase, translate: h.core.translate, clock: h.clock });
    const [a, b] = await Promise.all([
      tickWith(),
      tick({ core: otherCore, senders: { telegram: { messenger: h.app.messenger, pacer: new Pacer() } }, jobs: testJobs }, h.clock.now()),
    ]);
    otherDatabase.close();
    expect(a.ran + b.ran).toBe(1);
    expect(runs).toEqual(['в 10:00']);
    expect((await jobsOfKind(h.core, 'note'))[0]?.status).toBe('done');
  });

  it('after downtime runs what is still meaningful and records the rest as skipped', async () => {
    const now = h.clock.now();
    await scheduleJobs(h.core, [
      { kind: 'note', payload: { text: 'опоздал на 30 минут' }, dueAt: now - 30 * 60_000 },
      { kind: 'note', payload: { text: 'опоздал на 3 часа' }, dueAt: now - 3 * 60 * 60_000 },
    ]);
    const result = await tickWith();
    expect(result).toMatchObject({ ran: 1, skipped: 1 });
    expect(runs).toEqual(['опоздал на 30 минут']);
    const rows = await jobsOfKind(h.core, 'note');
    expect(rows.map((r) => r.status).sort()).toEqual(['done', 'skipped']);
    expect(rows.find((r) => r.status === 'skipped')?.note).toContain('too late');
  });

  it('retries a failing job later and records an unknown kind as failed', async () => {
    await scheduleJobs(h.core, [
      { kind: 'flaky', dueAt: h.clock.now() },
      { kind: 'no-such-kind', dueAt: h.clock.now() },
    ]);
    const first = await tickWith();
    expect(first.failed).toBe(2);
    expect((await jobsOfKind(h.core, 'flaky'))[0]).toMatchObject({ status: 'due', note: 'database hiccup' });
    expect((await jobsOfKind(h.core, 'no-such-kind'))[0]?.note).toContain('unknown job kind');
    h.clock.advance(60_000);
    await tickWith();
    expect((await jobsOfKind(h.core, 'flaky'))[0]?.status).toBe('done');
  });

  it('a job left running by a dead process is claimed again after it went stale', async () => {
    await scheduleJobs(h.core, [{ kind: 'note', payload: { text: 'снова' }, dueAt: h.clock.now() }]);
    await h.core.database.db.update(scheduledJobs).set({ status: 'running', claimedAt: h.clock.now() });
    await tickWith();
    expect(runs).toEqual([]);
    h.clock.advance(11 * 60_000);
    await tickWith();
    expect(runs).toEqual(['снова']);
  });

  it('tells when to wake next: the next due row', async () => {
    await scheduleJobs(h.core, [{ kind: 'note', payload: { text: 'x' }, dueAt: h.clock.now() + 30_000 }]);
    const result = await tickWith();
    expect(result.nextAt).toBe(h.clock.now() + 30_000);
  });

  it('forgets registrations abandoned for a week, daily', async () => {
    const stranger = user(7001, 'Незнакомец');
    await h.send(stranger, '/start');
    await h.press(stranger, 'Согласен');
    const job = (await jobsOfKind(h.core, 'forget-abandoned-conversations'))[0]!;
    expect(jobRegistry.has(job.kind)).toBe(true);
    h.clock.advance(8 * 86_400_000);
    await h.tick();
    expect(
      await h.core.database.db
        .select()
        .from(conversationState)
        .where(eq(conversationState.key, String(stranger.id))),
    ).toEqual([]);
    const all = await jobsOfKind(h.core, 'forget-abandoned-conversations');
    expect(all.map((j) => j.status)).toEqual(['done', 'due']);
  });

  it('on Node, node-schedule wakes tick at the due time', async () => {
    const clock = systemClock;
    const done = new Promise<void>((resolve) => {
      testJobs.set('wake', { kind: 'wake', maxLatenessMs: 60_000, run: async () => resolve() });
    });
    const scheduler = new NodeScheduler({ ...h.app.tickDeps, jobs: testJobs }, clock, () => undefined);
    scheduler.start();
    await scheduleJobs(h.core, [{ kind: 'wake', dueAt: clock.now() + 200 }]);
    // What core.outboxChanged does in the wired app: look at the rows again now, not at the next minute.
    scheduler.wake();
    await done;
    await scheduler.stop();
    expect((await jobsOfKind(h.core, 'wake'))[0]?.status).toBe('done');
  });

  it('on Node, keeps draining a backlog even when a tick takes longer than the wait it asked for', async () => {
    const inner = h.app.messenger;
    // A slow, blocking send: each tick outlasts the few milliseconds until the next token.
    const slow: Messenger = {
      channel: inner.channel,
      send: (chatId: string, message: Parameters<typeof inner.send>[1]) => {
        const until = Date.now() + 15;
        while (Date.now() < until);
        return inner.send(chatId, message);
      },
    };
    await enqueueDeliveries(
      h.core,
      Array.from({ length: 40 }, (_, i) => ({ channel: 'telegram', chatId: String(820_000 + i), purpose: 'test.backlog', message: { html: `№ ${i}` } })),
    );
    const scheduler = new NodeScheduler(
      { ...h.app.tickDeps, senders: { telegram: { messenger: slow, pacer: new Pacer() } }, jobs: testJobs },
      systemClock,
      () => undefined,
    );
    scheduler.start();
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'sendMessage').length === 40, 15_000);
    await scheduler.stop();
  });
});
