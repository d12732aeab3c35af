import { DomainError } from '../errors.js';

/**
 * What every reader (text, DOCX, XLSX, CSV) turns a road map into before one interpreter reads it:
 * paragraphs of text, table rows with their cells, a flat stream of cells whose rows are not marked (text where
 * each cell starts a line with a tab), a group of lines with one cell per line, and blank-line breaks.
 */
export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'row'; cells: string[] }
  | { kind: 'stream'; cells: string[] }
  | { kind: 'lines'; lines: string[] }
  | { kind: 'break' };

export function unreadable(name: string, reason: string): DomainError {
  return new DomainError('invalid-input', `${name}: ${reason}`, [{ field: 'file', reason: 'roadmap-unreadable', params: { name, why: reason } }]);
}

/** UTF-8, UTF-16 with its mark, or Windows-1251 when the bytes are not UTF-8 (texts saved by old Word and Notepad). */
export function decodeText(bytes: Uint8Array, name: string): string {
  // Notepad's "Юникод" and Excel's "Unicode text" are UTF-16 with a byte-order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) throw unreadable(name, 'это не текстовый файл');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}
