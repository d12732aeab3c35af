import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDeliverySettings } from '../../core/deliveries/delivery-rules.js';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { createTask } from '../../core/tasks/tasks.js';
import { Harness, user } from '../support/harness.js';
import { editorActor, schoolTask } from '../support/tasks.js';

/** Demo 4: the lead of school 1 (Moscow time); demo 5: a teacher of the same school. */
const lead = user(demoTelegramIdBase + 4, 'Павел');
const title = 'Разместить школьный план на сайте';

describe('held messages follow a change of quiet hours', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  /** A task published at 21:30 Moscow time: held by the region's 21:00–08:00 until 08:00. */
  async function heldTask(): Promise<void> {
    h.clock.set('2026-11-23T18:30:00Z');
    const task = await createTask(h.core, editorActor, schoolTask({ audience: { roles: ['school_lead'], schoolIds: [1] } }));
    await publishTask(h.core, editorActor, task.id);
    await h.drain();
    expect(h.countTexts(lead, title)).toBe(0);
  }

  it("a person who chose 22:00–07:00 gets the held task at 07:00, not at the region's 08:00", async () => {
    await heldTask();
    h.clock.set('2026-11-23T20:00:00Z'); // 23:00 in Moscow: inside both
    await h.send(lead, '/profile');
    await h.press(lead, 'Тихие часы');
    await h.press(lead, '22:00–07:00');
    await h.drain();
    expect(h.countTexts(lead, title)).toBe(0);
    h.clock.set('2026-11-24T04:00:00Z'); // 07:00 in Moscow
    await h.drain();
    expect(h.countTexts(lead, title)).toBe(1);
  });

  it("a change of the region's quiet hours re-times what they hold: shorter releases now, longer holds longer", async () => {
    await heldTask();
    await setDeliverySettings(h.core, editorActor, { quietHours: { from: 22 * 60, to: 8 * 60 }, dailyCap: 5 });
    await h.drain();
    // 21:30 is no longer quiet: it goes at once.
    expect(h.countTexts(lead, title)).toBe(1);
  });

  it('longer quiet hours hold a held message until they end', async () => {
    await heldTask();
    await setDeliverySettings(h.core, editorActor, { quietHours: { from: 21 * 60, to: 10 * 60 }, dailyCap: 5 });
    h.clock.set('2026-11-24T05:30:00Z'); // 08:30 in Moscow: the old hours are over, the new ones are not
    await h.drain();
    expect(h.countTexts(lead, title)).toBe(0);
    h.clock.set('2026-11-24T07:00:00Z'); // 10:00
    await h.drain();
    expect(h.countTexts(lead, title)).toBe(1);
  });
});
