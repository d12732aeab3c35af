import { utils, write } from '@e965/xlsx';
import type { Locale } from '../../locales/translator.js';
import { localNumber } from '../words/words.js';

/** A table an admin downloads: a header row, then data rows. Cells are plain values; the file format decides the rest. */
export type TableCell = string | number | null | undefined;
export type Table = readonly (readonly TableCell[])[];

/**
 * One CSV cell: a formula-looking value (= + - @, tab, CR) gets a leading ' (CSV injection); quoted when needed.
 * A fractional number is written as the reader's Excel reads it: a decimal comma in Russian (12.5 would become a date),
 * a dot in English.
 */
export function csvCell(value: TableCell, locale: Locale = 'ru'): string {
  if (typeof value === 'number' && Number.isFinite(value)) return localNumber(locale, value);
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV file as Russian Excel opens it: UTF-8 with a BOM, semicolons, CRLF; numbers in the reader's locale. */
export function toCsv(rows: Table, locale: Locale = 'ru'): string {
  return `\uFEFF${rows.map((r) => r.map((cell) => csvCell(cell, locale)).join(';')).join('\r\n')}\r\n`;
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
