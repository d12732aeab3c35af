import type { Child } from 'hono/jsx';
import { regionTimezone } from '../../../core/directory/places.js';
import { confirmationsOfSchool, shownStatus } from '../../../core/tasks/reports.js';
import { visitsOfSchool } from '../../../core/tasks/visits.js';
import { formatDateTime, type PanelContext } from '../../kit.js';

/** A school's timeline for its page: its tasks with their statuses, and the curators' visits, latest first. */
export async function SchoolTimeline(props: { c: PanelContext; schoolId: number }) {
  const { c, schoolId } = props;
  const t = c.get('t');
  const core = c.get('core');
  const [confirmations, visits, zone] = await Promise.all([confirmationsOfSchool(core, schoolId), visitsOfSchool(core, schoolId), regionTimezone(core)]);
  const now = core.clock.now();
  type Item = { at: number; html: Child };
  const items: Item[] = [
    ...confirmations.map(({ confirmation: k, task }) => {
      const shown = shownStatus(k.status, task.dueAt, now);
      return {
        at: k.confirmedAt ?? task.dueAt,
        html: (
          <li data-timeline="task">
            <span class="muted">{formatDateTime(k.confirmedAt ?? task.dueAt, zone)}</span> <a href={`/tasks/${task.id}`}>{task.title}</a> ·{' '}
            <span class={`cell st-${shown}`}>{t(`task-cell-${shown}`)}</span>
          </li>
        ),
      };
    }),
    ...visits.map((visit) => ({
      at: Date.parse(`${visit.visitedOn}T12:00:00Z`),
      html: (
        <li data-timeline="visit">
          <span class="muted">{visit.visitedOn.split('-').reverse().join('.')}</span>{' '}
          {t('tasks-timeline-visit', { curator: visit.curator ?? t('person-erased'), kind: t(`visit-kind-${visit.kind}`) })}: {visit.result}
        </li>
      ),
    })),
  ].sort((a, b) => b.at - a.at);
  return (
    <>
      <h2>{t('tasks-timeline-title')}</h2>
      {items.length === 0 ? <p class="muted">{t('tasks-timeline-empty')}</p> : <ul class="timeline">{items.map((i) => i.html)}</ul>}
    </>
  );
}
