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
  [/^место|адрес|площадк|количеств/, 'other'],
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
  /** Cells on the last line read into this row: a line with fewer cells than the table leaves its last cell open. */
  open: number;
}

/** Blocks into rows: the header names the columns; then numbering, headings and continuations make the rows. */
function interpret(blocks: Block[], options: ParseOptions): ParsedRoadMap {
  const paragraphs: string[][] = [[]];
  let columns = null as Column[] | null;
  let headerTexts = new Set<string>();
  let headerCells: string[] = [];
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
        headerCells = cells;
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
    const at = cells.indexOf(filled[0]!);
    const documentNumbered =
      numberIndex >= 0 &&
      drafts.length > 0 &&
      drafts.filter((d) => rowNumber.test((d.cells[numberIndex] ?? '').replace(/\s+/g, ''))).length >= drafts.length * 0.6;
    const headingPlace =
      at <= Math.max(numberIndex, 0) ||
      !drafts.length ||
      (documentNumbered && at === cols.indexOf('measure') && /^[А-ЯЁA-Z«"]/.test(filled[0]!) && filled[0]!.length < 200);
    const previousOpen = drafts.length > 0 && drafts[drafts.length - 1]!.open < cols.length - 1;
    // A heading spanning the table: one filled cell with a numbered or capitalised title.
    if (filled.length === 1 && (!previousOpen || sectionHeading.test(filled[0]!)) && !rowNumber.test(filled[0]!) && isHeading(filled[0]!, headingPlace)) {
      section = headingText(filled[0]!);
      return;
    }
    if (filled.length === 1 && /^(?:цел[ьи]|задач[аи])\s*[:.]/i.test(filled[0]!)) return;
    // "II | Работа с кадрами" with the rest empty: a heading with its roman number in the number column.
    if (
      numberIndex >= 0 &&
      filled.length === 2 &&
      filled[0] === number &&
      /^(?:[IVXLC]{1,6}|[Рр]аздел\s*\d{1,2})\.?$/.test(number.trim()) &&
      !isDueText(filled[1]!)
    ) {
      section = headingText(`${number.trim().replace(/\.$/, '')}. ${filled[1]}`);
      return;
    }
    const numbered = rowNumber.test(number.replace(/\s+/g, ''));
    if (!numbered && isSignature(filled.join(' '))) return;
    const previous = drafts[drafts.length - 1];
    if (!numbered && previous && isContinuation(cells, cols, previous)) {
      // A line that starts inside the previous line's last cell (a cell with several paragraphs, pasted) goes on from there.
      const offset = previous.open < cols.length - 1 && cells[0] ? previous.open - 1 : 0;
      cells.forEach((cell, i) => {
        const at = offset + i;
        while (previous.cells.length <= at) previous.cells.push('');
        if (cell) previous.cells[at] = joinLines(previous.cells[at]!, cell);
      });
      previous.open = Math.max(offset + cells.length, offset === 0 ? cells.length : 0);
      return;
    }
    if (!get('measure') && !get('due') && filled.length <= 1) return;
    // Sub-headings under the header ("начало", "окончание"): short words, no number, no date.
    if (!drafts.length && !numbered && filled.length >= 2 && filled.every((c) => c.length <= 25 && !isDueText(c))) {
      // Under a header cell spanning two columns ("Сроки" over "начало" and "окончание") the second is the same column.
      cells.forEach((cell, i) => {
        if (!cell || i === 0) return;
        if (cols[i] === 'other' && cols[i - 1] !== 'other' && cols[i - 1] !== 'number' && !headerCells[i]?.trim()) cols[i] = cols[i - 1]!;
        headerCells[i] = cell;
      });
      return;
    }
    drafts.push({ cells, section, open: rawCells.length });
  };

  const isContinuation = (cells: string[], cols: Column[], previous: Draft): boolean => {
    const measure = cells[cols.indexOf('measure')] ?? '';
    const numberIndex = cols.indexOf('number');
    const documentNumbered =
      numberIndex >= 0 && drafts.filter((d) => rowNumber.test((d.cells[numberIndex] ?? '').replace(/\s+/g, ''))).length >= Math.max(1, drafts.length * 0.6);
    if (documentNumbered) return true;
    // Without numbering a line is a row of its own unless it continues a sentence or fills no measure.
    return !measure || /^[а-яё(«"-]/.test(measure) || previous.cells.length === 0;
  };

  const stream = (cells: string[]) => {
    let rest = cells;
    if (!columns) {
      const found = findStreamHeader(cells);
      if (found) {
        for (const cell of cells.slice(0, found.start)) if (cell.trim()) paragraphs[paragraphs.length - 1]!.push(cell.trim());
        addRow(cells.slice(found.start, found.end));
        rest = cells.slice(found.end);
      }
    }
    if (columns) takeRows(groupStream(rest, columns));
  };

  for (const block of blocks) {
    switch (block.kind) {
      case 'text': {
        const text = block.text.trim();
        if (!text) break;
        if (
          columns &&
          drafts.length &&
          (sectionHeading.test(text) || /^[А-ЯЁ\s,-]{12,}$/.test(text)) &&
          text.length < 300 &&
          !/^\d+\.\s+(?:утвердить|назначить|контроль|возложить|директор|руководител)/i.test(text)
        ) {
          section = headingText(text);
          break;
        }
        if (!columns) paragraphs[paragraphs.length - 1]!.push(text);
        else if (drafts.length) {
          // A paragraph inside a cell, pasted as a line of its own: it belongs to the cell left open, or a list item to the measure.
          const last = drafts[drafts.length - 1]!;
          const at = last.open < columns.length - 1 ? last.open - 1 : /^[-•·]\s/.test(text) ? columns.indexOf('measure') : -1;
          if (at >= 0) last.cells[at] = joinLines(last.cells[at] ?? '', text);
          // Otherwise a short capitalised line between rows is an unnumbered heading ("Работа с педагогами").
          else if (/^[А-ЯЁ]/.test(text) && text.length < 150 && !/[.;:]$/.test(text) && !/\s{2,}|[А-ЯЁ]\.\s?[А-ЯЁ]\./.test(text)) section = headingText(text);
        } else if (/^[А-ЯЁ]/.test(text) && text.length < 150) section = headingText(text);
        break;
      }
      case 'break':
        if (!columns) paragraphs.push([]);
        break;
      case 'row':
        addRow(block.cells);
        break;
      case 'lines': {
        if (!columns) {
          const merged = mergeHeaderLines(block.lines);
          const found = headerOf(merged) ? null : findStreamHeader(block.lines);
          if (headerOf(merged)) addRow(merged);
          // No blank lines between rows at all: the block is a stream of cells with the header at its top.
          else if (found && block.lines.length > found.end + 1) stream(block.lines);
          else if (looksLikeDataRow(block.lines)) addRow(block.lines);
          else paragraphs.push([...block.lines], []);
        } else if (block.lines.filter((l) => rowNumber.test(l.trim())).length >= 2) takeRows(groupStream(block.lines, columns));
        else takeRows([linesToCells(block.lines, columns)]);
        break;
      }
      case 'stream':
        stream(block.cells);
        break;
    }
  }

  const title = chooseTitle(titleParts.length ? titleParts : paragraphs.filter((p) => p.length));
  const { period, inferred } = choosePeriod(title, drafts, columns, options);
  const rows = numberedSections(drafts, columns)
    .map((draft) => toRow(draft, columns!, period, inferred, guessedColumns, headerCells))
    .filter((r): r is RoadMapRow => r !== null);
  return { title, period, rows };
}

/**
 * A numbered row with nothing but its title ("2 | Методическая поддержка") followed by rows numbered under it
 * ("2.1", "2.2") is a section heading written as a row.
 */
function numberedSections(drafts: Draft[], columns: Column[] | null): Draft[] {
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
function isSignature(line: string): boolean {
  const t = line.replace(/\s+/g, ' ').trim();
  if (/^(?:исп\.|исполнитель\s*:|подготовил|составил)/i.test(t)) return true;
  const position = /^(?:начальник|директор|заместитель|министр|руководитель|председатель|глава|ректор|и\.\s?о\.)/i.test(t);
  const name = /[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.|_{3,}/.test(t);
  return position && name && t.length < 160;
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
  return (
    rowNumber.test(filled[0]!.trim()) &&
    filled.slice(1).some((c) => parseDue(c, { from: '2000-01-01', to: '2000-12-31', academic: false }).due.precision !== 'unspecified' || c.length > 30)
  );
}

/** Columns of a table without a header, by what the first row holds: number, the longest text, the date, then who. */
function guessColumns(cells: string[]): Column[] {
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

/**
 * One-cell-per-line group into the header's columns. When lines are fewer or more than the columns, the date line
 * anchors: lines before it are the number and the measure, the first after it the executors, the rest the result.
 */
function linesToCells(lines: string[], columns: Column[]): string[] {
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

/** A header one cell per line, its cells wrapped ("№" / "п/п", "Срок" / "исполнения"): the pieces joined back. */
function mergeHeaderLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (out.length && (startsLower(line) || /^п\s*\/\s*п$/i.test(line.trim())) && !columnOf(line)) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

function startsLower(line: string): boolean {
  return /^[а-яёa-z(«"]/.test(line.trim());
}

function isDueText(text: string): boolean {
  const t = norm(text);
  if (t.length > 120) return false;
  const { due } = parseDue(text, { from: '2000-01-01', to: '2000-12-31', academic: false });
  return (
    due.precision !== 'unspecified' ||
    due.recurrence !== 'none' ||
    /^(?:по (?:запрос|согласовани|заявк|мере|отдельн|план|график)|в соответствии|согласно|постоянно)/.test(t)
  );
}

/** The header inside a flat stream of cells: the first run of cells that name columns. */
function findStreamHeader(cells: string[]): { start: number; end: number } | null {
  for (let i = 0; i < cells.length; i++) {
    let end = i;
    while (end < cells.length && columnOf(cells[end]!) && end - i < 12) end++;
    if (end - i >= 2 && headerOf(cells.slice(i, end))) return { start: i, end };
  }
  return null;
}

/**
 * A flat stream of cells (each started a line with a tab) cut into rows: a bare number starts a row, a numbered
 * title in place of a row is a section heading; without numbering every `columns.length` cells make a row.
 */
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

/** Lines above the table that are not the plan's heading: the approving order, its stamp and date, goals, signatures. */
const notTitle =
  /^(?:\d+[.)]\s|«\s*\d{1,2}\s*»|задач[аи]|цел[ьи](?![а-я])|приложени|утвержд|согласован|приказ|распоряжени|постановлени|к приказу|к распоряжени|к постановлени|от\s+\d|\d{1,2}\.\d{1,2}\.\d{2,4}|№\s*\d)/i;
const titleWords = /план|дорожн[а-я]* карт|комплекс мер|программ|график|мероприяти|перечень/i;

/**
 * The plan's own heading: of the runs of lines above the table (cut by the order's paragraphs, stamps and goals),
 * the last that names a plan, from its first line naming it.
 */
function chooseTitle(parts: string[][]): string {
  const runs: string[][] = [];
  for (const part of parts) {
    runs.push([]);
    for (const line of part) {
      const text = line.replace(/\s+/g, ' ').trim();
      if (!text) continue;
      if (notTitle.test(text) || isSignature(text)) runs.push([]);
      else runs[runs.length - 1]!.push(text);
    }
  }
  const run = [...runs].reverse().find((r) => r.some((l) => titleWords.test(l)));
  if (run) {
    const heading = run.slice(run.findIndex((l) => titleWords.test(l))).join(' ');
    if (heading.length < 500) return heading;
  }
  const blocks = parts.map((p) => p.join(' ').replace(/\s+/g, ' ').trim()).filter(Boolean);
  const named = [...blocks].reverse().find((b) => /план|дорожн[а-я]* карт|программ|мероприяти|график/i.test(b) && b.length < 500 && !/^\d+\.\s/.test(b));
  return named ?? blocks[blocks.length - 1] ?? '';
}

/** The period from the title; else `--year`; else the year most dates in the due cells name, flagged on the rows. */
function choosePeriod(title: string, drafts: Draft[], columns: Column[] | null, options: ParseOptions): { period: RoadMapPeriod; inferred: boolean } {
  const fromTitle = periodFromTitle(title);
  if (fromTitle) return { period: fromTitle, inferred: false };
  const academic = /учебн[а-я]* год/i.test(title);
  if (options.year)
    return { period: periodFromTitle(academic ? `${options.year}-${options.year + 1} учебный год` : `на ${options.year} год`)!, inferred: false };
  const dueIndex = columns?.indexOf('due') ?? -1;
  const counts = new Map<number, number>();
  for (const draft of drafts) {
    const text = dueIndex >= 0 ? (draft.cells[dueIndex] ?? '') : '';
    for (const m of text.matchAll(/(?:\.|\s|^)(20\d{2})(?!\d)/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  const year = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? new Date().getUTCFullYear();
  return { period: periodFromTitle(academic ? `${year}-${year + 1} учебный год` : `на ${year} год`)!, inferred: true };
}

function toRow(
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
