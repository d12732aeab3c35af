import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { createDrafts } from '../../core/roadmaps/drafts.js';
import { importRoadMap, itemsOf } from '../../core/roadmaps/plans.js';
import { readRoadMap } from '../../core/roadmaps/reading.js';
import { historyOf, statesOf } from '../../core/roadmaps/tracking.js';
import { roadMapItemLinks } from '../../db/schema/index.js';
import { Harness, user } from '../support/harness.js';
import { editorActor, sendFile } from '../support/tasks.js';

/** Demo region: coordinator 1 of municipality 1 (Светлогорск), coordinator 2 of municipality 2, lead 4 at school 1. */
const demo = (n: number) => user(demoTelegramIdBase + n, `Demo${n}`);
const coordinator1 = demo(1);
const coordinator2 = demo(2);
const lead1 = demo(4);

const plan = [
  'Дорожная карта поддержки школ Светлогорского округа на 2026 год',
  '№ п/п\tМероприятие\tСрок\tОтветственные\tРезультат',
  '1\tКруглый стол директоров по итогам мониторинга\t01.12.2026\tМОУО\tПротокол',
  '2\tСопровождение сайтов школ\tв течение года\tМОУО\tСайты обновлены',
].join('\n');

describe('a road map’s executors in the bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('asked before the deadline, chased after it; «Выполнено» with a result text marks the row done late; others cannot answer', async () => {
    const stored = await importRoadMap(h.core, editorActor, await readRoadMap({ kind: 'text', text: plan }), { sourceName: 'текст', municipalityId: 1 });
    await createDrafts(h.core, editorActor, stored.id);
    const [roundTable] = await itemsOf(h.core, stored.id);
    expect(roundTable!.kind).toBe('event');
    // The round table became a draft event, which nobody publishes: its executors are asked about it.
    expect(await h.core.database.db.select().from(roadMapItemLinks).where(eq(roadMapItemLinks.itemId, roundTable!.id))).toHaveLength(1);

    h.clock.set('2026-11-28T07:00:00Z');
    await h.drain();
    expect(h.countTexts(coordinator1, 'Срок по плану приближается')).toBe(1);
    expect(h.lastText(coordinator1)).toContain('Круглый стол директоров');
    expect(h.lastText(coordinator1)).toContain('Вы указаны исполнителем (МОУО)');
    expect(h.botTexts(coordinator2)).toHaveLength(0);
    expect(h.botTexts(lead1)).toHaveLength(0);

    h.clock.set('2026-12-02T07:00:00Z');
    await h.drain();
    expect(h.countTexts(coordinator1, 'Срок по плану прошёл')).toBe(1);
    expect((await statesOf(h.core, [roundTable!], h.clock.now())).get(roundTable!.id)!.status).toBe('overdue');

    await h.forgePress(lead1, `rm:${roundTable!.id}:done`);
    expect(h.lastAnswer()).toBe('Вы не указаны исполнителем этой строки плана.');
    await h.forgePress(coordinator1, 'rm:abc:done');
    expect(h.lastAnswer()).toBe('Эта кнопка уже не действует.');

    await h.press(coordinator1, 'Выполнено');
    expect(h.lastText(coordinator1)).toContain('Пришлите одним сообщением результат');
    await h.send(coordinator1, 'Протокол круглого стола: https://example.ru/protocol');
    expect(h.lastText(coordinator1)).toContain('Спасибо, записано');
    const state = (await statesOf(h.core, [roundTable!], h.clock.now())).get(roundTable!.id)!;
    expect(state).toMatchObject({ status: 'done_late', note: 'Протокол круглого стола: https://example.ru/protocol' });
    expect((await historyOf(h.core, roundTable!.id)).map((e) => [e.source, e.status])).toEqual([['executor', 'done']]);

    // Done: the next chase point sends nothing.
    h.clock.set('2026-12-05T07:00:00Z');
    await h.drain();
    expect(h.countTexts(coordinator1, 'Срок по плану прошёл')).toBe(1);

    // «Есть проблема» with a document: kept with the answer, the status does not change.
    const [, sites] = await itemsOf(h.core, stored.id);
    await h.forgePress(coordinator1, `rm:${sites!.id}:prob`);
    expect(h.lastText(coordinator1)).toContain('в чём проблема');
    const fileId = await sendFile(h, coordinator1, 'document', { caption: 'Нет доступа к сайтам двух школ' });
    expect((await historyOf(h.core, sites!.id)).map((e) => [e.status, e.comment, e.fileId])).toEqual([[null, 'Нет доступа к сайтам двух школ', fileId]]);
    expect((await statesOf(h.core, [sites!], h.clock.now())).get(sites!.id)!.status).toBe('in_progress');
  });
});
