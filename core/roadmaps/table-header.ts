// The table's header: which column holds what, found from header words or guessed from a first row of data.
import { parseDue } from './dates.js';

export type Column = 'number' | 'measure' | 'due' | 'executors' | 'result' | 'form' | 'audience' | 'other';

/** Header words of each column; the order of the checks matters ("Срок реализации мероприятия" is a due column). */
const headerWords: [RegExp, Column][] = [
  [/^(?:№|n|no|номер|п\/п|№\s*п\s*\/\s*п|№\s*п\.?п\.?|n\s*п\/п)\.?$/, 'number'],
  [/срок|^дата|даты|период (?:проведения|исполнения|реализации)|время проведения|^когда/, 'due'],
  [/^форм[аы]|вид отч[её]т|отч[её]тн/, 'form'],
  [/результат|показател|индикатор|продукт|итог|эффект/, 'result'],
  [/ответствен|исполнител|организатор|кто проводит|^исполн/, 'executors'],
  [/участник|целев|категори|для кого|аудитори|адресат/, 'audience'],
  [/^место|адрес|площадк|количеств/, 'other'],
  [/наименовани|мероприяти|содержани|действи|направлени|вид работ|^задач|^тема|описание/, 'measure'],
  [/примечани|отметк|статус|источник|финансировани|контрол/, 'other'],
];

export function columnOf(cell: string): Column | null {
  const t = norm(cell);
  if (!t || t.length > 70) return null;
  for (const [pattern, column] of headerWords) if (pattern.test(t)) return column;
  return null;
}

export function norm(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** A table header: at least two cells name known columns, one of them the measure or the due date. */
export function headerOf(cells: string[]): Column[] | null {
  const columns = cells.map((c) => columnOf(c));
  const known = columns.filter((c) => c && c !== 'other');
  if (known.length < 2 || !(columns.includes('measure') || columns.includes('due'))) return null;
  if (cells.some((c, i) => c.trim() && !columns[i] && c.trim().length > 40)) return null;
  if (columns.filter(Boolean).length * 2 < cells.filter((c) => c.trim()).length) return null;
  // "Направление деятельности" beside "Наименование мероприятия": the measure is the one that names the measure.
  const measures = columns.flatMap((c, i) => (c === 'measure' ? [i] : []));
  if (measures.length > 1) {
    const best =
      measures.find((i) => /мероприяти|наименовани/.test(norm(cells[i]!))) ??
      measures.find((i) => /содержани/.test(norm(cells[i]!))) ??
      measures[measures.length - 1]!;
    for (const i of measures) if (i !== best) columns[i] = 'other';
  }
  return columns.map((c) => c ?? 'other');
}

/** A row number in the number column: "1", "2.1", "3.4.1." */
export const rowNumber = /^(\d{1,3}(?:\.\d{1,3}){0,3})\.?\)?$/;

/** A row of data in a table without a header: a number or a date among several filled cells. */
export function looksLikeDataRow(cells: string[]): boolean {
  const filled = cells.filter(Boolean);
  if (filled.length < 3) return false;
  return (
    rowNumber.test(filled[0]!.trim()) &&
    filled.slice(1).some((c) => parseDue(c, { from: '2000-01-01', to: '2000-12-31', academic: false }).due.precision !== 'unspecified' || c.length > 30)
  );
}

/** Columns of a table without a header, by what the first row holds: number, the longest text, the date, then who. */
export function guessColumns(cells: string[]): Column[] {
  const columns: Column[] = cells.map(() => 'other');
  let at = 0;
  if (rowNumber.test(cells[0]!.trim())) columns[at++] = 'number';
  const dueAt = cells.findIndex(
    (c, i) => i >= at && c && parseDue(c, { from: '2000-01-01', to: '2000-12-31', academic: false }).due.precision !== 'unspecified',
  );
  const order: Column[] = ['measure', 'due', 'executors', 'result', 'form'];
  if (dueAt > at) {
    columns[dueAt] = 'due';
    for (let i = at; i < dueAt; i++) columns[i] = i === at ? 'measure' : 'other';
    let k = 2;
    for (let i = dueAt + 1; i < cells.length; i++) columns[i] = order[k++] ?? 'other';
  } else for (let i = at, k = 0; i < cells.length; i++) columns[i] = order[k++] ?? 'other';
  return columns;
}

/** A header one cell per line, its cells wrapped ("№" / "п/п", "Срок" / "исполнения"): the pieces joined back. */
export function mergeHeaderLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (out.length && (startsLower(line) || /^п\s*\/\s*п$/i.test(line.trim())) && !columnOf(line)) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

export function startsLower(line: string): boolean {
  return /^[а-яёa-z(«"]/.test(line.trim());
}

/** The header inside a flat stream of cells: the first run of cells that name columns. */
export function findStreamHeader(cells: string[]): { start: number; end: number } | null {
  for (let i = 0; i < cells.length; i++) {
    let end = i;
    while (end < cells.length && columnOf(cells[end]!) && end - i < 12) end++;
    if (end - i >= 2 && headerOf(cells.slice(i, end))) return { start: i, end };
  }
  return null;
}
