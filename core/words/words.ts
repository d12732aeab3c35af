import type { Locale, Translate } from '../../locales/translator.js';

const day = 1440;

/**
 * A reminder offset as a person reads it: «за 1 день», «за 2 часа», «за 30 минут» (Fluent picks the plural form).
 * Takes minutes or the stable dedupe name ("1d", "2h", "90m").
 */
export function offsetWords(translate: Translate, locale: Locale, offset: number | string): string {
  const minutes = typeof offset === 'number' ? offset : offsetMinutesOf(offset);
  if (minutes === null) return String(offset);
  if (minutes % day === 0) return translate(locale, 'words-before-days', { n: minutes / day });
  if (minutes % 60 === 0) return translate(locale, 'words-before-hours', { n: minutes / 60 });
  return translate(locale, 'words-before-minutes', { n: minutes });
}

function offsetMinutesOf(label: string): number | null {
  const m = /^([1-9]\d{0,5})([dhm])$/.exec(label);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'd' ? n * day : m[2] === 'h' ? n * 60 : n;
}

/** "Europe/Moscow" → «Москва (UTC+3)»: the city people know (from locales/) and the offset they can check. */
export function timezoneWords(translate: Translate, locale: Locale, zone: string, at: number): string {
  const key = `zone-${zone.toLowerCase().replaceAll('/', '-').replaceAll('_', '-')}`;
  const named = translate(locale, key);
  const city = named === key ? (zone.split('/').pop()?.replaceAll('_', ' ') ?? zone) : named;
  const offset =
    new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return `${city} (${offset === 'GMT' || offset === '' ? 'UTC' : offset.replace('GMT', 'UTC')})`;
}

/**
 * What a scheduled job or a waiting message is, in words: «Напоминание о мероприятии», «Новое задание»…
 * An unknown kind shows a generic word, never the code.
 */
export function kindWords(translate: Translate, locale: Locale, kind: string): string {
  const key = `kind-${kind.replaceAll('.', '-')}`;
  const text = translate(locale, key);
  return text === key ? translate(locale, 'kind-other') : text;
}

/** A number as Russians write it: 12,5 and 1 234. */
export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits }).format(value);
}

/** «Иванова Ирина Ивановна» → «Иванова И. И.»: the surname and initials, as a person is named in a short line. */
export function shortPersonName(fullName: string): string {
  const [surname, ...rest] = fullName.trim().split(/\s+/);
  if (!surname) return fullName;
  return [surname, ...rest.map((word) => `${word.charAt(0).toUpperCase()}.`)].join(' ');
}

/**
 * A number as a reader of `locale` writes it: «3,5» in Russian, "3.5" in English, no thousands separator (a value
 * in a table cell or a CSV field); `digits` fixes the decimals shown («4,0»).
 */
export function localNumber(locale: Locale, value: number, digits?: number): string {
  const decimals = digits === undefined ? { maximumFractionDigits: 10 } : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return new Intl.NumberFormat(locale, { useGrouping: false, ...decimals }).format(value);
}
