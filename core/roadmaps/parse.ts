// Reads a road map from pasted text or a file into its title, period and rows: the walk over the document's blocks.
import { decodeText, unreadable, type Block } from './blocks.js';
import { readDocx, readSheet } from './files.js';
import { toRow } from './measures.js';
import { findStreamHeader, guessColumns, headerOf, looksLikeDataRow, mergeHeaderLines, norm, rowNumber, type Column } from './table-header.js';
import { groupStream, headingText, isDueText, isHeading, isSignature, linesToCells, numberedSections, sectionHeading, type Draft } from './table-rows.js';
import { joinLines, textToBlocks } from './text.js';
import { choosePeriod, chooseTitle } from './title.js';
import type { ParsedRoadMap, ParseOptions, RoadMapRow, RoadMapSource } from './types.js';

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
