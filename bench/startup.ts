/**
 * Bench case 15: start-up, the product exactly as `npm start` runs it (the compiled bundle and its node flags) on a
 * migrated database holding the demo region, started BENCH_STARTS (10) times one after another:
 *   - ready to serve: the process's own `readyMs` (HTTP listening, Node's own start included), median and slowest;
 *   - the first HTTP answer (`/healthz`) as a client sees it from the spawn;
 *   - RSS once idle (a second after ready) and the CPU the start took.
 * Telegram is a fake on 127.0.0.1 answering at once, so nothing waits for a network.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoRegion } from '../core/directory/demo.js';
import { Child, freePort } from './product-process.js';
import { appOnFile, benchToken, envInt, fmt, log, percentile, sleep, startFake, type Row } from './support.js';

const readyTargetMs = 500;

export async function runStartupBench(): Promise<Row[]> {
  const starts = envInt('BENCH_STARTS', 10);
  log(`\n## 15. Start-up: npm start's command on a migrated database with the demo region, ${starts} starts`);
  const fake = await startFake(0);
  const dir = mkdtempSync(join(tmpdir(), 'mayak-bench-startup-'));
  const path = join(dir, 'mayak.db');
  try {
    // Migrated and holding data, as an upgrade or a restart finds it.
    const { app, database } = await appOnFile(fake, path);
    await loadDemoRegion(app.core);
    await app.scheduler.stop();
    database.close();

    const ready: number[] = [];
    const answered: number[] = [];
    const idleRss: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < starts; i++) {
      const port = await freePort();
      const spawnedAt = performance.now();
      const child = new Child({
        PATH: process.env.PATH,
        BOT_TOKEN: benchToken,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATABASE_PATH: path,
        ADMIN_PORT: String(port),
      });
      try {
        answered.push(await firstAnswer(`http://127.0.0.1:${port}/healthz`, spawnedAt, child));
        ready.push(Number(/"readyMs":(\d+)/.exec(child.log)?.[1] ?? Number.NaN));
        child.sample();
        cpu.push(child.cpuMs);
        await sleep(1000);
        idleRss.push(rssKiB(child.process.pid!) / 1024);
      } finally {
        await child.kill('SIGTERM');
      }
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const readyMedian = percentile(sorted(ready), 50);
    log(
      `  ready (own readyMs): ${sorted(ready)
        .map((ms) => fmt.int(ms))
        .join(', ')} ms; first /healthz answer from the spawn: median ${fmt.ms(percentile(sorted(answered), 50))}; ` +
        `CPU to that answer median ${fmt.int(percentile(sorted(cpu), 50))} ms; idle RSS median ${fmt.mib(percentile(sorted(idleRss), 50))}`,
    );
    const name = 'Start-up';
    return [
      {
        case: name,
        metric: `ready to serve (its own readyMs), median / slowest of ${starts}`,
        value: `${fmt.int(readyMedian)} / ${fmt.int(Math.max(...ready))} ms`,
        target: `median < ${readyTargetMs} ms`,
        ok: readyMedian < readyTargetMs,
      },
      { case: name, metric: 'first /healthz answer from the spawn, median', value: fmt.ms(percentile(sorted(answered), 50)) },
      { case: name, metric: 'CPU from the spawn to that answer, median', value: `${fmt.int(percentile(sorted(cpu), 50))} ms` },
      { case: name, metric: 'RSS idle a second after ready, median', value: fmt.mib(percentile(sorted(idleRss), 50)) },
    ];
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ms from the spawn to the first answer of the URL (any status: the server is listening). */
async function firstAnswer(url: string, spawnedAt: number, child: Child): Promise<number> {
  while (performance.now() - spawnedAt < 30_000) {
    if (child.process.exitCode !== null) throw new Error(`the product exited at start:\n${child.log.slice(-2000)}`);
    try {
      await (await fetch(url)).arrayBuffer();
      return performance.now() - spawnedAt;
    } catch {
      await sleep(5);
    }
  }
  throw new Error(`no answer from ${url} in 30 s:\n${child.log.slice(-2000)}`);
}

function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
}
