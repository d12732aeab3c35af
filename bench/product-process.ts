/**
 * The product as operators run it: `npm start`'s node flags and entry (the compiled bundle), in a child process of
 * its own, so its memory and CPU are its own and it can be killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { npmStartCommand } from '../test/support/start-command.js';

const root = join(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The real entry as `npm start` runs it, in its own process; peak RSS and CPU are read from /proc while it runs. */
export class Child {
  readonly process: ChildProcess;
  peakRssKiB = 0;
  /** RSS when the first message of the broadcast went out: the process before the broadcast's own memory. */
  startRssKiB = 0;
  private output = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    env: NodeJS.ProcessEnv,
    private readonly sending: () => boolean = () => false,
    /** Another script run with `npm start`'s node flags (the bench's bare bot) instead of the product's entry. */
    options: { entry?: string } = {},
  ) {
    const start = npmStartCommand();
    const args = start.args;
    // BENCH_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) goes before npm start's own flags: for profiling.
    const extra = process.env['BENCH_NODE_FLAGS']?.split(/\s+/).filter(Boolean) ?? [];
    this.process = spawn(process.execPath, [...extra, ...args.slice(0, -1), options.entry ?? args[args.length - 1]!], {
      cwd: root,
      env: { ...start.env, ...env },
    });
    this.process.stdout!.on('data', (d) => (this.output += d));
    this.process.stderr!.on('data', (d) => (this.output += d));
    this.timer = setInterval(() => this.sample(), 200);
  }

  /** CPU time the process had used (user + system, ms) when its first message went out, and when last sampled. */
  cpuAtFirstSendMs = 0;
  cpuMs = 0;

  sample(): void {
    try {
      // utime and stime, in clock ticks of 10 ms, are the 14th and 15th fields of /proc/<pid>/stat.
      const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      this.cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+) kB/.exec(status);
      if (rss && this.startRssKiB === 0 && this.sending()) {
        this.startRssKiB = Number(rss[1]);
        this.cpuAtFirstSendMs = this.cpuMs;
      }
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) this.peakRssKiB = Math.max(this.peakRssKiB, Number(hwm[1]));
    } catch {
      // Gone already.
    }
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    this.sample();
    clearInterval(this.timer);
    const exited = new Promise<void>((resolve) =>
      this.process.exitCode !== null || this.process.signalCode !== null ? resolve() : this.process.once('exit', () => resolve()),
    );
    this.process.kill(signal);
    await exited;
  }

  get log(): string {
    return this.output;
  }
}
