// The dates a "срок" cell names (days, spans, months, quarters, halves, seasons, years), found in order before ranges are put together.
import { fullYear, iso, lastDay, monthNames, monthOf, monthWord, validDay, yearForMonth } from './calendar.js';
import type { DuePrecision, RoadMapPeriod } from './types.js';

const romanNumbers: Record<string, number> = {
  i: 1,
  ii: 2,
  iii: 3,
  iv: 4,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '1-й': 1,
  '2-й': 2,
  '3-й': 3,
  '4-й': 4,
  перв: 1,
  втор: 2,
  трет: 3,
  четверт: 4,
};

/** One dated thing found in the cell, before ranges are put together. */
export interface NamedDate {
  start: number;
  end: number;
  from: string;
  to: string;
  precision: DuePrecision;
  /** The year was written, not taken from the plan. */
  yearGiven: boolean;
  month?: number;
  deadline?: boolean;
  /** "до конца года": the deadline is the span's last day, not the day before it. */
  through?: boolean;
}

/** Dates, months, quarters and halves in the cell, in order of appearance. */
export function findItems(text: string, period: RoadMapPeriod, doubts: string[]): NamedDate[] {
  const items: NamedDate[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => !taken.some(([s, e]) => start < e && end > s);
  const take = (item: NamedDate) => {
    taken.push([item.start, item.end]);
    items.push(item);
  };
  const yearAfter = (from: number): { year: number; end: number } | null => {
    const m = /^\s*,?\s*(\d{4})\s*(?:года?|гг\.?|г\.?)?/.exec(text.slice(from));
    return m && Number(m[1]) > 1990 && Number(m[1]) < 2100 ? { year: Number(m[1]), end: from + m[0].length } : null;
  };

  // 01.02.2024, 1.2.24, 01/02/2024
  for (const m of text.matchAll(/(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?![\d])/g)) {
    const [day, month, year] = [Number(m[1]), Number(m[2]), fullYear(m[3]!)];
    if (!validDay(year, month, day)) {
      doubts.push(`дата «${m[0]}» не существует`);
      continue;
    }
    const d = iso(year, month, day);
    take({ start: m.index, end: m.index + m[0].length, from: d, to: d, precision: 'day', yearGiven: true, month });
  }
  // .10.2021 (a day left out) and 11.2021
  for (const m of text.matchAll(/(?<![\d])\.?(\d{1,2})\.(\d{4})(?![\d])/g)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const [month, year] = [Number(m[1]), Number(m[2])];
    if (month < 1 || month > 12) continue;
    if (m[0].startsWith('.')) doubts.push(`в дате «${m[0]}» не указан день: взят весь месяц`);
    take({
      start: m.index,
      end: m.index + m[0].length,
      from: iso(year, month, 1),
      to: iso(year, month, lastDay(year, month)),
      precision: 'month',
      yearGiven: true,
      month,
    });
  }
  // 22-23 мая 2025 г., с 1 по 10 сентября: a span of days in one month
  for (const m of text.matchAll(new RegExp(`(?<![\\d.])(?:с\\s+)?(\\d{1,2})\\s*(?:-|по)\\s*(\\d{1,2})\\s+${monthWord}`, 'g'))) {
    const month = monthOf(m[3]!);
    if (!month || !free(m.index, m.index + m[0].length)) continue;
    const after = yearAfter(m.index + m[0].length);
    const year = after?.year ?? yearForMonth(month, period);
    const [first, last] = [Number(m[1]), Number(m[2])];
    if (!validDay(year, month, first) || !validDay(year, month, last) || last < first) continue;
    take({
      start: m.index,
      end: after?.end ?? m.index + m[0].length,
      from: iso(year, month, first),
      to: iso(year, month, last),
      precision: 'day',
      yearGiven: Boolean(after),
      month,
    });
  }
  // 15 марта 2024 года, 15 марта
  for (const m of text.matchAll(new RegExp(`(?<![\\d.])(\\d{1,2})\\s+${monthWord}`, 'g'))) {
    const month = monthOf(m[2]!);
    if (!month || !free(m.index, m.index + m[0].length)) continue;
    const after = yearAfter(m.index + m[0].length);
    const year = after?.year ?? yearForMonth(month, period);
    const day = Number(m[1]);
    if (!validDay(year, month, day)) continue;
    const d = iso(year, month, day);
    take({ start: m.index, end: after?.end ?? m.index + m[0].length, from: d, to: d, precision: 'day', yearGiven: Boolean(after), month });
  }
  // 01.02 (no year): the plan's year
  for (const m of text.matchAll(/(?<![\d.])(\d{1,2})\.(\d{1,2})(?![\d]|\.\d)/g)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const [day, month] = [Number(m[1]), Number(m[2])];
    const year = yearForMonth(month, period);
    if (!validDay(year, month, day)) continue;
    const d = iso(year, month, day);
    take({ start: m.index, end: m.index + m[0].length, from: d, to: d, precision: 'day', yearGiven: false, month });
  }
  // февраль 2024 г., март
  for (const m of text.matchAll(new RegExp(`(?<![а-я])${monthWord}(?![а-я])`, 'g'))) {
    const month = monthOf(m[1]!);
    if (!month || !free(m.index, m.index + m[0].length)) continue;
    const after = yearAfter(m.index + m[0].length);
    const year = after?.year ?? yearForMonth(month, period);
    take({
      start: m.index,
      end: after?.end ?? m.index + m[0].length,
      from: iso(year, month, 1),
      to: iso(year, month, lastDay(year, month)),
      precision: 'month',
      yearGiven: Boolean(after),
      month,
    });
  }
  // I квартал, 2 квартал 2024, I-II квартал (the range is put together below); "1 и 3 квартал", "I, II полугодие": one each.
  const ordinal = '(?:iv|iii|ii|i|[1-4](?:-?й)?|перв[а-я]*|втор[а-я]*|трет[а-я]*|четверт[а-я]*)';
  for (const m of text.matchAll(
    new RegExp(`(?<![а-я\\d])(${ordinal}(?:\\s*(?:,|и)\\s*${ordinal})*)\\s*(?:-\\s*(iv|iii|ii|i|[1-4](?:-?й)?)\\s*)?(квартал[а-я]*|кв\\.|полугоди[а-я]*)`, 'g'),
  )) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const quarter = m[3]!.startsWith('кв');
    const listed = [...m[1]!.matchAll(new RegExp(ordinal, 'g'))].map((n) => ({
      at: m.index + n.index,
      end: m.index + n.index + n[0].length,
      n: numberWord(n[0]),
    }));
    const last = m[2] ? numberWord(m[2]) : listed[listed.length - 1]!.n;
    if (listed.some((l) => !l.n) || !last || (!quarter && (listed.some((l) => l.n! > 2) || last > 2))) continue;
    const after = yearAfter(m.index + m[0].length);
    const span = (n: number): [number, number] =>
      quarter ? [n * 3 - 2, n * 3] : period.academic && !after ? (n === 1 ? [9, 12] : [1, 5]) : n === 1 ? [1, 6] : [7, 12];
    listed.forEach((l, k) => {
      const final = k === listed.length - 1;
      const [startMonth] = span(l.n!);
      const [, endMonth] = span(final ? last : l.n!);
      const startYear = after?.year ?? yearForMonth(startMonth, period);
      const endYear = startYear + (endMonth < startMonth ? 1 : 0);
      take({
        start: k === 0 ? m.index : l.at,
        end: final ? (after?.end ?? m.index + m[0].length) : l.end,
        from: iso(startYear, startMonth, 1),
        to: iso(endYear, endMonth, lastDay(endYear, endMonth)),
        precision: quarter ? 'quarter' : 'period',
        yearGiven: Boolean(after),
      });
    });
  }
  // "в начале учебного года", "до конца года": the first or the last month of the (school) year, with a doubt.
  for (const m of text.matchAll(/(?<![а-я])(начал[а-я]*|конц[а-я]*|конец|окончани[а-я]*)\s+(учебного\s+|календарного\s+|текущего\s+)?года(?!\s*\d)/g)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const school = /учебн/.test(m[2] ?? '') || (period.academic && !m[2]);
    const month = m[1]!.startsWith('начал') ? (school ? 9 : 1) : school ? 5 : 12;
    const year = yearForMonth(month, period);
    doubts.push(`«${m[0]}»: взят ${monthNames[month - 1]}, уточните дату`);
    take({
      start: m.index,
      end: m.index + m[0].length,
      from: iso(year, month, 1),
      to: iso(year, month, lastDay(year, month)),
      precision: 'month',
      yearGiven: false,
      month,
      through: true,
    });
  }
  // "весна 2024", "осенью": the season's months, with a doubt (a season is not a month).
  for (const m of text.matchAll(
    /(?<![а-я])(весн(?:а|ой|ы|у|е)|лет(?:о|ом|а|е)|летн[а-я]* (?:период[а-я]*|каникул[а-я]*)|(?:весенн|осенн|зимн)[а-я]* период[а-я]*|осен(?:ь|ью|и)|зим(?:а|ой|ы|у|е))(?![а-я])/g,
  )) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const [startMonth, endMonth] = seasons[m[1]!.slice(0, 3)]!;
    const after = yearAfter(m.index + m[0].length);
    const endYear = after?.year ?? yearForMonth(endMonth, period);
    const startYear = startMonth > endMonth ? endYear - 1 : endYear;
    doubts.push(`срок «${m[0]}» назван временем года: взяты его месяцы, уточните`);
    take({
      start: m.index,
      end: after?.end ?? m.index + m[0].length,
      from: iso(startYear, startMonth, 1),
      to: iso(endYear, endMonth, lastDay(endYear, endMonth)),
      precision: 'period',
      yearGiven: Boolean(after),
    });
  }
  // An academic year named in the cell: "2024-2025 учебный год", "2024/25 уч. г."
  for (const m of text.matchAll(/(?<![\d.])(20\d{2})\s*[-/]\s*(20\d{2}|\d{2})\s*(?:уч\.?|учебн[а-я]*)/g)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const year = Number(m[1]);
    take({ start: m.index, end: m.index + m[0].length, from: iso(year, 9, 1), to: iso(year + 1, 8, 31), precision: 'period', yearGiven: true });
  }
  // A bare year: "2024 год", "в 2024 г."
  for (const m of text.matchAll(/(?<![\d.])(?<![а-яa-z]-)(20\d{2})\s*(?:г\.?|год[а-я]*)?(?![\d.])/g)) {
    if (!free(m.index, m.index + m[0].length)) continue;
    const year = Number(m[1]);
    take({ start: m.index, end: m.index + m[0].length, from: iso(year, 1, 1), to: iso(year, 12, 31), precision: 'year', yearGiven: true });
  }
  items.sort((a, b) => a.start - b.start);
  // "до 20 декабря (по итогам I полугодия)": a period named as what the date follows is not a date of its own.
  const context = items.filter((item) => /(?:по итогам|по результатам|за)\s*$/.test(text.slice(Math.max(0, item.start - 16), item.start)));
  if (context.length && context.length < items.length) for (const item of context) items.splice(items.indexOf(item), 1);
  // A year written after the last of several months belongs to the earlier ones too ("март, август, декабрь 2024 г.").
  for (let i = items.length - 1; i > 0; i--) {
    const later = items[i]!;
    const earlier = items[i - 1]!;
    if (later.yearGiven && !earlier.yearGiven && earlier.month) {
      const year = Number(later.from.slice(0, 4)) - (earlier.month > (later.month ?? 12) ? 1 : 0);
      shiftYear(earlier, year);
    }
  }
  return items;
}

export function shiftYear(item: NamedDate, year: number): void {
  const delta = year - Number(item.from.slice(0, 4));
  item.yearGiven = true;
  if (delta === 0) return;
  const move = (d: string) => {
    const y = Number(d.slice(0, 4)) + delta;
    const [month, day] = [Number(d.slice(5, 7)), Number(d.slice(8, 10))];
    return iso(y, month, Math.min(day, lastDay(y, month)));
  };
  item.from = move(item.from);
  item.to = move(item.to);
  item.yearGiven = true;
}

/** First and last month of each season; winter runs from December of the year before. */
const seasons: Record<string, [number, number]> = { вес: [3, 5], лет: [6, 8], осе: [9, 11], зим: [12, 2] };

function numberWord(word: string): number | null {
  const key = word.replace(/-?й$/, '');
  for (const [k, v] of Object.entries(romanNumbers)) if (key === k || (k.length > 3 && key.startsWith(k))) return v;
  return null;
}
