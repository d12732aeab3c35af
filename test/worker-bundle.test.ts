import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const outdir = mkdtempSync(join(tmpdir(), 'mayak-worker-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * Cloudflare refuses a Worker above 3 MiB gzipped on the free plan (10 MiB on the paid one); wrangler 4.86.0
 * measures it so: the gzip of the main module and the other modules (here the .ftl text modules) joined.
 */
const freePlanGzipBytes = 3 * 1024 * 1024;

describe('npm run build:worker', () => {
  // `wrangler deploy --dry-run` itself (offline, about 7 s on a quiet machine): the bundle Cloudflare would get.
  it('bundles runtime/worker.ts with wrangler.toml and stays under the free plan’s gzip limit', { timeout: 180_000 }, async () => {
    const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['build:worker'] as string;
    expect(script).toMatch(/^wrangler deploy --dry-run --outdir /);
    const run = await promisify(execFile)(process.execPath, [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outdir], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      timeout: 170_000,
    });
    expect(run.stdout).toContain('--dry-run: exiting now.');
    const files = readdirSync(outdir).filter((name) => name === 'worker.js' || name.endsWith('.ftl'));
    expect(files).toContain('worker.js');
    const joined = Buffer.concat(files.map((name) => readFileSync(join(outdir, name))));
    const gzipped = gzipSync(joined).byteLength;
    expect(gzipped, `${(joined.byteLength / 1024).toFixed(0)} KiB, ${(gzipped / 1024).toFixed(0)} KiB gzipped`).toBeLessThan(freePlanGzipBytes);
  });
});
