import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';

describe('a change reads as a sentence naming who made it', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('an editor renames a person: the audit page and the person\'s history say who changed what', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const owner = await PanelClient.signedIn(h, 'owner');
    await editor.get('/people/5');
    expect((await editor.post('/people/5', { fullName: 'Васильева Елена Андреевна', roles: ['teacher'], schoolId: '1', subjects: ['math'] })).status).toBe(303);
    const sentence = /editor-@mayak\.test: [^<]+ — теперь «Васильева Елена Андреевна» \(было «[^»]+»\)/;
    expect(await owner.html('/audit')).toMatch(sentence);
    expect(await owner.html('/people/5')).toMatch(sentence);
  });
});
