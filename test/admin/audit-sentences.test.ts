import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { eventForm } from '../support/events.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

describe('a change reads as a sentence naming who made it', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it("an editor renames a person: the audit page and the person's history say who changed what", async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const owner = await PanelClient.signedIn(h, 'owner');
    await editor.get('/people/5');
    expect((await editor.post('/people/5', { fullName: 'Васильева Елена Андреевна', roles: ['teacher'], schoolId: '1', subjects: ['math'] })).status).toBe(303);
    const sentence = /editor-@mayak\.test: [^<]+ — теперь «Васильева Елена Андреевна» \(было «[^»]+»\)/;
    expect(await owner.html('/audit')).toMatch(sentence);
    expect(await owner.html('/people/5')).toMatch(sentence);
  });

  it("an editor moves an event: the audit page and the event's history say it was moved, from when to when", async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const owner = await PanelClient.signedIn(h, 'owner');
    await editor.get('/events/new');
    const created = await editor.post('/events/new', eventForm({ startsAt: '2026-12-12T10:00', endsAt: '2026-12-12T12:00' }));
    const id = Number(/\/events\/(\d+)/.exec(created.headers.get('location') ?? '')![1]);
    await editor.get(`/events/${id}`);
    expect((await editor.post(`/events/${id}`, eventForm({ startsAt: '2026-12-15T10:00', endsAt: '2026-12-15T12:00' }))).status).toBe(303);
    const sentence = /editor-@mayak\.test: [^<]+ — перенос с 12\.12\.2026[^<]* на 15\.12\.2026/;
    expect(await owner.html('/audit')).toMatch(sentence);
    expect(await owner.html(`/events/${id}`)).toMatch(sentence);
  });
});
