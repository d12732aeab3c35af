// The table's rows: cells pasted as lines or as a flat stream grouped into rows, section headings and signatures told apart.
import { parseDue } from './dates.js';
import { columnOf, norm, rowNumber, startsLower, type Column } from './table-header.js';
import { joinLines } from './text.js';

/** A numbered section heading: "2. Работа с кадрами", "Раздел 1 Методическая работа", "IV Контроль". */
export const sectionHeading = /^(?:раздел\s+)?(?:\d{1,2}\.?|[IVXLC]{1,5}\.?)\s+[А-ЯЁA-Z«"]/;

export interface Draft {
  cells: string[];
  section: string | null;
  /** Cells on the last line read into this row: a line with fewer cells than the table leaves its last cell open. */
  open: number;
}

/**
 * A numbered row with nothing but its title ("2 | Методическая поддержка") followed by rows numbered under it
 * ("2.1", "2.2") is a section heading written as a row.
 */
export function numberedSections(drafts: Draft[], columns: Column[] | null): Draft[] {
  if (!columns) return drafts;
  const numberIndex = columns.indexOf('number');
  const measureIndex = columns.indexOf('measure');
  if (numberIndex < 0 || measureIndex < 0) return drafts;
  const out: Draft[] = [];
  let heading: { text: string; under: string | null } | null = null;
  drafts.forEach((draft, i) => {
    const number = (draft.cells[numberIndex] ?? '').replace(/\s+/g, '').replace(/\.$/, '');
    const next = (drafts[i + 1]?.cells[numberIndex] ?? '').replace(/\s+/g, '');
    const onlyTitle = draft.cells.every((c, k) => k === numberIndex || k === measureIndex || !c.trim());
    if (/^\d+$/.test(number) && onlyTitle && next.startsWith(`${number}.`) && next.length > number.length + 1) {
      heading = { text: `${number}. ${(draft.cells[measureIndex] ?? '').replace(/\s+/g, ' ').trim()}`, under: draft.section };
      return;
    }
    if (heading && draft.section === heading.under) out.push({ ...draft, section: heading.text });
    else {
      heading = null;
      out.push(draft);
    }
  });
  return out;
}

/** "Начальник управления образования ____ О.В. Кузнецова", "Исп.: Петрова А.А., тел. …": the signature and the author under the table. */
export function isSignature(line: string): boolean {
  const t = line.replace(/\s+/g, ' ').trim();
  if (/^(?:исп\.|исполнитель\s*:|подготовил|составил)/i.test(t)) return true;
  const position = /^(?:начальник|директор|заместитель|министр|руководитель|председатель|глава|ректор|и\.\s?о\.)/i.test(t);
  const name = /[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.|_{3,}/.test(t);
  return position && name && t.length < 160;
}

export function isHeading(text: string, atStart: boolean): boolean {
  if (text.length > 400) return false;
  if (sectionHeading.test(text)) return true;
  return atStart && /^[А-ЯЁA-Z«"]/.test(text) && !/\d{1,2}\.\d{1,2}\.\d{2,4}/.test(text);
}

export function headingText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * One-cell-per-line group into the header's columns. When lines are fewer or more than the columns, the date line
 * anchors: lines before it are the number and the measure, the first after it the executors, the rest the result.
 */
export function linesToCells(lines: string[], columns: Column[]): string[] {
  if (lines.length === columns.length) return lines;
  const cells = columns.map(() => '');
  const set = (column: Column, value: string) => {
    const i = columns.indexOf(column);
    if (i >= 0 && value) cells[i] = cells[i] ? `${cells[i]}\n${value}` : value;
  };
  let rest = [...lines];
  if (rowNumber.test(rest[0]!.trim()) && columns.includes('number')) {
    set('number', rest[0]!);
    rest = rest.slice(1);
  }
  const dueAt = rest.findIndex((l, i) => i > 0 && isDueText(l));
  let measureEnd = dueAt;
  if (dueAt < 0) {
    measureEnd = 1;
    while (measureEnd < rest.length && startsLower(rest[measureEnd]!)) measureEnd++;
  }
  set('measure', rest.slice(0, measureEnd).join('\n'));
  let tailStart = measureEnd;
  if (dueAt >= 0) {
    // "август-сентябрь" then "2023 г.": a date wrapped over lines.
    let dueEnd = dueAt + 1;
    while (dueEnd < rest.length && /^(?:\d{4}\s*(?:г\.?|года?)?|[-–—,]|и\s|\d{1,2}\.\d{1,2})/i.test(rest[dueEnd]!.trim())) dueEnd++;
    set('due', rest.slice(dueAt, dueEnd).join(' '));
    tailStart = dueEnd;
  }
  // After the date: executors, then the result and the form; a line starting in lower case continues the one above.
  const tail: string[] = [];
  for (const line of rest.slice(tailStart)) {
    if (tail.length && startsLower(line)) tail[tail.length - 1] += ` ${line}`;
    else tail.push(line);
  }
  const after = columns.slice(columns.indexOf(dueAt >= 0 ? 'due' : 'measure') + 1).filter((c) => c !== 'other' && c !== 'number' && c !== 'due');
  if (!after.length) set('executors', tail.join('\n'));
  else {
    for (const [i, line] of tail.entries()) set(after[Math.min(i, after.length - 1)]!, line);
  }
  return cells;
}

export function isDueText(text: string): boolean {
  const t = norm(text);
  if (t.length > 120) return false;
  const { due } = parseDue(text, { from: '2000-01-01', to: '2000-12-31', academic: false });
  return (
    due.precision !== 'unspecified' ||
    due.recurrence !== 'none' ||
    /^(?:по (?:запрос|согласовани|заявк|мере|отдельн|план|график)|в соответствии|согласно|постоянно)/.test(t)
  );
}

/**
 * A flat stream of cells (each started a line with a tab) cut into rows: a bare number starts a row, a numbered
 * title in place of a row is a section heading; without numbering every `columns.length` cells make a row.
 */
export function groupStream(rest: string[], columns: Column[]): string[][] {
  const width = columns.length;
  const hasNumber = columns[0] === 'number';
  const rows: string[][] = [];
  let current: string[] | null = null;
  for (let i = 0; i < rest.length; i++) {
    const cell = rest[i]!;
    const text = cell.trim();
    // "1 2 3 4 5": the column numbers under the header.
    if (text === '1' && rest.slice(i, i + width).every((c, k) => c.trim() === String(k + 1))) {
      i += width - 1;
      continue;
    }
    if (columnOf(text) && rest.slice(i, i + width).filter((c) => columnOf(c)).length >= Math.min(3, width)) {
      i += width - 1;
      continue;
    }
    // "15.02" where the row's date is due is the date, not the next row's number.
    const atDue = current !== null && current.length === columns.indexOf('due');
    if (hasNumber && rowNumber.test(text) && (!current || current.length >= 2) && !(atDue && /^\d{1,2}\.\d{1,2}$/.test(text))) {
      if (current) rows.push(current);
      current = [cell];
      continue;
    }
    if (current && current.length === 1 && hasNumber) {
      current.push(cell);
      continue;
    }
    if (text && sectionHeading.test(text) && (!current || current.length >= width - 1)) {
      if (current) rows.push(current);
      rows.push([text]);
      current = null;
      continue;
    }
    if (!hasNumber && (!current || current.length >= width)) {
      if (current) rows.push(current);
      current = [cell];
      continue;
    }
    if (current) {
      if (current.length >= width) current[width - 1] = joinLines(current[width - 1]!, cell);
      else current.push(cell);
    } else if (text) rows.push([text]);
  }
  if (current) rows.push(current);
  return rows;
}
