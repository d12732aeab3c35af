import { inArray } from 'drizzle-orm';
import { tasks } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import type { DescribeDue, DueRow } from '../scheduler/due.js';
import { offsetWords } from '../words/words.js';
import { dailyDigestReach, weeklyDigestReach } from './digests.js';
import { chaseReach, escalationReach } from './chasing.js';
import type { Task } from './tasks.js';

async function tasksOf(core: Core, rows: DueRow[]): Promise<Map<number, Task>> {
  const ids = [...new Set(rows.map((r) => Number(r.payload['taskId'])).filter(Number.isInteger))];
  const out = new Map<number, Task>();
  for (let i = 0; i < ids.length; i += 90) {
    for (const t of await core.database.db
      .select()
      .from(tasks)
      .where(inArray(tasks.id, ids.slice(i, i + 90))))
      out.set(t.id, t);
  }
  return out;
}

/** Counts once per task, whatever the number of its rows: the reach is the same for all of them now. */
async function perTask(rows: DueRow[], count: (taskId: number) => Promise<number>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const r of rows) {
    const id = Number(r.payload['taskId']);
    if (!out.has(id)) out.set(id, await count(id));
  }
  return out;
}

/**
 * One chase point of one task is one item; its recipients are those it would remind if it ran now (open assignees'
 * people, less digest readers and the muted). A task no longer published reminds nobody.
 */
export const describeTaskChases: DescribeDue = async (core, rows, locale) => {
  const found = await tasksOf(core, rows);
  const counts = await perTask(rows, async (id) => {
    const task = found.get(id);
    return task?.status === 'published' ? (await chaseReach(core, task)).length : 0;
  });
  return rows.map((r) => {
    const taskId = Number(r.payload['taskId']);
    const point = String(r.payload['point'] ?? '');
    const title = found.get(taskId)?.title ?? `#${taskId}`;
    const key = point.startsWith('o') ? 'task-schedule-chase-overdue' : 'task-schedule-chase';
    return {
      title: core.translate(locale, key, {
        point: point.startsWith('o') ? point.slice(1) : offsetWords(core.translate, locale, Number(point.slice(1))),
        title,
      }),
      recipients: counts.get(taskId) ?? 0,
      link: `/tasks/${taskId}`,
      group: `${taskId}:${point}`,
    };
  });
};

/** A task's escalation: its recipients are the curators and coordinators of those still open now. */
export const describeTaskEscalations: DescribeDue = async (core, rows, locale) => {
  const found = await tasksOf(core, rows);
  const counts = await perTask(rows, async (id) => (found.get(id)?.status === 'published' ? (await escalationReach(core, id)).length : 0));
  return rows.map((r) => {
    const taskId = Number(r.payload['taskId']);
    return {
      title: core.translate(locale, 'task-schedule-escalate', { title: found.get(taskId)?.title ?? `#${taskId}` }),
      recipients: counts.get(taskId) ?? 0,
      link: `/tasks/${taskId}`,
      group: String(taskId),
    };
  });
};

/** The coordinators' weekly digest: one item, every reachable coordinator. */
export const describeWeeklyDigests: DescribeDue = async (core, rows, locale) => {
  const count = rows.length ? (await weeklyDigestReach(core)).length : 0;
  return rows.map(() => ({ title: core.translate(locale, 'task-schedule-weekly-digest'), recipients: count, link: '/tasks', group: 'weekly' }));
};

/** The personal daily digest: one item a day, those who chose it and still owe something now. */
export const describeDailyDigests: DescribeDue = async (core, rows, locale) => {
  const count = rows.length ? (await dailyDigestReach(core)).length : 0;
  return rows.map(() => ({ title: core.translate(locale, 'task-schedule-daily-digest'), recipients: count, link: '/tasks', group: 'daily' }));
};
