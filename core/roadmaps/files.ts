import type { WorkSheet } from '@e965/xlsx';
import { parse as parseCsv } from 'csv-parse/sync';
import { decodeText, unreadable, type Block } from './blocks.js';

/**
 * Files into blocks. DOCX: word/document.xml in body order, paragraphs as text and tables as rows on the grid
 * (a cell spanning columns sits in its first column; a cell merged down repeats its text on rows that have their
 * own number and is left empty on rows that continue the one above, so they are joined back). Sheets and CSV: rows.
 */

type XmlNode = Record<string, unknown>;

/** The DOCX reader's libraries, loaded when a first file comes (see toXlsx in core/exports/table.ts). */
async function docxLibraries() {
  const [{ default: JSZip }, { XMLParser }] = await Promise.all([import('jszip'), import('fast-xml-parser')]);
  const xml = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false });
  return { JSZip, xml };
}

function tag(node: XmlNode): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}

function children(node: XmlNode): XmlNode[] {
  const value = node[tag(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, string> | undefined;
  return attrs?.[name];
}

function find(node: XmlNode, name: string): XmlNode | undefined {
  return children(node).find((c) => tag(c) === name);
}

export async function readDocx(bytes: Uint8Array, name: string): Promise<Block[]> {
  let documentXml: string | undefined;
  let stylesXml: string | undefined;
  const { JSZip, xml } = await docxLibraries();
  try {
    const zip = await JSZip.loadAsync(bytes);
    documentXml = await zip.file('word/document.xml')?.async('string');
    stylesXml = await zip.file('word/styles.xml')?.async('string');
  } catch {
    throw unreadable(name, 'файл повреждён или это не .docx');
  }
  if (!documentXml) throw unreadable(name, 'в архиве нет word/document.xml: это не документ Word');
  let tree: XmlNode[];
  try {
    tree = xml.parse(documentXml) as XmlNode[];
  } catch {
    throw unreadable(name, 'разметка документа повреждена');
  }
  const documentNode = tree.find((n) => tag(n) === 'w:document');
  const body = documentNode && find(documentNode, 'w:body');
  if (!body) throw unreadable(name, 'в документе нет текста');
  const blocks: Block[] = [];
  const numbering: Lists = { counters: new Map(), styles: listStyles(stylesXml, xml) };
  walkBody(children(body), blocks, numbering);
  return blocks;
}

/** Word's lists: counters per list in document order, and the paragraph styles that number by themselves ("List Number"). */
interface Lists {
  counters: Map<string, number[]>;
  styles: Map<string, ListLevel>;
}

interface ListLevel {
  id: string;
  level: number;
}

function numPrOf(properties: XmlNode | undefined): ListLevel | null {
  const numPr = properties && find(properties, 'w:numPr');
  if (!numPr) return null;
  return { id: attr(find(numPr, 'w:numId') ?? {}, 'w:val') ?? '0', level: Number(attr(find(numPr, 'w:ilvl') ?? {}, 'w:val') ?? 0) };
}

function listStyles(stylesXml: string | undefined, xml: { parse(text: string): unknown }): Map<string, ListLevel> {
  const out = new Map<string, ListLevel>();
  if (!stylesXml) return out;
  try {
    const root = (xml.parse(stylesXml) as XmlNode[]).find((n) => tag(n) === 'w:styles');
    for (const style of children(root ?? {}).filter((n) => tag(n) === 'w:style')) {
      const list = numPrOf(find(style, 'w:pPr'));
      const id = attr(style, 'w:styleId');
      if (list && id) out.set(id, list);
    }
  } catch {
    // Styles only add numbering; a document whose styles cannot be read still has its text.
  }
  return out;
}

function walkBody(nodes: XmlNode[], blocks: Block[], numbering: Lists): void {
  for (const node of nodes) {
    const t = tag(node);
    if (t === 'w:p') {
      const text = paragraphText(node).trim();
      blocks.push(text ? { kind: 'text', text } : { kind: 'break' });
    } else if (t === 'w:tbl') {
      for (const cells of tableRows(node, numbering)) blocks.push({ kind: 'row', cells });
    } else if (t === 'w:sdt') walkBody(children(find(node, 'w:sdtContent') ?? {}), blocks, numbering);
  }
}

/** Deleted runs, field codes, properties, drawings and text boxes, and the fallback copy of alternate content. */
const skipped = new Set([
  'w:del',
  'w:delText',
  'w:instrText',
  'w:pPr',
  'w:rPr',
  'w:drawing',
  'w:pict',
  'w:object',
  'mc:Fallback',
  'w:footnoteReference',
  'w:commentReference',
]);

/** The paragraph's visible text: runs, tabs and breaks; deleted runs and field codes are skipped. */
function paragraphText(node: XmlNode): string {
  let out = '';
  const visit = (n: XmlNode) => {
    const t = tag(n);
    if (t === 'w:t')
      out += children(n)
        .map((c) => String(c['#text'] ?? ''))
        .join('');
    else if (t === 'w:tab') out += ' ';
    else if (t === 'w:br' || t === 'w:cr') out += '\n';
    else if (skipped.has(t)) return;
    else if (t === '#text') return;
    else children(n).forEach(visit);
  };
  children(node).forEach(visit);
  return out;
}

function listLevel(paragraph: XmlNode, lists: Lists): ListLevel | null {
  const properties = find(paragraph, 'w:pPr');
  const style = attr(find(properties ?? {}, 'w:pStyle') ?? {}, 'w:val');
  const list = numPrOf(properties) ?? (style ? (lists.styles.get(style) ?? null) : null);
  return list && list.id !== '0' ? list : null;
}

interface GridCell {
  text: string;
  merged: boolean;
}

function tableRows(table: XmlNode, numbering: Lists): string[][] {
  const grid: GridCell[][] = [];
  for (const tr of children(table).filter((c) => tag(c) === 'w:tr')) {
    const row: GridCell[] = [];
    for (const tc of children(tr).filter((c) => tag(c) === 'w:tc' || tag(c) === 'w:sdt')) {
      const cellNode = tag(tc) === 'w:sdt' ? (children(find(tc, 'w:sdtContent') ?? {}).find((c) => tag(c) === 'w:tc') ?? tc) : tc;
      const properties = find(cellNode, 'w:tcPr') ?? {};
      const span = Number(attr(find(properties, 'w:gridSpan') ?? {}, 'w:val') ?? 1) || 1;
      const vMerge = find(properties, 'w:vMerge');
      const merged = Boolean(vMerge) && attr(vMerge!, 'w:val') !== 'restart';
      const lines: string[] = [];
      for (const part of children(cellNode)) {
        if (tag(part) === 'w:p') {
          const text = paragraphText(part).trim();
          const list = listLevel(part, numbering);
          if (list && !text && row.length === 0) lines.push(nextNumber(numbering, list));
          else if (list && text) lines.push(row.length === 0 ? `${nextNumber(numbering, list)} ${text}`.trim() : `- ${text}`);
          else if (text) lines.push(text);
        } else if (tag(part) === 'w:tbl') lines.push(...tableRows(part, numbering).map((r) => r.filter(Boolean).join(' ')));
      }
      row.push({ text: lines.join('\n'), merged });
      for (let i = 1; i < span; i++) row.push({ text: '', merged: false });
    }
    grid.push(row);
  }
  // Merged down: repeat the text on a row that has its own number, leave it empty on a continuation.
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r]!;
    const own = row[0] && !row[0].merged && row[0].text.trim() !== '';
    row.forEach((cell, c) => {
      if (cell.merged && own) cell.text = grid[r - 1]![c]?.text ?? '';
    });
  }
  return grid.map((row) => row.map((c) => (c.merged && !(row[0] && !row[0].merged && row[0].text) ? '' : c.text)));
}

