// Reads the "срок" cell of a road map into dates of the plan's calendar, and the plan's period from its title.
import { cadenceOccurrences, cadenceOf, continuousWords, relativeWords, requestWords, scheduleWords } from './cadence.js';
import { dayBefore, iso, normalize, shiftDays } from './calendar.js';
import { findItems, shiftYear } from './named-dates.js';
import type { Due, DueOccurrence, DuePrecision, Recurrence, RoadMapPeriod } from './types.js';

/**
 * Reads one "срок" cell, in free Russian, into dates of the plan's own calendar. Every phrase the parser cannot pin
 * down leaves a doubt (words the reviewer reads) instead of a guess; the verbatim text stays with the row anyway.
 * `context` carries the row's measure and form: a cadence written only there ("ежемесячного мониторинга",
 * "ежеквартальный отчёт") still makes the row recurring.
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
