import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { q, surveyWith } from '../support/surveys.js';
import { answerQuestion, startSurvey, submitSurvey } from '../../core/surveys/answering.js';

describe('the panel speaks the language each admin chose on /account', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  it('English after choosing it, Russian again after choosing Russian; others are unaffected', async () => {
    const owner = await PanelClient.signedIn(h, 'owner');
    const before = await owner.html('/account');
    expect(before).toContain('<html lang="ru">');
    expect(before).toContain('Мой аккаунт');

    expect((await owner.post('/account/language', { locale: 'en' })).status).toBe(303);
    const english = await owner.html('/account');
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<h1>My account</h1>');
    expect(await owner.html('/people')).toContain('<html lang="en">');

    const other = await PanelClient.signedIn(h, 'coordinator');
    expect(await other.html('/account')).toContain('<html lang="ru">');

    expect((await owner.post('/account/language', { locale: 'de' })).status).toBe(400);
    expect((await owner.post('/account/language', { locale: 'ru' })).status).toBe(303);
    const russian = await owner.html('/account');
    expect(russian).toContain('<html lang="ru">');
    expect(russian).toContain('<h1>Мой аккаунт</h1>');
  });

  it('numbers are written as the reader writes them: «3,25» and a CSV with «2,5» in Russian, "3.25" and "2.5" in English', async () => {
    const { survey, questionIds } = await surveyWith(h.core, [q.number()]);
    for (const [personId, value] of [
      [5, '2,5'],
      [6, '4'],
    ] as const) {
      await startSurvey(h.core, personId, survey.id);
      await answerQuestion(h.core, personId, survey.id, questionIds[0]!, { text: value });
      await submitSurvey(h.core, personId, survey.id);
    }
    const editor = await PanelClient.signedIn(h, 'editor');
    expect(await editor.html(`/surveys/${survey.id}/results`)).toContain('class="avg">3,25<');
    expect(await (await editor.request(`/surveys/${survey.id}/results.csv`)).text()).toMatch(/;2,5\r\n/);

    await editor.post('/account/language', { locale: 'en' });
    expect(await editor.html(`/surveys/${survey.id}/results`)).toContain('class="avg">3.25<');
    expect(await (await editor.request(`/surveys/${survey.id}/results.csv`)).text()).toMatch(/;2\.5\r\n/);
  });
});
