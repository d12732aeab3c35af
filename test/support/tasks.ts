import type { Actor } from '../../core/admins/access.js';
import type { Core } from '../../core/core.js';
import { searchKey } from '../../core/directory/places.js';
import { defaultReminderPlan } from '../../core/tasks/reminder-plan.js';
import type { TaskInput } from '../../core/tasks/tasks.js';
import { people } from '../../db/schema/index.js';
import type { FakeUser } from '../../sandbox/fake-bot-api.js';
import { user, type Harness } from './harness.js';
import { addTelegramContact, findPersonByTelegramId } from './people.js';

export const hour = 3_600_000;
export const day = 24 * hour;
/** 18:00 in Moscow on Thursday 26 Nov 2026; the harness clock starts on Monday 23 Nov, 12:00 Moscow. */
export const taskDue = Date.parse('2026-11-26T15:00:00Z');
export const editorActor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };

/** A school task for the leads of demo schools 1 and 2 (municipality 1) and 3 (municipality 2): a photo, checked by the curator. */
export function schoolTask(overrides: Partial<TaskInput> = {}): TaskInput {
  return {
    title: 'Разместить школьный план на сайте',
    instructions: 'Разместите план в разделе <b>«Документы»</b>: <a href="https://example.ru/plan">образец</a>',
    dueAt: taskDue,
    audience: { roles: ['school_lead'], schoolIds: [1, 2, 3] },
    assignment: 'school',
    evidence: 'photo',
    verifier: 'curator',
    reminderPlan: { ...defaultReminderPlan, beforeMinutes: [1440], overdueEveryMinutes: 2 * 1440, overdueTimes: 2 },
    escalateAfterMinutes: 1440,
    municipalityId: null,
    ...overrides,
  };
}

/** Adds an active, consented person straight into the directory (a second lead, a lead of a school the demo leaves empty). */
export async function addPerson(
  core: Core,
  p: { telegramId: number; name: string; roles: string[]; municipalityId: number; schoolId: number | null },
): Promise<number> {
  const now = core.clock.now();
  const row = await core.database.db
    .insert(people)
    .values({
      fullName: p.name,
      searchName: searchKey(p.name),
      roles: p.roles,
      municipalityId: p.municipalityId,
      schoolId: p.schoolId,
      status: 'active',
      consentAt: now,
      consentVersion: 'test',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  await addTelegramContact(core, row.id, p.telegramId);
  return row.id;
}

export async function personIdOf(core: Core, telegramId: number): Promise<number> {
  return (await findPersonByTelegramId(core, telegramId))!.id;
}

let seq = 1;

/** A photo (or a document) from a user, as Telegram delivers it: only the file_id is the bot's to keep. */
export async function sendFile(h: Harness, from: FakeUser, kind: 'photo' | 'document', options: { caption?: string; chatId?: number } = {}): Promise<string> {
  const fileId = `${kind}-file-${seq++}`;
  const chat = options.chatId ? { id: options.chatId, type: 'group', title: 'Школа' } : { id: from.id, type: 'private', first_name: from.first_name };
  const media =
    kind === 'photo'
      ? {
          photo: [
            { file_id: `${fileId}-small`, file_unique_id: `u${fileId}s`, width: 90, height: 60 },
            { file_id: fileId, file_unique_id: `u${fileId}`, width: 800, height: 600 },
          ],
        }
      : { document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: 'plan.pdf' } };
  await h.post({
    update_id: 500_000 + seq,
    message: { message_id: 100_000 + seq, from, chat, date: 1, ...media, ...(options.caption ? { caption: options.caption } : {}) },
  });
  return fileId;
}

/** A text from a user in a group chat. */
export async function sendInGroup(h: Harness, from: FakeUser, chatId: number, text: string): Promise<void> {
  await h.post({
    update_id: 600_000 + seq++,
    message: { message_id: 200_000 + seq, from, chat: { id: chatId, type: 'group', title: 'Школа' }, date: 1, text },
  });
}

/** A button pressed in a group chat on a message the bot posted there. */
export async function pressInGroup(h: Harness, from: FakeUser, chatId: number, data: string): Promise<void> {
  await h.post({
    update_id: 700_000 + seq++,
    callback_query: {
      id: `g${seq}`,
      from,
      chat_instance: 'group',
      data,
      message: { message_id: 1, date: 1, chat: { id: chatId, type: 'group', title: 'Школа' } },
    },
  });
}

export { user };
