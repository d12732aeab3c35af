import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/**
 * The node arguments of `npm start` as package.json says, after building its bundle from the code as it is now
 * (`npm ci` builds it once; a test must not run a bundle older than the code it tests).
 */
export function startArgs(): string[] {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start is expected to run node, not: ${start}`);
  return args;
}
