/**
 * Every road map the parser is scored on, with its labelled rows: the two shared documents (labelled row by row
 * in *.expected.json) and our own specs rendered in the shapes users bring. Used by the test and by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { utils, write } from '@e965/xlsx';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import type { RoadMapSource } from '../../core/roadmaps/types.js';
import type { DuePrecision, Recurrence, RoadMapEventKind, RoadMapRowKind } from '../../core/vocabulary/roadmaps.js';
import { academicPlan, cityPlan, districtPlan, regionalPlan, republicPlan, schoolPlan, type Spec, type SpecRow } from './specs.js';

export interface ExpectedRow {
  number: string | null;
  text: string;
  dateText?: string;
  from: string | null;
  to: string | null;
  recurrence: Recurrence;
  precision: DuePrecision;
  kind: RoadMapRowKind;
  eventKind: RoadMapEventKind | null;
}

export interface Fixture {
  name: string;
  source: () => Promise<RoadMapSource>;
  period: { from: string; to: string; academic: boolean };
  rows: ExpectedRow[];
}

const folder = join(import.meta.dirname, '..', 'fixtures', 'roadmaps');

function shared(file: string): Fixture {
  const expected = JSON.parse(readFileSync(join(folder, file.replace(/\.txt$/, '.expected.json')), 'utf8')) as {
    period: Fixture['period'];
    rows: ExpectedRow[];
  };
  return {
    name: file,
    source: async () => ({ kind: 'file', name: file, bytes: readFileSync(join(folder, file)) }),
    period: expected.period,
    rows: expected.rows,
  };
}

function expectedOf(spec: Spec, numbered = true): ExpectedRow[] {
  return spec.rows.map((r) => ({
    number: numbered ? r.number : null,
    text: r.text,
    from: r.from,
    to: r.to,
    recurrence: r.recurrence,
    precision: r.precision,
    kind: r.kind,
    eventKind: r.eventKind,
  }));
}

function bySection(spec: Spec): [string, SpecRow[]][] {
  const out: [string, SpecRow[]][] = [];
  for (const row of spec.rows) {
    const last = out[out.length - 1];
    if (last && last[0] === row.section) last[1].push(row);
    else out.push([row.section, [row]]);
  }
  return out;
}

const text = (name: string, body: string) => async (): Promise<RoadMapSource> => ({ kind: 'file', name, bytes: new TextEncoder().encode(body) });

/** The academic plan as a Word table: № by Word's own numbering, headings across the table, executors merged down, a list in a cell, a row split over two table rows. */
async function academicDocx(): Promise<RoadMapSource> {
  const cell = (value: string, options: { span?: number; merge?: 'restart' | 'continue'; numbered?: boolean; bullets?: string[] } = {}) =>
    new TableCell({
      ...(options.span ? { columnSpan: options.span } : {}),
      ...(options.merge ? { verticalMerge: options.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
      children: [
        new Paragraph({ ...(options.numbered ? { numbering: { reference: 'rows', level: 0 } } : {}), children: [new TextRun(value)] }),
        ...(options.bullets ?? []).map((b) => new Paragraph({ numbering: { reference: 'dashes', level: 0 }, children: [new TextRun(b)] })),
      ],
    });
  const tableRows = [
    new TableRow({ tableHeader: true, children: ['№ п/п', 'Содержание работы', 'Сроки', 'Ответственные', 'Форма отчётности'].map((h) => cell(h)) }),
  ];
  for (const [section, list] of bySection(academicPlan)) {
    tableRows.push(new TableRow({ children: [cell(section, { span: 5 })] }));
    list.forEach((row) => {
      const mergeWho = row.number === '15' ? 'restart' : row.number === '16' ? 'continue' : undefined;
      if (row.number === '11') {
        const [first, second] = row.date.split(/(?<=,)\s*/);
        tableRows.push(
          new TableRow({
            children: [
              cell('', { numbered: true, merge: 'restart' }),
              cell(row.text, { merge: 'restart' }),
              cell(first!),
              cell(row.who, { merge: 'restart' }),
              cell(row.form ?? '', { merge: 'restart' }),
            ],
          }),
        );
        tableRows.push(
          new TableRow({
            children: [
              cell('', { merge: 'continue' }),
              cell('', { merge: 'continue' }),
              cell(second!),
              cell('', { merge: 'continue' }),
              cell('', { merge: 'continue' }),
            ],
          }),
        );
        return;
      }
      tableRows.push(
        new TableRow({
          children: [
            cell('', { numbered: true }),
            cell(row.text, row.number === '4' ? { bullets: ['итоги I четверти', 'итоги полугодия', 'итоги года'] } : {}),
            cell(row.date),
            mergeWho === 'continue' ? cell('', { merge: 'continue' }) : cell(row.who, mergeWho ? { merge: mergeWho } : {}),
            cell(row.form ?? ''),
          ],
        }),
      );
    });
  }
  const document = new Document({
    numbering: {
      config: [
        { reference: 'rows', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }] },
        { reference: 'dashes', levels: [{ level: 0, format: LevelFormat.BULLET, text: '–', alignment: AlignmentType.LEFT }] },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph('УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ОРИЧЕВСКОГО РАЙОНА'),
          new Paragraph('ПРИКАЗ'),
          new Paragraph('01.09.2023 № 145'),
          new Paragraph('1. Утвердить план мероприятий по повышению качества образования на 2023-2024 учебный год (приложение).'),
          new Paragraph('2. Контроль за исполнением приказа оставляю за собой.'),
          new Paragraph('Приложение к приказу'),
          new Paragraph(academicPlan.title),
          new Paragraph('Задачи:'),
          new Paragraph('1. Повысить качество образовательных результатов обучающихся ШНОР.'),
          new Paragraph('2. Обеспечить методическое сопровождение педагогов ШНОР.'),
          new Table({ rows: tableRows }),
        ],
      },
    ],
  });
  return { kind: 'file', name: 'orichi-plan-2023-2024.docx', bytes: new Uint8Array(await Packer.toBuffer(document)) };
}

