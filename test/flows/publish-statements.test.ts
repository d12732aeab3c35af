import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueueDeliveries } from '../../core/deliveries/outbox.js';
import type { Core } from '../../core/core.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { deliveries, taskConfirmations } from '../../db/schema/index.js';
import { editorActor } from '../support/tasks.js';
import { webinar } from '../support/events.js';
import { schoolTask } from '../support/tasks.js';
import { Harness } from '../support/harness.js';
import { addTeachers, countStatements, outbox, type StatementCount } from '../support/statements.js';

// Spied (the original still runs) so that its statements, core/deliveries' to change, are counted apart.
vi.mock('../../core/deliveries/outbox.js', { spy: true });

/** Issue 14's target: D1 allows 1,000 queries per invocation, and publishing must not scale with the audience. */
const target = 20;

/** Every statement publishing runs, the outbox's included (listed when over the target). */
function expectPublishingWithinTarget(counted: StatementCount<number>): void {
  expect(
    counted.statements,
    `publishing ran ${counted.statements} statements (${counted.inOutbox} in the outbox):\n${counted.sql.join('\n')}`,
  ).toBeLessThanOrEqual(target);
}

describe('publishing to 300 people takes a bounded number of SQL statements', () => {
  let h: Harness;
  let core: Core;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await addTeachers(h.core, 300);
    // No drain in between: only what publishing itself runs is counted.
    core = { ...h.core, outboxChanged: () => undefined };
    const actual = await vi.importActual<typeof import('../../core/deliveries/outbox.js')>('../../core/deliveries/outbox.js');
    vi.mocked(enqueueDeliveries).mockImplementation(async (...args) => {
      outbox.running = true;
      try {
        return await actual.enqueueDeliveries(...args);
      } finally {
        outbox.running = false;
      }
    });
  });
  afterEach(() => h.close());

  const queued = async (purpose: string) => (await h.core.database.db.select({ n: count() }).from(deliveries).where(eq(deliveries.purpose, purpose)).get())!.n;

  it(`an event to 300+ teachers: at most ${target} statements, everyone announced once`, async () => {
    const event = await createEvent(core, editorActor, webinar({ audience: { roles: ['teacher'] } }));
    const counted = await countStatements(h.database.sqlite, () => publishEvent(core, editorActor, event.id));
    const reached = counted.result;
    expect(reached).toBeGreaterThanOrEqual(300);
    expect(await queued('event-announcement')).toBe(reached);
    expectPublishingWithinTarget(counted);
  });

  it(`a personal task to 300+ teachers: at most ${target} statements, one confirmation and one message each`, async () => {
    const task = await createTask(core, editorActor, schoolTask({ audience: { roles: ['teacher'] }, assignment: 'person' }));
    const counted = await countStatements(h.database.sqlite, () => publishTask(core, editorActor, task.id));
    const reached = counted.result;
    expect(reached).toBeGreaterThanOrEqual(300);
    expect((await h.core.database.db.select({ n: count() }).from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id)).get())!.n).toBe(reached);
    expect(await queued('task-assigned')).toBe(reached);
    expectPublishingWithinTarget(counted);
  });

  it(`a school task reaching 300+ teachers of 5 schools: at most ${target} statements, one confirmation per school`, async () => {
    const task = await createTask(core, editorActor, schoolTask({ audience: { roles: ['teacher'] }, assignment: 'school' }));
    const counted = await countStatements(h.database.sqlite, () => publishTask(core, editorActor, task.id));
    expect(counted.result).toBeGreaterThanOrEqual(300);
    expect((await h.core.database.db.select({ n: count() }).from(taskConfirmations).where(eq(taskConfirmations.taskId, task.id)).get())!.n).toBe(5);
    expect(await queued('task-assigned')).toBe(counted.result);
    expectPublishingWithinTarget(counted);
  });
});
