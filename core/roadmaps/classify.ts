import type { Recurrence, RoadMapEventKind, RoadMapRowKind } from '../vocabulary/roadmaps.js';

/**
 * What a road-map row is (an event and its kind, a task, ongoing work) and who it concerns, read from its words.
 * The words are stems matched on lower-case text with ё as е, so "семинаров", "Семинар-практикум" both count.
 */

const eventKinds: [RegExp, RoadMapEventKind][] = [
  [/вебинар/, 'webinar'],
  [/стажиров|стажерск/, 'internship'],
  [/конференц|форум|фестивал|съезд|чтени[йя]/, 'conference'],
  [
    /семинар|мастер-класс|мастер класс|тренинг|круглы[йх] стол|практикум|мастерск|педагогическ[а-я]* мастерск|открыт[а-я]* (?:урок|заняти)|панорам[а-я]* открыт|методическ[а-я]* (?:объединени|мост|неделя)|школ[а-я]* молодого|методическ[а-я]* дн/,
    'seminar',
  ],
  [
    /курс[а-я]* повышения|(?:^|[^а-я])кпк(?:[^а-я]|$)|курсов[а-я]* подготовк|курсы|переподготовк|^обучени[ея] |обучени[ея] (?:по|на) (?:дополнительн|программ)|повышени[ея] квалификации/,
    'course',
  ],
  [/выезд|посещени|десант|визит/, 'visit'],
  [/конкурс|олимпиад|смотр/, 'contest'],
  [
    /совещани|заседани|собеседовани|консультаци[яйиюе]|консультационн[а-я]* (?:дн|день|час)|консультировани|(?:^|[^а-я])вкс(?:[^а-я]|$)|встреч|коллеги|педсовет|педагогическ[а-я]* совет|всеобуч|планерк|диалог|сесси[яиюей]|собрани/,
    'meeting',
  ],
  [
    /мониторинг|диагност|тренировочн|самообследовани|проведени[ея] (?:[а-я]+ )?(?:гиа|огэ|егэ|впр)|провер(?:к|ок)|пробн[а-я]* (?:огэ|егэ|экзамен|гиа)|аудит|анкетировани|опрос|тестировани|срез|оценк[а-я]* (?:качества|уровня)|контрольн[а-я]* работ|проверочн[а-я]* работ|(?:тематическ|фронтальн|персональн|классно-обобщающ)[а-я]* контрол|(?:^|[^а-я])впр(?:[^а-я]|$)|исследовани/,
    'monitoring',
  ],
];

/** Deliverables: the row asks for a document or data by a date. */
const taskWords =
  /разработк|назначени|подготовк|утвержден|составлени|формировани|заполнени|представлени|предоставлени|направлени|размещени|издани|корректировк|актуализац|приказ|справк|отч[её]т|план[а-я]* |программ|рекомендаци|анализ|сбор |внесени|заключени|создани|согласовани|обобщени|публикац|описани|паспорт|загрузк|выгрузк|проект[а-я]* (?:документ|приказ)|положени|утвердить|издать|подготовить|разработать|изучени|ознакомлени|информировани|доведени|рассылк/;
/** Ongoing work with no one occasion. */
const ongoingWords =
  /^работа |внутришкольн[а-я]* контрол|(?:дополнительн|индивидуальн|группов|внеурочн|коррекционн)[а-я]* занят|сопровождени|наставничеств|внедрени|контроль за|ведени[ея] (?:баз|реестр|учет|сайт|раздел|странц)|обновлени|поддержк|функционировани|организация деятельности|организация работы|работ[а-я]* (?:с|по)|взаимодействи|деятельност|наполнени|помощ|реализаци[ия]|участие в деятельности/;

const occasionWords =
  /^(?:[а-я]+ )?(?:проведени|подведени[ея] итогов|организаци[яи] и проведени|организаци[яи] (?:и )?участи|участи[ея]|провести|организовать и провести|прохождени|обеспечение участия)/;

export function eventKindOf(text: string): RoadMapEventKind | null {
  const t = lower(text);
  let best: { kind: RoadMapEventKind; at: number } | null = null;
  for (const [pattern, kind] of eventKinds) {
    const m = pattern.exec(t);
    if (m && (!best || m.index < best.at)) best = { kind, at: m.index };
  }
  // "Августовское совещание" is a meeting, but "Августовская конференция" a conference: the month's word only when nothing else says.
  return best?.kind ?? (/августовск/.test(t) ? 'meeting' : null);
}