/** The academic plan as one cell per line with blank lines between rows, page numbers and the header on each page. */
function academicLines(): string {
  const header = '№\nСодержание работы\nСроки\nОтветственные\nФорма отчётности';
  const out = [academicPlan.title.replace(' в школах', '\nв школах'), '', header, ''];
  for (const [section, list] of bySection(academicPlan)) {
    out.push(section, '');
    for (const row of list) {
      const measure = row.number === '10' ? 'Диагностика профессиональных дефи-\nцитов педагогов ШНОР' : row.text;
      out.push([row.number, measure, row.date, row.who, row.form ?? ''].filter(Boolean).join('\n'), '');
      if (row.number === '12') out.push('- 3 -', '', header, '');
    }
  }
  return out.join('\n');
}

/** The academic plan without numbering: a row per line, tabs between cells, HTML and markdown left by a converter. */
function academicUnnumbered(): string {
  const out = [
    `<p style="text-align:center">**${academicPlan.title}**</p>`,
    '',
    '**Мероприятие**\t**Сроки проведения**\t**Ответственные**\t**Форма отчётности**',
  ];
  for (const [section, list] of bySection(academicPlan)) {
    out.push(`<p><b>${section}</b></p>`);
    for (const row of list) out.push([row.text, row.date, row.who, row.form ?? ''].join('\t'));
  }
  return out.join('\n');
}

/** The regional plan as a sheet: a merged title, the header on row 3, column numbers under it, merged headings and executors. */
function regionalXlsx(): RoadMapSource {
  const aoa: string[][] = [
    [regionalPlan.title],
    [],
    ['№ п/п', 'Мероприятие', 'Ответственные исполнители', 'Срок исполнения', 'Ожидаемый результат'],
    ['1', '2', '3', '4', '5'],
  ];
  const merges = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 4 } }];
  for (const [section, list] of bySection(regionalPlan)) {
    merges.push({ s: { r: aoa.length, c: 0 }, e: { r: aoa.length, c: 4 } });
    aoa.push([section]);
    for (const row of list) {
      if (row.number === '2.1') merges.push({ s: { r: aoa.length, c: 2 }, e: { r: aoa.length + 2, c: 2 } });
      aoa.push([row.number, row.text, row.number === '2.2' || row.number === '2.3' ? '' : row.who, row.date, row.result ?? '']);
    }
  }
  const sheet = utils.aoa_to_sheet(aoa);
  sheet['!merges'] = merges;
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, 'Дорожная карта');
  return { kind: 'file', name: 'enskaya-roadmap-2025.xlsx', bytes: new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer) };
}

