import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { getPerson } from '../../core/directory/people.js';
import { auditLog, municipalities, people, schools } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { findPersonByTelegramId, withTelegramId } from '../support/people.js';

const examples = join(import.meta.dirname, '..', '..', 'examples', 'import');
const system: Actor = { kind: 'admin', id: 0, label: '', role: 'owner', municipalityIds: [] };

/** Text → Windows-1251 bytes, as a Russian Excel saves "CSV (разделители — запятые)". */
function cp1251(text: string): Uint8Array {
  const decoder = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Uint8Array.from([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (table.get(ch) ?? 0x3f))));
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A multipart form post as a browser sends one, with the session's CSRF token unless told otherwise. */
async function postMultipart(
  client: PanelClient,
  path: string,
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array },
  csrf?: string,
): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', csrf ?? client.csrf);
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  if (file) form.set('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: 'text/csv' }));
  return client.request(path, { method: 'POST', body: form });
}

async function preview(client: PanelClient, kind: string, name: string, bytes: Uint8Array): Promise<{ status: number; html: string }> {
  const response = await postMultipart(client, '/import/preview', { kind }, { name, bytes });
  return { status: response.status, html: await response.text() };
}

function unescapeXml(text: string): string {
  return text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** The hidden fields of the preview's confirm form. */
function confirmFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/import\/confirm"[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error('no confirm form on the page');
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) if (m[1] !== '_csrf') fields[m[1]!] = unescapeXml(m[2]!);
  return fields;
}

async function confirm(client: PanelClient, html: string, change?: (fields: Record<string, string>) => void): Promise<Response> {
  const fields = confirmFields(html);
  change?.(fields);
  return postMultipart(client, '/import/confirm', fields);
}

/** Problems as the page lists them, in order. */
function problems(html: string): string[] {
  const list = /<ol class="import-problems">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => unescapeXml(m[1]!).replaceAll('\u00a0', ' '));
}

function count(html: string, what: 'create' | 'update' | 'unchanged' | 'problems'): number {
  return Number(new RegExp(`data-${what}="(\\d+)"`).exec(html)?.[1] ?? NaN);
}

