import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { readLocaleFiles, readLocaleSources } from '../locales/node.js';
import { createTranslator, localeFromLanguageCode, messageIds } from '../locales/translator.js';

const sources = readLocaleSources();

describe('locales', () => {
  it('every area has its file in both languages', () => {
    const names = (l: 'ru' | 'en') => readLocaleFiles(l).map((f) => f.name.slice(3));
    expect(names('en')).toEqual(names('ru'));
  });

  it('the Workers bundle imports every .ftl file (locales/bundled.ts lists them by hand)', () => {
    const bundled = readFileSync(join(import.meta.dirname, '../locales/bundled.ts'), 'utf8');
    for (const locale of ['ru', 'en'] as const) {
      const imported = [...bundled.matchAll(new RegExp(`from '\\./${locale}/([a-z-]+\\.ftl)'`, 'g'))].map((m) => m[1]);
      expect(imported, locale).toEqual(readLocaleFiles(locale).map((f) => f.name.slice(3)));
    }
  });

  it('both languages load without an error, such as a key defined twice (English is loaded only when first needed, not at start)', () => {
    for (const locale of ['ru', 'en'] as const) {
      const errors = new FluentBundle(locale).addResource(new FluentResource(sources[locale]));
      expect(errors.map(String), locale).toEqual([]);
    }
  });

  it('Russian and English have exactly the same keys', () => {
    const ru = new Set(messageIds(sources.ru));
    const en = new Set(messageIds(sources.en));
    expect([...ru].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !ru.has(k))).toEqual([]);
    expect(ru.size).toBeGreaterThan(50);
  });

  it('every literal key the code asks for exists', () => {
    const root = join(import.meta.dirname, '..');
    const ids = new Set(messageIds(sources.ru));
    const walk = (folder: string): string[] =>
      readdirSync(join(root, folder), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(folder, e.name)) : /\.tsx?$/.test(e.name) ? [join(folder, e.name)] : [],
      );
    const files = ['bot', 'core', 'jobs', 'admin'].flatMap((folder) => walk(folder));
    const used = files.flatMap((f) =>
      [...readFileSync(join(root, f), 'utf8').matchAll(/\bt\('([a-z0-9-]+)'|translate\([^,]+, '([a-z0-9-]+)'/g)].map((m) => m[1] ?? m[2]!),
    );
    expect(used.length).toBeGreaterThan(30);
    expect(used.filter((k) => !ids.has(k))).toEqual([]);
  });

  it('a number followed by a word it counts goes through a plural selector', () => {
    // Words that may follow a number without agreeing with it: prepositions, verbs after a numbered thing, abbreviations.
    const free = new Set(['из', 'по', 'в', 'во', 'до', 'для', 'и', 'от', 'на', 'с', 'за', 'или', 'запущена', 'относится', 'мб']);
    /** `{ $n } школ` at the top level of a message (a selector's variants are fine), as "key: $n школ". */
    const unagreed = (source: string): string[] =>
      [...new FluentResource(source).body].flatMap((entry) => {
        const value = (entry as { value?: unknown }).value;
        if (!Array.isArray(value)) return [];
        return value.flatMap((element: unknown, i: number) => {
          const next = value[i + 1];
          const word = typeof next === 'string' ? /^\s+([а-яё]+)/i.exec(next)?.[1] : undefined;
          const variable = element as { type?: string; name?: string };
          return variable.type === 'var' && word && !free.has(word.toLowerCase()) ? [`${(entry as { id: string }).id}: $${variable.name} ${word}`] : [];
        });
      });
    expect(unagreed('bad = Ещё { $n } школ без руководителя')).toEqual(['bad: $n школ']);
    expect(unagreed('good = Ещё { $n ->\n    [one] { $n } школа\n   *[other] { $n } школ\n}')).toEqual([]);
    expect(readLocaleFiles('ru').flatMap((f) => unagreed(f.text))).toEqual([]);
  });

  it('translates with arguments, without Unicode isolation marks, and falls back to Russian', () => {
    const t = createTranslator({ ru: 'hello = Привет, { $name }!\nonly-ru = Только по-русски', en: 'hello = Hello, { $name }!' });
    expect(t('en', 'hello', { name: 'Anna' })).toBe('Hello, Anna!');
    expect(t('ru', 'hello', { name: 'Анна' })).toBe('Привет, Анна!');
    expect(t('en', 'only-ru')).toBe('Только по-русски');
    expect(t('ru', 'missing-key')).toBe('missing-key');
  });

  it('picks English only for English Telegram clients', () => {
    expect(localeFromLanguageCode('en-GB')).toBe('en');
    expect(localeFromLanguageCode('ru')).toBe('ru');
    expect(localeFromLanguageCode('uk')).toBe('ru');
    expect(localeFromLanguageCode(undefined)).toBe('ru');
  });
});
