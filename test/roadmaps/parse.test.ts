import { utils, write } from '@e965/xlsx';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.js';
import { classifyRow } from '../../core/roadmaps/classify.js';
import { parseRoadMap } from '../../core/roadmaps/parse.js';
import type { RoadMapSource } from '../../core/roadmaps/types.js';
import { corpus } from './corpus.js';
import { score, targets, total, type Score } from './score.js';

const text = (body: string): RoadMapSource => ({ kind: 'text', text: body });

describe('the road-map parser on every labelled road map', () => {
  const scores: Score[] = [];
  for (const fixture of corpus) {
    it(`${fixture.name}: rows, dates, recurrence and kinds meet the issue's targets`, async () => {
      const parsed = await parseRoadMap(await fixture.source());
      expect(parsed.period).toEqual(fixture.period);
      const s = score(parsed, fixture.rows);
      scores.push(s);
      expect({
        misses: s.misses,
        recall: s.recall >= targets.recall,
        spurious: s.spurious <= targets.spurious,
        due: s.dueExact >= targets.dueExact,
        recurrence: s.recurrence >= targets.recurrence,
        kind: s.kind >= targets.kind,
      }).toEqual({
        misses: s.misses,
        recall: true,
        spurious: true,
        due: true,
        recurrence: true,
        kind: true,
      });
    });
  }

  it('over all of them together as well', () => {
    const all = total(scores);
    expect(all.matched).toBeGreaterThan(150);
    expect(all.recall).toBeGreaterThanOrEqual(targets.recall);
    expect(all.spurious).toBeLessThanOrEqual(targets.spurious);
    expect(all.dueExact).toBeGreaterThanOrEqual(targets.dueExact);
    expect(all.recurrence).toBeGreaterThanOrEqual(targets.recurrence);
    expect(all.kind).toBeGreaterThanOrEqual(targets.kind);
  });
});

describe("classifyRow reads a row's kind from its measure", () => {
  it.each([
    ['Августовская конференция педагогических работников', 'event', 'conference'],
    ['Августовское совещание руководителей ОО', 'event', 'meeting'],
    ['Консультационные дни для руководителей ШНОР', 'event', 'meeting'],
    ['Проведение стратегической сессии с руководителями ОО', 'event', 'meeting'],
    ['Участие во Всероссийских проверочных работах', 'event', 'monitoring'],
    ['Тематический контроль преподавания русского языка', 'event', 'monitoring'],
    ['Открытые занятия для родителей', 'event', 'seminar'],
    ['Проведение родительского всеобуча', 'event', 'meeting'],
    ['Подведение итогов реализации плана на августовском совещании', 'event', 'meeting'],
    ['Организация дополнительных занятий по математике', 'other', null],
    ['Внутришкольный контроль', 'other', null],
    ['Организация консультационной поддержки ШНОР', 'other', null],
  ] as const)('%s', (measure, kind, eventKind) => {
    const row = classifyRow(measure, 'none');
    expect([row.kind, row.eventKind]).toEqual([kind, eventKind]);
  });
});

