import { decodeText, unreadable, type Block } from './blocks.js';
import { classifyRow, inferAudience, splitExecutors } from './classify.js';
import { parseDue, periodFromTitle } from './dates.js';
import { readDocx, readSheet } from './files.js';
import { joinLines, textToBlocks } from './text.js';
import type { ParsedRoadMap, ParseOptions, RoadMapPeriod, RoadMapRow, RoadMapSource } from './types.js';

export { parseDue, periodFromTitle } from './dates.js';
export { classifyRow, eventKindOf, inferAudience, splitExecutors } from './classify.js';

type Column = 'number' | 'measure' | 'due' | 'executors' | 'result' | 'form' | 'audience' | 'other';

/** Header words of each column; the order of the checks matters ("Срок реализации мероприятия" is a due column). */
const headerWords: [RegExp, Column][] = [
  [/^(?:№|n|no|номер|п\/п|№\s*п\s*\/\s*п|№\s*п\.?п\.?|n\s*п\/п)\.?$/, 'number'],
  [/срок|^дата|даты|период (?:проведения|исполнения|реализации)|время проведения|^когда/, 'due'],
  [/^форм[аы]|вид отч[её]т|отч[её]тн/, 'form'],
  [/результат|показател|индикатор|продукт|итог|эффект/, 'result'],
  [/ответствен|исполнител|организатор|кто проводит|^исполн/, 'executors'],
  [/участник|целев|категори|для кого|аудитори|адресат/, 'audience'],
  [/наименовани|мероприяти|содержани|действи|направлени|вид работ|^задач|^тема|описание/, 'measure'],
  [/примечани|отметк|статус|источник|финансировани|контрол/, 'other'],
];

function columnOf(cell: string): Column | null {
  const t = norm(cell);
  if (!t || t.length > 70) return null;
  for (const [pattern, column] of headerWords) if (pattern.test(t)) return column;
  return null;
}

