import { describe, expect, it } from 'vitest';
import { taskButton } from '../../bot/callback-data/tasks.js';
import { typedDate, visitButton } from '../../core/tasks/visit-steps.js';
import { nextLocal } from '../../core/tasks/digests.js';
import { evidenceFits, textEvidence } from '../../core/tasks/confirmations.js';
import { taskJobs } from '../../core/tasks/reminder-plan.js';
import { shownStatus } from '../../core/tasks/reports.js';
import { isTelegramHtml } from '../../core/text/telegram-html.js';

/** The small rules under the flows: buttons' data, evidence kinds, Telegram HTML, plan points, local times. */
describe('task rules', () => {
  it('parses only well-formed buttons', () => {
    expect(taskButton.parse('tk:12:done')).toEqual({ kind: 'tk', taskId: 12, action: 'done' });
    expect(taskButton.parse('tkv:7:ret')).toEqual({ kind: 'tkv', confirmationId: 7, action: 'ret' });
    expect(taskButton.parse('tkd:on')).toEqual({ kind: 'tkd', on: true });
    for (const bad of ['tk:12:delete', 'tk:-1:done', 'tk:1e3:done', 'tk:12:done:x', 'tkv:7', 'tkl:1', 'tkd:maybe', ''])
      expect(taskButton.parse(bad), bad).toBeUndefined();
    expect(visitButton.parse('vis:d:2026-11-23')).toEqual({ step: 'd', value: '2026-11-23' });
    expect(visitButton.parse('vis:k:party')).toBeUndefined();
  });

  it('evidence: a link counts as text, "any" takes all, a photo is not a document', () => {
    expect(textEvidence(' https://school.ru/plan ')).toEqual({ kind: 'link', text: 'https://school.ru/plan' });
    expect(textEvidence('готово, см. https://x.ru')).toMatchObject({ kind: 'text' });
    expect(evidenceFits('text', { kind: 'link', text: 'https://x.ru' })).toBe(true);
    expect(evidenceFits('link', { kind: 'text', text: 'готово' })).toBe(false);
    expect(evidenceFits('document', { kind: 'photo', fileId: 'f' })).toBe(false);
    expect(evidenceFits('any', { kind: 'document', fileId: 'f' })).toBe(true);
  });

  it('instructions must be Telegram-safe HTML', () => {
    expect(isTelegramHtml('План <b>до 15.02</b>, <a href="https://iro.ru/plan">образец</a> &amp; шаблон')).toBe(true);
    for (const bad of [
      '<script>x</script>',
      '<b>не закрыт',
      '<b><i>крест</b></i>',
      '<a href="javascript:x">a</a>',
      '<a href="http://iro.ru">без https</a>',
      '<a>без адреса</a>',
      'a < b',
      'R&D',
    ])
      expect(isTelegramHtml(bad), bad).toBe(false);
  });

  it('the plan’s points: before the due time, then while overdue, at most N times; none in the past', () => {
    const dueAt = Date.parse('2026-12-10T12:00:00Z');
    const jobs = taskJobs(
      { id: 5, dueAt, reminderPlan: { beforeMinutes: [7 * 1440, 1440], overdueEveryMinutes: 2 * 1440, overdueTimes: 2 }, escalateAfterMinutes: 1440 },
      Date.parse('2026-12-05T00:00:00Z'),
    );
    expect(jobs.map((j) => [j.kind, new Date(j.dueAt).toISOString()])).toEqual([
      ['task-chase', '2026-12-09T12:00:00.000Z'],
      ['task-chase', '2026-12-12T12:00:00.000Z'],
      ['task-chase', '2026-12-14T12:00:00.000Z'],
      ['task-escalate', '2026-12-11T12:00:00.000Z'],
    ]);
    expect(shownStatus('pending', dueAt, dueAt + 1)).toBe('overdue');
    expect(shownStatus('problem', dueAt, dueAt + 1)).toBe('problem');
  });

  it('local times: the next Monday 09:00 in a zone, a typed date of a visit', () => {
    const monday9Moscow = Date.parse('2026-11-30T06:00:00Z');
    expect(nextLocal(Date.parse('2026-11-23T09:00:00Z'), 'Europe/Moscow', 9, 1)).toBe(monday9Moscow);
    expect(nextLocal(monday9Moscow, 'Europe/Moscow', 9, 1)).toBe(monday9Moscow + 7 * 86_400_000);
    expect(nextLocal(Date.parse('2026-11-23T09:00:00Z'), 'Asia/Yekaterinburg', 9, null)).toBe(Date.parse('2026-11-24T04:00:00Z'));
    expect(typedDate('5.3', '2026-11-23')).toBe('2026-03-05');
    expect(typedDate('31.02.2026', '2026-11-23')).toBeNull();
    expect(typedDate('24.11', '2026-11-23')).toBeNull();
  });
});
