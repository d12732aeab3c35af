import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface StartCommand {
  /** The variables set before `node` (`NAME=value`). */
  env: Record<string, string>;
  /** Node's flags, then the entry. */
  args: string[];
}

/** `npm start` as package.json says, `NAME=value … node <flags> <entry>`: what tests and the bench run as operators do. */
export function npmStartCommand(): StartCommand {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.split(/\s+/);
  const env: Record<string, string> = {};
  for (let set = /^([A-Z_]+)=(\S*)$/.exec(words[0] ?? ''); set; set = /^([A-Z_]+)=(\S*)$/.exec(words[0] ?? '')) {
    env[set[1]!] = set[2]!;
    words.shift();
  }
  const [command, ...args] = words;
  if (command !== 'node') throw new Error(`npm start is expected to run node, not: ${start}`);
  return { env, args };
}

/**
 * The same, after building its bundle from the code as it is now (`npm ci` builds it once; a test must not run a
 * bundle older than the code it tests).
 */
export function builtStartCommand(): StartCommand {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  return npmStartCommand();
}
