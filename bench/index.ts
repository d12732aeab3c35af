/**
 * `npm run bench`: prints figures and ratios, each beside its target; exits 1 when a figure misses its target (or a case
 * fails), unless BENCH_ALLOW_MISS=1 (for exploring). Cases run in order in one process:
 *   1. webhook throughput of the product vs a bare grammY bot (bench/webhook.ts)
 *   2. outbox drain rate at Telegram's limit and with the limit lifted (bench/outbox.ts)
 *   3. the admin panel's people directory at 50,000 people (bench/directory.ts)
 *   4. the dashboard at 200,000 people, panel and API, 1,000 requests each over HTTP (bench/dashboard.ts)
 *   5. event reminders due in the same minute, with a restart half-way (bench/reminders.ts)
 *   6. the tasks' completion matrix at 1,000 schools × 30 tasks (bench/tasks.ts)
 *   7. broadcasts by the real entry as a child process: 30/s, the limit lifted, three SIGKILLs (bench/broadcasts.ts)
 *   8. subscribers of a topic, the topic page, quiet hours and the cap on enqueue (bench/subscriptions.ts)
 *   9. a survey's results page, 20 questions × 20,000 respondents (bench/surveys.ts)
 *  10. the road-map parser's scores on the labelled road maps and a 160-row road map's parse time (bench/roadmaps.ts)
 *  11. an online backup of 200,000 people while the outbox sends; /metrics against a report (bench/backup.ts)
 *  12. SQL statements to publish an event and a task to 300 people (bench/publishing.ts)
 *  13. Workers in local workerd: the Durable Object draining 1,000 messages, the webhook's p99, D1 statements (bench/workers.ts)
 *  14. one broadcast on Telegram and MAX by the real entry as a child process, each channel at its limit, three SIGKILLs (bench/channels.ts)
 *  15. start-up: npm start's command on a migrated database, ten starts (bench/startup.ts)
 * Round trips: BENCH_LATENCIES (0,100,300: the fake Telegram's answer latency in ms for the outbox, reminders and broadcasts).
 * Environment knobs: BENCH_ONLY=webhook|outbox|directory|dashboard|reminders|tasks|broadcasts|subscriptions|surveys|roadmaps|backup|publishing|workers|channels|startup, BENCH_CONCURRENCY (16),
 * BENCH_OUTBOX_N (1500), BENCH_OUTBOX_FAST_N (5000), BENCH_PEOPLE_N (50000), BENCH_DASHBOARD_PEOPLE_N (200000), BENCH_DASHBOARD_REQUESTS (1000), BENCH_PAGE_REPEATS (40), BENCH_REMINDERS_N (10000),
 * BENCH_TASK_SCHOOLS (1000), BENCH_TASKS (30), BENCH_BROADCAST_N (10000), BENCH_BROADCAST_FAULT_N (2000), BENCH_SUBSCRIBERS_N (20000), BENCH_SURVEY_N (20000), BENCH_BACKUP_PEOPLE_N (200000), BENCH_WORKERS_N (1000), BENCH_WORKERS_UPDATES (1000), BENCH_CHANNELS_N (10000), BENCH_STARTS (10).
 * The closing markdown table can be pasted into the README as is.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { runBackupBench } from './backup.js';
import { runBroadcastsBench } from './broadcasts.js';
import { runChannelsBench } from './channels.js';
import { runStartupBench } from './startup.js';
import { runDashboardBench } from './dashboard.js';
import { runDirectoryBench } from './directory.js';
import { runOutboxBench } from './outbox.js';
import { runPublishingBench } from './publishing.js';
import { runRemindersBench } from './reminders.js';
import { runRoadmapsBench } from './roadmaps.js';
import { runSurveysBench } from './surveys.js';
import { runTasksBench } from './tasks.js';
import { runSubscriptionsBench } from './subscriptions.js';
import { log, markdownTable, type Row } from './support.js';
import { runWebhookBench } from './webhook.js';
import { runWorkersBench } from './workers.js';

const cases: { name: string; run: () => Promise<Row[]> }[] = [
  { name: 'webhook', run: runWebhookBench },
  { name: 'outbox', run: runOutboxBench },
  { name: 'directory', run: runDirectoryBench },
  { name: 'dashboard', run: runDashboardBench },
  { name: 'reminders', run: runRemindersBench },
  { name: 'tasks', run: runTasksBench },
  { name: 'broadcasts', run: runBroadcastsBench },
  { name: 'subscriptions', run: runSubscriptionsBench },
  { name: 'surveys', run: runSurveysBench },
  { name: 'roadmaps', run: runRoadmapsBench },
  { name: 'backup', run: runBackupBench },
  { name: 'publishing', run: runPublishingBench },
  { name: 'workers', run: runWorkersBench },
  { name: 'channels', run: runChannelsBench },
  { name: 'startup', run: runStartupBench },
];

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY'];
  const started = performance.now();
  log(
    `# Маяк bench — Node ${process.version}, ${process.platform}/${process.arch}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, load average ${load()}`,
  );
  log('Everything (bot, SQLite, fake Bot API) runs in this one process and thread; other load on the machine skews the figures.');
  // The broadcasts case runs `npm start`'s command, the compiled bundle: built from the code as it is now.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const rows: Row[] = [];
  for (const c of cases) {
    if (only && only !== c.name) continue;
    try {
      rows.push(...(await c.run()));
    } catch (error) {
      // One broken case still leaves the others' figures on screen.
      process.exitCode = 1;
      log(`  ${c.name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      rows.push({ case: c.name, metric: 'run', value: 'failed (see above)', ok: false });
    }
  }
  log(`\n## Summary (${((performance.now() - started) / 1000).toFixed(0)} s, load average at the end ${load()})\n`);
  log(markdownTable(rows));
  const misses = rows.filter((r) => r.ok === false);
  if (misses.length > 0) {
    log(`\n${misses.length} MISS${misses.length > 1 ? 'ES' : ''}: ${misses.map((r) => `${r.case} — ${r.metric}`).join('; ')}`);
    if (process.env['BENCH_ALLOW_MISS'] !== '1') process.exitCode = 1;
  }
}

/** The 1-minute load average: the bench keeps about one CPU busy, anything well above that is someone else. */
function load(): string {
  return `${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs`;
}

await main();
