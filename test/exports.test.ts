import { read, utils } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx } from '../core/exports/table.js';

describe('table exports', () => {
  it('writes CSV for Russian Excel: BOM, semicolons, quoted cells, no formulas', () => {
    expect(
      toCsv([
        ['Имя', 'Комментарий'],
        ['Иванова', 'да; "очень"'],
        ['=1+1', 5],
      ]),
    ).toBe('\uFEFFИмя;Комментарий\r\nИванова;"да; ""очень"""\r\n\'=1+1;5\r\n');
    // A decimal comma: Russian Excel would read 12.5 as a date.
    expect(toCsv([[12.5, -0.25, 3]])).toBe('\uFEFF12,5;-0,25;3\r\n');
  });

  it('writes an .xlsx that reads back with numbers as numbers and formula-looking text as text', async () => {
    const bytes = await toXlsx('Матрица: школы/задачи', [
      ['Школа', 'Выполнено'],
      ['СОШ №1', 3],
      ['=SUM(A1)', null],
    ]);
    const book = read(bytes, { type: 'array' });
    expect(book.SheetNames).toEqual(['Матрица  школы задачи']);
    const rows = utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
    expect(rows).toEqual([
      ['Школа', 'Выполнено'],
      ['СОШ №1', 3],
      ['=SUM(A1)', ''],
    ]);
    expect(book.Sheets[book.SheetNames[0]!]!['A3'].f).toBeUndefined();
  });
});
