import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sources(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^\s*import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

// Layers, cycles, drivers in the adapters and who may import the sandbox are checked by dependency-cruiser
// (.dependency-cruiser.cjs, in npm test); what stays here is about platforms: Node-only modules and frameworks.
describe('the house rules that keep the core portable to Cloudflare Workers', () => {
  it('the domain folder and the db schema import nothing from node: or better-sqlite3', () => {
    const offenders = [...sources('core'), ...sources('db/schema'), 'db/database.ts', 'db/conversation-store.ts', 'locales/translator.ts'].flatMap((file) =>
      imports(file)
        .filter(
          (spec) =>
            spec.startsWith('node:') ||
            spec === 'better-sqlite3' ||
            spec.startsWith('drizzle-orm/better-sqlite3') ||
            ['fs', 'path', 'os', 'http'].includes(spec),
        )
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the core imports neither grammy nor hono: the bot and the panel are adapters over it', () => {
    const offenders = sources('core').flatMap((file) =>
      imports(file)
        .filter((spec) => spec === 'grammy' || spec.startsWith('@grammyjs/') || spec.startsWith('hono') || spec.startsWith('@hono/'))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('this test does see imports (a check that finds nothing by construction is worthless)', () => {
    expect(imports('db/node.ts')).toContain('better-sqlite3');
    expect(imports('bot/index.ts')).toContain('grammy');
  });
});
