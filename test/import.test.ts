import { describe, expect, it } from 'vitest';
import { headerKey, kindsMatching, mapHeader } from '../core/directory/import/columns.js';
import { binaryKind, decodeCsvBytes, decodeWindows1251, detectDelimiter, readCsv } from '../core/directory/import/csv.js';
import { canonicalTags, roleOf, splitList, subjectOf, tagOf, timezoneOf } from '../core/directory/import/words.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('reading CSV as Excel saves it', () => {
  it('decodes UTF-8 with and without a BOM, Windows-1251 and UTF-16', () => {
    expect(decodeCsvBytes(utf8('\ufeffкод;имя'))).toEqual({ text: 'код;имя', encoding: 'utf-8' });
    expect(decodeCsvBytes(utf8('код;имя'))).toEqual({ text: 'код;имя', encoding: 'utf-8' });
    // "Код;Ёлка №1 «А»" in Windows-1251.
    const cp = Uint8Array.from([0xca, 0xee, 0xe4, 0x3b, 0xa8, 0xeb, 0xea, 0xe0, 0x20, 0xb9, 0x31, 0x20, 0xab, 0xc0, 0xbb]);
    expect(decodeCsvBytes(cp)).toEqual({ text: 'Код;Ёлка №1 «А»', encoding: 'windows-1251' });
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'Код'].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8])]);
    expect(decodeCsvBytes(utf16)).toEqual({ text: 'Код', encoding: 'utf-16le' });
  });

  it('has its own Windows-1251 table that agrees with TextDecoder on every byte (for runtimes without it)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const reference = new TextDecoder('windows-1251').decode(all);
    const original = globalThis.TextDecoder;
    try {
      globalThis.TextDecoder = class extends original {
        constructor(label?: string, options?: TextDecoderOptions) {
          if (label === 'windows-1251') throw new RangeError('unsupported');
          super(label, options);
        }
      } as typeof TextDecoder;
      expect(decodeWindows1251(all)).toBe(reference);
    } finally {
      globalThis.TextDecoder = original;
    }
  });

  it('finds the delimiter in the header line, ignoring quoted text', () => {
    expect(detectDelimiter('code;full_name;municipality\r\n1;"a, b, c";x')).toBe(';');
    expect(detectDelimiter('code,full_name,municipality\n1,"a; b; c",x')).toBe(',');
    expect(detectDelimiter('"a;b;c",d\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('name\nx;y;z')).toBe(',');
  });

  it('numbers rows as Excel does, with quoted line breaks, blank rows, CRLF and a sep= line', () => {
    const read = readCsv(utf8('sep=;\r\ncode;name\r\n1;"two\r\nlines"\r\n;\r\n\r\n2;"say ""hi"""\r\n'), 100);
    expect(read).toEqual({
      ok: true,
      table: {
        encoding: 'utf-8',
        delimiter: ';',
        header: ['code', 'name'],
        rows: [
          { row: 2, cells: ['1', 'two\r\nlines'] },
          { row: 5, cells: ['2', 'say "hi"'] },
        ],
      },
    });
  });

  it('turns bad input into a reason, never an exception', () => {
    expect(readCsv(new Uint8Array(), 10)).toEqual({ ok: false, failure: { reason: 'empty-file' } });
    expect(readCsv(utf8('a,b\n"x,y\n'), 10)).toMatchObject({ ok: false, failure: { reason: 'csv-syntax', params: { detail: 'quote-not-closed' } } });
    expect(readCsv(utf8(['a', ...Array.from({ length: 11 }, (_, i) => String(i))].join('\n')), 10)).toEqual({
      ok: false,
      failure: { reason: 'too-many-rows', params: { max: 10 } },
    });
    expect(readCsv(utf8(['a', ...Array.from({ length: 10 }, (_, i) => String(i))].join('\n')), 10).ok).toBe(true);
    expect(binaryKind(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toBe('excel-file');
    expect(binaryKind(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0]))).toBe('excel-file');
    expect(binaryKind(Uint8Array.from([0x61, 0x00, 0x62]))).toBe('binary-file');
    expect(readCsv(Uint8Array.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x41]), 10)).toEqual({ ok: false, failure: { reason: 'binary-file' } });
  });
});

describe('headers and words', () => {
  it('accepts our column names and Russian ones in any case and punctuation', () => {
    expect(headerKey('Ф.И.О.')).toBe(headerKey('фио'));
    expect(headerKey('Full_Name')).toBe(headerKey('full name'));
    const people = mapHeader('people', ['Ф.И.О.', 'Роль', 'Код школы', 'Муниципалитет', 'Предметы', 'Telegram ID', '№ п/п', '']);
    expect(Object.fromEntries(people.index)).toEqual({ full_name: 0, role: 1, school_code: 2, municipality: 3, subjects: 4, telegram_id: 5 });
    expect(people.label.get('full_name')).toBe('Ф.И.О.');
    expect(people.unknown).toEqual(['№ п/п']);
    expect(people.problems).toEqual([]);
    const schools = mapHeader('schools', ['Код', 'Наименование', 'Краткое наименование', 'Муниципальное образование', 'Метки']);
    expect([...schools.index.keys()]).toEqual(['code', 'full_name', 'short_name', 'municipality', 'tags']);
    expect(mapHeader('schools', ['code', 'код'])).toMatchObject({
      problems: [
        { reason: 'duplicate-column', column: 'код' },
        { reason: 'missing-column', column: 'full_name' },
        { reason: 'missing-column', column: 'municipality' },
      ],
    });
    expect(mapHeader('municipalities', ['Название', 'Часовой пояс']).problems).toEqual([]);
    expect(kindsMatching(['ФИО', 'роль'])).toEqual(['people']);
  });

  it('maps roles, subjects, tags and zones as people write them', () => {
    expect(
      ['учитель', 'Руководитель/управленческая команда', 'управленческая команда', 'КУРАТОР', 'координатор', 'сотрудник института', 'school_lead'].map(roleOf),
    ).toEqual(['teacher', 'school_lead', 'school_lead', 'curator', 'coordinator', 'editor', 'school_lead']);
    expect(roleOf('волшебник')).toBeUndefined();
    expect(['Математика', 'русский язык', 'Труд (технология)', 'ОБЗР', 'math'].map(subjectOf)).toEqual(['math', 'russian', 'technology', 'safety', 'math']);
    expect(splitList('математика, физика;химия\nбиология, ')).toEqual(['математика', 'физика', 'химия', 'биология']);
    expect(canonicalTags(['ШНОР', '500+', 'Зона риска', 'ШНСУ', 'Сельская школа', 'сельская школа'].map(tagOf))).toEqual([
      'shnor',
      'shnsu',
      '500plus',
      'risk_zone',
      'сельская-школа',
    ]);
    expect(timezoneOf('МСК+2')).toBe('Asia/Yekaterinburg');
    expect(timezoneOf('мск')).toBe('Europe/Moscow');
    expect(timezoneOf('MSK-1')).toBe('Europe/Kaliningrad');
    expect(timezoneOf('europe/moscow')).toBe('Europe/Moscow');
    expect(timezoneOf('Марс/Олимп')).toBeUndefined();
    expect(timezoneOf('МСК+20')).toBeUndefined();
  });
});
