// Builds dist/node.js, what `npm start` runs: one ES module of the Node entry (runtime/node.ts) and everything it
// imports but better-sqlite3 (a native addon, loaded from node_modules). The migrations and the locales are copied
// beside it, where db/node.ts and locales/node.ts look for them (next to their own file, by import.meta.url).
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * zod re-exports every language of its error messages as one namespace (`z.locales`), which a bundler cannot split:
 * 49 languages, 370 KB of the bundle, parsed by every start. We use English (zod's default) and Russian.
 */
const zodLanguages = {
  name: 'zod-languages',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer }) =>
      importer.includes('/node_modules/zod/v4/') ? { path: join(dirname(importer), '../locales'), namespace: 'zod-languages' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-languages' }, ({ path }) => ({
      contents: `export { default as en } from './en.js';\nexport { default as ru } from './ru.js';\n`,
      resolveDir: path,
    }));
  },
};
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { node: join(root, 'runtime/node.ts') },
  outdir: out,
  // The file formats' libraries (SheetJS, docx, JSZip) are imported where a download or an upload needs them: split
  // into chunks beside node.js, they are read only then, not held by every process from its start.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['better-sqlite3', 'pino', 'pino-pretty', 'prom-client'],
  // CommonJS dependencies inside an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  plugins: [zodLanguages],
  logLevel: 'warning',
});
cpSync(join(root, 'db/migrations'), join(out, 'migrations'), { recursive: true });
for (const locale of ['ru', 'en']) cpSync(join(root, 'locales', locale), join(out, locale), { recursive: true });
