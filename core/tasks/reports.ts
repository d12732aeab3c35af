/** What the panel reports on tasks: the completion matrix, rates by municipality, late lists and confirmation tables. */
import { and, asc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { people, schools, taskConfirmations, tasks } from '../../db/schema/index.js';
import type { ConfirmationStatus } from '../vocabulary/tasks.js';
import { scopeWhere, type Actor, type Scope } from '../admins/access.js';
import type { Core } from '../core.js';
import { assigneeName } from './confirmations.js';
import { openStatuses, taskForAdmin, type Task } from './tasks.js';

/** What the panel and the matrix show: the stored status, or "overdue" for one still open past the due time. */
export type ShownStatus = ConfirmationStatus | 'overdue';

/** The status a cell shows: an open one past the due time is overdue. */
export function shownStatus(status: ConfirmationStatus, dueAt: number, now: number): ShownStatus {
  return (status === 'pending' || status === 'returned') && now > dueAt ? 'overdue' : status;
}

export interface MatrixSchool {
  id: number;
  name: string;
  municipalityId: number;
  municipality: string;
  /** One per task of the matrix, in its order: the shown status, or null when the school is not an assignee. */
  statuses: (ShownStatus | null)[];
}

export interface Matrix {
  tasks: Pick<Task, 'id' | 'title' | 'dueAt' | 'assignment'>[];
  schools: MatrixSchool[];
}

/**
 * The completion matrix in scope: schools × published or closed tasks, in two queries whatever the size. Each
 * school's cells come as one concatenated string (1,000 rows, not 30,000); a person task counts the worst status
 * among the school's people.
 */
export async function completionMatrix(core: Core, scope: Scope, filter: { municipalityId?: number } = {}): Promise<Matrix> {
  const { db } = core.database;
  const now = core.clock.now();
  const taskWhere: SQL[] = [inArray(tasks.status, ['published', 'closed'])];
  const tw = scopeWhere(scope, tasks.municipalityId);
  // A coordinator also sees regional tasks' cells of their own schools.
  if (tw) taskWhere.push(sql`(${tasks.municipalityId} is null or ${tw})`);
  const taskRows = await db
    .select({ id: tasks.id, title: tasks.title, dueAt: tasks.dueAt, assignment: tasks.assignment })
    .from(tasks)
    .where(and(...taskWhere))
    .orderBy(asc(tasks.dueAt))
    .limit(100);
  if (taskRows.length === 0) return { tasks: [], schools: [] };
  const inScope = scope.all ? sql`` : sql` and c.municipality_id in (select value from json_each(${JSON.stringify(scope.municipalityIds)}))`;
  const chosen = filter.municipalityId ? sql` and c.municipality_id = ${filter.municipalityId}` : sql``;
  const rows = await db.all<{ id: number; name: string; municipalityId: number; municipality: string; cells: string }>(sql`
    select s.id as id, s.short_name as name, s.municipality_id as municipalityId, m.name as municipality,
      group_concat(c.task_id || ':' || case when c.status in ('pending', 'returned') and t.due_at < ${now} then 'overdue' else c.status end) as cells
    from task_confirmations c
      join tasks t on t.id = c.task_id
      join schools s on s.id = c.school_id
      join municipalities m on m.id = s.municipality_id
    where c.task_id in (select value from json_each(${JSON.stringify(taskRows.map((t) => t.id))}))${inScope}${chosen}
    group by s.id
    order by m.name, s.short_name`);
  const column = new Map(taskRows.map((t, i) => [t.id, i]));
  const schoolsOut = rows.map(({ cells, ...school }) => {
    const statuses: (ShownStatus | null)[] = taskRows.map(() => null);
    for (const cell of cells.split(',')) {
      const at = cell.indexOf(':');
      const i = column.get(Number(cell.slice(0, at)))!;
      const status = cell.slice(at + 1) as ShownStatus;
      const before = statuses[i];
      if (!before || rank[status] < rank[before]) statuses[i] = status;
    }
    return { ...school, statuses };
  });
  return { tasks: taskRows, schools: schoolsOut };
}

/** Worst first: what a cell shows when several people of one school are assignees. */
const rank: Record<ShownStatus, number> = { overdue: 0, problem: 1, returned: 2, pending: 3, confirmed: 4, verified: 5 };

export interface MunicipalityRate {
  municipalityId: number;
  name: string;
  total: number;
  done: number;
}

/** Share of confirmations done (confirmed or verified) per municipality, in scope. */
export async function ratesByMunicipality(core: Core, scope: Scope): Promise<MunicipalityRate[]> {
  const sw = scope.all ? undefined : sql`c.municipality_id in (select value from json_each(${JSON.stringify(scope.municipalityIds)}))`;
  const rows = await core.database.db.all<MunicipalityRate>(sql`
    select m.id as municipalityId, m.name as name, count(*) as total, sum(case when c.status in ('confirmed','verified') then 1 else 0 end) as done
    from task_confirmations c join tasks t on t.id = c.task_id join municipalities m on m.id = c.municipality_id
    where t.status in ('published','closed') ${sw ? sql`and ${sw}` : sql``}
    group by m.id order by m.name`);
  return rows;
}

/** Open confirmations past due in some municipalities: the weekly digest's and the bot's late list. */
export async function overdueIn(
  core: Core,
  municipalityIds: number[],
  now: number,
): Promise<{ task: string; dueAt: number; name: string; status: ConfirmationStatus }[]> {
  if (municipalityIds.length === 0) return [];
  const rows = await core.database.db
    .select({
      task: tasks.title,
      dueAt: tasks.dueAt,
      schoolId: taskConfirmations.schoolId,
      personId: taskConfirmations.personId,
      status: taskConfirmations.status,
    })
    .from(taskConfirmations)
    .innerJoin(tasks, eq(tasks.id, taskConfirmations.taskId))
    .where(
      and(
        eq(tasks.status, 'published'),
        lt(tasks.dueAt, now),
        inArray(taskConfirmations.status, openStatuses),
        inArray(taskConfirmations.municipalityId, municipalityIds),
      ),
    )
    .orderBy(asc(tasks.dueAt))
    .limit(200);
  const out = [];
  for (const r of rows) out.push({ task: r.task, dueAt: r.dueAt, name: await assigneeName(core, r), status: r.status });
  return out;
}

/** Confirmations of one school (its own and its people's), for its timeline. */
export async function confirmationsOfSchool(core: Core, schoolId: number) {
  return core.database.db
    .select({ confirmation: taskConfirmations, task: { id: tasks.id, title: tasks.title, dueAt: tasks.dueAt, status: tasks.status } })
    .from(taskConfirmations)
    .innerJoin(tasks, eq(tasks.id, taskConfirmations.taskId))
    .where(eq(taskConfirmations.schoolId, schoolId))
    .orderBy(asc(tasks.dueAt));
}

/** The confirmations of a task in scope, with names, for its page and exports. */
export async function confirmationsOfTask(core: Core, actor: Actor, taskId: number) {
  await taskForAdmin(core, actor, taskId);
  const sw = actor.role === 'coordinator' ? scopeWhere({ all: false, municipalityIds: actor.municipalityIds }, taskConfirmations.municipalityId) : undefined;
  return core.database.db
    .select({ confirmation: taskConfirmations, school: schools.shortName, person: people.fullName })
    .from(taskConfirmations)
    .leftJoin(schools, eq(schools.id, taskConfirmations.schoolId))
    .leftJoin(people, eq(people.id, taskConfirmations.personId))
    .where(and(eq(taskConfirmations.taskId, taskId), sw))
    .orderBy(asc(taskConfirmations.id));
}
