import { parse } from 'csv-parse/sync';

/**
 * Reading a CSV file as Excel in Russia saves it: UTF-8 with or without a BOM, or Windows-1251 ("CSV (разделители —
 * запятые)" on a Russian Windows), comma or semicolon between fields (a Russian Excel uses ";"), quoted fields, CRLF.
 * No `node:` imports: this runs on Workers too.
 */

export type CsvEncoding = 'utf-8' | 'windows-1251' | 'utf-16le' | 'utf-16be';
export type CsvDelimiter = ',' | ';' | '\t';

/** Why a file could not be read at all (the reason codes are `import-problem-<reason>` in locales/). */
export interface CsvFailure {
  reason: 'empty-file' | 'excel-file' | 'binary-file' | 'csv-syntax' | 'too-many-rows';
  params?: Record<string, string | number>;
}

export interface CsvTable {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** The header cells as written (trimmed). */
  header: string[];
  /** Data rows; `row` is the row's number as Excel shows it (the header is row 1). Rows with only empty cells are left out. */
  rows: { row: number; cells: string[] }[];
}

/** Bytes → text: a UTF-16 BOM wins; then strict UTF-8 (a BOM is dropped); anything else is taken as Windows-1251. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1251(bytes), encoding: 'windows-1251' };
  }
}

/** 0x80–0xBF of Windows-1251 (0xC0–0xFF are А–я in order), for runtimes whose TextDecoder knows only UTF-8. */
const cp1251High = 'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\u0098™љ›њќћџ\u00a0ЎўЈ¤Ґ¦§Ё©Є«¬\u00ad®Ї°±Ііґµ¶·ё№є»јЅѕї';

export function decodeWindows1251(bytes: Uint8Array): string {
  try {
    return new TextDecoder('windows-1251').decode(bytes);
  } catch {
    let out = '';
    for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : b < 0xc0 ? cp1251High[b - 0x80]! : String.fromCharCode(0x410 + b - 0xc0);
    return out;
  }
}

/** An .xlsx (a zip) or an old .xls (an OLE container), or bytes no text file has (NUL outside UTF-16). */
export function binaryKind(bytes: Uint8Array): 'excel-file' | 'binary-file' | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'excel-file';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'excel-file';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  const head = bytes.subarray(0, 8192);
  return head.includes(0) ? 'binary-file' : null;
}

/** Control characters other than tab and line breaks: a few are noise, many mean the "text" is not text. */
function looksLikeText(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd || (code >= 0x7f && code < 0xa0 && code !== 0x98)) control++;
  }
  return control / sample.length < 0.01;
}

/** Excel may write a first line `sep=;` to say which delimiter follows; it is not a row of the table. */
function sepHint(text: string): { delimiter: CsvDelimiter; rest: string } | null {
  const match = /^sep=([,;\t])\r?\n/i.exec(text);
  return match ? { delimiter: match[1] as CsvDelimiter, rest: text.slice(match[0].length) } : null;
}

/** The delimiter that occurs most often outside quotes in the first line (the header); comma when none does. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.keys(counts) as CsvDelimiter[]).sort((a, b) => counts[b] - counts[a])[0]!;
  return counts[best] > 0 ? best : ',';
}

/** A cell as people mean it: no-break spaces as spaces, trimmed. */
export function cleanCell(value: string): string {
  return value.replace(/[\u00a0\u2007\u202f]/g, ' ').trim();
}

/** Reads at most `maxRows` data rows; more than that is a failure of its own (parsing stops early, so 100,000 rows cost little). */
export function readCsv(bytes: Uint8Array, maxRows: number): { ok: true; table: CsvTable } | { ok: false; failure: CsvFailure } {
  if (bytes.length === 0) return { ok: false, failure: { reason: 'empty-file' } };
  const binary = binaryKind(bytes);
  if (binary) return { ok: false, failure: { reason: binary } };
  const { text: decoded, encoding } = decodeCsvBytes(bytes);
  const withoutBom = decoded.startsWith('\ufeff') ? decoded.slice(1) : decoded;
  if (!looksLikeText(withoutBom)) return { ok: false, failure: { reason: 'binary-file' } };
  if (withoutBom.trim() === '') return { ok: false, failure: { reason: 'empty-file' } };
  const hint = sepHint(withoutBom);
  const text = hint ? hint.rest : withoutBom;
  const delimiter = hint ? hint.delimiter : detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
      // Header + maxRows data rows + one more, to know there were too many without reading them all.
      to: maxRows + 2,
      max_record_size: 1_000_000,
    });
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'CSV_UNKNOWN_ERROR';
    return {
      ok: false,
      failure: {
        reason: 'csv-syntax',
        params: {
          line: String(line),
          detail: code === 'CSV_QUOTE_NOT_CLOSED' ? 'quote-not-closed' : code === 'CSV_MAX_RECORD_SIZE' ? 'record-too-big' : 'other',
        },
      },
    };
  }
  const [headerRecord, ...data] = records;
  if (!headerRecord) return { ok: false, failure: { reason: 'empty-file' } };
  if (data.length > maxRows) return { ok: false, failure: { reason: 'too-many-rows', params: { max: maxRows } } };
  const header = headerRecord.map(cleanCell);
  const rows = data.map((cells, i) => ({ row: i + 2, cells: cells.map(cleanCell) })).filter((r) => r.cells.some((cell) => cell !== ''));
  return { ok: true, table: { encoding, delimiter, header, rows } };
}
