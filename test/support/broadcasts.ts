import type { Core } from '../../core/core.js';
import type { BroadcastInput } from '../../core/broadcasts/broadcasts.js';
import { confirmTelegramLink, requestTelegramLink } from '../../core/broadcasts/telegram-link.js';
import type { Actor } from '../../core/admins/access.js';
import type { Harness } from './harness.js';
import { insertPeople } from './people.js';

/** Telegram ids of the teachers `addTeachers` makes: base + 1 … base + n. */
export const crowdTelegramBase = 700_000_000;

/** n active, consenting teachers in a municipality (ids crowdTelegramBase + offset + 1 …), for broadcasts of size. */
export async function addTeachers(core: Core, n: number, options: { municipalityId?: number; offset?: number } = {}): Promise<number[]> {
  const now = core.clock.now();
  const offset = options.offset ?? 0;
  const rows = Array.from({ length: n }, (_, i) => ({
    telegramId: crowdTelegramBase + offset + i + 1,
    fullName: `Учитель ${offset + i + 1}`,
    searchName: `учитель ${offset + i + 1}`,
    roles: ['teacher'],
    municipalityId: options.municipalityId ?? 1,
    subjects: [],
    status: 'active' as const,
    consentAt: now,
    consentVersion: 'test',
    createdAt: now,
    updatedAt: now,
  }));
  await insertPeople(core, rows);
  return rows.map((r) => r.telegramId);
}

/** A broadcast to the teachers of municipality 1, sent at once. */
export function notice(overrides: Partial<BroadcastInput> = {}): BroadcastInput {
  return {
    html: '<b>Внимание!</b> Завтра вебинар по <i>функциональной грамотности</i>.',
    buttons: [],
    audience: { roles: ['teacher'], municipalityIds: [1] },
    municipalityId: null,
    sendAt: null,
    ...overrides,
  };
}

/** Links a Telegram id to an admin account as the panel does: the bot sends a code there, the code is typed back. */
export async function linkTelegramWithCode(h: Harness, actor: Actor, adminId: number, telegramId: number): Promise<void> {
  await requestTelegramLink(h.core, actor, adminId, telegramId);
  await h.drain();
  const code = /<b>(\d{6})<\/b>/.exec(h.lastText(telegramId))?.[1];
  if (!code) throw new Error(`no code in chat ${telegramId}: ${h.lastText(telegramId)}`);
  await confirmTelegramLink(h.core, actor, adminId, code);
}
