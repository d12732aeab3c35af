import { utils, write } from '@e965/xlsx';

/** A table an admin downloads: a header row, then data rows. Cells are plain values; the file format decides the rest. */
export type TableCell = string | number | null | undefined;
export type Table = readonly (readonly TableCell[])[];

/**
 * One CSV cell: a formula-looking value (= + - @, tab, CR) gets a leading ' (CSV injection); quoted when needed.
 * A fractional number gets a decimal comma, as Russian Excel reads it (12.5 would become a date).
 */
export function csvCell(value: TableCell): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value).replace('.', ',');
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV file as Russian Excel opens it: UTF-8 with a BOM, semicolons, CRLF. */
export function toCsv(rows: Table): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/**
 * An .xlsx workbook with one sheet. Numbers stay numbers (the analytical report sums them); text is stored as text,
 * so a value like "=1+1" is never a formula. SheetJS writes to an array, no `node:` needed (Workers too).
 */
export function toXlsx(sheetName: string, rows: Table): Uint8Array {
  const sheet = utils.aoa_to_sheet(rows.map((r) => r.map((cell) => cell ?? '')));
  const book = utils.book_new();
  // Excel allows 31 characters and no []:*?/\ in a sheet's name.
  utils.book_append_sheet(book, sheet, sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1');
  return new Uint8Array(write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