function regionalCsv(): string {
  const quote = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [
    [regionalPlan.title, '', '', '', ''],
    ['№', 'Наименование мероприятия', 'Срок', 'Ответственные', 'Результат'],
  ];
  for (const [section, list] of bySection(regionalPlan)) {
    lines.push([section, '', '', '', '']);
    for (const row of list) lines.push([row.number, row.text, row.date, row.who, row.result ?? '']);
  }
  return lines.map((l) => l.map(quote).join(';')).join('\r\n');
}

/** The school plan out of a PDF converter: a letter-spaced heading, a pipe table, column numbers, the header again after a page number. */
function schoolPipes(): string {
  const header = '| № | Наименование мероприятия | Дата проведения | Ответственный |';
  const out = [
    'П Л А Н - Г Р А Ф И К',
    '<p>мероприятий («дорожная карта») по повышению качества образования МБОУ СОШ № 3 на 2024 год</p>',
    '',
    header,
    '|---|---|---|---|',
    '| 1 | 2 | 3 | 4 |',
  ];
  for (const row of schoolPlan.rows) {
    out.push(`| ${row.number} | ${row.text} | ${row.date} | ${row.who} |`);
    if (row.number === '6') out.push('', '- 2 -', '', header, '|---|---|---|---|');
  }
  return out.join('\n');
}

/** The school plan with each cell on a line after a tab and continued on untabbed lines, hyphenated words and an HTML list in a cell. */
function schoolTabStream(): string {
  const out = [
    'План-график мероприятий («дорожная карта»)',
    'по повышению качества образования МБОУ СОШ № 3 на 2024 год',
    '',
    '\t№',
    '\tНаименование мероприятия',
    '\tДата проведения',
    '\tОтветственный',
    '',
  ];
  for (const row of schoolPlan.rows) {
    let measure = row.text;
    if (row.number === '11') measure = 'Составление индивидуальных образо-\nвательных маршрутов обучающихся группы риска';
    if (row.number === '9') measure = `${row.text}<ul style="margin:0;padding-left:12px"><li>олимпиады</li><li>конкурсы</li></ul>`;
    if (row.number === '1') measure = 'Педагогический совет\n«Повышение качества образования»';
    out.push(`\t${row.number}`, `\t${measure}`, `\t${row.date}`, `\t${row.who}`, '');
  }
  return out.join('\n');
}

/** The district plan pasted from Word as text: tabs between cells, a cell's paragraphs on lines of their own, headings as numbered rows. */
function districtPasted(): string {
  const out = [districtPlan.title, '', '№ п/п\tНаименование мероприятия\tСрок начала\tСрок окончания\tОтветственный исполнитель\tОжидаемый результат'];
  for (const [section, list] of bySection(districtPlan)) {
    const [number, ...title] = section.split(' ');
    out.push(`${number!.replace('.', '')}\t${title.join(' ')}\t\t\t\t`);
    for (const row of list) {
      const [start, end] = districtPlan.spans[row.number]!;
      out.push([row.number, row.text, start, end, row.who, row.result ?? ''].join('\t'));
    }
  }
  return out.join('\n');
}

/** The district plan as a sheet: "Сроки" over "начало" and "окончание" in a two-row header, one heading typed in the measure's column. */
function districtXlsx(): RoadMapSource {
  const aoa: string[][] = [
    [districtPlan.title],
    ['№ п/п', 'Наименование мероприятия', 'Сроки', '', 'Ответственный исполнитель', 'Ожидаемый результат'],
    ['', '', 'начало', 'окончание', '', ''],
  ];
  const merges = [
    { s: { r: 1, c: 2 }, e: { r: 1, c: 3 } },
    { s: { r: 1, c: 0 }, e: { r: 2, c: 0 } },
    { s: { r: 1, c: 1 }, e: { r: 2, c: 1 } },
  ];
  for (const [section, list] of bySection(districtPlan)) {
    const [number, ...title] = section.split(' ');
    aoa.push(number === '3.' ? ['', title.join(' ')] : [number!.replace('.', ''), title.join(' ')]);
    for (const row of list) {
      const [start, end] = districtPlan.spans[row.number]!;
      aoa.push([row.number, row.text, start, end, row.who, row.result ?? '']);
    }
  }
  const sheet = utils.aoa_to_sheet(aoa);
  sheet['!merges'] = merges;
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, 'Лист1');
  return { kind: 'file', name: 'n-district-2026.xlsx', bytes: new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer) };
}

