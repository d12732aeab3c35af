import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTranslator, languages, type Locale, type Translate } from './translator.js';

const folder = dirname(fileURLToPath(import.meta.url));

/** Each language is a folder of .ftl files, one per area (bot, admin pages…), read in name order and joined. */
export function readLocaleFiles(locale: Locale): { name: string; text: string }[] {
  const dir = join(folder, locale);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ftl'))
    .sort()
    .map((name) => ({ name: `${locale}/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
}

export function readLocaleSources(): Record<Locale, string> {
  return Object.fromEntries(
    languages.map((l) => [
      l,
      readLocaleFiles(l)
        .map((f) => f.text)
        .join('\n'),
    ]),
  ) as Record<Locale, string>;
}

/** Node's way to load locales; Workers will import the same files as text modules instead. */
export function loadTranslator(): Translate {
  return createTranslator(readLocaleSources());
}
