/**
 * The admin panel's people directory at a region's scale: 50,000 people in 1,000 schools of 60 municipalities.
 * Measures the rendered /people page (first page, filtered, searched, deep in the list) through the real Hono app
 * with a signed-in editor, as p50/p99 over repeated requests. The dashboard at 200,000 people is bench/dashboard.ts.
 */
import { createAdmin } from '../core/admins/accounts.js';
import { searchKey } from '../core/directory/places.js';
import { personRoles, subjects } from '../core/directory/vocabulary.js';
import { envInt, fmt, log, percentile, type Row, seedRegion, startFake, startProduct, panelSessionCookie } from './support.js';
import { insertPeople } from '../test/support/people.js';

const target = { p99Ms: 100 };
const dayMs = 86_400_000;
const surnames = ['Иванова', 'Петров', 'Смирнова', 'Кузнецов', 'Соколова', 'Попов', 'Лебедева', 'Козлов', 'Новикова', 'Морозов'];
const names = ['Анна', 'Сергей', 'Мария', 'Иван', 'Ольга', 'Дмитрий', 'Елена', 'Алексей'];

export async function runDirectoryBench(): Promise<Row[]> {
  const n = envInt('BENCH_PEOPLE_N', 50_000);
  const repeats = envInt('BENCH_PAGE_REPEATS', 40);
  log(`\n## Directory: /people with ${fmt.int(n)} people, ${repeats} requests per case`);
  const fake = await startFake(0);
  const product = await startProduct(fake);
  try {
    const { core } = product.app;
    const now = Date.now();
    const seedStart = performance.now();
    await seedRegion(core, 1000, { tagged: true });
    const personRow = (i: number) => {
      const fullName = `${surnames[i % surnames.length]} ${names[i % names.length]} ${i}`;
      const schoolId = (i % 1000) + 1;
      return {
        telegramId: 10_000_000 + i,
        fullName,
        searchName: searchKey(fullName),
        roles: [personRoles[i % 2]!],
        municipalityId: ((schoolId - 1) % 60) + 1,
        schoolId,
        subjects: [subjects[i % subjects.length]!],
        status: 'active' as const,
        consentAt: now,
        createdAt: now - (i % 730) * dayMs,
        updatedAt: now,
      };
    };
    const seedPeople = async (from: number, to: number) => {
      for (let i = from; i < to; i += 20_000) {
        const rows = Array.from({ length: Math.min(20_000, to - i) }, (_, k) => personRow(i + k));
        await insertPeople(core, rows, 500);
      }
    };
    await seedPeople(0, n);
    log(`  seeded in ${fmt.s(performance.now() - seedStart)}`);

    await createAdmin(core, { email: 'bench@mayak.test', password: 'bench password 123', role: 'editor' });
    const cookie = await panelSessionCookie(product.app.admin, 'bench@mayak.test', 'bench password 123');
    const cases: [string, string][] = [
      ['/people first page', '/people'],
      ['/people role + municipality', '/people?role=teacher&municipality=7'],
      ['/people search by name', '/people?q=%D0%BB%D0%B5%D0%B1%D0%B5%D0%B4'],
      ['/people deep page (keyset)', `/people?before=${Math.floor(n / 10)}`],
      ['/people subject + tag', '/people?subject=math&tag=shnor'],
    ];
    const rows: Row[] = [];
    const measure = async (name: string, path: string, limit: number, samples = repeats) => {
      const times: number[] = [];
      for (let i = 0; i < samples + 3; i++) {
        const started = performance.now();
        const response = await product.app.admin.request(path, { headers: { cookie } });
        await response.text();
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
        if (i >= 3) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p99 = percentile(times, 99);
      log(`  ${name}: p50 ${fmt.ms(percentile(times, 50))}, p99 ${fmt.ms(p99)}`);
      rows.push({
        case: 'directory',
        metric: `${name} p50 / p99`,
        value: `${fmt.ms(percentile(times, 50))} / ${fmt.ms(p99)}`,
        target: `p99 < ${limit} ms`,
        ok: p99 < limit,
      });
    };
    for (const [name, path] of cases) await measure(name, path, target.p99Ms);

    return rows;
  } finally {
    await product.close();
    await fake.close();
  }
}
