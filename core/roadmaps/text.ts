import { parse as parseCsv } from 'csv-parse/sync';
import type { Block } from './blocks.js';

/**
 * Pasted or extracted text into blocks. Three shapes come from converters and PDFs: one table row per line with
 * tab-separated cells (pipe tables and `pdftotext -layout` columns are turned into that first); each cell starting
 * a line with a tab and running on over untabbed lines; and one cell per line with blank lines between rows.
 */
export function textToBlocks(raw: string): Block[] {
  const lines = clean(raw).split('\n');
  const nonEmpty = lines.filter((l) => l.trim());
  const rowLines = nonEmpty.filter((l) => /\S\t+\S/.test(l.replace(/^\t+/, 'x\t')) && l.split('\t').length >= 3);
  const leadingTab = nonEmpty.filter((l) => /^\t[^\t]*$/.test(l));
  if (rowLines.length >= 2 && rowLines.length >= leadingTab.length)
    return /(?:^|\t)"[^"\t]*\n/m.test(lines.join('\n')) ? (quotedTabRows(lines.join('\n')) ?? tabRows(lines)) : tabRows(lines);
  if (leadingTab.length >= 4) return tabStream(lines);
  return blankLineBlocks(lines);
}

/** Tags, markdown, letter-spaced headings, pipe tables, page numbers and hyphenation: the leftovers of converters. */
function clean(raw: string): string {
  let text = raw
    .replace(/\r\n?/g, '\n')
    .replace(/\u00ad/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&laquo;/g, '«')
    .replace(/&raquo;/g, '»')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/(?:p|div|li|h\d|tr)>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[a-z/][^>]*>/gi, '')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/__([^_]+)__/g, '$1');
  text = text
    .split('\n')
    .map((line) => {
      if (/^\s*\|.*\|\s*$/.test(line)) {
        if (/^\s*\|?[\s:|-]+\|?\s*$/.test(line)) return '';
        return line
          .trim()
          .replace(/^\|/, '')
          .replace(/\|$/, '')
          .split('|')
          .map((c) => c.trim())
          .join('\t');
      }
      if (/^#{1,6}\s/.test(line)) return line.replace(/^#+\s*/, '');
      return line;
    })
    .join('\n');
  const result = layoutToTabs(text.split('\n')).map((line) => {
    // "Д О Р О Ж Н А Я   К А Р Т А"
    if (/^\s*(?:[А-ЯЁA-Z0-9] ){3,}[А-ЯЁA-Z0-9]/.test(line) && !/[А-ЯЁа-яё]{2}/.test(line))
      return line
        .trim()
        .split(/ {2,}/)
        .map((w) => w.replace(/ /g, ''))
        .join(' ');
    // "- 3 -" and "Страница 3 из 12" are page numbers in every shape; a bare "3" only where rows are not one cell per line.
    if (/^\s*-\s*\d{1,3}\s*-\s*$/.test(line) || /^\s*(?:стр\.|страница)\s*\d+(?:\s*из\s*\d+)?\s*$/i.test(line)) return '\u0000';
    if (/^\s*[_=*-]{4,}\s*$/.test(line)) return '';
    return line;
  });
  return result.join('\n');
}

/**
 * `pdftotext -layout` keeps columns as runs of spaces, and a cell's second line sits under its first. The header
 * line gives where each column starts; every later line's pieces go to the column they start under, as tabs.
 */
