import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRegion } from '../../core/directory/demo.js';
import { createBroadcast } from '../../core/broadcasts/broadcasts.js';
import { startBroadcast } from '../../core/broadcasts/sending.js';
import { createInvite } from '../../core/onboarding/invites.js';
import { createEvent } from '../../core/events/events.js';
import { publishEvent } from '../../core/events/publishing.js';
import { notice } from '../support/broadcasts.js';
import { webinar } from '../support/events.js';
import { Harness } from '../support/harness.js';
import { PanelClient } from '../support/panel.js';
import { editorActor, schoolTask } from '../support/tasks.js';
import { createTask } from '../../core/tasks/tasks.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { q, surveyWith } from '../support/surveys.js';
import { planText } from '../support/roadmaps.js';
import { listSavedAudiences } from '../../core/audiences/saved.js';

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

  it('a broadcast offers «Остановить рассылку» only while it goes; discarding a draft, revoking an invite and ending an admin’s sessions ask first', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const draft = await createBroadcast(h.core, editorActor, notice());
    expect(await editor.html(`/broadcasts/${draft.id}`)).toMatch(
      new RegExp(`action="/broadcasts/${draft.id}/cancel" class="card" data-confirm="Отменить черновик рассылки\\? Вернуть нельзя\\."`),
    );
    const sent = await createBroadcast(h.core, editorActor, notice());
    await startBroadcast(h.core, editorActor, sent.id);
    expect(await editor.html(`/broadcasts/${sent.id}`)).toContain(`action="/broadcasts/${sent.id}/cancel"`);
    await h.drain();
    const ended = await editor.html(`/broadcasts/${sent.id}`);
    expect(ended).toContain('data-status="sent"');
    expect(ended).not.toContain(`action="/broadcasts/${sent.id}/cancel"`);
    expect(ended).not.toContain('Остановить рассылку');

    const { invite } = await createInvite(h.core, { role: 'teacher', schoolId: 1, maxUses: 1, validDays: 14 }, editorActor);
    expect(await editor.html(`/invites/${invite.id}`)).toContain('data-confirm="Отозвать приглашение?');

    const owner = await PanelClient.signedIn(h, 'owner');
    expect(await owner.html('/admins/1')).toContain('data-confirm="Завершить все сеансы этого администратора?');
  });

  it('closing a task or a survey, deleting a question or an uploaded road map, archiving an audience ask first; closed things offer no closing, the ends of a list no moving past them', async () => {
    const editor = await PanelClient.signedIn(h, 'editor');
    const task = await createTask(h.core, editorActor, schoolTask());
    await publishTask(h.core, editorActor, task.id);
    expect(await editor.html(`/tasks/${task.id}`)).toMatch(
      new RegExp(`action="/tasks/${task.id}/close" data-confirm="Закрыть задачу\\? Исполнители больше не смогут отметить выполнение`),
    );
    expect((await editor.post(`/tasks/${task.id}/close`, {})).status).toBe(303);
    expect(await editor.html(`/tasks/${task.id}`)).not.toContain(`action="/tasks/${task.id}/close"`);

    const { survey, questionIds } = await surveyWith(h.core, [q.yesNo(), q.single(), q.number()]);
    const page = await editor.html(`/surveys/${survey.id}`);
    expect(page).toMatch(new RegExp(`action="/surveys/${survey.id}/close" class="inline" data-confirm="Закрыть опрос\\? Ответы больше не принимаются`));
    const [first, second, last] = questionIds;
    expect(page).toContain(`action="/surveys/${survey.id}/questions/${first}/down"`);
    expect(page).not.toContain(`action="/surveys/${survey.id}/questions/${first}/up"`);
    expect(page).toContain(`action="/surveys/${survey.id}/questions/${second}/up"`);
    expect(page).toContain(`action="/surveys/${survey.id}/questions/${second}/down"`);
    expect(page).not.toContain(`action="/surveys/${survey.id}/questions/${last}/down"`);
    expect(page).toMatch(
      new RegExp(`action="/surveys/${survey.id}/questions/${second}/delete" class="inline" data-confirm="Удалить вопрос\\? Вернуть нельзя\\."`),
    );
    expect((await editor.post(`/surveys/${survey.id}/close`, {})).status).toBe(303);
    expect(await editor.html(`/surveys/${survey.id}`)).not.toContain(`action="/surveys/${survey.id}/close"`);

    await editor.get('/roadmaps');
    const imported = await editor.post('/roadmaps/import', { text: planText, municipalityId: '1', year: '' });
    const roadmap = /\/roadmaps\/(\d+)\/review/.exec(imported.headers.get('location') ?? '')![1];
    await editor.post('/audiences', { name: 'Учителя Усолья', roles: 'teacher', audienceMunicipalities: '1' });
    const [audience] = await listSavedAudiences(h.core, editorActor);
    expect(await editor.html(`/audiences/${audience!.id}`)).toContain('data-confirm="Убрать аудиторию в архив?');

    expect(await editor.html(`/roadmaps/${roadmap}/review`)).toMatch(
      new RegExp(`action="/roadmaps/${roadmap}/delete" class="inline" data-confirm="Удалить загруженный план вместе с разбором\\? Вернуть нельзя`),
    );
  });
});
