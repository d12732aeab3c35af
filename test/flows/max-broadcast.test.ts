import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/admins/access.js';
import { createBroadcast } from '../../core/broadcasts/broadcasts.js';
import { broadcastReport } from '../../core/broadcasts/report.js';
import { startBroadcast } from '../../core/broadcasts/sending.js';
import { linkContact } from '../../core/directory/contacts.js';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { dialogChatIdOf } from '../../sandbox/fake-max-api.js';
import { addTeachers, notice } from '../support/broadcasts.js';
import { MaxFlow, maxUser } from '../support/max.js';
import { insertPeople } from '../support/people.js';

const editor: Actor = { kind: 'token', id: 1, label: 'api:test', role: 'editor', municipalityIds: [] };

describe('one broadcast to people on Telegram and on MAX', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
  });
  afterEach(() => f.close());

  it('reaches each person once, on their preferred messenger; a person on both gets one message', async () => {
    const { core } = f.h;
    const onTelegram = await addTeachers(core, 10);
    const now = core.clock.now();
    const teacher = (n: number) => ({
      fullName: `Учитель MAX ${n}`,
      searchName: `учитель max ${n}`,
      roles: ['teacher'],
      municipalityId: 1,
      subjects: [],
      status: 'active' as const,
      consentAt: now,
      consentVersion: 'test',
      createdAt: now,
      updatedAt: now,
    });
    const onMax = Array.from({ length: 10 }, (_, i) => maxUser(7100 + i, `Max${i}`));
    const ids = await insertPeople(core, [...onMax.map((_, i) => teacher(i)), teacher(99)]);
    for (const [i, u] of onMax.entries()) {
      f.max.build.started(u);
      await linkContact(core, ids[i]!, 'max', String(u.user_id), String(dialogChatIdOf(u.user_id)));
    }
    // On both: Telegram first (the first contact is the preferred one), MAX second.
    const both = { telegram: 7_999_001, max: maxUser(7199, 'Both') };
    f.max.build.started(both.max);
    await linkContact(core, ids[10]!, 'telegram', String(both.telegram), String(both.telegram));
    await linkContact(core, ids[10]!, 'max', String(both.max.user_id), String(dialogChatIdOf(both.max.user_id)));

    const b = await createBroadcast(core, editor, notice());
    await startBroadcast(core, editor, b.id);
    await f.h.drain();
    await f.h.drain();

    for (const id of onTelegram) expect(f.h.botTexts(id)).toEqual([notice().html]);
    for (const u of onMax) expect(f.botTexts(u)).toEqual([notice().html]);
    expect(f.h.botTexts(both.telegram)).toEqual([notice().html]);
    expect(f.botTexts(both.max)).toEqual([]);
    // Demo Elena (a teacher of municipality 1, on Telegram) is in the audience too.
    expect(await broadcastReport(core, editor, b.id)).toMatchObject({ recipients: 22, sent: 22, failed: 0, remaining: 0 });
    expect(f.max.callsOf('sendMessage')).toHaveLength(10);
  });

  it('a person who stopped the bot on MAX gets it on Telegram instead', async () => {
    const { core } = f.h;
    const now = core.clock.now();
    const [id] = await insertPeople(core, [
      {
        fullName: 'Оба Мессенджера',
        searchName: 'оба мессенджера',
        roles: ['teacher'],
        municipalityId: 1,
        subjects: [],
        status: 'active',
        consentAt: now,
        consentVersion: 'test',
        createdAt: now,
        updatedAt: now,
      },
    ]);
    const anna = maxUser(7200, 'Анна');
    f.max.build.started(anna);
    await linkContact(core, id!, 'max', String(anna.user_id), String(dialogChatIdOf(anna.user_id)));
    await linkContact(core, id!, 'telegram', '7999002', '7999002');
    f.max.blockUser(anna.user_id);

    const b = await createBroadcast(core, editor, notice());
    await startBroadcast(core, editor, b.id);
    await f.h.drain();
    await f.h.drain();
    expect(f.botTexts(anna)).toEqual([]);
    expect(f.h.botTexts(7999002)).toEqual([notice().html]);
  });
});
