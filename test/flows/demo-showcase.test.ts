import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoTelegramIdBase, loadDemoRegion } from '../../core/directory/demo.js';
import { loadDemoShowcase } from '../../core/demo/showcase.js';
import { Harness, user } from '../support/harness.js';

const lead = user(demoTelegramIdBase + 4, 'Павел');
const teacher = user(demoTelegramIdBase + 5, 'Елена');
const teamChat = -4_000_000_001;

describe("the sandbox's showcase: every flow can be tried at once", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
    await loadDemoShowcase(h.core);
  });
  afterEach(() => h.close());

  it("sends the finished webinar's attendance question, the photo task to the lead and the team chat, the visit task to the lead, the survey", async () => {
    h.clock.set(Date.parse('2026-11-23T09:00:00Z'));
    await h.drain();
    expect(h.botTexts(teacher).join('\n')).toContain('Функциональная грамотность');
    expect(h.botTexts(lead).join('\n')).toContain('Разместить фото стенда');
    expect(h.botTexts(teamChat).join('\n')).toContain('Разместить фото стенда');
    expect(h.botTexts(lead).join('\n')).toContain('Методический выезд');
    expect(h.botTexts(teacher).join('\n')).toContain('Потребности школ');
  });
});
