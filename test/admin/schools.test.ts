import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { dashboardFigures } from '../../core/directory/dashboard.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { listSchools } from '../../core/directory/directory.js';
import { getMunicipality, getSchool, searchKey } from '../../core/directory/places.js';
import { auditLog, curatorSchools, municipalities, people, schools } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

/**
 * Demo region: municipality 1 Светлогорск has schools 1 (lead: person 4, teacher 5) and 2 (nobody);
 * 2 Берёзовский has 3 (teacher 6, no lead) and 4 (nobody); 3 Заречный has 5 (lead: person 7).
 * Person 3 is a curator (municipality 1) of schools 1 and 3.
 */
const owner: Actor = { kind: 'admin', id: 0, label: 'test', role: 'owner', municipalityIds: [] };

/** The ids in `data-<attr>="…"` rows of a page, in order. */
function rowIds(html: string, attr: string): number[] {
  return [...html.matchAll(new RegExp(`<tr data-${attr}="(\\d+)"`, 'g'))].map((m) => Number(m[1]));
}

/** The HTML of one table row, `<tr data-<attr>="id">…</tr>`. */
function row(html: string, attr: string, id: number): string {
  const match = new RegExp(`<tr data-${attr}="${id}">([\\s\\S]*?)</tr>`).exec(html);
  if (!match) throw new Error(`no row data-${attr}="${id}"`);
  return match[1]!;
}

function count(rowHtml: string, name: string): number {
  const match = new RegExp(`data-count="${name}"[^>]*>(\\d+)<`).exec(rowHtml);
  if (!match) throw new Error(`no data-count="${name}" in ${rowHtml}`);
  return Number(match[1]);
}

