import { wordKey } from './words.js';

export const importKinds = ['municipalities', 'schools', 'people'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface ColumnSpec {
  /** Our name of the column, as in the example files. */
  name: string;
  required: boolean;
  /** Other headers that mean this column (Russian first); compared ignoring case, ё/е, spaces and punctuation. */
  aliases: string[];
}

/** The columns of each kind of file. The upload page and examples/import/README.md describe the same. */
export const importColumns: Record<ImportKind, ColumnSpec[]> = {
  municipalities: [
    { name: 'name', required: true, aliases: ['название', 'наименование', 'муниципалитет', 'муниципальное образование', 'municipality'] },
    { name: 'timezone', required: false, aliases: ['часовой пояс', 'time zone', 'tz'] },
  ],
  schools: [
    { name: 'code', required: true, aliases: ['код', 'код школы', 'school_code', 'инн', 'идентификатор'] },
    { name: 'full_name', required: true, aliases: ['полное наименование', 'полное название', 'наименование', 'название', 'name'] },
    { name: 'short_name', required: false, aliases: ['краткое наименование', 'краткое название', 'короткое название', 'сокращённое наименование'] },
    { name: 'municipality', required: true, aliases: ['муниципалитет', 'муниципальное образование', 'район'] },
    { name: 'tags', required: false, aliases: ['метки', 'теги', 'признаки', 'категории', 'tag'] },
  ],
  people: [
    { name: 'full_name', required: true, aliases: ['ФИО', 'Ф.И.О.', 'фамилия имя отчество', 'полное имя', 'name'] },
    { name: 'role', required: true, aliases: ['роль', 'роли', 'roles', 'должность'] },
    { name: 'school_code', required: false, aliases: ['код школы', 'school code'] },
    { name: 'municipality', required: false, aliases: ['муниципалитет', 'муниципальное образование', 'район'] },
    { name: 'subjects', required: false, aliases: ['предметы', 'предмет', 'subject'] },
    { name: 'telegram_id', required: false, aliases: ['telegram', 'телеграм', 'телеграм id', 'id telegram', 'id в telegram', 'tg id'] },
  ],
};

/** A header cell as compared: "Ф.И.О." and "фио", "full_name" and "Full name" are the same. */
export function headerKey(header: string): string {
  return wordKey(header).replaceAll(' ', '');
}

export interface HeaderProblem {
  reason: 'missing-column' | 'duplicate-column';
  column: string;
}

export interface HeaderMap {
  /** Column name → index in the row. */
  index: Map<string, number>;
  /** Column name → the header as written in the file (what the admin sees in Excel). */
  label: Map<string, string>;
  /** Headers we do not know; their cells are ignored. Empty headers over empty columns are not listed. */
  unknown: string[];
  problems: HeaderProblem[];
}

/** Matches the file's header to our columns: each known once, the required ones all there. */
export function mapHeader(kind: ImportKind, header: string[], rows: { cells: string[] }[] = []): HeaderMap {
  const specs = importColumns[kind];
  const byKey = new Map<string, ColumnSpec>();
  for (const spec of specs) for (const word of [spec.name, ...spec.aliases]) byKey.set(headerKey(word), spec);
  const index = new Map<string, number>();
  const label = new Map<string, string>();
  const unknown: string[] = [];
  const problems: HeaderProblem[] = [];
  header.forEach((cell, i) => {
    const spec = byKey.get(headerKey(cell));
    if (!spec) {
      if (cell !== '' || rows.some((r) => (r.cells[i] ?? '') !== '')) unknown.push(cell === '' ? `#${i + 1}` : cell);
      return;
    }
    if (index.has(spec.name)) {
      problems.push({ reason: 'duplicate-column', column: cell });
      return;
    }
    index.set(spec.name, i);
    label.set(spec.name, cell);
  });
  for (const spec of specs) if (spec.required && !index.has(spec.name)) problems.push({ reason: 'missing-column', column: spec.name });
  return { index, label, unknown, problems };
}

/** The kinds whose required columns are all in this header: to say "this looks like a file of people". */
export function kindsMatching(header: string[]): ImportKind[] {
  return importKinds.filter((kind) => mapHeader(kind, header).problems.length === 0);
}