describe('road maps of other bodies', () => {
  const parsed = async (name: string) => parseRoadMap(await corpus.find((f) => f.name === name)!.source());

  it("takes the plan's own heading for its title, not the order, stamp or signature above it", async () => {
    expect((await parsed('tver-ministry-plan-2024.txt')).title).toMatch(/^План мероприятий министерства образования Тверской области .* на 2024 год$/);
    expect((await parsed('verkhosunye-school-effective-mode-2023-2024.txt')).title).toBe(
      'План мероприятий по переходу МКОУ СОШ с. Верхосунье в эффективный режим работы на 2023-2024 учебный год',
    );
    expect((await parsed('kirov-iro-pdf-plan-2025.txt')).title).toMatch(/^ПЛАН РАБОТЫ КОГОАУ ДПО .* на 2025 год$/);
  });

  it('puts back words a PDF hyphenated inside a line or across lines, and keeps compounds', async () => {
    const rows = (await parsed('kirov-iro-pdf-plan-2025.txt')).rows;
    expect(rows.find((r) => r.number === '1')!.text).toBe('Региональный вебинар «Анализ результатов ГИА-2024 по математике»');
    expect(rows.find((r) => r.number === '2')!.text).toBe('Курсы повышения квалификации «Управление качеством образования в ШНОР»');
    expect(rows.find((r) => r.number === '5')!.text).toBe('Региональная научно-практическая конференция «Качество образования: от диагностики к решениям»');
    expect(rows.some((r) => /Страница|^\d+$/.test(r.text))).toBe(false);
  });

  it('reads cells typed apart with runs of spaces that do not line up under the header', async () => {
    const parsed = await parseRoadMap(
      text('План мероприятий на 2024 год\n№  Мероприятие  Срок  Ответственный\n1  Вебинар для учителей  март  ИРО\n2  Совещание директоров  апрель  УО'),
    );
    expect(parsed.rows.map((r) => [r.number, r.text, r.dateText, r.responsible])).toEqual([
      ['1', 'Вебинар для учителей', 'март', ['ИРО']],
      ['2', 'Совещание директоров', 'апрель', ['МОУО']],
    ]);
  });

  it('takes a row with a roman number and a title only as the heading of the rows under it', async () => {
    const cell = (value: string) => new TableCell({ children: [new Paragraph(value)] });
    const row = (...cells: string[]) => new TableRow({ children: cells.map(cell) });
    const table = new Table({
      rows: [
        row('№ п/п', 'Мероприятие', 'Срок', 'Ответственные'),
        row('I', 'Управленческие меры', '', ''),
        row('1.', 'Совещание с руководителями', 'январь', 'УО'),
        row('2.', 'Подготовка справки', 'до 20.12.2024', 'ЦОКО'),
        row('II', 'Работа с кадрами', '', ''),
        row('1.', 'Семинар для учителей', '01.03.2024', 'ИРО'),
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('План мероприятий на 2024 год'), table] }] })));
    const parsed = await parseRoadMap({ kind: 'file', name: 'plan.docx', bytes });
    expect(parsed.rows.map((r) => [r.number, r.section, r.text])).toEqual([
      ['1', 'I. Управленческие меры', 'Совещание с руководителями'],
      ['2', 'I. Управленческие меры', 'Подготовка справки'],
      ['1', 'II. Работа с кадрами', 'Семинар для учителей'],
    ]);
  });

  it('leaves the signature under the table out of the last row', async () => {
    const last = (await parsed('slobodskoy-municipal-plan-2023-2024.txt')).rows.at(-1)!;
    expect([last.number, last.text, last.dateText, last.responsible]).toEqual([
      '12',
      'Подведение итогов реализации плана на августовском совещании',
      'август 2024 г.',
      ['МОУО'],
    ]);
  });

  it('reads a list of quarters, a season and a month list at an even step as what they say', async () => {
    const rows = (await parsed('tver-ministry-plan-2024.txt')).rows;
    const row = (n: string) => rows.find((r) => r.number === n)!;
    expect(row('1.4').due.occurrences).toEqual([
      { from: '2024-01-01', to: '2024-03-31' },
      { from: '2024-07-01', to: '2024-09-30' },
    ]);
    expect([row('1.2').due.recurrence, row('1.2').kind, row('1.2').due.occurrences.length]).toEqual(['quarterly', 'recurring', 4]);
    expect([row('2.4').due.from, row('2.4').due.to]).toEqual(['2024-03-01', '2024-05-31']);
    expect(row('2.4').doubts.join(' ')).toMatch(/временем года/);
  });
});