/**
 * The row's kind. A stated cadence makes it `recurring`; a gathering (the first event word in the measure wins)
 * an `event`; a document or data by a date a `task`; ongoing work `other`. Returns a doubt when the words point
 * two ways or nowhere.
 */
export function classifyRow(measure: string, recurrence: Recurrence): { kind: RoadMapRowKind; eventKind: RoadMapEventKind | null; doubts: string[] } {
  const t = lower(measure);
  const head = t.slice(0, 160);
  const eventKind = eventKindOf(head) ?? eventKindOf(t);
  const task = taskWords.exec(head);
  const ongoing = ongoingWords.exec(head);
  const eventAt = eventKind ? firstIndex(head, eventKind) : -1;
  const doubts: string[] = [];
  if (['weekly', 'monthly', 'bimonthly', 'quarterly', 'twice-a-year', 'yearly'].includes(recurrence)) {
    return { kind: 'recurring', eventKind, doubts };
  }
  // "Участие в мероприятиях центров … в течение года": many occasions, none of them the row's.
  if (recurrence === 'continuous' && eventKind && /мероприятия[хм]|в мероприяти/.test(head.slice(0, Math.max(eventAt, 0))))
    return { kind: 'other', eventKind: null, doubts };
  // "Организация работы с одарёнными детьми: олимпиады, конкурсы": ongoing work named before any occasion.
  if (ongoing && eventKind && ongoing.index < eventAt && !occasionWords.test(head) && (!task || ongoing.index < task.index))
    return { kind: 'other', eventKind: null, doubts };
  // "Проведение мониторинга …", "Участие в вебинаре": the occasion comes first.
  if (eventKind && eventAt >= 0 && (!task || eventAt <= task.index + 40 || occasionWords.test(head))) {
    if (eventKind === 'monitoring' && task && task.index < eventAt && !occasionWords.test(head)) return { kind: 'task', eventKind: null, doubts };
    return { kind: 'event', eventKind, doubts };
  }
  if (task && (!ongoing || task.index <= ongoing.index)) return { kind: recurrence === 'continuous' ? 'other' : 'task', eventKind: null, doubts };
  if (ongoing) return { kind: 'other', eventKind: null, doubts };
  if (eventKind) return { kind: 'event', eventKind, doubts };
  if (recurrence === 'continuous') return { kind: 'other', eventKind: null, doubts };
  if (occasionWords.test(head)) return { kind: 'event', eventKind: 'other', doubts: ['вид мероприятия не распознан'] };
  return { kind: 'task', eventKind: null, doubts: ['тип строки не распознан: взята задача'] };
}

