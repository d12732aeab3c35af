import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { addTeachers } from '../support/broadcasts.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

/** The ids of the people a recipients page lists, and its "next" link. */
function listed(html: string): { ids: number[]; next: string | undefined } {
  const ids = [...html.matchAll(/<tr data-person="(\d+)"/g)].map((m) => Number(m[1]));
  const next = /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  return { ids, next };
}

/** Every page of a recipients list, following "next". */
async function allListed(client: PanelClient, path: string): Promise<number[]> {
  const ids: number[] = [];
  let url: string | undefined = path;
  while (url) {
    const page = listed(await client.html(url.startsWith('?') ? `/audiences/recipients${url}` : url));
    ids.push(...page.ids);
    url = page.next;
  }
  return ids;
}

describe('the recipients behind an audience count', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await addTeachers(h.core, 60, { municipalityId: 2 });
    await addTeachers(h.core, 3, { municipalityId: 1, offset: 100 });
  });
  afterEach(() => h.close());

  it('the count in every composer links to the people it means, paged, with name, roles, school and municipality', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    for (const form of ['/events/new', '/tasks/new', '/surveys/new', '/broadcasts/new']) {
      expect(await editor.html(form)).toMatch(/<a id="audience-list" href="\/audiences\/recipients\?[^"]*"/);
    }

    const { count } = (await (await editor.request('/audiences/count?roles=teacher')).json()) as { count: number };
    expect(count).toBeGreaterThan(50);
    const first = await editor.html('/audiences/recipients?roles=teacher');
    expect(first).toContain(`Получателей сейчас: ${count}`);
    expect(first).toContain('Роли: Учитель');
    expect(first).toMatch(/<th>ФИО<\/th>\s*<th>Роли<\/th>\s*<th>Школа<\/th>\s*<th>Муниципалитет<\/th>/);
    expect(listed(first).ids).toHaveLength(50);
    const ids = await allListed(editor, '/audiences/recipients?roles=teacher');
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);

    // The form's owner narrows the list as it narrows the count.
    expect(await allListed(editor, '/audiences/recipients?roles=teacher&municipalityId=1')).toHaveLength(4);
  });

  it('a coordinator sees only the recipients in their municipalities', async () => {
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const { count } = (await (await coordinator.request('/audiences/count?roles=teacher')).json()) as { count: number };
    expect(count).toBe(4);
    const html = await coordinator.html('/audiences/recipients?roles=teacher');
    expect(html).toContain(`Получателей сейчас: ${count}`);
    const rows = [...html.matchAll(/<tr data-person="\d+">[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(count);
    const municipality = /<td>([^<]+)<\/td>\s*<\/tr>/.exec(rows[0]!)?.[1];
    expect(rows.every((row) => row.includes(`<td>${municipality}</td>`))).toBe(true);
    // Another municipality's people are not listed even when the rule names that municipality.
    expect(listed(await coordinator.html('/audiences/recipients?roles=teacher&audienceMunicipalities=2')).ids).toEqual([]);
  });
});
