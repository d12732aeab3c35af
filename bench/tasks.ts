/**
 * The completion matrix at a region's scale: 1,000 schools of 60 municipalities × 30 published tasks (30,000
 * confirmations in every status). Measures the rendered /tasks/matrix page through the real Hono app with a
 * signed-in editor (p50/p99 over repeated requests) and counts the SQL statements one render prepares.
 */
import { createAdmin } from '../core/admins/accounts.js';
import { taskConfirmations, tasks } from '../db/schema/index.js';
import { confirmationStatuses } from '../core/vocabulary/tasks.js';
import { chunks, envInt, fmt, log, percentile, type Row, seedRegion, startFake, startProduct, panelSessionCookie } from './support.js';

const target = { p99Ms: 300 };

export async function runTasksBench(): Promise<Row[]> {
  const nSchools = envInt('BENCH_TASK_SCHOOLS', 1000);
  const nTasks = envInt('BENCH_TASKS', 30);
  const repeats = envInt('BENCH_PAGE_REPEATS', 40);
  log(`\n## Tasks: /tasks/matrix with ${fmt.int(nSchools)} schools × ${nTasks} tasks, ${repeats} requests`);
  const fake = await startFake(0);
  const product = await startProduct(fake);
  try {
    const { core } = product.app;
    const { db } = core.database;
    const now = Date.now();
    const seedStart = performance.now();
    await seedRegion(core, nSchools, { tagged: false });
    const plan = { beforeMinutes: [1440], overdueEveryMinutes: null, overdueTimes: 0 };
    const taskRows = Array.from({ length: nTasks }, (_, i) => ({
      title: `Задача дорожной карты № ${i + 1}`,
      dueAt: now + (i - nTasks / 2) * 86_400_000,
      assignment: 'school' as const,
      reminderPlan: plan,
      status: 'published' as const,
      createdBy: 'bench',
      createdAt: now,
      updatedAt: now,
    }));
    await core.database.atomic([db.insert(tasks).values(taskRows)]);
    const confirmationRows = [];
    for (let t = 1; t <= nTasks; t++) {
      for (let s = 1; s <= nSchools; s++) {
        confirmationRows.push({
          taskId: t,
          assignee: `s${s}`,
          schoolId: s,
          municipalityId: ((s - 1) % 60) + 1,
          status: confirmationStatuses[(s * 7 + t) % confirmationStatuses.length]!,
          updatedAt: now,
        });
      }
    }
    await core.database.atomic(chunks(confirmationRows, 1000).map((rows) => db.insert(taskConfirmations).values(rows)));
    log(`  seeded ${fmt.int(confirmationRows.length)} confirmations in ${fmt.s(performance.now() - seedStart)}`);

    await createAdmin(core, { email: 'bench-tasks@mayak.test', password: 'bench password 123', role: 'editor' });
    const cookie = await panelSessionCookie(product.app.admin, 'bench-tasks@mayak.test', 'bench password 123');

    // Every statement drizzle runs on better-sqlite3 goes through the client's prepare(): counting those counts queries.
    const client = (db as unknown as { session: { client: { prepare: (sql: string) => unknown } } }).session.client;
    const prepare = client.prepare.bind(client);
    let statements = 0;
    client.prepare = (sql: string) => {
      statements += 1;
      return prepare(sql);
    };

    const times: number[] = [];
    let perRender = 0;
    let bytes = 0;
    for (let i = 0; i < repeats + 3; i++) {
      const before = statements;
      const started = performance.now();
      const response = await product.app.admin.request('/tasks/matrix', { headers: { cookie } });
      const html = await response.text();
      if (response.status !== 200) throw new Error(`/tasks/matrix answered ${response.status}`);
      if (i >= 3) times.push(performance.now() - started);
      perRender = statements - before;
      bytes = html.length;
    }
    client.prepare = prepare;
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    log(
      `  /tasks/matrix: p50 ${fmt.ms(p50)}, p99 ${fmt.ms(p99)}, ${perRender} SQL statements per render (session check included), ${fmt.int(bytes)} characters`,
    );
    return [
      {
        case: 'Tasks',
        metric: `matrix ${fmt.int(nSchools)} schools × ${nTasks} tasks p50 / p99`,
        value: `${fmt.ms(p50)} / ${fmt.ms(p99)}`,
        target: `p99 < ${target.p99Ms} ms`,
        ok: p99 < target.p99Ms,
      },
      { case: 'Tasks', metric: 'SQL statements per matrix render (incl. session)', value: String(perRender) },
    ];
  } finally {
    await product.close();
    await fake.close();
  }
}