function firstIndex(text: string, kind: RoadMapEventKind): number {
  let at = -1;
  for (const [pattern, k] of eventKinds) {
    if (k !== kind) continue;
    const m = pattern.exec(text);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  return at;
}

function lower(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
}

/** Executors in the directory's words; the first match of each pattern names the executor. */
const executorNames: [RegExp, string][] = [
  [/министерств|(?:^|[^а-я])моко(?:[^а-я]|$)|(?:^|[^а-я])мо[а-я]?о(?:[^а-я]|$)(?<!моуо)|департамент|минобр|управление надзора/, 'министерство'],
  [/институт развития образования|(?:^|[^а-я])иро(?:[^а-я]|$)|(?:^|[^а-я])ипк|институт повышения|(?:^|[^а-я])ркц|(?:^|[^а-я])цнппм/, 'ИРО'],
  [/центр оценки качества|(?:^|[^а-я])цоко(?:[^а-я]|$)|(?:^|[^а-я])рцоко|(?:^|[^а-я])рцои/, 'ЦОКО'],
  [/федеральный институт оценки|(?:^|[^а-я])фиоко/, 'ФИОКО'],
  [
    /(?:^|[^а-я])моуо|(?:^|[^а-я])омсу|органы местного само-?управления|органы управления образованием|управлени[ея] образования|отдел[а-я]* образования|муниципальн[а-я]* орган|(?:^|[^а-я])уо(?:[^а-я]|$)|(?:^|[^а-я])рис(?:[^а-я]|$)|методическ[а-я]* служб/,
    'МОУО',
  ],
  [/муниципальн[а-я]* координатор|координатор[а-я]* муниципальн/, 'муниципальные координаторы'],
  [/региональн[а-я]* координатор|региональн[а-я]* оператор/, 'региональный координатор'],
  [/куратор/, 'кураторы'],
  [/(?:^|[^а-я])шнор|(?:^|[^а-я])шнсу|школ[а-я]* с низкими|организаци[а-я]* с низкими|школы-участниц|школ[а-я]* - участни/, 'ШНОР'],
  [/руководител[а-я]* (?:оо|общеобразовательн|школ)|директор|администраци[яи] (?:оо|школ|мкоу|моу|мбоу)|управленческ[а-я]* команд/, 'руководители ОО'],
  [
    /(?:^|[^а-я])оо(?:[^а-я]|$)|общеобразовательн[а-я]* организаци|(?:^|[^а-я])(?:мкоу|мбоу|моу|маоу|гбоу|кгбоу|когобу|сош|оош)(?:[^а-я]|$)|школ[аы](?:[^а-я]|$)/,
    'ОО',
  ],
  [/учител|педагог/, 'учителя'],
  [/ресурсн[а-я]* центр|(?:^|[^а-я])прц|точк[а-я]* роста|опорн[а-я]* школ/, 'ресурсные центры'],
];

/**
 * Splits the executors cell into names ("ИРО, ЦОКО", "МОКО (отдел …); ОМСУ") and maps each to the directory's
 * vocabulary where one fits; a name that fits none stays as written.
 */
export function splitExecutors(cell: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = 0;
  let current = '';
  for (const ch of cell.replace(/\s+/g, ' ')) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === '«') quote++;
    if (ch === '»') quote = Math.max(0, quote - 1);
    if ((ch === ',' || ch === ';' || ch === '\n') && depth === 0 && quote === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const names: string[] = [];
  for (const raw of parts.flatMap((p) => p.split(/\.\s+(?=[А-ЯЁ])|\s+и\s+(?=[а-яё]*(?:куратор|координатор|руководител|учител))/))) {
    const part = raw.replace(/^[\s\-–—•·]+|[\s.;,]+$/g, '').trim();
    if (!part) continue;
    const t = lower(part);
    const hits = executorNames.filter(([p]) => p.test(t)).map(([, name]) => name);
    const name = hits[0] ?? part;
    // "Муниципальный координатор и куратор школы": both named.
    for (const n of hits.length > 1 && /\sи\s/.test(t) ? hits : [name]) if (!names.includes(n)) names.push(n);
  }
  return names;
}

/** Who must act or attend, in the directory's words: roles (teacher, school_lead, curator, coordinator, editor) and school tags. */
export function inferAudience(measure: string, responsible: string[], kind: RoadMapRowKind = 'task'): string[] {
  const t = lower(measure);
  const out = new Set<string>();
  if (/учител|педагог|предметник/.test(t)) out.add('teacher');
  if (/руководител|директор|заместител|управленческ|администраци[яи] (?:оо|школ)|школьн[а-я]* команд/.test(t)) out.add('school_lead');
  if (/куратор/.test(t) || responsible.includes('кураторы')) out.add('curator');
  if (
    /муниципальн[а-я]* координатор|(?:^|[^а-я])омсу|(?:^|[^а-я])моуо|муниципальн[а-я]* план|управлени[йя] образовани|отдел[а-я]* образовани/.test(t) ||
    responsible.includes('муниципальные координаторы') ||
    responsible.includes('МОУО')
  )
    out.add('coordinator');
  if (
    /школьн[а-я]* план|(?:^|[^а-я])оо(?:[^а-я]|$)|общеобразовательн|школ[аыу](?:[^а-я]|$)|(?:^|[^а-я])шнор|школ/.test(t) ||
    responsible.includes('ОО') ||
    responsible.includes('ШНОР') ||
    responsible.includes('руководители ОО')
  )
    if (!out.has('teacher')) out.add('school_lead');
  if (/(?:^|[^а-я])шнор|низкими (?:образовательными )?результат|с низкими/.test(t) || responsible.includes('ШНОР')) out.add('shnor');
  if (/(?:^|[^а-я])шнсу|неблагоприятн[а-я]* социальн/.test(t)) out.add('shnsu');
  if (/500\s*\+|500плюс/.test(t)) out.add('500plus');
  if (/зон[а-я]* риска|рисков/.test(t)) out.add('risk_zone');
  // Work the institute itself must do: its editors act. Who attends an event is never guessed from who runs it.
  if (!out.size && kind !== 'event' && responsible.some((r) => ['ИРО', 'ЦОКО', 'министерство'].includes(r))) out.add('editor');
  return [...out];
}