/** The city plan as a sheet: a two-row header of merged cells ("Исполнение" over "Ответственный" and "Участники"), headings merged across. */
function cityXlsx(): RoadMapSource {
  const aoa: string[][] = [
    [cityPlan.title],
    ['№ п/п', 'Наименование мероприятия', 'Срок', 'Исполнение', '', 'Форма отчётности'],
    ['', '', '', 'Ответственный', 'Участники', ''],
  ];
  const merges = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: 5 } },
    { s: { r: 1, c: 0 }, e: { r: 2, c: 0 } },
    { s: { r: 1, c: 1 }, e: { r: 2, c: 1 } },
    { s: { r: 1, c: 2 }, e: { r: 2, c: 2 } },
    { s: { r: 1, c: 3 }, e: { r: 1, c: 4 } },
    { s: { r: 1, c: 5 }, e: { r: 2, c: 5 } },
  ];
  for (const [section, list] of bySection(cityPlan)) {
    merges.push({ s: { r: aoa.length, c: 0 }, e: { r: aoa.length, c: 5 } });
    aoa.push([section]);
    for (const row of list) aoa.push([row.number, row.text, row.date, row.who, 'руководители ОО', row.form ?? '']);
  }
  const sheet = utils.aoa_to_sheet(aoa);
  sheet['!merges'] = merges;
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, 'ДК 2025');
  return { kind: 'file', name: 'kirovo-chepetsk-roadmap-2025.xlsx', bytes: new Uint8Array(write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer) };
}

/** The republic's schedule as a Word table: typed numbers restarting per section, headings spanning the row, cells of several paragraphs. */
async function republicDocx(): Promise<RoadMapSource> {
  const cell = (value: string, span?: number) =>
    new TableCell({ ...(span ? { columnSpan: span } : {}), children: value.split('\n').map((line) => new Paragraph(line)) });
  const header = ['№ п/п', 'Мероприятия', 'Сроки проведения', 'Ответственные исполнители', 'Показатель результативности', 'Форма отчётности'];
  const tableRows = [new TableRow({ tableHeader: true, children: header.map((h) => cell(h)) })];
  for (const [section, list] of bySection(republicPlan)) {
    tableRows.push(new TableRow({ children: [cell(section, 6)] }));
    for (const row of list)
      tableRows.push(new TableRow({ children: [cell(`${row.number}.`), cell(row.text), cell(row.date), cell(row.who), cell('да/нет'), cell(row.form ?? '')] }));
  }
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph('Приложение № 2'),
          new Paragraph('к региональной программе, утверждённой постановлением Правительства Республики'),
          new Paragraph('от 12.12.2024 № 640'),
          new Paragraph(republicPlan.title),
          new Table({ rows: tableRows }),
          new Paragraph('Министр образования ________________ А.С. Иванов'),
        ],
      },
    ],
  });
  return { kind: 'file', name: 'republic-programme-schedule-2025.docx', bytes: new Uint8Array(await Packer.toBuffer(document)) };
}

/** Columns as runs of spaces, a cell's second line under its first, a page number at the right margin: `pdftotext -layout`. */
const layoutText = [
  '                                              Приложение 1',
  '                              ПЛАН МЕРОПРИЯТИЙ ("ДОРОЖНАЯ КАРТА")',
  '                по повышению качества образования в Заречном районе на 2024 год',
  '',
  ' № п/п   Наименование мероприятия                    Сроки              Ответственные        Ожидаемый результат',
  ' 1.      Проведение семинара для заместителей        февраль 2024 г.    РМК                  повышение компетенций',
  '         директоров по УВР',
  ' 2.      Мониторинг результатов ВПР                  апрель - май       Управление           аналитическая справка',
  '                                                                        образования',
  ' 3.      Участие в вебинарах ФИОКО                   ежемесячно         ОО                   участие',
  '                                                                                                               2',
  ' 4.      Подготовка отчета о реализации плана        до 20.12.2024      РМК                  отчет',
  ' 5.      Выездные консультации в школы района        по графику         РМК, кураторы        справки',
  '                                                     выездов',
].join('\n');

