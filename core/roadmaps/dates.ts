import type { RoadMapPeriod } from './types.js';
import type { Due, DueOccurrence, DuePrecision, Recurrence } from '../vocabulary/roadmaps.js';

/**
 * The "срок" cell of a road map in free Russian, read into dates of the plan's own calendar. Every phrase the
 * parser cannot pin down leaves a doubt (words the reviewer reads) instead of a guess; the verbatim text stays
 * with the row anyway.
 */

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
const monthNames = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const monthWord =
  '(январ[а-я]*|феврал[а-я]*|март[а-я]*|апрел[а-я]*|ма[йяе]|июн[а-я]*|июл[а-я]*|август[а-я]*|сентябр[а-я]*|октябр[а-я]*|ноябр[а-я]*|декабр[а-я]*)';
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

function monthOf(word: string): number | null {
  for (const [stem, month] of monthStems) if (stem.test(word)) return month;
  return null;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay(year, month);
}

function fullYear(text: string): number {
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

/** One dated thing found in the cell, before ranges are put together. */
interface Item {
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

/** Lower case, one kind of dash and space; `keepCase` gives the same positions with the letters as written (labels). */
function normalize(text: string, keepCase = false): string {
  return (keepCase ? text : text.toLowerCase().replace(/ё/g, 'е'))
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[–—−‐‑]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Dates, months, quarters and halves in the cell, in order of appearance. */
function findItems(text: string, period: RoadMapPeriod, doubts: string[]): Item[] {
  const items: Item[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => !taken.some(([s, e]) => start < e && end > s);
  const take = (item: Item) => {
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

function shiftYear(item: Item, year: number): void {
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

/** Cadences: the first that matches wins, so the specific ("раз в два месяца") come before the general ("раз в месяц"). */
const cadences: [RegExp, Recurrence][] = [
  [
    /еженедельн|раза? в неделю|каждую неделю|по (?:понедельник|вторник|сред|четверг|пятниц)|кажд(?:ый|ую|ое|ой) (?:понедельник|вторник|сред|четверг|пятниц|суббот)/,
    'weekly',
  ],
  [/раз(?:а)? в (?:два|2|двa) месяц|раз в 2-а месяц|1 раз в 2 мес/, 'bimonthly'],
  [
    /ежемесячн|раза? в месяц|каждый месяц|числа каждого месяца|^(?:в срок )?до \d{1,2}(?:-?го)? числа$|ежемес\.|месяца,? следующего за отчетным(?! квартал| период| полугод)|(?:перв|втор|трет|четверт|последн)[а-я]* (?:понедельник|вторник|сред[уа]|четверг|пятниц[уа]|суббот[уа]|недел[юя]|рабоч[а-я]* (?:день|дни)|день|дни)(?: каждого)? месяца/,
    'monthly',
  ],
  [
    /ежеквартальн|раза? в квартал|(?:4|четыре) раза в (?:год|учебный год)|отчетн[а-я]* квартал|за (?:истекший |прошедший )?квартал|поквартально|каждый квартал|поквартальн|раза? в четверть|в конце (?:каждой )?четверти|по итогам (?:каждой )?четверти|по четвертям|каждой четверти/,
    'quarterly',
  ],
  [
    /(?:2|два|дважды)(?: раза)? в (?:год|учебный год)|раза? в полугодие|раза? в полгода|полугодов|дважды в год|по полугодиям|по итогам (?:каждого )?полугоди/,
    'twice-a-year',
  ],
  [/ежегодн|(?:1|один) раз в год|раз в год|раз в учебный год|каждый год/, 'yearly'],
];

function cadenceOf(text: string): Recurrence | null {
  for (const [pattern, recurrence] of cadences) if (pattern.test(text)) return recurrence;
  return null;
}

const continuousWords =
  /в течение (?:всего )?(?:года|учебного года|\d{4}(?:\s*-\s*\d{4})? (?:учебного )?года|\d{4} г|периода|срока|всего периода|реализации)|в течени[ие] года|постоянно|ежедневно|на протяжении|систематически|весь период|в течение учебного|течение года|в период реализации|регулярно/;
const scheduleWords =
  /по (?:отдельному )?график|в соответствии (?:и )?с (?:план|график|распоряжен|приказ|календар)|согласно (?:план|график|распоряжен|приказ|календар)|по план[уа]|по календар|в рамках (?:план|график)|в сроки,? (?:установленн|определенн)|в установленные сроки|по расписанию/;
const requestWords = /по (?:запрос|заявк|согласовани|мере (?:необходимости|поступлени|готовности)|необходимости|обращени|потребност)/;
const relativeWords =
  /по итогам|по результатам|после (?!\d)|перед (?!\d)|до начала|накануне|в период проведения|в ходе|по окончании|по завершении|не позднее \d+ (?:дн|рабоч)|в течение \d+ (?:дн|рабоч)/;

/**
 * Reads one "срок" cell. `context` carries the row's measure and form: a cadence written only there
 * ("ежемесячного мониторинга", "ежеквартальный отчёт") still makes the row recurring.
 */
export function parseDue(dateText: string, period: RoadMapPeriod, context: { measure?: string; form?: string } = {}): { due: Due; doubts: string[] } {
  const doubts: string[] = [];
  // "ежемесячно (кроме июля, августа)": the months left out are not dates; blanked so positions stay those of `cased`.
  const exception = /\(?(?:кроме|за исключением)\s[^)]*\)?/g;
  const text = normalize(dateText).replace(exception, (m) => {
    doubts.push(`исключения из срока («${m.replace(/[()]/g, '').trim()}»): проверьте даты`);
    return ' '.repeat(m.length);
  });
  const cased = normalize(dateText, true);
  const items = findItems(text, period, doubts);
  let recurrence: Recurrence = cadenceOf(text) ?? 'none';
  const continuous = continuousWords.test(text);
  const byPlan = scheduleWords.test(text);
  const onRequest = requestWords.test(text);
  const relative = relativeWords.test(text) && !items.length;

  if (!items.length) {
    if (recurrence === 'none') {
      const fromContext = cadenceOf(normalize(`${context.measure ?? ''} ${context.form ?? ''}`));
      if (fromContext && (continuous || byPlan || !text)) {
        recurrence = fromContext;
        doubts.push('периодичность взята из текста мероприятия, в сроке её нет');
      }
    }
    if (recurrence !== 'none')
      return { due: { from: period.from, to: period.to, recurrence, precision: 'period', occurrences: cadenceOccurrences(recurrence, period) }, doubts };
    if (continuous) return { due: { from: period.from, to: period.to, recurrence: 'continuous', precision: 'period', occurrences: [] }, doubts };
    const unspecified = (r: Recurrence, doubt: string): { due: Due; doubts: string[] } => ({
      due: { from: null, to: null, recurrence: r, precision: 'unspecified', occurrences: [] },
      doubts: [...doubts, doubt],
    });
    if (!text) return unspecified('none', 'срок не указан');
    if (byPlan) return unspecified('by-schedule', 'срок задан другим планом или графиком: уточните даты');
    if (onRequest) return unspecified('none', 'срок по запросу или согласованию: даты нет');
    if (relative) return unspecified('none', 'срок зависит от другого события: уточните дату');
    return unspecified('none', `срок «${dateText.trim()}» не распознан`);
  }

  const deadline = /(?:^|[^а-я])(?:до|не позднее|не позже|по|к)\s*$/;
  const occurrences: (DueOccurrence & { precision: DuePrecision; deadline: boolean })[] = [];
  let segmentStart = 0;
  // A label before the date ("Котельничский район – 12.02") or in brackets after it ("до 15.01 (1 этап)").
  const labelled = (end: number, labelText: string): { label?: string } => {
    const bracket = /^\s*\(([^)]{2,60})\)/.exec(cased.slice(end));
    segmentStart = end + (bracket ? bracket[0].length : 0);
    return bracket ? label(bracket[1]!) : label(labelText);
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const before = text.slice(i > 0 ? items[i - 1]!.end : 0, item.start);
    const next = items[i + 1];
    const between = next ? text.slice(item.end, next.start) : '';
    const labelText = cased.slice(segmentStart, item.start);
    const isRangeStart = next && /^\s*(?:-|по|до)\s*$/.test(between) && !/(?:^|[^а-я])до\s*$/.test(before);
    const fromWord = /(?:^|[^а-я])(?:с|после|начиная с)\s*$/.test(before);
    if (isRangeStart || (fromWord && next && /^\s*(?:-|по|до)\s*$/.test(between))) {
      let endItem = next;
      // "январь - март 2024": the year written after the second month is the first one's too.
      if (!item.yearGiven && endItem.yearGiven && item.month) {
        const endYear = Number(endItem.from.slice(0, 4));
        shiftYear(item, item.month > (endItem.month ?? 12) ? endYear - 1 : endYear);
      }
      // "сентябрь - май" in a calendar plan: the range runs into the next year.
      if (endItem.to < item.from && !endItem.yearGiven) {
        shiftYear(endItem, Number(endItem.from.slice(0, 4)) + 1);
        endItem = next;
      }
      occurrences.push({
        from: item.from,
        to: endItem.to,
        ...labelled(endItem.end, labelText),
        precision: item.precision === endItem.precision ? item.precision : 'period',
        deadline: false,
      });
      i++;
      continue;
    }
    if (deadline.test(before) || (i === 0 && /^(?:в срок )?(?:до|к) /.test(text) && item.precision !== 'month')) {
      // "до декабря" is before December begins; "до конца года" is through its last day.
      const beforeMonth = item.precision === 'month' && !item.through && /до\s*$/.test(before);
      occurrences.push({
        from: null,
        to: beforeMonth ? dayBefore(item.from) : item.to,
        ...labelled(item.end, labelText),
        precision: beforeMonth ? 'day' : item.precision,
        deadline: true,
      });
    } else if (fromWord) {
      occurrences.push({ from: item.from, to: null, ...labelled(item.end, labelText), precision: item.precision, deadline: false });
      doubts.push('указано только начало срока');
    } else {
      occurrences.push({ from: item.from, to: item.to, ...labelled(item.end, labelText), precision: item.precision, deadline: false });
    }
  }
  // A label names one of several dates; beside a single date it is only words around it.
  if (occurrences.length < 2) for (const o of occurrences) delete o.label;

  const starts = occurrences.map((o) => o.from ?? o.to!).sort();
  const ends = occurrences.map((o) => o.to ?? o.from!).sort();
  const single = occurrences.length === 1 ? occurrences[0]! : null;
  const precisions = new Set(occurrences.map((o) => o.precision));
  const precision: DuePrecision =
    precisions.size === 1 ? [...precisions][0]! : precisions.has('day') && precisions.size === 2 && precisions.has('month') ? 'month' : 'period';
  const due: Due = {
    from: single ? single.from : starts[0]!,
    to: single ? single.to : ends[ends.length - 1]!,
    recurrence,
    precision,
    occurrences: occurrences.map(({ from, to, label: l }) => ({ from, to, ...(l ? { label: l } : {}) })),
  };
  // "январь, апрель, июль, октябрь": four or more months at an even step are a cadence written out.
  if (
    recurrence === 'none' &&
    occurrences.length >= 4 &&
    occurrences.every((o) => o.precision === 'month' && !o.deadline && o.from && o.to && o.from.slice(0, 7) === o.to.slice(0, 7))
  ) {
    const months = occurrences.map((o) => Number(o.from!.slice(0, 4)) * 12 + Number(o.from!.slice(5, 7))).sort((a, b) => a - b);
    const steps = new Set(months.slice(1).map((m, i) => m - months[i]!));
    const step = steps.size === 1 ? [...steps][0]! : 0;
    const cadence = ({ 1: 'monthly', 2: 'bimonthly', 3: 'quarterly' } as Record<number, Recurrence>)[step];
    if (cadence) due.recurrence = cadence;
  }
  // "в течение 2024 года", "постоянно в течение II полугодия": ongoing over the span it names.
  if (recurrence === 'none' && continuous && single && single.precision !== 'day')
    Object.assign(due, { recurrence: 'continuous', precision: 'period', occurrences: [] });
  if (recurrence !== 'none' && occurrences.length === 1 && due.from && due.to && due.from !== due.to)
    due.occurrences = cadenceOccurrences(recurrence, { from: due.from, to: due.to, academic: period.academic });
  const outside = occurrences.filter((o) => (o.to ?? o.from)! < shiftDays(period.from, -60) || (o.from ?? o.to)! > shiftDays(period.to, 60));
  if (outside.length) doubts.push(`дата вне периода плана (${period.from} – ${period.to}): проверьте год`);
  if (!items.every((i) => i.yearGiven) && period.academic) doubts.push('год не указан: взят по учебному году плана');
  return { due, doubts };
}

function label(text: string): { label?: string } {
  const cleaned = text
    .replace(/[;,:()\-–—.\s]+$/g, '')
    .replace(/^[;,:()\-–—.\s]+/g, '')
    .replace(/(?:^|\s)(?:до|с|по|не позднее|в срок|срок|в|и|на|года?|г)$/gi, '')
    .trim();
  if (cleaned.length < 3 || !/[а-яa-z]{3}/i.test(cleaned)) return {};
  if (
    /^(?:в соответствии|согласно|в течение|ежемесячн|ежекварт|ежегодн|по план|по запрос|по итогам|по результатам|не реже|раз в|до конца|после|начиная|в период|не позднее)/i.test(
      cleaned,
    ) ||
    /^(?:с|до|по|в|и|на|года?|г)$/i.test(cleaned)
  )
    return {};
  return { label: cleaned.length > 80 ? cleaned.slice(0, 80) : cleaned };
}

function dayBefore(date: string): string {
  return shiftDays(date, -1);
}

function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The occurrences a cadence makes over a span: each month, each quarter, each half; weekly and continuous make none. */
function cadenceOccurrences(recurrence: Recurrence, span: RoadMapPeriod): DueOccurrence[] {
  const step = { monthly: 1, bimonthly: 2, quarterly: 3, 'twice-a-year': 6, yearly: 12 }[recurrence as 'monthly'];
  if (!step) return [];
  const out: DueOccurrence[] = [];
  let year = Number(span.from.slice(0, 4));
  let month = Number(span.from.slice(5, 7));
  const end = span.to;
  while (iso(year, month, 1) <= end && out.length < 60) {
    let endMonth = month + step - 1;
    let endYear = year;
    while (endMonth > 12) {
      endMonth -= 12;
      endYear++;
    }
    const to = iso(endYear, endMonth, lastDay(endYear, endMonth));
    out.push({ from: iso(year, month, 1), to: to > end ? end : to });
    month += step;
    while (month > 12) {
      month -= 12;
      year++;
    }
  }
  return out;
}

/** The plan's period from its title: "на 2024 год" a calendar year, "на 2020-2021 учебный год" an academic one; null when the title names none. */
export function periodFromTitle(title: string, year?: number): RoadMapPeriod | null {
  const text = normalize(title);
  const academic = /(\d{4})\s*[-/]\s*(\d{2,4})\s*(?:уч\.?|учебн)/.exec(text) ?? (/учебн[а-я]* год/.test(text) ? /(\d{4})\s*[-/]\s*(\d{2,4})/.exec(text) : null);
  if (academic) {
    const from = Number(academic[1]);
    return { from: iso(from, 9, 1), to: iso(from + 1, 8, 31), academic: true };
  }
  if (/(\d{4})\s*[-/]\s*(\d{4})\s*(?:годы|гг|год)/.test(text)) {
    const m = /(\d{4})\s*[-/]\s*(\d{4})/.exec(text)!;
    return { from: iso(Number(m[1]), 1, 1), to: iso(Number(m[2]), 12, 31), academic: false };
  }
  const single = /(?:на|в|за)\s+(\d{4})\s*(?:г\.?|год|году)/.exec(text) ?? /(?<![\d.])(\d{4})\s*(?:г\.?|год|году)(?![а-я])/.exec(text);
  if (single) {
    const y = Number(single[1]);
    if (/учебн[а-я]* год/.test(text)) return { from: iso(y, 9, 1), to: iso(y + 1, 8, 31), academic: true };
    return { from: iso(y, 1, 1), to: iso(y, 12, 31), academic: false };
  }
  if (year)
    return /учебн[а-я]* год/.test(text)
      ? { from: iso(year, 9, 1), to: iso(year + 1, 8, 31), academic: true }
      : { from: iso(year, 1, 1), to: iso(year, 12, 31), academic: false };
  return null;
}
