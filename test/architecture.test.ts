import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

  it('bot/, admin/ and jobs/ import no database driver and do not reach into each other', () => {
    const offenders = ['bot', 'admin', 'jobs'].flatMap((area) =>
      sources(area).flatMap((file) =>
        imports(file)
          .filter(
            (spec) =>
              spec === 'better-sqlite3' ||
              spec.startsWith('drizzle-orm/better-sqlite3') ||
              spec.startsWith('drizzle-orm/d1') ||
              ['bot', 'admin', 'jobs'].filter((a) => a !== area).some((a) => spec.includes(`../${a}/`) || spec.includes(`../../${a}/`)),
          )
          .map((spec) => `${relative(root, join(root, file))} imports ${spec}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('the panel reaches the fake Telegram only through its own port: admin/ imports nothing from runtime/ or sandbox/, type imports included', () => {
    /** The top-level folder each relative import of a file lands in, type imports and re-exports included. */
    const folders = (file: string) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)].map((m) => {
        const target = relative(root, resolve(root, dirname(file), m[1]!));
        return { spec: m[1]!, folder: target.split(sep)[0] };
      });
    const offenders = [
      ...sources('admin').flatMap((file) =>
        folders(file)
          .filter(({ folder }) => folder === 'runtime' || folder === 'sandbox')
          .map(({ spec }) => `${file} imports ${spec}`),
      ),
      ...['core', 'db', 'bot', 'jobs'].flatMap((area) =>
        sources(area).flatMap((file) =>
          folders(file)
            .filter(({ folder }) => folder === 'sandbox')
            .map(({ spec }) => `${file} imports ${spec}`),
        ),
      ),
    ];
    expect(offenders).toEqual([]);
    expect(folders('runtime/node.ts').map(({ folder }) => folder)).toContain('sandbox');
  });

  it('this test does see imports (a check that finds nothing by construction is worthless)', () => {
    expect(imports('db/node.ts')).toContain('better-sqlite3');
    expect(imports('bot/index.ts')).toContain('grammy');
  });
});
