import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmStartCommand } from './support/start-command.js';

const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('deploy examples', () => {
  it("the systemd unit runs the README's start command, which is package.json's start", () => {
    const execStart = /^ExecStart=\S*\/npm (.+)$/m.exec(read('examples/deploy/mayak.service'))?.[1];
    expect(execStart).toBe('start');
    expect(read('README.md')).toContain('npm ci && npm start');
    const start = npmStartCommand();
    expect(start.args.at(-1)).toBe('dist/node.js');
    expect(Object.keys(start.env)).toEqual(expect.arrayContaining(['MALLOC_ARENA_MAX']));
  });

  it('the proxy examples forward the webhook path the process serves, with a body limit', async () => {
    const { webhookPath } = await import('../admin/index.js');
    const nginx = read('examples/deploy/nginx.conf');
    expect(nginx).toContain(`location = ${webhookPath} {`);
    expect(nginx).toMatch(/client_max_body_size \d+m;/);
    expect(read('examples/deploy/Caddyfile')).toMatch(/max_size \d+MB/);
    expect(read('README.md')).toContain('examples/deploy/');
  });
});
