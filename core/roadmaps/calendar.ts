// Days, months and years of a plan's calendar, and the month words of Russian dates.
import type { RoadMapPeriod } from './types.js';

const monthStems: [RegExp, number][] = [
  [/^январ/, 1],
  [/^феврал/, 2],
  [/^март/, 3],
  [/^апрел/, 4],
  [/^ма[йяе]$/, 5],
  [/^июн/, 6],
  [/^июл/, 7],
  [/^август/, 8],
  [/^сентябр/, 9],
  [/^октябр/, 10],
  [/^ноябр/, 11],
  [/^декабр/, 12],
];
export const monthNames = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
export const monthWord =
  '(январ[а-я]*|феврал[а-я]*|март[а-я]*|апрел[а-я]*|ма[йяе]|июн[а-я]*|июл[а-я]*|август[а-я]*|сентябр[а-я]*|октябр[а-я]*|ноябр[а-я]*|декабр[а-я]*)';

export function monthOf(word: string): number | null {
  for (const [stem, month] of monthStems) if (stem.test(word)) return month;
  return null;
}

export function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function validDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay(year, month);
}

export function fullYear(text: string): number {
  const n = Number(text);
  return text.length <= 2 ? 2000 + n : n;
}

/** The year a month without a year falls in: the plan's year, or in an academic-year plan the second one before September. */
export function yearForMonth(month: number, period: RoadMapPeriod): number {
  const from = Number(period.from.slice(0, 4));
  const to = Number(period.to.slice(0, 4));
  if (period.academic) return month >= 9 ? from : to;
  return from;
}

/** Lower case, one kind of dash and space; `keepCase` gives the same positions with the letters as written (labels). */
export function normalize(text: string, keepCase = false): string {
  return (keepCase ? text : text.toLowerCase().replace(/ё/g, 'е'))
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[–—−‐‑]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export function dayBefore(date: string): string {
  return shiftDays(date, -1);
}

export function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
