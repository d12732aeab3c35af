import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('deploy examples', () => {
  it("the systemd unit runs the README's start command, which is package.json's start", () => {
    const execStart = /^ExecStart=\S*\/npm (.+)$/m.exec(read('examples/deploy/mayak.service'))?.[1];
    expect(execStart).toBe('start');
    expect(read('README.md')).toContain('npm ci && npm start');
    expect(JSON.parse(read('package.json')).scripts.start).toMatch(/^node .*dist\/node\.js$/);
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
