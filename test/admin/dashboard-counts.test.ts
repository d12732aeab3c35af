import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../core/admins/access.js';
import { countPeople, dashboardFigures } from '../../core/directory/dashboard.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { editPerson, setPersonActive } from '../../core/directory/directory.js';
import { erasePerson } from '../../core/erasure/erasure.js';
import { applyImport, planImport } from '../../core/directory/import.js';
import { getPerson } from '../../core/directory/people.js';
import { markBlockedByChat, stopPerson } from '../../core/deliveries/recipients.js';
import { people } from '../../db/schema/index.js';
import { Harness } from '../support/harness.js';
import { addPerson, editorActor } from '../support/tasks.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const scopes: Scope[] = [{ all: true }, { all: false, municipalityIds: [1] }, { all: false, municipalityIds: [2, 3] }, { all: false, municipalityIds: [] }];

/** The counts as a scan of every person computes them: what the tally must always equal. */
async function scanned(h: Harness, scope: Scope) {
  const rows = await h.core.database.db.select({ status: people.status, roles: people.roles, municipalityId: people.municipalityId }).from(people);
  const byStatus: Record<string, number> = {};
  const activeByRole: Record<string, number> = {};
  for (const p of rows) {
    if (!scope.all && (p.municipalityId === null || !scope.municipalityIds.includes(p.municipalityId))) continue;
    byStatus[p.status] = (byStatus[p.status] ?? 0) + 1;
    if (p.status === 'active') for (const role of p.roles) activeByRole[role] = (activeByRole[role] ?? 0) + 1;
  }
  return { byStatus, activeByRole };
}

describe('people counts for the dashboards come from a tally kept by triggers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  const agrees = async (when: string) => {
    for (const scope of scopes) expect(await countPeople(h.core, scope), `${when}, ${JSON.stringify(scope)}`).toEqual(await scanned(h, scope));
  };

  it('equals a scan of the directory after imports, edits, status changes, erasure and deletes', async () => {
    await agrees('demo region');
    const figures = await dashboardFigures(h.core, { all: true });
    expect(figures.byStatus).toEqual((await scanned(h, { all: true })).byStatus);
    expect(figures.byRole.teacher).toBe((await scanned(h, { all: true })).activeByRole.teacher);

    const plan = await planImport(
      h.core,
      { ...editorActor, kind: 'admin', id: 0 },
      {
        kind: 'people',
        fileName: 'people.csv',
        bytes: utf8(
          [
            'full_name;role;school_code;telegram_id',
            'Новикова Ольга Игоревна;teacher;DEMO-0002;555000111',
            'Ким Виктор Андреевич;school_lead;DEMO-0003;',
            'Фёдоров Игорь Павлович;teacher, school_lead;DEMO-0001;712345678',
          ].join('\r\n'),
        ),
      },
    );
    expect(plan.problems).toEqual([]);
    await applyImport(h.core, { ...editorActor, kind: 'admin', id: 0 }, plan);
    await agrees('after an import');

    const teacher = await addPerson(h.core, {
      telegramId: 800_000_001,
      name: 'Соколова Анна Петровна',
      roles: ['teacher', 'curator'],
      municipalityId: 1,
      schoolId: 1,
    });
    await agrees('after an insert with two roles');
    await editPerson(h.core, editorActor, teacher, {
      fullName: 'Соколова Анна Петровна',
      roles: ['school_lead'],
      schoolId: 3,
      municipalityId: null,
      subjects: [],
    });
    expect((await getPerson(h.core, teacher))?.municipalityId).toBe(2);
    await agrees('after moving to another municipality with other roles');
    await setPersonActive(h.core, editorActor, teacher, false);
    await agrees('after deactivation');
    await setPersonActive(h.core, editorActor, teacher, true);
    await markBlockedByChat(h.core, 5, 'telegram');
    await stopPerson(h.core, 4);
    await agrees('after blocking and /stop');

    await erasePerson(h.core, (await getPerson(h.core, 5))!);
    await erasePerson(h.core, (await getPerson(h.core, teacher))!);
    await agrees('after erasure');

    // Statements that touch many rows at once, or none of the counted columns, or delete rows.
    await h.core.database.db.update(people).set({ status: 'active' }).where(eq(people.status, 'imported'));
    await h.core.database.db.update(people).set({ fullName: sql`${people.fullName}` });
    await h.core.database.db.update(people).set({ municipalityId: null }).where(eq(people.id, 2));
    await agrees('after bulk updates');
    await h.core.database.db.delete(people).where(eq(people.id, 7));
    await agrees('after a delete');
  });
});
