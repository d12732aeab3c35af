// One row of the table read as a measure: its text, due date, kind, executors and audience, with the parser's doubts.
import { classifyRow, inferAudience, splitExecutors } from './classify.js';
import { parseDue } from './dates.js';
import { norm, type Column } from './table-header.js';
import type { Draft } from './table-rows.js';
import type { RoadMapPeriod, RoadMapRow } from './types.js';

export function toRow(
  draft: Draft,
  columns: Column[],
  period: RoadMapPeriod,
  periodInferred: boolean,
  guessedColumns: boolean,
  headerCells: string[],
): RoadMapRow | null {
  const get = (column: Column) =>
    columns
      .map((c, i) => (c === column ? (draft.cells[i] ?? '').trim() : ''))
      .filter(Boolean)
      .join('\n');
  let number: string | null = get('number').replace(/\s+/g, '').replace(/[.)]$/, '') || null;
  let measure = get('measure');
  if (!columns.includes('number')) {
    const m = /^(\d{1,3}(?:\.\d{1,3}){0,3})[.)]?\s+(?=\S)/.exec(measure);
    if (m) {
      number = m[1]!;
      measure = measure.slice(m[0].length);
    }
  }
  const text = flatten(measure);
  const dueColumns = columns.flatMap((c, i) => (c === 'due' ? [i] : []));
  // "Срок начала" and "Срок окончания" in two columns make one span.
  const startEnd =
    dueColumns.length === 2 && /начал|^с$/.test(norm(headerCells[dueColumns[0]!] ?? '')) && /оконч|заверш|^по$/.test(norm(headerCells[dueColumns[1]!] ?? ''));
  const [start, end] = startEnd ? dueColumns.map((i) => (draft.cells[i] ?? '').trim()) : [];
  const dateText = start && end ? `${start} – ${end}` : get('due');
  // Only the end of the span: a deadline, read as one though the cell says no "до".
  const dueText =
    startEnd && !start && end && /\d|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр/i.test(end) ? `до ${end}` : dateText;
  if (!text && !dateText) return null;
  const form = flatten(get('form')) || null;
  const doubts: string[] = [];
  if (guessedColumns) doubts.push('заголовок таблицы не найден: столбцы определены по содержанию');
  if (!text) doubts.push('нет текста мероприятия');
  const { due, doubts: dueDoubts } = parseDue(dueText, period, { measure: text, form: form ?? undefined });
  doubts.push(...dueDoubts);
  if (periodInferred && (due.from || due.to) && !/\d{4}/.test(dateText))
    doubts.push(`год плана не указан в заголовке: взят ${period.from.slice(0, 4)} по датам документа`);
  const classified = classifyRow(text, due.recurrence);
  doubts.push(...classified.doubts);
  const executorsCell = get('executors');
  const responsible = splitExecutors(executorsCell);
  if (!responsible.length) doubts.push('исполнители не указаны');
  const audience = inferAudience(`${text} ${get('audience')}`, responsible, classified.kind);
  if (!audience.length) doubts.push('кому адресовано, не определено: укажите аудиторию');
  return {
    number,
    section: draft.section,
    text,
    dateText: dateText
      .replace(/[ \t]+/g, ' ')
      .replace(/\n{2,}/g, '\n')
      .trim(),
    kind: classified.kind,
    eventKind: classified.kind === 'event' || classified.kind === 'recurring' ? classified.eventKind : null,
    due,
    responsible,
    audience,
    result: flatten(get('result')) || null,
    form,
    doubts,
  };
}

/** A cell's lines as one line; items of a list inside the cell keep their dash. */
function flatten(text: string): string {
  return unhyphenate(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/**
 * "мате- матике", "обра- зования": a PDF's line-end hyphen left inside a line is a broken word, put back together;
 * the first half of a compound ("научно- практическая") keeps its hyphen.
 */
export function unhyphenate(text: string): string {
  return text.replace(/(?<![а-яё])([а-яё]+)- ([а-яё]{2,})/gi, (whole, first: string, second: string) =>
    /^[А-ЯЁ]/.test(second) ? whole : /(?:[нклв]о|ск|ого|его)$/i.test(first) && first.length >= 4 ? `${first}-${second}` : first + second,
  );
}