const layoutRows: ExpectedRow[] = [
  {
    number: '1',
    text: 'Проведение семинара для заместителей директоров по УВР',
    from: '2024-02-01',
    to: '2024-02-29',
    recurrence: 'none',
    precision: 'month',
    kind: 'event',
    eventKind: 'seminar',
  },
  {
    number: '2',
    text: 'Мониторинг результатов ВПР',
    from: '2024-04-01',
    to: '2024-05-31',
    recurrence: 'none',
    precision: 'month',
    kind: 'event',
    eventKind: 'monitoring',
  },
  {
    number: '3',
    text: 'Участие в вебинарах ФИОКО',
    from: '2024-01-01',
    to: '2024-12-31',
    recurrence: 'monthly',
    precision: 'period',
    kind: 'recurring',
    eventKind: 'webinar',
  },
  {
    number: '4',
    text: 'Подготовка отчета о реализации плана',
    from: null,
    to: '2024-12-20',
    recurrence: 'none',
    precision: 'day',
    kind: 'task',
    eventKind: null,
  },
  {
    number: '5',
    text: 'Выездные консультации в школы района',
    from: null,
    to: null,
    recurrence: 'by-schedule',
    precision: 'unspecified',
    kind: 'event',
    eventKind: 'visit',
  },
];

export const corpus: Fixture[] = [
  shared('kirov-region-plan-2024.txt'),
  shared('verkhnekamsky-500plus-roadmap-2021.txt'),
  { name: 'orichi-plan-2023-2024.docx', source: academicDocx, period: academicPlan.period, rows: expectedOf(academicPlan) },
  { name: 'orichi-plan-lines.txt', source: text('orichi-plan-lines.txt', academicLines()), period: academicPlan.period, rows: expectedOf(academicPlan) },
  {
    name: 'orichi-plan-unnumbered.txt',
    source: text('orichi-plan-unnumbered.txt', academicUnnumbered()),
    period: academicPlan.period,
    rows: expectedOf(academicPlan, false),
  },
  { name: 'enskaya-roadmap-2025.xlsx', source: async () => regionalXlsx(), period: regionalPlan.period, rows: expectedOf(regionalPlan) },
  { name: 'enskaya-roadmap-2025.csv', source: text('enskaya-roadmap-2025.csv', regionalCsv()), period: regionalPlan.period, rows: expectedOf(regionalPlan) },
  { name: 'school-3-pdf-pipes.txt', source: text('school-3-pdf-pipes.txt', schoolPipes()), period: schoolPlan.period, rows: expectedOf(schoolPlan) },
  {
    name: 'n-district-2026-pasted.txt',
    source: text('n-district-2026-pasted.txt', districtPasted()),
    period: districtPlan.period,
    rows: expectedOf(districtPlan),
  },
  { name: 'n-district-2026.xlsx', source: async () => districtXlsx(), period: districtPlan.period, rows: expectedOf(districtPlan) },
  {
    name: 'zarechny-pdf-layout.txt',
    source: text('zarechny-pdf-layout.txt', layoutText),
    period: { from: '2024-01-01', to: '2024-12-31', academic: false },
    rows: layoutRows,
  },
  { name: 'school-3-tab-cells.txt', source: text('school-3-tab-cells.txt', schoolTabStream()), period: schoolPlan.period, rows: expectedOf(schoolPlan) },
  shared('tver-ministry-plan-2024.txt'),
  shared('verkhosunye-school-effective-mode-2023-2024.txt'),
  shared('slobodskoy-municipal-plan-2023-2024.txt'),
  shared('kirov-iro-pdf-plan-2025.txt'),
  { name: 'kirovo-chepetsk-roadmap-2025.xlsx', source: async () => cityXlsx(), period: cityPlan.period, rows: expectedOf(cityPlan) },
  { name: 'republic-programme-schedule-2025.docx', source: republicDocx, period: republicPlan.period, rows: expectedOf(republicPlan) },
];
