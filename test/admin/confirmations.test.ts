import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { webinar } from '../support/events.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { editorActor } from '../support/tasks.js';

describe('actions that tell people something ask first, and are gone once they no longer apply', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('cancelling a published event asks for confirmation; a cancelled event offers no cancel', async () => {
    const event = await createEvent(h.core, editorActor, webinar());
    await publishEvent(h.core, editorActor, event.id);
    const editor = await PanelClient.signedIn(h, 'editor');
    const before = await editor.html(`/events/${event.id}`);
    expect(before).toMatch(
      new RegExp(`action="/events/${event.id}/cancel" data-confirm="Отменить мероприятие\\? Всем записавшимся придёт сообщение об отмене`),
    );
    expect((await editor.post(`/events/${event.id}/cancel`, {})).status).toBe(303);
    expect(await editor.html(`/events/${event.id}`)).not.toContain(`action="/events/${event.id}/cancel"`);
    expect(await editor.html('/schedule')).toContain('data-confirm="Остановить всю отправку?');
  });
});
