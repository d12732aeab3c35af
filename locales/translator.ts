import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

export const languages = ['ru', 'en'] as const;
export type Locale = (typeof languages)[number];
export const defaultLocale: Locale = 'ru';

export type TranslateArgs = Record<string, FluentVariable>;
export type Translate = (locale: Locale, key: string, args?: TranslateArgs) => string;

/** Picks our locale from a Telegram `language_code` such as "en-GB"; Russian unless it is English. */
export function localeFromLanguageCode(code: string | undefined): Locale {
  return code?.toLowerCase().startsWith('en') ? 'en' : defaultLocale;
}

/**
 * A Fluent translator over the .ftl sources, given as text so the same code runs where files are
 * read with fs (Node) and where they are bundled as text modules (Workers).
 * A key missing in English falls back to Russian; a key missing everywhere shows itself, so a gap is visible, not silent.
 */
export function createTranslator(sources: Record<Locale, string>): Translate {
  const bundles = new Map<Locale, FluentBundle>();
  // Russian is read at once, so a broken file stops the start; English when first asked for: most processes never
  // need it, and parsing it cost every start (the locales test parses both).
  const bundleOf = (locale: Locale): FluentBundle => {
    const known = bundles.get(locale);
    if (known) return known;
    // useIsolating off: Telegram shows the Unicode isolation marks as garbage around arguments.
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(sources[locale]));
    if (errors.length > 0) throw new Error(`locales/${locale}/: ${errors.map(String).join('; ')}`);
    bundles.set(locale, bundle);
    return bundle;
  };
  bundleOf(defaultLocale);
  return (locale, key, args) => {
    for (const candidate of [locale, defaultLocale]) {
      const bundle = bundleOf(candidate);
      const message = bundle.getMessage(key);
      if (message?.value) return bundle.formatPattern(message.value, args);
    }
    return key;
  };
}

/** Every message id of an .ftl source, for the test that keeps the locales in step. */
export function messageIds(source: string): string[] {
  return [...new FluentResource(source).body].flatMap((entry) =>
    'id' in entry && typeof entry.id === 'string' && !entry.id.startsWith('-') ? [entry.id] : [],
  );
}