function norm(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** A table header: at least two cells name known columns, one of them the measure or the due date. */
function headerOf(cells: string[]): Column[] | null {
  const columns = cells.map((c) => columnOf(c));
  const known = columns.filter((c) => c && c !== 'other');
  if (known.length < 2 || !(columns.includes('measure') || columns.includes('due'))) return null;
  if (cells.some((c, i) => c.trim() && !columns[i] && c.trim().length > 40)) return null;
  return columns.map((c) => c ?? 'other');
}

const rowNumber = /^(\d{1,3}(?:\.\d{1,3}){0,3})\.?\)?$/;
const sectionHeading = /^(?:раздел\s+)?(?:\d{1,2}\.?|[IVXLC]{1,5}\.?)\s+[А-ЯЁA-Z«"]/;

/**
 * Reads a road map from pasted text or a file (.txt, .docx, .xlsx, .csv) into its title, period and rows.
 * A file that cannot be read throws `DomainError('invalid-input')` with the reason; a road map whose table cannot
 * be found returns no rows rather than guesses.
 */
export async function parseRoadMap(source: RoadMapSource, options: ParseOptions = {}): Promise<ParsedRoadMap> {
  return interpret(await blocksOf(source), options);
}

async function blocksOf(source: RoadMapSource): Promise<Block[]> {
  if (source.kind === 'text') return textToBlocks(source.text);
  const extension = /\.([a-z0-9]+)$/i.exec(source.name)?.[1]?.toLowerCase() ?? '';
  if (!source.bytes.length) throw unreadable(source.name, 'файл пуст');
  switch (extension) {
    case 'docx':
      return readDocx(source.bytes, source.name);
    case 'xlsx':
    case 'xls':
    case 'ods':
      return readSheet(source.bytes, source.name, 'sheet');
    case 'csv':
      return readSheet(source.bytes, source.name, 'csv');
    case 'txt':
    case 'md':
    case 'tsv':
    case 'text':
    case 'html':
    case 'htm':
    case '':
      return textToBlocks(decodeText(source.bytes, source.name));
    case 'doc':
      throw unreadable(source.name, 'старый формат .doc не читается: сохраните документ как .docx');
    case 'pdf':
      throw unreadable(source.name, 'PDF не читается: скопируйте таблицу в текст или сохраните как .docx');
    default:
      throw unreadable(source.name, `формат .${extension} не поддерживается (нужен .docx, .xlsx, .csv или .txt)`);
  }
}

interface Draft {
  cells: string[];
  section: string | null;
}

/** Blocks into rows: the header names the columns; then numbering, headings and continuations make the rows. */
function interpret(blocks: Block[], options: ParseOptions): ParsedRoadMap {
  const paragraphs: string[][] = [[]];
  let columns = null as Column[] | null;
  let headerTexts = new Set<string>();
  const drafts: Draft[] = [];
  let section: string | null = null;
  const titleParts: string[][] = [];
  let guessedColumns = false;

  const takeRows = (rows: string[][]) => {
    for (const cells of rows) addRow(cells);
  };

  const addRow = (rawCells: string[]) => {
    const cells = rawCells.map((c) => c.replace(/[ \t]+\n/g, '\n').trim());
    if (!cells.some(Boolean)) return;
    if (!columns) {
      const header = headerOf(cells);
      if (header) {
        columns = header;
        headerTexts = new Set(cells.map(norm).filter(Boolean));
        titleParts.push(...paragraphs.filter((p) => p.length));
        return;
      }
      // A row that is not a header before any header: a title line in a sheet, or a table without a header.
      const filled = cells.filter(Boolean);
      if (filled.length === 1) {
        paragraphs[paragraphs.length - 1]!.push(filled[0]!);
        return;
      }
      if (!looksLikeDataRow(cells)) {
        paragraphs.push([filled.join(' ')], []);
        return;
      }
      columns = guessColumns(cells);
      guessedColumns = true;
      titleParts.push(...paragraphs.filter((p) => p.length));
    }
    const cols = columns;
    const filled = cells.filter(Boolean);
    if (filled.length >= 2 && filled.every((c) => headerTexts.has(norm(c)))) return;
    if (headerOf(cells) && filled.length >= 3) return;
    if (filled.length >= 3 && filled.every((c, i) => c === String(i + 1))) return;
    const get = (column: Column) => cells[cols.indexOf(column)] ?? '';
    const numberIndex = cols.indexOf('number');
    const number = numberIndex >= 0 ? cells[numberIndex]! : '';
    // A heading spanning the table: one filled cell with a numbered or capitalised title.
    if (filled.length === 1 && !rowNumber.test(filled[0]!) && isHeading(filled[0]!, cells.indexOf(filled[0]!) <= Math.max(numberIndex, 0) || !drafts.length)) {
      section = headingText(filled[0]!);
      return;
    }
    if (filled.length === 1 && /^(?:цел[ьи]|задач[аи])\s*[:.]/i.test(filled[0]!)) return;
    const numbered = rowNumber.test(number.replace(/\s+/g, ''));
    const previous = drafts[drafts.length - 1];
    if (!numbered && previous && isContinuation(cells, cols, previous)) {
      previous.cells = previous.cells.map((c, i) => (cells[i] ? joinLines(c, cells[i]!, false) : c));
      for (let i = previous.cells.length; i < cells.length; i++) previous.cells.push(cells[i]!);
      return;
    }
    if (!get('measure') && !get('due') && filled.length <= 1) return;
    drafts.push({ cells, section });
  };

  const isContinuation = (cells: string[], cols: Column[], previous: Draft): boolean => {
    const measure = cells[cols.indexOf('measure')] ?? '';
    const numberIndex = cols.indexOf('number');
    const documentNumbered = numberIndex >= 0 && drafts.filter((d) => rowNumber.test((d.cells[numberIndex] ?? '').replace(/\s+/g, ''))).length >= Math.max(1, drafts.length * 0.6);
    if (documentNumbered) return true;
    // Without numbering a line is a row of its own unless it continues a sentence or fills no measure.
    return !measure || /^[а-яё(«"-]/.test(measure) || previous.cells.length === 0;
  };

  for (const block of blocks) {
    switch (block.kind) {
      case 'text': {
        const text = block.text.trim();
        if (!text) break;
        if (columns && drafts.length && (sectionHeading.test(text) || /^[А-ЯЁ\s,-]{12,}$/.test(text)) && text.length < 300 && !/^\d+\.\s+(?:утвердить|назначить|контроль|возложить|директор|руководител)/i.test(text)) {
          section = headingText(text);
          break;
        }
        if (!columns) paragraphs[paragraphs.length - 1]!.push(text);
        else if (/^[-•·]\s/.test(text) && drafts.length) {
          const last = drafts[drafts.length - 1]!;
          const m = columns.indexOf('measure');
          if (m >= 0) last.cells[m] = `${last.cells[m] ?? ''}\n${text}`;
        }
        break;
      }
      case 'break':
        if (!columns) paragraphs.push([]);
        break;
      case 'row':
        addRow(block.cells);
        break;
      case 'lines':
        if (!columns) {
          const header = headerOf(block.lines);
          if (header) addRow(block.lines);
          else if (looksLikeDataRow(block.lines)) addRow(block.lines);
          else paragraphs.push([...block.lines], []);
        } else takeRows([linesToCells(block.lines, columns)]);
        break;
      case 'stream': {
        let rest = block.cells;
        if (!columns) {
          const found = findStreamHeader(block.cells);
          if (found) {
            for (const cell of block.cells.slice(0, found.start)) if (cell.trim()) paragraphs[paragraphs.length - 1]!.push(cell.trim());
            addRow(block.cells.slice(found.start, found.end));
            rest = block.cells.slice(found.end);
          }
        }
        if (columns) takeRows(groupStream(rest, columns));
        break;
      }
    }
  }

  const title = chooseTitle(titleParts.length ? titleParts : paragraphs.filter((p) => p.length));
  const { period, inferred } = choosePeriod(title, drafts, columns, options);
  const rows = drafts.map((draft) => toRow(draft, columns!, period, inferred, guessedColumns)).filter((r): r is RoadMapRow => r !== null);
  return { title, period, rows };
}

function isHeading(text: string, atStart: boolean): boolean {
  if (text.length > 400) return false;
  if (sectionHeading.test(text)) return true;
  return atStart && /^[А-ЯЁA-Z«"]/.test(text) && !/\d{1,2}\.\d{1,2}\.\d{2,4}/.test(text);
}

function headingText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A row of data in a table without a header: a number or a date among several filled cells. */
function looksLikeDataRow(cells: string[]): boolean {
  const filled = cells.filter(Boolean);
  if (filled.length < 3) return false;
  return rowNumber.test(filled[0]!.trim()) && filled.slice(1).some((c) => parseDue(c, { from: '2000-01-01', to: '2000-12-31', academic: false }).due.precision !== 'unspecified' || c.length > 30);
}

/** Columns of a table without a header, by what the first row holds: number, the longest text, the date, then who. */
function guessColumns(cells: string[]): Column[] {
  const columns: Column[] = cells.map(() => 'other');
  let at = 0;
  if (rowNumber.test(cells[0]!.trim())) columns[at++] = 'number';
  const dueAt = cells.findIndex((c, i) => i >= at && c && parseDue(c, { from: '2000-01-01', to: '2000-12-31', academic: false }).due.precision !== 'unspecified');
  const order: Column[] = ['measure', 'due', 'executors', 'result', 'form'];
  if (dueAt > at) {
    columns[dueAt] = 'due';
    for (let i = at; i < dueAt; i++) columns[i] = i === at ? 'measure' : 'other';
    let k = 2;
    for (let i = dueAt + 1; i < cells.length; i++) columns[i] = order[k++] ?? 'other';
  } else for (let i = at, k = 0; i < cells.length; i++) columns[i] = order[k++] ?? 'other';
  return columns;
}

/**
 * One-cell-per-line group into the header's columns. When lines are fewer or more than the columns, the date line
 * anchors: lines before it are the number and the measure, the first after it the executors, the rest the result.
 */
function linesToCells(lines: string[], columns: Column[]): string[] {
  const count = columns.filter((c) => c !== 'other').length;
  if (lines.length === columns.length) return lines;
  const cells = columns.map(() => '');
  const set = (column: Column, value: string) => {
    const i = columns.indexOf(column);
    if (i >= 0) cells[i] = cells[i] ? `${cells[i]}\n${value}` : value;
  };
  let rest = [...lines];
  if (rowNumber.test(rest[0]!.trim()) && columns.includes('number')) {
    set('number', rest[0]!);
    rest = rest.slice(1);
  }
  const dueAt = rest.findIndex((l, i) => i > 0 && isDueText(l));
  if (dueAt < 0) {
    if (rest.length < count) {
      rest.forEach((l, i) => (i === 0 ? set('measure', l) : i === 1 ? set('due', l) : i === 2 ? set('executors', l) : set('result', l)));
      return cells;
    }
    set('measure', rest[0]!);
    const after = columns.slice(columns.indexOf('measure') + 1).filter((c) => c !== 'other');
    rest.slice(1).forEach((l, i) => set(after[Math.min(i, after.length - 1)] ?? 'result', l));
    return cells;
  }
  set('measure', rest.slice(0, dueAt).join('\n'));
  set('due', rest[dueAt]!);
  const afterDue = columns.slice(columns.indexOf('due') + 1).filter((c) => c !== 'other' && c !== 'number');
  const tail = rest.slice(dueAt + 1);
  if (afterDue.length) tail.forEach((l, i) => set(afterDue[Math.min(i, afterDue.length - 1)]!, l));
  else if (tail.length) set('executors', tail.join('\n'));
  return cells;
}

function isDueText(text: string): boolean {
  const t = norm(text);
  if (t.length > 120) return false;
  const { due } = parseDue(text, { from: '2000-01-01', to: '2000-12-31', academic: false });
  return due.precision !== 'unspecified' || due.recurrence !== 'none' || /^(?:по (?:запрос|согласовани|заявк|мере|отдельн|план|график)|в соответствии|согласно|постоянно)/.test(t);
}

/**
 * A flat stream of cells (each started a line with a tab) cut into rows: a bare number starts a row, a numbered
 * title in place of a row is a section heading; the header found at the start names the columns.
 */
function findStreamHeader(cells: string[]): { start: number; end: number } | null {
  for (let i = 0; i < cells.length; i++) {
    let end = i;
    while (end < cells.length && columnOf(cells[end]!) && end - i < 12) end++;
    if (end - i >= 2 && headerOf(cells.slice(i, end))) return { start: i, end };
  }
  return null;
}

function groupStream(rest: string[], columns: Column[]): string[][] {
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
    if (hasNumber && rowNumber.test(text) && (!current || current.length >= 2)) {
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
      if (current.length >= width) current[width - 1] = joinLines(current[width - 1]!, cell, true);
      else current.push(cell);
    } else if (text) rows.push([text]);
  }
  if (current) rows.push(current);
  return rows;
}

function chooseTitle(parts: string[][]): string {
  const blocks = parts.map((p) => p.join(' ').replace(/\s+/g, ' ').trim()).filter(Boolean);
  const named = [...blocks].reverse().find((b) => /план|дорожн[а-я]* карт|программ|мероприяти|график/i.test(b) && b.length < 500 && !/^\d+\.\s/.test(b));
  return named ?? blocks[blocks.length - 1] ?? '';
}

/** The period from the title; else `--year`; else the year most dates in the due cells name, flagged on the rows. */
function choosePeriod(title: string, drafts: Draft[], columns: Column[] | null, options: ParseOptions): { period: RoadMapPeriod; inferred: boolean } {
  const fromTitle = periodFromTitle(title);
  if (fromTitle) return { period: fromTitle, inferred: false };
  const academic = /учебн[а-я]* год/i.test(title);
  if (options.year) return { period: periodFromTitle(academic ? `${options.year}-${options.year + 1} учебный год` : `на ${options.year} год`)!, inferred: false };
  const dueIndex = columns?.indexOf('due') ?? -1;
  const counts = new Map<number, number>();
  for (const draft of drafts) {
    const text = dueIndex >= 0 ? (draft.cells[dueIndex] ?? '') : '';
    for (const m of text.matchAll(/(?:\.|\s|^)(20\d{2})(?!\d)/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  const year = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? new Date().getUTCFullYear();
  return { period: periodFromTitle(academic ? `${year}-${year + 1} учебный год` : `на ${year} год`)!, inferred: true };
}

function toRow(draft: Draft, columns: Column[], period: RoadMapPeriod, periodInferred: boolean, guessedColumns: boolean): RoadMapRow | null {
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
  const dateText = get('due');
  if (!text && !dateText) return null;
  const form = flatten(get('form')) || null;
  const doubts: string[] = [];
  if (guessedColumns) doubts.push('заголовок таблицы не найден: столбцы определены по содержанию');
  if (!text) doubts.push('нет текста мероприятия');
  const { due, doubts: dueDoubts } = parseDue(dateText, period, { measure: text, form: form ?? undefined });
  doubts.push(...dueDoubts);
  if (periodInferred && (due.from || due.to) && !/\d{4}/.test(dateText)) doubts.push(`год плана не указан в заголовке: взят ${period.from.slice(0, 4)} по датам документа`);
  const classified = classifyRow(text, due.recurrence);
  doubts.push(...classified.doubts);
  const executorsCell = get('executors');
  const responsible = splitExecutors(executorsCell);
  if (!responsible.length) doubts.push('исполнители не указаны');
  const audience = inferAudience(`${text} ${get('audience')}`, responsible);
  return {
    number,
    section: draft.section,
    text,
    dateText: dateText.replace(/[ \t]+/g, ' ').replace(/\n{2,}/g, '\n').trim(),
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
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