/** Demo: municipality 1 Светлогорск (schools 1, 2), 2 Берёзовский (3, 4), 3 Заречный (5); people 1–7 with Telegram ids 900000001–7. */
describe('CSV import of the directory', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const allSchools = () => h.core.database.db.select().from(schools).orderBy(asc(schools.id));
  const importEntries = async () => (await h.core.database.db.select().from(auditLog)).filter((e) => e.action.startsWith('import.'));

  it('Windows-1251 with semicolons: names the bad row, writes nothing; the fixed file imports once; the same file again changes nothing', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    expect(await editor.html('/import')).toContain('Импорт справочника');
    const good = readFileSync(join(examples, 'schools-excel-1251.csv'));
    const text = new TextDecoder('windows-1251').decode(good);
    const bad = cp1251(
      text.replace(
        '3901000008;МБОУ «Заречная средняя общеобразовательная школа № 3»;Заречная СОШ № 3;Заречный муниципальный округ',
        '3901000008;МБОУ «Заречная средняя общеобразовательная школа № 3»;Заречная СОШ № 3;Нет такого района',
      ),
    );
    const before = await allSchools();

    const first = await preview(editor, 'schools', 'школы.csv', bad);
    expect(first.status).toBe(400);
    expect(first.html).toContain('Windows-1251');
    expect(problems(first.html)).toEqual(['строка 4, столбец Муниципалитет: нет муниципалитета «Нет такого района»']);
    expect(first.html).not.toContain('action="/import/confirm"');
    expect(await allSchools()).toEqual(before);
    expect(await importEntries()).toEqual([]);

    const fixed = await preview(editor, 'schools', 'школы.csv', good);
    expect(fixed.status).toBe(200);
    expect(problems(fixed.html)).toEqual([]);
    // DEMO-0003 and DEMO-0004 exist (0003 gets "зона риска" already, 0004 keeps its tags): 0 changes there except names.
    expect([count(fixed.html, 'create'), count(fixed.html, 'update'), count(fixed.html, 'unchanged')]).toEqual([1, 1, 1]);
    expect(await allSchools()).toEqual(before);

    const done = await confirm(editor, fixed.html);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/import?kind=schools&result=1.1.1');
    expect(await editor.html(done.headers.get('location')!)).toContain('Импорт выполнен: создано 1, обновлено 1, без изменений 1.');
    const after = await allSchools();
    expect(after).toHaveLength(6);
    expect(after.find((s) => s.code === '3901000008')).toMatchObject({
      municipalityId: 3,
      shortName: 'Заречная СОШ № 3',
      fullName: 'МБОУ «Заречная средняя общеобразовательная школа № 3»',
      tags: ['500plus'],
    });
    expect(after.find((s) => s.code === 'DEMO-0004')).toMatchObject({ fullName: 'МКОУ "Ключевская ООШ"', tags: ['shnsu'] });
    const [entry] = await listAudit(h.core, { all: true }, system, { action: 'import.schools' });
    expect(entry).toMatchObject({ actor: 'editor-@mayak.test', entity: 'import', after: { created: 1, updated: 1, unchanged: 1, fileName: 'школы.csv' } });

    const again = await preview(editor, 'schools', 'школы.csv', good);
    expect(again.status).toBe(200);
    expect([count(again.html, 'create'), count(again.html, 'update'), count(again.html, 'unchanged')]).toEqual([0, 0, 3]);
    expect(again.html).toContain('менять нечего');
    expect(again.html).not.toContain('action="/import/confirm"');
    expect(await allSchools()).toEqual(after);
    expect(await importEntries()).toHaveLength(1);
  });

  it('the example files load in order on the demo region, and a second run changes nothing', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await owner.get('/import');
    for (const [kind, file] of [
      ['municipalities', 'municipalities.csv'],
      ['schools', 'schools.csv'],
      ['people', 'people.csv'],
      ['schools', 'schools-excel-1251.csv'],
    ] as const) {
      const checked = await preview(owner, kind, file, readFileSync(join(examples, file)));
      expect(problems(checked.html), file).toEqual([]);
      expect(checked.status, file).toBe(200);
      if (checked.html.includes('action="/import/confirm"')) expect((await confirm(owner, checked.html)).status, file).toBe(303);
      const again = await preview(owner, kind, file, readFileSync(join(examples, file)));
      expect([count(again.html, 'create'), count(again.html, 'update')], file).toEqual([0, 0]);
    }
    const zone = await h.core.database.db.select().from(municipalities).where(eq(municipalities.name, 'Озёрский муниципальный округ')).get();
    expect(zone?.timezone).toBe('Asia/Yekaterinburg');
    const fedorov = await findPersonByTelegramId(h.core, 712345678);
    expect(fedorov).toMatchObject({
      fullName: 'Фёдоров Игорь Павлович',
      roles: ['teacher', 'school_lead'],
      subjects: ['russian', 'literature'],
      status: 'active',
    });
    const ivanova = await withTelegramId(h.core, await h.core.database.db.select().from(people).where(eq(people.fullName, 'Иванова Мария Петровна')).get());
    expect(ivanova).toMatchObject({ telegramId: null, status: 'imported', schoolId: 1, municipalityId: 1, subjects: ['math', 'physics'] });
  });

  it('people: upserts by telegram_id; a person imported without one gets it later and becomes active', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/import');
    const file = utf8(
      'ФИО,Роль,Код школы,Предметы,Telegram ID\n' +
        // Person 5 (Васильева, 900000005): another name spelling and subjects.
        'Васильева Елена Александровна (Иванова),учитель,DEMO-0001,"физика; химия",900000005\n' +
        'Новикова Дарья Олеговна,учитель,DEMO-0002,биология,555000111\n' +
        'Ким Виктор Андреевич,руководитель,DEMO-0002,,\n',
    );
    const checked = await preview(editor, 'people', 'people.csv', file);
    expect(problems(checked.html)).toEqual([]);
    expect([count(checked.html, 'create'), count(checked.html, 'update'), count(checked.html, 'unchanged')]).toEqual([2, 1, 0]);
    expect((await confirm(editor, checked.html)).status).toBe(303);
    expect(await withTelegramId(h.core, await getPerson(h.core, 5))).toMatchObject({
      fullName: 'Васильева Елена Александровна (Иванова)',
      telegramId: 900000005,
      subjects: ['physics', 'chemistry'],
      status: 'active',
    });
    const novikova = await findPersonByTelegramId(h.core, 555000111);
    expect(novikova).toMatchObject({ status: 'active', schoolId: 2, municipalityId: 1, roles: ['teacher'], subjects: ['biology'] });
    const kim = await withTelegramId(h.core, await h.core.database.db.select().from(people).where(eq(people.fullName, 'Ким Виктор Андреевич')).get());
    expect(kim).toMatchObject({ status: 'imported', telegramId: null, roles: ['school_lead'] });
    expect(await editor.html('/people?q=Ким')).toContain('загружен из файла');

    // Now Kim's Telegram id is known: the same person (name + school) is updated, not duplicated.
    const later = await preview(
      editor,
      'people',
      'people-2.csv',
      utf8('full_name;role;school_code;telegram_id\r\nким  виктор андреевич;school_lead;DEMO-0002;777000222\r\n'),
    );
    expect([count(later.html, 'create'), count(later.html, 'update')]).toEqual([0, 1]);
    expect((await confirm(editor, later.html)).status).toBe(303);
    expect(await withTelegramId(h.core, await getPerson(h.core, kim!.id))).toMatchObject({
      telegramId: 777000222,
      status: 'active',
      fullName: 'ким виктор андреевич',
    });
    expect(await h.core.database.db.select().from(people)).toHaveLength(9);
  });

  it('people: every row problem is named with its row, column and reason', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/import');
    const file = utf8(
      [
        'full_name,role,school_code,municipality,subjects,telegram_id',
        'Иванов Иван Иванович,учитель,123,,,',
        'Петрова Анна,волшебник,DEMO-0001,,алхимия,',
        'Сидоров Пётр,teacher,,,,',
        'Орлов Кирилл,куратор,,,,',
        'Белова Нина,teacher,DEMO-0001,Заречный муниципальный округ,,1.23457E+11',
        'Белова Нина,teacher,DEMO-0001,,,',
        'Белова Нина,teacher,DEMO-0001,,,',
        'Ли,teacher,DEMO-0001,,,12a',
      ].join('\r\n'),
    );
    const checked = await preview(editor, 'people', 'bad.csv', file);
    expect(checked.status).toBe(400);
    expect(problems(checked.html)).toEqual([
      'строка 2, столбец school_code: нет школы с кодом 123',
      'строка 3, столбец role: неизвестная роль «волшебник» (подходят: учитель, руководитель, куратор, координатор, сотрудник института)',
      'строка 3, столбец subjects: неизвестный предмет «алхимия»',
      'строка 4, столбец school_code: для учителя и управленческой команды нужен код школы',
      'строка 5, столбец municipality: укажите код школы или муниципалитет',
      'строка 6, столбец telegram_id: Excel записал число как «1.23457E+11» — отформатируйте столбец как текстовый и введите id заново',
      'строка 6, столбец municipality: школа DEMO-0001 относится к муниципалитету «Городской округ Светлогорск»',
      'строка 8, столбец full_name: тот же человек, что в строке 7 (если это разные люди, укажите telegram_id обоим)',
      'строка 9, столбец full_name: слишком коротко: не меньше 3 знаков',
      'строка 9, столбец telegram_id: telegram_id — это число, а не «12a»',
    ]);
    expect(await h.core.database.db.select().from(people)).toHaveLength(7);
  });

  it('a coordinator imports only within their municipalities and cannot import municipalities', async () => {
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const page = await coordinator.html('/import');
    expect(page).toContain('value="schools"');
    expect(page).not.toContain('value="municipalities"');
    const file = utf8(
      'code;full_name;municipality\nNEW-1;МБОУ «Новая школа»;Городской округ Светлогорск\nNEW-2;МКОУ «Чужая школа»;Берёзовский муниципальный район\nDEMO-0003;МКОУ «Берёзовская СОШ»;Городской округ Светлогорск\n',
    );
    const checked = await preview(coordinator, 'schools', 'schools.csv', file);
    expect(problems(checked.html)).toEqual(['строка 3, столбец municipality: вне вашей зоны', 'строка 4, столбец code: вне вашей зоны']);
    expect((await allSchools()).map((s) => s.code)).not.toContain('NEW-1');

    const person = await preview(
      coordinator,
      'people',
      'people.csv',
      utf8('full_name,role,school_code,telegram_id\nЗахват Чужого,teacher,DEMO-0001,900000006\n'),
    );
    expect(problems(person.html)).toEqual(['строка 2, столбец telegram_id: вне вашей зоны']);

    const refused = await postMultipart(coordinator, '/import/preview', { kind: 'municipalities' }, { name: 'm.csv', bytes: utf8('name\nНовый район\n') });
    expect(refused.status).toBe(403);
    expect(await h.core.database.db.select().from(municipalities)).toHaveLength(3);

    const own = await preview(
      coordinator,
      'schools',
      'schools.csv',
      utf8('code;full_name;municipality\nNEW-1;МБОУ «Новая школа»;Городской округ Светлогорск\n'),
    );
    expect((await confirm(coordinator, own.html)).status).toBe(303);
    const [entry] = await listAudit(h.core, { all: true }, system, { action: 'import.schools' });
    expect(entry?.municipalityId).toBe(1);
  });

  it('a viewer may not open or use the import', async () => {
    const viewer = await PanelClient.signedIn(h, 'viewer');
    expect(await viewer.html('/')).not.toContain('href="/import"');
    expect((await viewer.get('/import')).status).toBe(403);
    const response = await postMultipart(
      viewer,
      '/import/preview',
      { kind: 'schools' },
      { name: 's.csv', bytes: utf8('code,full_name,municipality\nX-1,МБОУ «Школа»,Городской округ Светлогорск\n') },
    );
    expect(response.status).toBe(403);
    expect(await allSchools()).toHaveLength(5);
  });

  it('refuses a file over 5 MB before reading it, a forged CSRF token, and a tampered confirm form', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/import');
    const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41);
    const tooBig = await postMultipart(editor, '/import/preview', { kind: 'schools' }, { name: 'big.csv', bytes: big });
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain('Файл больше 5 МБ');
    // Past the panel's 8 MB body limit the request is refused before anything reads it.
    const huge = await postMultipart(editor, '/import/preview', { kind: 'schools' }, { name: 'huge.csv', bytes: new Uint8Array(9 * 1024 * 1024).fill(0x41) });
    expect(huge.status).toBe(413);

    const file = utf8('code,full_name,municipality\nX-1,МБОУ «Школа»,Городской округ Светлогорск\n');
    const forged = await postMultipart(editor, '/import/preview', { kind: 'schools' }, { name: 's.csv', bytes: file }, 'forged-token');
    expect(forged.status).toBe(403);

    const checked = await preview(editor, 'schools', 's.csv', file);
    expect((await postMultipart(editor, '/import/confirm', confirmFields(checked.html), undefined, 'forged-token')).status).toBe(403);
    const evil = btoa(String.fromCharCode(...utf8('code,full_name,municipality\nX-1,МБОУ «Школа»,Берёзовский муниципальный район\n')));
    const tampered = await confirm(editor, checked.html, (f) => (f.content = evil));
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('Форма подтверждения повреждена');
    expect(await allSchools()).toHaveLength(5);
  });

  it('re-checks on confirm: if the directory changed since the preview, shows a fresh preview instead of writing', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/import');
    const checked = await preview(editor, 'schools', 's.csv', utf8('code,full_name,municipality\nX-1,МБОУ «Школа»,Городской округ Светлогорск\n'));
    await h.core.database.db.insert(schools).values({ code: 'X-1', fullName: 'МБОУ «Другая»', shortName: 'Другая', municipalityId: 1, createdAt: 1 });
    const response = await confirm(editor, checked.html);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('данные в справочнике изменились');
    expect([count(html, 'create'), count(html, 'update')]).toEqual([0, 1]);
    expect((await allSchools()).find((s) => s.code === 'X-1')?.fullName).toBe('МБОУ «Другая»');
  });

  it('bad files never crash and say what is wrong', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await owner.get('/import');
    const check = async (kind: string, bytes: Uint8Array) => {
      const result = await preview(owner, kind, 'f.csv', bytes);
      expect(result.status).toBeLessThan(500);
      return { ...result, problems: problems(result.html) };
    };
    expect((await check('schools', new Uint8Array())).problems).toEqual(['файл пуст']);
    const noFile = await postMultipart(owner, '/import/preview', { kind: 'schools' });
    expect(noFile.status).toBe(400);
    expect(await noFile.text()).toContain('Выберите файл');
    // Every problem of the upload form at once: what to load and the file.
    const nothing = await postMultipart(owner, '/import/preview', { kind: 'nonsense' });
    expect(nothing.status).toBe(400);
    const nothingText = await nothing.text();
    expect(nothingText).toContain('Выберите, что загружаем');
    expect(nothingText).toContain('Выберите файл');
    expect((await check('schools', utf8('\ufeff  \r\n'))).problems).toEqual(['файл пуст']);
    expect((await check('schools', utf8('code;full_name;municipality\r\n'))).problems).toEqual(['в файле только строка заголовков, данных нет']);
    expect((await check('schools', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]))).problems[0]).toContain('это книга Excel');
    expect(
      await check(
        'schools',
        Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256),
      ),
    ).toMatchObject({ problems: ['это не текстовый CSV-файл'] });
    expect((await check('schools', utf8('code,full_name,municipality\n"X-1,unclosed\n'))).problems[0]).toContain('кавычка открыта и не закрыта');

    // Missing required columns are named once, not in every row; unknown columns are noted, not fatal.
    const missing = await check('schools', utf8('Код;Примечание\n1;a\n2;b\n3;c\n'));
    expect(missing.problems).toEqual([
      'столбец full_name: обязательный столбец отсутствует (его можно назвать и так: полное наименование, полное название, наименование, название)',
      'столбец municipality: обязательный столбец отсутствует (его можно назвать и так: муниципалитет, муниципальное образование, район)',
    ]);
    expect(missing.html).toContain('строка 1, столбец Примечание: неизвестный столбец — его значения не загружаются');
    expect((await check('schools', utf8('full_name,role,school_code\nИванов Иван,учитель,DEMO-0001\n'))).problems).toContain(
      'похоже, это файл другого вида: люди. Выберите его в списке «Что загружаем»',
    );
    // A schools file (with a column of notes) sent as municipalities would make municipalities of its "municipality" column.
    expect((await check('municipalities', utf8('code,full_name,municipality,Примечание\nN-1,Новая школа,Новый район,\n'))).problems).toEqual([
      'похоже, это файл другого вида: школы. Выберите его в списке «Что загружаем»',
    ]);

    // 100,000 rows: answered quickly with the cap, nothing parsed past it.
    const rows = ['code,full_name,municipality', ...Array.from({ length: 100_000 }, (_, i) => `C${i},S${i},M`)].join('\n');
    const started = Date.now();
    expect((await check('schools', utf8(rows))).problems).toEqual(['в файле больше 20 000 строк. Разделите его на части']);
    expect(Date.now() - started).toBeLessThan(10_000);

    // Duplicate keys within one file.
    expect(
      (await check('schools', utf8('code,full_name,municipality\nD-1,Школа один,Городской округ Светлогорск\nD-1,Школа два,Городской округ Светлогорск\n')))
        .problems,
    ).toEqual(['строка 3, столбец code: повторяет строку 2']);
    expect((await check('municipalities', utf8('name\nНовый район\nновый  РАЙОН\n'))).problems).toEqual(['строка 3, столбец name: повторяет строку 2']);
    expect(await allSchools()).toHaveLength(5);
  });

  it('stores HTML and SQL-looking text as text and escapes it on the pages', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    await owner.get('/import');
    const name = `<script>alert(1)</script> Школа'; DROP TABLE schools; --`;
    const file = utf8(`code,full_name,municipality\n"X-1","${name}",Городской округ Светлогорск\n`);
    const checked = await preview(owner, 'schools', '<b>evil</b>.csv', file);
    expect(checked.html).not.toContain('<script>alert(1)</script>');
    expect(checked.html).not.toContain('<b>evil</b>');
    expect(checked.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await confirm(owner, checked.html)).status).toBe(303);
    expect((await allSchools()).find((s) => s.code === 'X-1')?.fullName).toBe(name);
    expect(await allSchools()).toHaveLength(6);
    const [entry] = await listAudit(h.core, { all: true }, system, { action: 'import.schools' });
    expect(entry?.after).toMatchObject({ fileName: '<b>evil</b>.csv' });
  });

  it('offers templates that import cleanly', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    for (const kind of ['municipalities', 'schools', 'people']) {
      const response = await editor.get(`/import/template/${kind}.csv`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const checked = await preview(editor, kind, `${kind}.csv`, bytes);
      expect(problems(checked.html), kind).toEqual([]);
      if (checked.html.includes('action="/import/confirm"')) expect((await confirm(editor, checked.html)).status).toBe(303);
    }
    expect((await allSchools()).find((s) => s.code === '3901000001')?.tags).toEqual(['shnor', '500plus']);
    expect((await editor.get('/import/template/admins.csv')).status).toBe(404);
  });
});