function layoutToTabs(lines: string[]): string[] {
  const pieces = (line: string) => [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ at: m.index, text: m[0] }));
  const columned = lines.filter((l) => !l.includes('\t') && pieces(l).length >= 3 && / {2,}/.test(l.trim())).length;
  if (columned < 3) return lines;
  const headerAt = lines.findIndex(
    (l) => pieces(l).length >= 3 && pieces(l).filter((p) => /мероприят|срок|ответствен|исполнител|результат|содержание|дата/i.test(p.text)).length >= 2,
  );
  if (headerAt < 0) return lines;
  const starts = pieces(lines[headerAt]!).map((p) => p.at);
  const column = (at: number) => {
    let best = 0;
    starts.forEach((start, i) => {
      if (start <= at + 2) best = i;
    });
    return best;
  };
  return lines.map((line, i) => {
    if (i < headerAt || !line.trim() || line.includes('\t')) return line;
    const parts = pieces(line);
    if (parts.length === 1 && (!/^\s{2,}/.test(line) || /^\d{1,3}$/.test(parts[0]!.text))) return parts[0]!.text;
    // As many pieces as the header has columns: one to each, aligned or not (text typed with runs of spaces).
    if (parts.length === starts.length) return parts.map((p) => p.text).join('\t');
    const cells = starts.map(() => '');
    for (const part of parts) {
      const c = column(part.at);
      cells[c] = cells[c] ? `${cells[c]} ${part.text}` : part.text;
    }
    return cells.join('\t');
  });
}

/** A page number: marked by clean(), or a bare number on a line without a tab (a row number there has one). */
function isPageMarker(line: string): boolean {
  return line === '\u0000' || /^ *\d{1,3} *$/.test(line);
}

function tabRows(lines: string[]): Block[] {
  const blocks: Block[] = [];
  for (const line of lines) {
    if (isPageMarker(line)) continue;
    if (!line.trim()) {
      blocks.push({ kind: 'break' });
      continue;
    }
    if (line.includes('\t')) blocks.push({ kind: 'row', cells: line.split('\t') });
    else blocks.push({ kind: 'text', text: line.trim() });
  }
  return blocks;
}

/** Cells copied from Excel: a cell with line breaks comes in double quotes, so the rows are read as tab-separated values. */
function quotedTabRows(text: string): Block[] | null {
  let rows: string[][];
  try {
    rows = parseCsv(text, { delimiter: '\t', relax_quotes: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch {
    return null;
  }
  return rows.map((cells): Block => {
    const filled = cells.filter((c) => c.trim());
    if (!filled.length) return { kind: 'break' };
    if (cells.length === 1) return isPageMarker(cells[0]!) ? { kind: 'break' } : { kind: 'text', text: cells[0]!.trim() };
    return { kind: 'row', cells };
  });
}

function tabStream(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let cells: string[] | null = null;
  let pendingBlank = false;
  for (const line of lines) {
    if (isPageMarker(line)) continue;
    if (!line.trim() && !line.startsWith('\t')) {
      pendingBlank = true;
      continue;
    }
    if (line.startsWith('\t')) {
      cells ??= [];
      cells.push(...line.slice(1).split('\t'));
      pendingBlank = false;
      continue;
    }
    if (cells?.length) {
      const last = cells.length - 1;
      cells[last] = joinLines(cells[last]!, line);
    } else {
      if (pendingBlank) blocks.push({ kind: 'break' });
      blocks.push({ kind: 'text', text: line.trim() });
    }
    pendingBlank = false;
  }
  if (cells) blocks.push({ kind: 'stream', cells });
  return blocks;
}

function blankLineBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let group: string[] = [];
  const flush = () => {
    if (group.length) blocks.push(group.length === 1 ? { kind: 'text', text: group[0]!.trim() } : { kind: 'lines', lines: group.map((l) => l.trim()) });
    group = [];
  };
  for (const line of lines) {
    if (line === '\u0000') continue;
    if (!line.trim()) {
      if (group.length === 1 && /^\s*\d{1,3}\s*$/.test(group[0]!)) group = [];
      flush();
      blocks.push({ kind: 'break' });
      continue;
    }
    if (group.length && /[а-яё]-$/.test(group[group.length - 1]!) && /^[а-яё]/.test(line.trim())) {
      group[group.length - 1] = joinLines(group[group.length - 1]!, line);
      continue;
    }
    group.push(line);
  }
  flush();
  return blocks;
}

/** Joins a cell's next line: a word hyphenated across the line break is put back together. */
export function joinLines(before: string, line: string): string {
  const next = line.trim();
  if (!before.trim()) return next;
  if (/[а-яё]-$/.test(before) && /^[а-яё]/.test(next)) return before.slice(0, -1) + next;
  return `${before}\n${next}`;
}
