import { searchKey } from '../places.js';
import { isValidTimezone, personRoles, russianTimezones, schoolTags, subjects, type PersonRole, type Subject } from '../vocabulary.js';

/**
 * The words people type in a spreadsheet, mapped to our codes: roles, subjects and school tags in English codes or
 * in Russian, in any case, with ё or е, with punctuation ("Ф.И.О.", "Труд (технология)", "руководитель/управленческая команда").
 */

/** Lower case, ё as е, every run of characters other than letters, digits and "+" as one space. */
export function wordKey(text: string): string {
  return searchKey(text)
    .replace(/[^\p{L}\p{N}+]+/gu, ' ')
    .trim();
}

function dictionary<T extends string>(entries: Record<T, string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [code, words] of Object.entries(entries) as [T, string[]][]) {
    for (const word of [code, ...words]) map.set(wordKey(word), code);
  }
  return map;
}

const roleWords = dictionary<PersonRole>({
  teacher: ['учитель', 'учитель-предметник', 'педагог', 'преподаватель'],
  school_lead: [
    'руководитель',
    'управленческая команда',
    'управленческая команда школы',
    'руководитель/управленческая команда',
    'руководитель школы',
    'директор',
    'заместитель директора',
    'завуч',
    'администрация школы',
  ],
  curator: ['куратор'],
  coordinator: ['координатор', 'муниципальный координатор'],
  editor: ['сотрудник института', 'институт', 'редактор'],
});

const subjectWords = dictionary<Subject>({
  math: ['математика', 'алгебра', 'геометрия', 'алгебра и геометрия'],
  russian: ['русский язык', 'русский'],
  literature: ['литература'],
  physics: ['физика'],
  chemistry: ['химия'],
  biology: ['биология'],
  history: ['история'],
  social: ['обществознание', 'обществоведение'],
  geography: ['география'],
  informatics: ['информатика', 'информатика и икт'],
  english: ['английский язык', 'английский'],
  foreign: ['другой иностранный язык', 'иностранный язык', 'немецкий язык', 'немецкий', 'французский язык', 'французский', 'китайский язык'],
  primary: ['начальные классы', 'начальная школа'],
  pe: ['физкультура', 'физическая культура'],
  art: ['изо', 'изобразительное искусство'],
  music: ['музыка'],
  technology: ['труд', 'технология', 'труд (технология)'],
  safety: ['обзр', 'обж', 'основы безопасности и защиты родины'],
});

type SchoolTag = (typeof schoolTags)[number];
const tagWords = dictionary<SchoolTag>({
  shnor: ['шнор', 'школа с низкими результатами обучения', 'школа с низкими образовательными результатами'],
  shnsu: ['шнсу', 'школа в неблагоприятных социальных условиях'],
  '500plus': ['500+', '500 плюс', '500 plus'],
  risk_zone: ['зона риска', 'risk zone'],
});

/** A cell holding a list: items separated by commas, semicolons or line breaks (Alt+Enter in Excel). */
export function splitList(cell: string): string[] {
  return cell
    .split(/[,;\n\r]+/)
    .map((item) => item.replace(/\s+/g, ' ').trim())
    .filter((item) => item !== '');
}

export function roleOf(word: string): PersonRole | undefined {
  return roleWords.get(wordKey(word));
}

export function subjectOf(word: string): Subject | undefined {
  return subjectWords.get(wordKey(word));
}

/** A standard tag's code, or a free tag as the school form stores it: lower case, spaces as "-". */
export function tagOf(word: string): string {
  return tagWords.get(wordKey(word)) ?? word.toLocaleLowerCase('ru').trim().replace(/\s+/g, '-');
}

/** Standard tags first in their usual order, then free tags as typed; no repeats. */
export function canonicalTags(tags: string[]): string[] {
  const standard = schoolTags.filter((t) => tags.includes(t));
  const free = tags.filter((t, i) => !(schoolTags as readonly string[]).includes(t) && tags.indexOf(t) === i);
  return [...standard, ...free];
}

/** Our codes in our order, without repeats, so that comparing and storing do not depend on the file's order. */
export function canonicalRoles(roles: PersonRole[]): PersonRole[] {
  return personRoles.filter((r) => roles.includes(r));
}

export function canonicalSubjects(list: Subject[]): Subject[] {
  return subjects.filter((s) => list.includes(s));
}

/**
 * A zone as an IANA name (any case: "europe/moscow"), or as Russians say it: "МСК", "МСК+2", "MSK-1".
 * Returns the canonical IANA name, or undefined.
 */
export function timezoneOf(text: string): string | undefined {
  const msk = /^(?:мск|msk)\s*(?:([+-−])\s*(\d{1,2}))?$/i.exec(text.trim());
  if (msk) {
    const offset = msk[1] ? (msk[1] === '+' ? 1 : -1) * Number(msk[2]) : 0;
    return russianTimezones[offset + 1];
  }
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(text.trim()) || !isValidTimezone(text.trim())) return undefined;
  return new Intl.DateTimeFormat('en', { timeZone: text.trim() }).resolvedOptions().timeZone;
}
