import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { answerQuestion, startSurvey, submitSurvey } from '../../core/surveys/answering.js';
import { getSurvey, listQuestions } from '../../core/surveys/surveys.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { q, surveyWith } from '../support/surveys.js';

const surveyForm = (o: Record<string, string | string[]> = {}) => ({
  title: 'Диагностика профессиональных дефицитов',
  intro: 'Анкета для учителей',
  opensAt: '2026-11-23T12:00',
  closesAt: '2026-11-30T18:00',
  reminderHours: '24',
  municipalityId: '1',
  roles: ['teacher'],
  ...o,
});

describe('survey pages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await loadDemoRegion(h.core);
  });
  afterEach(() => h.close());

  async function answer(personId: number, surveyId: number, questionIds: number[], values: string[]) {
    await startSurvey(h.core, personId, surveyId);
    for (const [i, id] of questionIds.entries()) {
      const v = values[i]!;
      await answerQuestion(h.core, personId, surveyId, id, v.startsWith('o') || v === 'yes' || v === 'no' ? { choices: [v] } : { text: v });
    }
    await submitSurvey(h.core, personId, surveyId);
  }

  it('builds a survey, refuses bad fields next to them, previews a question as the bot asks, publishes and audits', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get('/surveys/new');
    const bad = await editor.post('/surveys/new', surveyForm({ closesAt: '2026-11-22T10:00', title: 'Оп' }));
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain('Закрытие должно быть позже открытия');
    expect(badText).toContain('value="Оп"');

    const created = await editor.post('/surveys/new', surveyForm());
    expect(created.status).toBe(303);
    const id = Number(/\/surveys\/(\d+)/.exec(created.headers.get('location')!)![1]);
    expect(await getSurvey(h.core, id)).toMatchObject({ municipalityId: 1, audience: { roles: ['teacher'] }, status: 'draft' });

    await editor.get(`/surveys/${id}`);
    const noOptions = await editor.post(`/surveys/${id}/questions`, { kind: 'single', text: 'Формат обучения?', required: 'on', options: 'Вебинар' });
    expect(await noOptions.text()).toContain('Нужно хотя бы два варианта');
    expect(
      (await editor.post(`/surveys/${id}/questions`, { kind: 'single', text: 'Формат обучения?', required: 'on', options: 'Вебинар\nСеминар' })).status,
    ).toBe(303);
    expect(
      (
        await editor.post(`/surveys/${id}/questions`, {
          kind: 'scale',
          text: 'Готовность к ВПР',
          required: 'on',
          max: '5',
          minLabel: 'низкая',
          maxLabel: 'высокая',
        })
      ).status,
    ).toBe(303);
    const builder = await editor.html(`/surveys/${id}`);
    expect(builder).toContain('Вопрос 1 из 2');
    expect(builder).toContain('class="tg-button">Вебинар<');
    expect(builder).toContain('1 — низкая, 5 — высокая');
    const [first, second] = await listQuestions(h.core, id);
    expect((await editor.post(`/surveys/${id}/questions/${second!.id}/up`, {})).status).toBe(303);
    expect((await listQuestions(h.core, id)).map((x) => x.id)).toEqual([second!.id, first!.id]);

    expect((await editor.post(`/surveys/${id}/publish`, {})).status).toBe(303);
    expect((await getSurvey(h.core, id))?.status).toBe('published');
    const history = await editor.html(`/surveys/${id}`);
    expect(history).toContain('опрос опубликован');
  });

  it('once answered, wording may change but options may not be removed nor the kind changed', async () => {
    const { survey, questionIds } = await surveyWith(h.core, [q.single()]);
    await answer(5, survey.id, questionIds, ['o1']);
    const editor = await PanelClient.signedIn(h, 'editor');
    await editor.get(`/surveys/${survey.id}/questions/${questionIds[0]}`);
    const removed = await editor.post(`/surveys/${survey.id}/questions/${questionIds[0]}`, {
      kind: 'single',
      text: 'Какой формат удобнее?',
      required: 'on',
      options: 'Вебинар\nОчный семинар',
    });
    expect(removed.status).toBe(400);
    expect(await removed.text()).toContain('не удалять');
    const kind = await editor.post(`/surveys/${survey.id}/questions/${questionIds[0]}`, { kind: 'yes_no', text: 'Какой формат удобнее?', required: 'on' });
    expect(await kind.text()).toContain('тип менять нельзя');
    const reworded = await editor.post(`/surveys/${survey.id}/questions/${questionIds[0]}`, {
      kind: 'single',
      text: 'Какой формат вам удобнее?',
      required: 'on',
      options: 'Вебинар онлайн\nОчный семинар\nСтажировка\nКонсультация',
    });
    expect(reworded.status).toBe(303);
    const [question] = await listQuestions(h.core, survey.id);
    expect(question!.settings.options!.map((o) => o.key)).toEqual(['o1', 'o2', 'o3', 'o4']);
    expect((await editor.post(`/surveys/${survey.id}/questions/${questionIds[0]}/delete`, {})).status).toBe(400);
  });

  it('results: response rate, a bar chart per choice question, the scale average, texts, filters, CSV and XLSX', async () => {
    const { survey, questionIds } = await surveyWith(h.core, [q.single(), q.scale(), q.short({ required: true })], {
      audience: { roles: ['teacher', 'school_lead'] },
    });
    await answer(5, survey.id, questionIds, ['o1', '4', 'Учитель']);
    await answer(6, survey.id, questionIds, ['o2', '2', 'Завуч']);
    await answer(4, survey.id, questionIds, ['o1', '5', 'Директор']);
    const editor = await PanelClient.signedIn(h, 'editor');
    const page = await editor.html(`/surveys/${survey.id}/results`);
    expect(page).toContain('<svg');
    expect(page).toContain('data-bar="Вебинар" data-count="2"');
    expect(page).toContain('class="avg">3,67<');
    expect(page).toContain('Директор');
    expect(page).toMatch(/data-rate="1"><td>[^<]+<\/td><td>2<\/td><td>2<\/td>/);
    const teachers = await editor.html(`/surveys/${survey.id}/results?role=teacher`);
    expect(teachers).toContain('data-count="2"');
    expect(teachers).toContain('class="avg">3,00<');
    const municipality2 = await editor.html(`/surveys/${survey.id}/results?municipalityId=2`);
    expect(municipality2).toContain('data-bar="Очный семинар" data-count="1"');

    const csv = await (await editor.request(`/surveys/${survey.id}/results.csv`)).text();
    expect(csv.split('\r\n')[0]).toContain('ФИО;Муниципалитет;Школа;Отправлено;1. Какой формат удобнее?');
    expect(csv).toContain('Васильева Елена Александровна');
    expect(csv.trim().split('\r\n')).toHaveLength(4);
    const xlsx = await editor.request(`/surveys/${survey.id}/results.xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('an anonymous survey exports no identities and hides groups too small to be anonymous', async () => {
    const { survey, questionIds } = await surveyWith(h.core, [q.short({ required: true })], {
      anonymous: true,
      audience: { roles: ['teacher', 'school_lead'] },
    });
    await answer(5, survey.id, questionIds, ['Не хватает времени']);
    await answer(6, survey.id, questionIds, ['Нет наставника']);
    await answer(4, survey.id, questionIds, ['Всё хорошо']);
    const editor = await PanelClient.signedIn(h, 'editor');
    const csv = await (await editor.request(`/surveys/${survey.id}/results.csv`)).text();
    const [head, ...rows] = csv.trim().split('\r\n');
    expect(head).toBe('1. Ваша должность');
    expect(rows.sort()).toEqual(['Всё хорошо', 'Не хватает времени', 'Нет наставника']);
    expect(csv).not.toContain('Васильева');
    const small = await editor.html(`/surveys/${survey.id}/results?role=teacher`);
    expect(small).toContain('Слишком мало ответов');
    expect(small).not.toContain('Не хватает времени');
  });

  it('a coordinator sees and changes only surveys of their municipality: 404 for another one, 403 for a viewer writing', async () => {
    const { survey: other } = await surveyWith(h.core, [q.yesNo()], { municipalityId: 2 }, false);
    const { survey: mine } = await surveyWith(h.core, [q.yesNo()], { municipalityId: 1 }, false);
    const coordinator = await PanelClient.signedIn(h, 'coordinator', [1]);
    const list = await coordinator.html('/surveys');
    expect(list).toContain(`data-survey="${mine.id}"`);
    expect(list).not.toContain(`data-survey="${other.id}"`);
    for (const path of [`/surveys/${other.id}`, `/surveys/${other.id}/results`, `/surveys/${other.id}/results.csv`])
      expect((await coordinator.request(path)).status).toBe(404);
    await coordinator.get(`/surveys/${mine.id}`);
    expect((await coordinator.post(`/surveys/${other.id}/publish`, {})).status).toBe(404);
    expect((await coordinator.post(`/surveys/${other.id}/questions`, { kind: 'yes_no', text: 'Вопрос?', required: 'on' })).status).toBe(404);
    const regional = await coordinator.post('/surveys/new', surveyForm({ municipalityId: '' }));
    expect(regional.status).toBe(400);
    const viewer = await PanelClient.signedIn(h, 'viewer');
    await viewer.get(`/surveys/${mine.id}`);
    expect((await viewer.post(`/surveys/${mine.id}/publish`, {})).status).toBe(403);
  });
});
