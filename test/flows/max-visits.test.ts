import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createInvite, invitePrefix } from '../../core/onboarding/invites.js';
import { curatorVisits } from '../../db/schema/index.js';
import { dialogChatIdOf, type FakeMaxUser } from '../../sandbox/fake-max-api.js';
import { MaxFlow, maxUser, onMax } from '../support/max.js';

/** Demo region: curator 3 of schools 1 (СОШ № 5 г. Светлогорска) and 3 (Берёзовская СОШ). */
const curatorTelegramId = demoTelegramIdBase + 3;

describe('a curator’s /visit on MAX', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
  });
  afterEach(() => f.close());

  const forge = async (who: FakeMaxUser, payload: string) => {
    const mid = f.max.lastBotMessage(dialogChatIdOf(who.user_id))!.mid;
    expect(await f.post(f.max.build.forgedPress(who, mid, payload))).toBe(200);
    return f.lastNotification();
  };

  it('school → today → kind → result → a photo (a file is refused): the visit is recorded with the photo’s MAX URL', async () => {
    const olga = maxUser(7201, 'Ольга');
    await onMax(f, curatorTelegramId, olga);
    expect(f.lastText(olga)).toContain('Кузнецова Ольга Сергеевна');
    await f.sends(olga, '/help');
    expect(f.lastText(olga)).toContain('/visit — Записать посещение школы');

    await f.sends(olga, '/visit');
    expect(f.lastText(olga)).toContain('Какую школу');
    await f.press(olga, 'СОШ № 5');
    expect(f.lastText(olga)).toContain('Когда был визит?');
    // The answered step keeps its text and loses its buttons; its button pressed again is outdated.
    const schools = f.max.dialog(olga.user_id).find((m) => m.text.includes('Какую школу'))!;
    expect(schools.buttons).toEqual([]);
    expect(await forge(olga, 'vis:s:1')).toContain('уже не действует');
    await f.sends(olga, '31.02');
    expect(f.lastText(olga)).toContain('Не понял дату');
    await f.press(olga, 'Сегодня');
    await f.press(olga, 'Выезд в школу');
    await f.sends(olga, 'Провели методсовет, план принят');
    expect(f.lastText(olga)).toContain('Приложите фото');
    expect(await f.post(f.max.build.file(olga, 'https://files.max.example/plan.pdf', 'plan.pdf'))).toBe(200);
    expect(f.lastText(olga)).toContain('Нужна фотография');
    await f.sendsImage(olga, 'https://i.max.example/visit/1.jpg');
    expect(f.lastText(olga)).toContain('Посещение записано: СОШ № 5 г. Светлогорска, 23.11.2026');

    const visits = await f.h.core.database.db.select().from(curatorVisits);
    expect(visits).toMatchObject([
      { schoolId: 1, visitedOn: '2026-11-23', kind: 'onsite', result: 'Провели методсовет, план принят', photoFileId: 'max:https://i.max.example/visit/1.jpg' },
    ]);
    // The visit is over: its buttons are outdated and a text is an ordinary message again.
    expect(await forge(olga, 'vis:p:skip')).toContain('уже не действует');
    await f.sends(olga, 'спасибо');
    expect(f.lastText(olga)).not.toContain('Посещение записано');
  });

  it('«Записать посещение» under /tasks starts it, «Без фото» ends it; /cancel drops a visit half-way', async () => {
    const olga = maxUser(7202, 'Ольга');
    await onMax(f, curatorTelegramId, olga);
    await f.sends(olga, '/tasks');
    await f.press(olga, 'Записать посещение');
    await f.press(olga, 'Берёзовская');
    await f.sends(olga, '20.11');
    await f.press(olga, 'Онлайн');
    await f.sends(olga, 'Созвон с командой школы');
    await f.press(olga, 'Без фото');
    expect(f.lastText(olga)).toContain('Посещение записано: Берёзовская СОШ, 20.11.2026');

    await f.sends(olga, '/visit');
    await f.press(olga, 'СОШ № 5');
    await f.sends(olga, '/cancel');
    expect(f.lastText(olga)).toContain('Отменено');
    await f.sends(olga, '22.11');
    expect(f.lastText(olga)).not.toContain('Вид посещения');
    expect(await f.h.core.database.db.select().from(curatorVisits)).toHaveLength(1);
  });

  it('a teacher is told visits are curators’, a newcomer to register; /visit is not in MAX’s one menu', async () => {
    const { invite } = await createInvite(f.h.core, { role: 'teacher', schoolId: 1 }, 'test');
    const anna = maxUser(7203, 'Анна');
    await f.starts(anna, `${invitePrefix}${invite.code}`);
    await f.press(anna, 'Согласен');
    await f.press(anna, 'Математика');
    await f.press(anna, 'Готово');
    await f.sends(anna, 'Смирнова Анна Ильинична');
    await f.press(anna, 'Отправить');
    await f.sends(anna, '/visit');
    expect(f.lastText(anna)).toContain('нет закреплённых школ');
    await f.sends(anna, '/help');
    expect(f.lastText(anna)).not.toContain('/visit');
    expect(await forge(anna, 'vis:go')).toBeUndefined();
    expect(f.lastText(anna)).toContain('нет закреплённых школ');
    expect(await forge(anna, 'vis:k:party')).toContain('уже не действует');

    const guest = maxUser(7204, 'Гость');
    await f.starts(guest);
    await f.sends(guest, '/visit');
    expect(f.lastText(guest)).toContain('регистрац');
    await f.h.app.max!.setup();
    expect(f.max.commands.map((c) => c.name)).not.toContain('visit');
  });
});