describe('what a road map carries besides its rows', () => {
  it('keeps sections, the verbatim date text, executors in the directory words and doubts on what it guessed', async () => {
    const kirov = corpus.find((f) => f.name.startsWith('kirov'))!;
    const parsed = await parseRoadMap(await kirov.source());
    expect(parsed.title).toMatch(/^Региональный план мероприятий .* на 2024 год$/);
    const row = (n: string) => parsed.rows.find((r) => r.number === n)!;
    expect(row('2.1').section).toMatch(/^2\. Мероприятия по повышению качества образования в ШНОР/);
    expect(row('2.7').dateText).toBe('март, август, декабрь 2024 г.\nв соответствии с планом мероприятий ИРО');
    expect(row('2.7').due.occurrences.map((o) => o.from)).toEqual(['2024-03-01', '2024-08-01', '2024-12-01']);
    expect(row('4.1').responsible).toEqual(['ИРО', 'министерство', 'МОУО', 'ШНОР']);
    expect(row('2.1').audience).toEqual(expect.arrayContaining(['teacher', 'shnor']));
    expect(row('2.6').doubts.join(' ')).toMatch(/по запросу/);
    expect(row('2.8').doubts.join(' ')).toMatch(/периодичность взята из текста/);
    expect(row('4.3').doubts.join(' ')).toMatch(/вне периода плана/);
    expect(row('1.1').doubts).toEqual([]);
  });

  it('reads the order above a plan and its goals as paragraphs, never as rows', async () => {
    const parsed = await parseRoadMap(await corpus.find((f) => f.name.endsWith('.docx'))!.source());
    expect(parsed.title).toBe(
      'План мероприятий по повышению качества образования в школах с низкими образовательными результатами Оричевского района на 2023-2024 учебный год',
    );
    expect(parsed.rows.some((r) => /Утвердить|Контроль за исполнением|Повысить качество/.test(r.text))).toBe(false);
    expect(parsed.rows[0]!.section).toBe('I. Организационно-управленческая деятельность');
    expect(parsed.rows.find((r) => r.number === '4')!.text).toContain('- итоги I четверти');
    expect(parsed.rows.find((r) => r.number === '16')!.responsible).toEqual(['МОУО']);
    expect(parsed.rows.find((r) => r.number === '16')!.due.occurrences).toEqual([
      { from: '2024-02-12', to: '2024-02-12', label: 'Котельничский район' },
      { from: '2024-02-14', to: '2024-02-14', label: 'Оричевский район' },
    ]);
  });

  it('takes the year from the dates when the title names none, and says so on the rows that needed it', async () => {
    const parsed = await parseRoadMap(
      text('План мероприятий\n\n№\tМероприятие\tСрок\tОтветственные\n1\tСеминар для учителей\tмарт\tИРО\n2\tВебинар\t15.04.2022\tИРО\n'),
    );
    expect(parsed.period).toEqual({ from: '2022-01-01', to: '2022-12-31', academic: false });
    expect(parsed.rows[0]!.due).toMatchObject({ from: '2022-03-01', to: '2022-03-31' });
    expect(parsed.rows[0]!.doubts.join(' ')).toMatch(/год плана не указан/);
    const withYear = await parseRoadMap(
      text('План мероприятий\n\n№\tМероприятие\tСрок\tОтветственные\n1\tСеминар для учителей\tмарт\tИРО\n2\tВебинар\tапрель\tИРО\n'),
      { year: 2026 },
    );
    expect(withYear.rows[0]!.due.from).toBe('2026-03-01');
  });

  it('never takes a year written in the measure for the due date', async () => {
    const parsed = await parseRoadMap(
      text('План на 2024 год\n\n№\tМероприятие\tСрок\tИсполнители\n1\tПодготовка к ЕГЭ в 2025 г. и план на 2025 год\tв течение года\tИРО\n'),
    );
    expect(parsed.rows[0]!.due).toMatchObject({ from: '2024-01-01', to: '2024-12-31', recurrence: 'continuous' });
  });

  it('refuses what it cannot read with the reason, as invalid input', async () => {
    const attempt = (name: string, bytes: Uint8Array) => parseRoadMap({ kind: 'file', name, bytes });
    await expect(attempt('plan.docx', new TextEncoder().encode('not a zip'))).rejects.toThrow(/plan\.docx: файл повреждён или это не \.docx/);
    await expect(attempt('plan.pdf', new Uint8Array([37, 80, 68, 70]))).rejects.toThrow(/PDF не читается/);
    await expect(attempt('plan.doc', new Uint8Array([1]))).rejects.toThrow(/сохраните документ как \.docx/);
    await expect(attempt('plan.txt', new Uint8Array())).rejects.toThrow(/файл пуст/);
    await expect(attempt('plan.xlsx', new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(DomainError);
  });

  it('reads text saved as UTF-16 or Windows-1251, and the sheet that holds the plan', async () => {
    const plan =
      'План на 2024 год\n\n№\tМероприятие\tСрок\tИсполнители\n1\tСеминар для учителей\tмарт\tИРО\nРабота с руководителями\n2\tСовещание директоров\tапрель\tМОУО\n';
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...plan].map((c) => c.charCodeAt(0))).buffer)]);
    const fromUtf16 = await parseRoadMap({ kind: 'file', name: 'plan.txt', bytes: utf16 });
    expect(fromUtf16.rows.map((r) => [r.number, r.section, r.due.from])).toEqual([
      ['1', null, '2024-03-01'],
      ['2', 'Работа с руководителями', '2024-04-01'],
    ]);
    const cp1251 = new Uint8Array([...plan].map((c) => (c >= 'А' && c <= 'я' ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0))));
    const fromCp1251 = await parseRoadMap({ kind: 'file', name: 'plan.txt', bytes: cp1251 });
    expect(fromCp1251.rows.map((r) => r.text)).toEqual(['Семинар для учителей', 'Совещание директоров']);
    const book = utils.book_new();
    utils.book_append_sheet(book, utils.aoa_to_sheet([['УТВЕРЖДАЮ'], ['Министр образования']]), 'Титул');
    utils.book_append_sheet(
      book,
      utils.aoa_to_sheet([['План мероприятий на 2025 год'], ['№', 'Мероприятие', 'Срок', 'Ответственные'], ['1', 'Вебинар для учителей', 'май', 'ИРО']]),
      'План',
    );
    const sheet = await parseRoadMap({
      kind: 'file',
      name: 'plan.xlsx',
      bytes: new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer),
    });
    expect(sheet.rows.map((r) => [r.text, r.due.from])).toEqual([['Вебинар для учителей', '2025-05-01']]);
  });

  it('reads one cell per line even with no blank lines between rows', async () => {
    const parsed = await parseRoadMap(
      text(
        'План мероприятий на 2024 год\n\n№\nМероприятие\nСрок\nОтветственный\n1\nСеминар для учителей математики\nмарт\nИРО\n2\nВебинар для директоров\n15.04.2024\nИРО\n3\nПодготовка отчёта\nдо 20.12.2024\nМОУО\n',
      ),
    );
    expect(parsed.rows.map((r) => [r.number, r.text, r.due.from, r.due.to, r.responsible])).toEqual([
      ['1', 'Семинар для учителей математики', '2024-03-01', '2024-03-31', ['ИРО']],
      ['2', 'Вебинар для директоров', '2024-04-15', '2024-04-15', ['ИРО']],
      ['3', 'Подготовка отчёта', null, '2024-12-20', ['МОУО']],
    ]);
  });

  it('reads cells copied from Excel, where a cell with line breaks comes in quotes', async () => {
    const parsed = await parseRoadMap(
      text(
        'План на 2024 год\n\n№\tМероприятие\tСрок\tИсполнители\n1\t"Проведение семинаров:\n- для учителей математики\n- для учителей физики"\t"март\nапрель"\tИРО\n2\tВебинар для директоров\tмай\tИРО\n',
      ),
    );
    expect(parsed.rows.map((r) => [r.number, r.text, r.due.occurrences.length, r.due.to])).toEqual([
      ['1', 'Проведение семинаров: - для учителей математики - для учителей физики', 2, '2024-04-30'],
      ['2', 'Вебинар для директоров', 1, '2024-05-31'],
    ]);
  });

  it('numbers the rows of a Word table numbered by a paragraph style', async () => {
    const cell = (value: string, style?: string) => new TableCell({ children: [new Paragraph({ text: value, ...(style ? { style } : {}) })] });
    const document = new Document({
      numbering: { config: [{ reference: 'rows', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }] }] },
      styles: { paragraphStyles: [{ id: 'RowNumber', name: 'Row Number', paragraph: { numbering: { reference: 'rows', level: 0 } } }] },
      sections: [
        {
          children: [
            new Paragraph('План на 2024 год'),
            new Table({
              rows: [
                new TableRow({ children: [cell('№'), cell('Мероприятие'), cell('Срок'), cell('Ответственные')] }),
                new TableRow({ children: [cell('', 'RowNumber'), cell('Семинар для учителей'), cell('март'), cell('ИРО')] }),
                new TableRow({ children: [cell('', 'RowNumber'), cell('вебинар для директоров'), cell('май'), cell('ИРО')] }),
              ],
            }),
          ],
        },
      ],
    });
    const parsed = await parseRoadMap({ kind: 'file', name: 'plan.docx', bytes: new Uint8Array(await Packer.toBuffer(document)) });
    expect(parsed.rows.map((r) => [r.number, r.text])).toEqual([
      ['1', 'Семинар для учителей'],
      ['2', 'вебинар для директоров'],
    ]);
  });

  it('returns no rows, not guesses, for text that holds no table', async () => {
    const parsed = await parseRoadMap(text('Просто письмо.\n\nС уважением, ИРО'));
    expect(parsed.rows).toEqual([]);
  });
});
