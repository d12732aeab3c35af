import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createDrafts } from '../../core/roadmaps/drafts.js';
import { importRoadMap, itemsOf } from '../../core/roadmaps/plans.js';
import { readRoadMap } from '../../core/roadmaps/reading.js';
import { historyOf, statesOf } from '../../core/roadmaps/tracking.js';
import { dialogChatIdOf } from '../../sandbox/fake-max-api.js';
import { MaxFlow, maxUser, onMax } from '../support/max.js';
import { editorActor } from '../support/tasks.js';

const plan = [
  'Дорожная карта поддержки школ Светлогорского округа на 2026 год',
  '№ п/п\tМероприятие\tСрок\tОтветственные\tРезультат',
  '1\tКруглый стол директоров по итогам мониторинга\t01.12.2026\tМОУО\tПротокол',
].join('\n');

describe('a road map’s executor on MAX', () => {
  let f: MaxFlow;
  beforeEach(async () => {
    f = await MaxFlow.start();
    await loadDemoRegion(f.h.core);
  });
  afterEach(() => f.close());

  it('the question reaches them on MAX; «Выполнено» then a file: the row is done with the file kept by its MAX URL; others are refused', async () => {
    const coordinator = maxUser(7301, 'Ирина');
    const lead = maxUser(7302, 'Павел');
    await onMax(f, demoTelegramIdBase + 1, coordinator);
    await onMax(f, demoTelegramIdBase + 4, lead);
    const stored = await importRoadMap(f.h.core, editorActor, await readRoadMap({ kind: 'text', text: plan }), { sourceName: 'текст', municipalityId: 1 });
    await createDrafts(f.h.core, editorActor, stored.id);
    const [roundTable] = await itemsOf(f.h.core, stored.id);

    f.h.clock.set('2026-11-28T07:00:00Z');
    await f.h.drain();
    expect(f.lastText(coordinator)).toContain('Срок по плану приближается');

    const mid = f.max.lastBotMessage(dialogChatIdOf(lead.user_id))!.mid;
    expect(await f.post(f.max.build.forgedPress(lead, mid, `rm:${roundTable!.id}:done`))).toBe(200);
    expect(f.lastNotification()).toBe('Вы не указаны исполнителем этой строки плана.');

    await f.press(coordinator, 'Выполнено');
    expect(f.lastText(coordinator)).toContain('Пришлите одним сообщением результат');
    expect(await f.post(f.max.build.file(coordinator, 'https://files.max.example/protocol.pdf', 'protocol.pdf', 'Протокол'))).toBe(200);
    expect(f.lastText(coordinator)).toContain('Спасибо, записано');
    expect((await historyOf(f.h.core, roundTable!.id)).map((e) => [e.status, e.comment, e.fileId])).toEqual([
      ['done', 'Протокол', 'max:https://files.max.example/protocol.pdf'],
    ]);
    expect((await statesOf(f.h.core, [roundTable!], f.h.clock.now())).get(roundTable!.id)!.status).toBe('done');
  });
});
