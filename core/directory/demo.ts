import { sql } from 'drizzle-orm';
import { contacts, curatorSchools, municipalities, people, region, schools } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { searchKey } from './places.js';

/** Telegram ids of demo people start here, far above what the sandbox gives newcomers. */
export const demoTelegramIdBase = 900_000_000;

interface DemoPerson {
  name: string;
  roles: string[];
  municipality: number;
  school?: number;
  subjects?: string[];
  curates?: number[];
}

const demoMunicipalities = [
  { name: 'Городской округ Светлогорск', timezone: null },
  { name: 'Берёзовский муниципальный район', timezone: null },
  { name: 'Заречный муниципальный округ', timezone: 'Asia/Yekaterinburg' },
];

const demoSchools = [
  {
    municipality: 0,
    fullName: 'МБОУ «Средняя общеобразовательная школа № 5» г. Светлогорска',
    shortName: 'СОШ № 5 г. Светлогорска',
    code: 'DEMO-0001',
    tags: ['shnor', '500plus'],
  },
  { municipality: 0, fullName: 'МАОУ «Лицей № 1» г. Светлогорска', shortName: 'Лицей № 1', code: 'DEMO-0002', tags: [] },
  { municipality: 1, fullName: 'МКОУ «Берёзовская СОШ»', shortName: 'Берёзовская СОШ', code: 'DEMO-0003', tags: ['shnor', 'risk_zone'] },
  { municipality: 1, fullName: 'МКОУ «Ключевская ООШ»', shortName: 'Ключевская ООШ', code: 'DEMO-0004', tags: ['shnsu'] },
  { municipality: 2, fullName: 'МКОУ «Заречная СОШ № 2»', shortName: 'Заречная СОШ № 2', code: 'DEMO-0005', tags: ['shnor'] },
];

const demoPeople: DemoPerson[] = [
  { name: 'Соколова Ирина Викторовна', roles: ['coordinator'], municipality: 0 },
  { name: 'Лебедев Андрей Николаевич', roles: ['coordinator'], municipality: 1 },
  { name: 'Кузнецова Ольга Сергеевна', roles: ['curator'], municipality: 0, curates: [0, 2] },
  { name: 'Морозов Павел Игоревич', roles: ['school_lead'], municipality: 0, school: 0 },
  { name: 'Васильева Елена Александровна', roles: ['teacher'], municipality: 0, school: 0, subjects: ['math', 'informatics'] },
  { name: 'Петров Сергей Михайлович', roles: ['teacher'], municipality: 1, school: 2, subjects: ['russian', 'literature'] },
  { name: 'Григорьева Наталья Юрьевна', roles: ['school_lead'], municipality: 2, school: 4 },
];

/** A demo group chat: its members are demo people by index (0-based), each with their status in the group. */
export interface DemoGroup {
  chatId: number;
  title: string;
  /** The school whose team it is (index into the demo schools). */
  school: number;
  members: { person: number; status: 'creator' | 'administrator' | 'member' }[];
  /** Whether the bot is in the group at start (an administrator) or still to be added. */
  botInGroup: boolean;
  /** Linked to the school in the demo region (as if its lead had sent /link). */
  linked: boolean;
}

/**
 * The sandbox's group chats: a linked team chat of СОШ № 5 (its lead created it; a teacher and the curator are in it)
 * and Заречная СОШ № 2's chat, where the bot is still to be added and /link to be sent.
 */
export const demoGroups: DemoGroup[] = [
  {
    chatId: -4_000_000_001,
    title: 'СОШ № 5 — управленческая команда',
    school: 0,
    members: [
      { person: 3, status: 'creator' },
      { person: 4, status: 'member' },
      { person: 2, status: 'member' },
    ],
    botInGroup: true,
    linked: true,
  },
  { chatId: -4_000_000_002, title: 'Заречная СОШ № 2 — педсовет', school: 4, members: [{ person: 6, status: 'creator' }], botInGroup: false, linked: false },
];

/** The sandbox's channels: the institute's own (in the demo region, the bot may do everything) and one where it may not post yet. */
export const demoChannels: { chatId: number; title: string; rights: { post: boolean; edit: boolean; delete: boolean }; inDemoRegion: boolean }[] = [
  { chatId: -1_001_234_567_890, title: 'ИРО Демо-области', rights: { post: true, edit: true, delete: true }, inDemoRegion: true },
  { chatId: -1_009_876_543_210, title: 'Методический вестник', rights: { post: false, edit: false, delete: false }, inDemoRegion: false },
];

/** What the sandbox offers to "log in" as: every demo person with their fake Telegram id. */
export function demoPeopleList(): { telegramId: number; name: string; roles: string[] }[] {
  return demoPeople.map((p, i) => ({ telegramId: demoTelegramIdBase + i + 1, name: p.name, roles: p.roles }));
}

/**
 * A small region to try the product on: three municipalities (one in another time zone), five schools,
 * two coordinators, a curator, leads and teachers. Refused on a database that already holds people,
 * so it never mixes with real data.
 */
export async function loadDemoRegion(core: Core): Promise<void> {
  const { db } = core.database;
  const count = await db.select({ n: sql<number>`count(*)` }).from(people).get();
  if ((count?.n ?? 0) > 0) throw new DomainError('demo-refused', 'the database already holds people; demo data go only into an empty one');
  const now = core.clock.now();
  await db.insert(region).values({ id: 1, name: 'Демо-область', timezone: core.config.defaultTimezone }).onConflictDoNothing();
  const municipalityIds: number[] = [];
  for (const m of demoMunicipalities) {
    const row = await db
      .insert(municipalities)
      .values({ ...m, createdAt: now })
      .onConflictDoUpdate({ target: municipalities.name, set: { timezone: m.timezone } })
      .returning()
      .get();
    municipalityIds.push(row.id);
  }
  const schoolIds: number[] = [];
  for (const s of demoSchools) {
    const { municipality, ...rest } = s;
    const row = await db
      .insert(schools)
      .values({ ...rest, municipalityId: municipalityIds[municipality]!, createdAt: now })
      .onConflictDoUpdate({ target: schools.code, set: { fullName: rest.fullName } })
      .returning()
      .get();
    schoolIds.push(row.id);
  }
  for (const [i, p] of demoPeople.entries()) {
    const row = await db
      .insert(people)
      .values({
        fullName: p.name,
        searchName: searchKey(p.name),
        roles: p.roles,
        municipalityId: municipalityIds[p.municipality]!,
        schoolId: p.school === undefined ? null : schoolIds[p.school]!,
        subjects: p.subjects ?? [],
        status: 'active',
        consentAt: now,
        consentVersion: 'demo',
        decidedAt: now,
        decidedBy: 'demo',
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const userId = String(demoTelegramIdBase + i + 1);
    await db.insert(contacts).values({ personId: row.id, channel: 'telegram', userId, chatId: userId, preferred: true, createdAt: now, updatedAt: now });
    for (const school of p.curates ?? []) {
      await db.insert(curatorSchools).values({ curatorId: row.id, schoolId: schoolIds[school]!, assignedAt: now }).onConflictDoNothing();
    }
  }
}
