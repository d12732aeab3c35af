// How often a measure recurs ("ежемесячно", "раз в квартал") and the words of terms with no date: ongoing, by schedule, on request, after something else.
import { iso, lastDay } from './calendar.js';
import type { DueOccurrence, Recurrence, RoadMapPeriod } from './types.js';

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

export function cadenceOf(text: string): Recurrence | null {
  for (const [pattern, recurrence] of cadences) if (pattern.test(text)) return recurrence;
  return null;
}

export const continuousWords =
  /в течение (?:всего )?(?:года|учебного года|\d{4}(?:\s*-\s*\d{4})? (?:учебного )?года|\d{4} г|периода|срока|всего периода|реализации)|в течени[ие] года|постоянно|ежедневно|на протяжении|систематически|весь период|в течение учебного|течение года|в период реализации|регулярно/;
export const scheduleWords =
  /по (?:отдельному )?график|в соответствии (?:и )?с (?:план|график|распоряжен|приказ|календар)|согласно (?:план|график|распоряжен|приказ|календар)|по план[уа]|по календар|в рамках (?:план|график)|в сроки,? (?:установленн|определенн)|в установленные сроки|по расписанию/;
export const requestWords = /по (?:запрос|заявк|согласовани|мере (?:необходимости|поступлени|готовности)|необходимости|обращени|потребност)/;
export const relativeWords =
  /по итогам|по результатам|после (?!\d)|перед (?!\d)|до начала|накануне|в период проведения|в ходе|по окончании|по завершении|не позднее \d+ (?:дн|рабоч)|в течение \d+ (?:дн|рабоч)/;

/** The occurrences a cadence makes over a span: each month, each quarter, each half; weekly and continuous make none. */
export function cadenceOccurrences(recurrence: Recurrence, span: RoadMapPeriod): DueOccurrence[] {
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
