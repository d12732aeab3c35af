import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTranslator, languages, type Locale, type Translate } from './translator.js';

const folder = dirname(fileURLToPath(import.meta.url));

export function readLocaleSources(): Record<Locale, string> {
  return Object.fromEntries(languages.map((l) => [l, readFileSync(join(folder, `${l}.ftl`), 'utf8')])) as Record<Locale, string>;
}

/** Node's way to load locales/*.ftl; Workers will import them as text modules instead. */
export function loadTranslator(): Translate {
  return createTranslator(readLocaleSources());
}