describe('schools and municipalities pages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const db = () => h.core.database.db;
  const auditOf = (entity: string) => listAudit(h.core, { all: true }, owner, { entity });
  const allSchools = () => db().select().from(schools).orderBy(asc(schools.id));

  it('lists schools with counts and curators, and filters them by municipality, tag, name and "no lead"', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const all = await editor.html('/schools');
    expect(all).toContain('data-total="5"');
    // Ordered by municipality name (Берёзовский, Городской округ Светлогорск, Заречный), then short name.
    expect(rowIds(all, 'school')).toEqual([3, 4, 2, 1, 5]);
    const first = row(all, 'school', 1);
    expect(first).toContain('href="/schools/1"');
    expect(first).toContain('СОШ № 5 г. Светлогорска');
    expect(first).toContain('Городской округ Светлогорск');
    expect(first).toContain('ШНОР');
    expect(first).toContain('500+');
    expect(count(first, 'people')).toBe(2);
    expect(count(first, 'leads')).toBe(1);
    expect(first).toContain('Кузнецова Ольга Сергеевна');
    expect(count(row(all, 'school', 2), 'leads')).toBe(0);
    expect(row(all, 'school', 2)).not.toContain('Кузнецова');

    expect(rowIds(await editor.html('/schools?nolead=1'), 'school')).toEqual([3, 4, 2]);
    expect(rowIds(await editor.html('/schools?municipality=2'), 'school')).toEqual([3, 4]);
    expect(rowIds(await editor.html('/schools?tag=shnor'), 'school')).toEqual([3, 1, 5]);
    expect(rowIds(await editor.html('/schools?tag=shnor&nolead=1&municipality=2'), 'school')).toEqual([3]);
    expect(rowIds(await editor.html(`/schools?q=${encodeURIComponent('ЛИЦЕЙ')}`), 'school')).toEqual([2]);
    expect(rowIds(await editor.html(`/schools?q=${encodeURIComponent('берез')}`), 'school')).toEqual([3]);
    // Empty inputs of the GET form mean "no filter".
    expect(rowIds(await editor.html('/schools?q=&municipality=&tag='), 'school')).toHaveLength(5);
    // SQL-looking search text is just text that matches nothing.
    const injected = await editor.get(`/schools?q=${encodeURIComponent("' OR 1=1 --")}`);
    expect(injected.status).toBe(200);
    expect(await injected.text()).toContain('data-total="0"');

    // Bad filters: 400, the field and the reason, and the filter is not applied.
    const bad = await editor.get('/schools?municipality=abc&tag=DROP%20TABLE');
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain('Фильтр содержит неверные значения');
    expect(badText).toContain('Метка «DROP TABLE»: только строчные буквы');
    expect(badText).toContain('data-total="5"');
    expect((await allSchools()).length).toBe(5);
  });

  it('edits tags: a bad free tag shows its error, keeps the typed text and stores nothing; a good one is stored and audited', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const card = await editor.html('/schools/1');
    expect(card).toContain('МБОУ «Средняя общеобразовательная школа № 5» г. Светлогорска');
    expect(card).toContain('DEMO-0001');
    expect(card).toContain('href="/people?school=1"');
    expect(card).toContain('Люди школы: 2');

    const bad = await editor.post('/schools/1/tags', { tags: ['shnor'], freeTags: 'сельская, Большая_Школа' });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain('value="сельская, Большая_Школа"');
    expect(badText).toContain('Метка «Большая_Школа»: только строчные буквы, цифры');
    expect((await getSchool(h.core, 1))?.tags).toEqual(['shnor', '500plus']);
    expect(await auditOf('school')).toEqual([]);

    for (const freeTags of ['a'.repeat(41), "x'; drop table schools; --", 'a,'.repeat(21)]) {
      const response = await editor.post('/schools/1/tags', { tags: [], freeTags });
      expect(response.status).toBe(400);
    }
    expect((await editor.post('/schools/1/tags', { tags: ['wizard'], freeTags: '' })).status).toBe(400);
    expect((await getSchool(h.core, 1))?.tags).toEqual(['shnor', '500plus']);

    const ok = await editor.post('/schools/1/tags', { tags: ['risk_zone', 'shnor'], freeTags: ' сельская,small-school, сельская,' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/schools/1?done=saved');
    expect((await getSchool(h.core, 1))?.tags).toEqual(['shnor', 'risk_zone', 'сельская', 'small-school']);
    const [entry] = await auditOf('school');
    expect(entry).toMatchObject({
      action: 'school.tags',
      entityId: '1',
      municipalityId: 1,
      actor: 'editor-@mayak.test',
      before: { tags: ['shnor', '500plus'] },
      after: { tags: ['shnor', 'risk_zone', 'сельская', 'small-school'] },
    });

    const after = await editor.html('/schools/1');
    expect(after).toContain('изменены метки');
    expect(after).toContain('23.11.2026, 12:00'); // 09:00 UTC in the region's zone (Moscow)
    expect(after).toContain('value="сельская, small-school"');
    const byTag = await editor.html(`/schools?tag=${encodeURIComponent('сельская')}`);
    expect(rowIds(byTag, 'school')).toEqual([1]);
    expect(byTag).toContain('<option value="сельская" selected="">сельская</option>');
    // A coordinator of another municipality is not offered the tags of schools they cannot see.
    const other = await PanelClient.signedIn(h, 'coordinator', [2]);
    expect(await other.html('/schools')).not.toContain('сельская');
  });

  it('edits names; a 2,000-character or multi-line name is a field error and changes nothing', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/schools/2');
    const long = await editor.post('/schools/2', { fullName: 'Ш'.repeat(2000), shortName: 'Лицей' });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('не больше 300');
    expect((await editor.post('/schools/2', { fullName: 'МАОУ Лицей\nвторая строка', shortName: 'Лицей' })).status).toBe(400);
    expect((await getSchool(h.core, 2))?.fullName).toBe('МАОУ «Лицей № 1» г. Светлогорска');

    const ok = await editor.post('/schools/2', { fullName: "МАОУ «Лицей № 1» '); DROP TABLE schools; --", shortName: '<b>Лицей № 1</b>' });
    expect(ok.status).toBe(303);
    expect(await getSchool(h.core, 2)).toMatchObject({ fullName: "МАОУ «Лицей № 1» '); DROP TABLE schools; --", shortName: '<b>Лицей № 1</b>' });
    expect((await allSchools()).length).toBe(5);
    const [entry] = await auditOf('school');
    expect(entry).toMatchObject({ action: 'school.rename', entityId: '2', before: { fullName: 'МАОУ «Лицей № 1» г. Светлогорска', shortName: 'Лицей № 1' } });
    const list = await editor.html('/schools');
    expect(list).not.toContain('<b>Лицей');
    expect(list).toContain('&lt;b&gt;Лицей № 1&lt;/b&gt;');
  });

  it('assigns and removes curators, seen on the card and by listSchools', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const before = await owner.html('/schools/2');
    expect(rowIds(before, 'curator')).toEqual([]);
    expect(before).toContain('<option value="3">Кузнецова Ольга Сергеевна</option>');

    const assigned = await owner.post('/schools/2/curators', { curatorId: '3' });
    expect(assigned.status).toBe(303);
    const card = await owner.html('/schools/2?done=curator-assigned');
    expect(card).toContain('Куратор назначен.');
    expect(rowIds(card, 'curator')).toEqual([3]);
    expect(card).toContain('назначен куратор');
    const rows = await listSchools(h.core, { all: true });
    expect(rows.find((r) => r.school.id === 2)?.curators).toEqual([{ id: 3, fullName: 'Кузнецова Ольга Сергеевна' }]);
    // Assigning again changes nothing and writes nothing.
    await owner.post('/schools/2/curators', { curatorId: '3' });
    expect((await auditOf('school')).filter((e) => e.action === 'curator.assign')).toHaveLength(1);

    // Not a curator, not a number, nobody: field errors or not-found, nothing stored.
    const notCurator = await owner.post('/schools/2/curators', { curatorId: '5' });
    expect(notCurator.status).toBe(400);
    expect(await notCurator.text()).toContain('нет роли куратора');
    const notNumber = await owner.post('/schools/2/curators', { curatorId: '3 OR 1=1' });
    expect(notNumber.status).toBe(400);
    expect(await notNumber.text()).toContain('Выберите значение из списка');
    expect((await owner.post('/schools/2/curators', { curatorId: '999' })).status).toBe(404);
    expect(await db().select().from(curatorSchools).where(eq(curatorSchools.schoolId, 2))).toHaveLength(1);

    const removed = await owner.post('/schools/1/curators/remove', { curatorId: '3' });
    expect(removed.status).toBe(303);
    expect(rowIds(await owner.html('/schools/1'), 'curator')).toEqual([]);
    const after = await listSchools(h.core, { all: true });
    expect(after.find((r) => r.school.id === 1)?.curators).toEqual([]);
    expect(after.find((r) => r.school.id === 3)?.curators).toEqual([{ id: 3, fullName: 'Кузнецова Ольга Сергеевна' }]);
    const [entry] = await auditOf('school');
    expect(entry).toMatchObject({ action: 'curator.unassign', entityId: '1', after: { curatorId: 3 } });
    expect((await owner.post('/schools/1/curators/remove', { curatorId: '3' })).status).toBe(400);
  });

  it('creates a school; a taken code is a field error that keeps what was typed', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const form = await editor.html('/schools/new');
    expect(form).toContain('name="municipalityId"');
    const typed = { municipalityId: '2', fullName: 'МКОУ «Новая СОШ»', shortName: 'Новая СОШ', code: 'DEMO-0001', tags: ['shnor'], freeTags: 'новая' };
    const duplicate = await editor.post('/schools', typed);
    expect(duplicate.status).toBe(400);
    const text = await duplicate.text();
    expect(text).toContain('Школа с таким кодом уже есть');
    expect(text).toContain('value="МКОУ «Новая СОШ»"');
    expect(text).toContain('value="DEMO-0001"');
    expect(text).toContain('value="новая"');
    expect((await allSchools()).length).toBe(5);

    const missing = await editor.post('/schools', { municipalityId: 'x', fullName: '', shortName: 'Н', code: 'a b' });
    expect(missing.status).toBe(400);
    const missingText = await missing.text();
    expect(missingText).toContain('Выберите значение из списка');
    expect(missingText).toContain('не меньше 3');
    expect(missingText).toContain('Код: только буквы');
    expect((await editor.post('/schools', { ...typed, code: '', municipalityId: '99' })).status).toBe(400);
    expect((await allSchools()).length).toBe(5);

    const created = await editor.post('/schools', { ...typed, code: 'NEW-1' });
    expect(created.status).toBe(303);
    const school = (await allSchools()).at(-1)!;
    expect(school).toMatchObject({ municipalityId: 2, fullName: 'МКОУ «Новая СОШ»', shortName: 'Новая СОШ', code: 'NEW-1', tags: ['shnor', 'новая'] });
    expect(created.headers.get('location')).toBe(`/schools/${school.id}?done=school-created`);
    const [entry] = await auditOf('school');
    expect(entry).toMatchObject({ action: 'school.create', entityId: String(school.id), municipalityId: 2, after: { code: 'NEW-1' } });
    expect(await editor.html(`/schools/${school.id}`)).toContain('школа добавлена');

    // Without a code, twice: codes are optional, and "no code" is not a duplicate.
    expect((await editor.post('/schools', { ...typed, code: '' })).status).toBe(303);
    expect((await editor.post('/schools', { ...typed, code: '' })).status).toBe(303);
    expect((await allSchools()).filter((s) => s.code === null)).toHaveLength(2);
  });

  it('lists municipalities with counts that link to the filtered lists', async () => {
    const now = h.clock.now();
    await db()
      .insert(people)
      .values({
        fullName: 'Заявитель Пётр',
        searchName: searchKey('Заявитель Пётр'),
        roles: ['teacher'],
        municipalityId: 2,
        schoolId: 4,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      });
    const editor = await PanelClient.signedIn(h, 'editor');
    const page = await editor.html('/municipalities');
    expect(rowIds(page, 'municipality')).toEqual([2, 1, 3]);
    const svetlogorsk = row(page, 'municipality', 1);
    expect([count(svetlogorsk, 'schools'), count(svetlogorsk, 'people'), count(svetlogorsk, 'pending')]).toEqual([2, 4, 0]);
    const berezovsky = row(page, 'municipality', 2);
    expect([count(berezovsky, 'schools'), count(berezovsky, 'people'), count(berezovsky, 'pending')]).toEqual([2, 3, 1]);
    expect(berezovsky).toContain('href="/schools?municipality=2"');
    expect(berezovsky).toContain('href="/people?municipality=2"');
    expect(berezovsky).toContain('href="/approvals"');
    expect(row(page, 'municipality', 3)).toContain('Asia/Yekaterinburg');
  });

  it('an editor creates and renames municipalities; duplicates and unknown zones are field errors', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/municipalities');
    const created = await editor.post('/municipalities', { name: 'Озёрный округ', timezone: ' asia/omsk ' });
    expect(created.status).toBe(303);
    const row4 = await getMunicipality(h.core, 4);
    expect(row4).toMatchObject({ name: 'Озёрный округ', timezone: 'Asia/Omsk' });
    expect(created.headers.get('location')).toBe('/municipalities/4?done=municipality-created');
    const [entry] = await auditOf('municipality');
    expect(entry).toMatchObject({ action: 'municipality.create', entityId: '4', municipalityId: 4, after: { name: 'Озёрный округ', timezone: 'Asia/Omsk' } });

    const duplicate = await editor.post('/municipalities', { name: '  озерный ОКРУГ ', timezone: '' });
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toContain('Муниципалитет с таким названием уже есть');
    const badZone = await editor.post('/municipalities', { name: 'Марсианский округ', timezone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    const badZoneText = await badZone.text();
    expect(badZoneText).toContain('Неизвестный часовой пояс');
    expect(badZoneText).toContain('value="Марсианский округ"');
    expect((await editor.post('/municipalities', { name: 'М'.repeat(2000), timezone: '' })).status).toBe(400);
    expect(await db().select().from(municipalities)).toHaveLength(4);

    const renamed = await editor.post('/municipalities/4', { name: 'Озёрный муниципальный округ', timezone: '' });
    expect(renamed.status).toBe(303);
    expect(await getMunicipality(h.core, 4)).toMatchObject({ name: 'Озёрный муниципальный округ', timezone: null });
    const [rename] = await auditOf('municipality');
    expect(rename).toMatchObject({
      action: 'municipality.rename',
      entityId: '4',
      before: { name: 'Озёрный округ', timezone: 'Asia/Omsk' },
      after: { name: 'Озёрный муниципальный округ', timezone: null },
    });
    expect(await editor.html('/municipalities/4')).toContain('муниципалитет изменён');
    const clash = await editor.post('/municipalities/4', { name: 'Заречный муниципальный округ', timezone: '' });
    expect(clash.status).toBe(400);
    expect((await getMunicipality(h.core, 4))?.name).toBe('Озёрный муниципальный округ');
    expect((await editor.post('/municipalities/99', { name: 'Никакой', timezone: '' })).status).toBe(404);
  });

  it('a coordinator of municipality 1 sees and changes only municipality 1', async () => {
    // Person 6 (municipality 2) becomes a curator too, to try assigning them.
    await db()
      .update(people)
      .set({ roles: ['teacher', 'curator'] })
      .where(eq(people.id, 6));
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const list = await coordinator.html('/schools');
    expect(rowIds(list, 'school')).toEqual([2, 1]);
    expect(list).not.toContain('Берёзовская СОШ');
    expect(rowIds(await coordinator.html('/schools?municipality=2'), 'school')).toEqual([]);
    expect(rowIds(await coordinator.html('/schools?nolead=1'), 'school')).toEqual([2]);
    expect((await coordinator.get('/schools/3')).status).toBe(404);

    const card = await coordinator.html('/schools/2');
    expect(card).toContain('<option value="3">');
    expect(card).not.toContain('<option value="6">');
    const attempts: [string, Record<string, string | string[]>][] = [
      ['/schools/3', { fullName: 'Захваченная школа', shortName: 'Захват' }],
      ['/schools/3/tags', { tags: [], freeTags: 'чужая' }],
      ['/schools/3/curators', { curatorId: '3' }],
      ['/schools/3/curators/remove', { curatorId: '3' }],
      ['/schools/3/curators', { curatorId: 'abc' }],
    ];
    for (const [path, form] of attempts) {
      expect((await coordinator.post(path, form)).status, path).toBe(404);
    }
    // A curator of another municipality cannot be assigned to one's own school.
    expect((await coordinator.post('/schools/1/curators', { curatorId: '6' })).status).toBe(404);
    // Nor can a school be created in another municipality.
    expect(
      (await coordinator.post('/schools', { municipalityId: '2', fullName: 'Чужая новая школа', shortName: 'Чужая', code: '', freeTags: '' })).status,
    ).toBe(404);
    expect(await getSchool(h.core, 3)).toMatchObject({ shortName: 'Берёзовская СОШ', tags: ['shnor', 'risk_zone'] });
    expect(await db().select().from(curatorSchools).where(eq(curatorSchools.curatorId, 6))).toEqual([]);
    expect(await db().select().from(curatorSchools).where(eq(curatorSchools.schoolId, 3))).toHaveLength(1);
    expect((await allSchools()).length).toBe(5);
    expect(await db().select().from(auditLog)).toEqual([]);

    // Within municipality 1 the coordinator may work.
    expect((await coordinator.post('/schools/2/tags', { tags: ['shnsu'], freeTags: '' })).status).toBe(303);
    expect((await getSchool(h.core, 2))?.tags).toEqual(['shnsu']);
    expect((await coordinator.post('/schools', { municipalityId: '1', fullName: 'МБОУ «СОШ № 9»', shortName: 'СОШ № 9', code: '', freeTags: '' })).status).toBe(
      303,
    );
    expect((await allSchools()).length).toBe(6);

    // Municipalities: only their own, read-only.
    const municipalitiesPage = await coordinator.html('/municipalities');
    expect(rowIds(municipalitiesPage, 'municipality')).toEqual([1]);
    expect(municipalitiesPage).not.toContain('action="/municipalities"');
    expect((await coordinator.get('/municipalities/2')).status).toBe(404);
    expect(await coordinator.html('/municipalities/1')).toContain('disabled');
    expect((await coordinator.post('/municipalities', { name: 'Самовольный округ', timezone: '' })).status).toBe(403);
    expect((await coordinator.post('/municipalities/1', { name: 'Переименованный', timezone: '' })).status).toBe(403);
    expect(await db().select().from(municipalities)).toHaveLength(3);
    expect((await getMunicipality(h.core, 1))?.name).toBe('Городской округ Светлогорск');
  });

  it('a viewer reads everything in scope but gets 403 on every change', async () => {
    const viewer = await PanelClient.signedIn(h, 'viewer');
    expect(rowIds(await viewer.html('/schools'), 'school')).toHaveLength(5);
    const card = await viewer.html('/schools/1');
    expect(card).toContain('<fieldset disabled=""');
    expect((await viewer.html('/municipalities')).includes('action="/municipalities"')).toBe(false);
    const attempts: [string, Record<string, string | string[]>][] = [
      ['/schools', { municipalityId: '1', fullName: 'МБОУ «СОШ № 9»', shortName: 'СОШ № 9', code: '', freeTags: '' }],
      ['/schools/1', { fullName: 'Другое полное название', shortName: 'Другое' }],
      ['/schools/1/tags', { tags: [], freeTags: '' }],
      ['/schools/2/curators', { curatorId: '3' }],
      ['/schools/1/curators/remove', { curatorId: '3' }],
      ['/municipalities', { name: 'Новый округ', timezone: '' }],
      ['/municipalities/1', { name: 'Переименованный', timezone: '' }],
    ];
    for (const [path, form] of attempts) {
      expect((await viewer.post(path, form)).status, path).toBe(403);
    }
    expect(await getSchool(h.core, 1)).toMatchObject({ shortName: 'СОШ № 5 г. Светлогорска', tags: ['shnor', '500plus'] });
    expect((await allSchools()).length).toBe(5);
    expect(await db().select().from(curatorSchools)).toHaveLength(2);
    expect(await db().select().from(municipalities)).toHaveLength(3);
    expect(await db().select().from(auditLog)).toEqual([]);
  });

  it('unknown or malformed school ids are not found', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/schools');
    expect((await editor.get('/schools/99')).status).toBe(404);
    expect((await editor.get('/schools/abc')).status).toBe(404);
    expect((await editor.get('/schools/99999999999999999999')).status).toBe(404);
    expect((await editor.post('/schools/99/tags', { tags: [], freeTags: '' })).status).toBe(404);
    expect((await editor.get('/municipalities/99')).status).toBe(404);
  });

  it('lists 1,000 schools quickly, and "no lead" agrees with the dashboard', async () => {
    const now = h.clock.now();
    const created = [];
    for (let i = 0; i < 1000; i++)
      created.push({
        municipalityId: 1 + (i % 3),
        fullName: `МБОУ «СОШ № ${i + 10}»`,
        shortName: `СОШ № ${i + 10}`,
        code: `BULK-${i}`,
        tags: i % 4 ? ['shnor'] : ['risk_zone'],
        createdAt: now,
      });
    for (let k = 0; k < created.length; k += 14)
      await db()
        .insert(schools)
        .values(created.slice(k, k + 14));
    const staff = [];
    for (let i = 0; i < 10_000; i++) {
      staff.push({
        fullName: `Сотрудник ${i}`,
        searchName: `сотрудник ${i}`,
        roles: i % 25 === 0 ? ['school_lead'] : ['teacher'],
        municipalityId: 1 + (i % 3),
        schoolId: 6 + (i % 1000),
        status: i % 50 === 0 ? ('deactivated' as const) : ('active' as const),
        createdAt: now,
        updatedAt: now,
      });
    }
    for (let k = 0; k < staff.length; k += 5)
      await db()
        .insert(people)
        .values(staff.slice(k, k + 5));
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/schools');
    const started = performance.now();
    const page = await editor.html('/schools?nolead=1');
    expect(performance.now() - started).toBeLessThan(3000);
    const { schoolsWithoutLead, schools: total } = await dashboardFigures(h.core, { all: true });
    expect(total).toBe(1005);
    expect(page).toContain(`data-total="${schoolsWithoutLead}"`);
    expect(rowIds(page, 'school')).toHaveLength(schoolsWithoutLead);
    expect(schoolsWithoutLead).toBeGreaterThan(900);
    expect(rowIds(await editor.html('/schools'), 'school')).toHaveLength(1005);
  });
});
