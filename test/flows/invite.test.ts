import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { findPersonByTelegramId } from '../support/people.js';
import { createInvite, invitePrefix } from '../../core/onboarding/invites.js';
import { Harness, user } from '../support/harness.js';

describe('registration by invite link', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('binds role and school, skips approval, and counts its uses', async () => {
    const { invite, link } = await createInvite(h.core, { role: 'teacher', schoolId: 1, maxUses: 1 }, 'test');
    expect(link).toBe(`https://t.me/mayak_sandbox_bot?start=${invitePrefix}${invite.code}`);
    // 16 random bytes in base64url: 22 characters, 128 bits.
    expect(invite.code).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const maria = user(6001, 'Мария');
    await h.send(maria, `/start ${invitePrefix}${invite.code}`);
    await h.press(maria, 'Согласен');
    expect(h.lastText(maria)).toContain('предметы');
    await h.press(maria, 'Русский язык');
    await h.press(maria, 'Готово');
    await h.send(maria, 'Смирнова Мария Ильинична');
    await h.press(maria, 'Отправить');
    expect(h.lastText(maria)).toContain('вы зарегистрированы');
    expect(await findPersonByTelegramId(h.core, maria.id)).toMatchObject({
      status: 'active',
      roles: ['teacher'],
      schoolId: 1,
      municipalityId: 1,
      subjects: ['russian'],
    });

    // The single use is taken: the next person is told and offered the ordinary way.
    const petr = user(6002, 'Пётр');
    await h.send(petr, `/start ${invitePrefix}${invite.code}`);
    expect(h.lastText(petr)).toContain('использовано максимальное число раз');
    expect(h.lastText(petr)).toContain('без приглашения');
  });

  it('refuses an expired or unknown code', async () => {
    const { invite } = await createInvite(h.core, { role: 'coordinator', municipalityId: 2, validDays: 1 }, 'test');
    h.clock.advance(2 * 86_400_000);
    const olga = user(6003, 'Ольга');
    await h.send(olga, `/start ${invitePrefix}${invite.code}`);
    expect(h.lastText(olga)).toContain('Срок действия приглашения истёк');
    await h.send(olga, `/start ${invitePrefix}AAAAAAAAAAAAAAAAAAAAAA`);
    expect(h.lastText(olga)).toContain('не найдено');
    expect(await findPersonByTelegramId(h.core, olga.id)).toBeUndefined();
  });

  it('a coordinator invite needs no school and registers as coordinator of the municipality', async () => {
    const { invite } = await createInvite(h.core, { role: 'coordinator', municipalityId: 3 }, 'test');
    const kirill = user(6004, 'Кирилл', 'en');
    await h.send(kirill, `/start ${invitePrefix}${invite.code}`);
    expect(h.lastText(kirill)).toContain('consent');
    await h.press(kirill, 'I agree');
    await h.send(kirill, 'Кириллов Кирилл Петрович');
    await h.press(kirill, 'Send');
    expect(await findPersonByTelegramId(h.core, kirill.id)).toMatchObject({
      status: 'active',
      roles: ['coordinator'],
      municipalityId: 3,
      schoolId: null,
      language: 'en',
    });
  });

  it('an invite for an already registered person changes nothing', async () => {
    const { invite } = await createInvite(h.core, { role: 'curator', municipalityId: 1 }, 'test');
    const demoTeacher = user(900_000_005, 'Елена');
    await h.send(demoTeacher, `/start ${invitePrefix}${invite.code}`);
    expect(h.botTexts(demoTeacher).join('\n')).toContain('уже зарегистрированы');
    expect((await findPersonByTelegramId(h.core, demoTeacher.id))?.roles).toEqual(['teacher']);
  });
});
