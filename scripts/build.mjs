// Builds dist/node.js, what `npm start` runs: one ES module of the Node entry (runtime/node.ts) and everything it
// imports but better-sqlite3 (a native addon, loaded from node_modules). The migrations and the locales are copied
// beside it, where db/node.ts and locales/node.ts look for them (next to their own file, by import.meta.url).
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
  sourcemap: true,
  logLevel: 'warning',
});
cpSync(join(root, 'db/migrations'), join(out, 'migrations'), { recursive: true });
for (const locale of ['ru', 'en']) cpSync(join(root, 'locales', locale), join(out, locale), { recursive: true });