/** Word's automatic numbering of a list level ("1", "1.1"), counted in document order. */
function nextNumber(numbering: Lists, list: ListLevel): string {
  const counters = numbering.counters.get(list.id) ?? [];
  counters[list.level] = (counters[list.level] ?? 0) + 1;
  counters.length = list.level + 1;
  for (let i = 0; i < list.level; i++) counters[i] ??= 1;
  numbering.counters.set(list.id, counters);
  return counters.join('.');
}

export async function readSheet(bytes: Uint8Array, name: string, kind: 'sheet' | 'csv'): Promise<Block[]> {
  if (kind === 'csv') return csvRows(decodeText(bytes, name), name).map((cells) => ({ kind: 'row', cells }));
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (!zip && !ole) throw unreadable(name, 'файл повреждён или это не таблица Excel');
  let sheet: WorkSheet | undefined;
  const { read, utils } = await import('@e965/xlsx');
  try {
    const book = read(bytes, { type: 'array', cellDates: true, dense: false });
    // The plan's sheet: the first with a table header near its top (a title page or a sheet of indicators may come first).
    const sheets = book.SheetNames.map((n) => book.Sheets[n]!).filter(Boolean);
    sheet =
      sheets.find((s) =>
        utils
          .sheet_to_json<unknown[]>(s, { header: 1, defval: '', range: 0 })
          .slice(0, 30)
          .some((row) => row.filter((c) => /срок|дата|мероприят|наименовани|ответствен|исполнител/i.test(String(c))).length >= 2),
      ) ?? sheets[0];
  } catch {
    throw unreadable(name, 'файл повреждён или это не таблица Excel');
  }
  if (!sheet) throw unreadable(name, 'в книге нет листов');
  const rows = utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: '', blankrows: true });
  const grid = rows.map((row) => row.map(cellText));
  const origin = utils.decode_range(sheet['!ref'] ?? 'A1');
  // Merged down cells keep their value only in the top cell: repeat it on rows with their own number.
  for (const merge of sheet['!merges'] ?? []) {
    const top = grid[merge.s.r - origin.s.r];
    const column = merge.s.c - origin.s.c;
    for (let r = merge.s.r + 1; r <= merge.e.r; r++) {
      const row = grid[r - origin.s.r];
      if (!row || !top || !row[0] || column === 0) continue;
      row[column] = top[column] ?? '';
    }
  }
  return grid.map((cells) => ({ kind: 'row', cells }));
}

function cellText(value: unknown): string {
  if (value instanceof Date) {
    const d = new Date(value.getTime() + 12 * 3600_000);
    return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
  }
  return value === null || value === undefined ? '' : String(value).trim();
}

/** CSV with whatever delimiter the file uses (Excel in Russia writes ";"). */
function csvRows(text: string, name: string): string[][] {
  const sample = text.split('\n').slice(0, 10).join('\n');
  const delimiter = [';', '\t', ','].map((d) => ({ d, n: sample.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d;
  try {
    return parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    throw unreadable(name, `CSV не читается: ${error instanceof Error ? error.message : String(error)}`);
  }
}
