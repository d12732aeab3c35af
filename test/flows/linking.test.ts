import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactsOf, personByContact } from '../../core/directory/contacts.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { user } from '../support/harness.js';
import { MaxFlow, maxUser } from '../support/max.js';

/** The `/start ln_…` command a /profile's linking message gives, read from its text. */
function linkCommand(text: string): string {
  const command = /\/start ln_[A-Za-z0-9_-]{22}/.exec(text)?.[0];
  if (!command) throw new Error(`no linking command in «${text}»`);
  return command;
}

describe('one person on Telegram and MAX: a code from /profile in one, redeemed in the other', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
  });
  afterEach(() => f.close());

  it('from Telegram to MAX: the MAX user joins the same person, once; a used code is refused', async () => {
    const teacher = user(demoTelegramIdBase + 4, 'Учитель');
    const person = (await personByContact(f.h.core, 'telegram', String(teacher.id)))!;
    await f.h.send(teacher, '/profile');
    await f.h.press(teacher, '🔗 Подключить другой мессенджер');
    const command = linkCommand(f.h.lastText(teacher));

    const onMax = maxUser(7301, 'Учитель');
    await f.sends(onMax, command);
    expect(f.lastText(onMax)).toContain('этот мессенджер подключён');
    expect((await personByContact(f.h.core, 'max', '7301'))?.id).toBe(person.id);
    expect((await contactsOf(f.h.core, person.id)).map((c) => [c.channel, c.preferred])).toEqual([
      ['telegram', true],
      ['max', false],
    ]);

    const stranger = maxUser(7302, 'Чужой');
    await f.sends(stranger, command);
    expect(f.lastText(stranger)).toContain('Код не подошёл');
    expect(await personByContact(f.h.core, 'max', '7302')).toBeUndefined();

    // Someone else in Маяк on MAX cannot be moved to this person by a fresh code.
    const colleague = user(demoTelegramIdBase + 6, 'Коллега');
    await f.h.send(colleague, '/profile');
    await f.h.press(colleague, '🔗 Подключить другой мессенджер');
    await f.sends(onMax, linkCommand(f.h.lastText(colleague)));
    expect(f.lastText(onMax)).toContain('уже зарегистрирован');
    expect((await personByContact(f.h.core, 'max', '7301'))?.id).toBe(person.id);
  });

  it('from MAX to Telegram, and a code past its 15 minutes is refused', async () => {
    const teacher = user(demoTelegramIdBase + 5, 'Учитель');
    const person = (await personByContact(f.h.core, 'telegram', String(teacher.id)))!;
    const onMax = maxUser(7303, 'Учитель');
    await f.sends(onMax, `/start ${linkCommand(await codeFromTelegram(teacher)).slice('/start '.length)}`);
    expect((await personByContact(f.h.core, 'max', '7303'))?.id).toBe(person.id);

    await f.sends(onMax, '/profile');
    await f.press(onMax, '🔗 Подключить другой мессенджер');
    const late = linkCommand(f.lastText(onMax));
    f.h.clock.advance(16 * 60_000);
    const newcomer = user(8301, 'Новенький');
    await f.h.send(newcomer, late);
    expect(f.h.lastText(newcomer)).toContain('Код не подошёл');
    expect(await personByContact(f.h.core, 'telegram', '8301')).toBeUndefined();

    await f.press(onMax, '🔗 Подключить другой мессенджер');
    await f.h.send(newcomer, linkCommand(f.lastText(onMax)));
    expect(f.h.lastText(newcomer)).toContain('этот мессенджер подключён');
    expect((await personByContact(f.h.core, 'telegram', '8301'))?.id).toBe(person.id);
  });

  async function codeFromTelegram(teacher: ReturnType<typeof user>): Promise<string> {
    await f.h.send(teacher, '/profile');
    await f.h.press(teacher, '🔗 Подключить другой мессенджер');
    return f.h.lastText(teacher);
  }
});
