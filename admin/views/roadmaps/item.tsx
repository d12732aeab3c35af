import { canWrite } from '../../../core/admins/access.js';
import type { RoadMap, RoadMapItem } from '../../../core/roadmaps/plans.js';
import { executionMark } from '../../../core/roadmaps/report.js';
import type { ItemHistory, ItemState, linksOf } from '../../../core/roadmaps/tracking.js';
import { itemStatuses } from '../../../core/vocabulary/roadmaps.js';
import { CsrfField, FieldError, formatDateTime, page, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';
import { dueText } from './parts.js';

/** What a row's page shows: the row and its plan, its execution now, its history and the drafts made from it. */
export interface ItemPageData {
  plan: RoadMap;
  item: RoadMapItem;
  zone: string;
  state: ItemState | undefined;
  history: ItemHistory[];
  links: Awaited<ReturnType<typeof linksOf>>;
  /** The executors asked about it in the bot, by name. */
  asked: string[];
}

/** One row of a plan: its status with history and files, and the manual status form. */
export function itemPage(c: PanelContext, data: ItemPageData, errors?: Record<string, string>, status?: 400) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const { plan, item, zone, state, history, links, asked } = data;
  const iid = item.id;
  return page(
    c,
    { title: item.text.slice(0, 80), section: '/roadmaps', status },
    <>
      <p>
        <a href={`/roadmaps/${plan.id}`}>{plan.title}</a>
      </p>
      <h1>
        {item.number ? `${item.number}. ` : ''}
        {item.text}
      </h1>
      <p>
        {t('roadmap-col-due')}: {item.dateText || '—'} ({dueText(t, item)}) · {t('roadmap-col-responsible')}: {item.responsible.join(', ') || '—'}
      </p>
      <p class="muted">{asked.length ? t('roadmap-asked-in-bot', { executors: asked.join(', ') }) : t('roadmap-nobody-asked')}</p>
      {state ? (
        <p data-item-status={state.status} class={`rm-${state.status}`}>
          <b>{executionMark(core, state, zone, c.get('locale'))}</b>
        </p>
      ) : null}
      <h2>{t('roadmap-drafts')}</h2>
      {links.length === 0 ? (
        <p class="muted">{t('roadmap-no-drafts')}</p>
      ) : (
        <ul>
          {links.map((l) => (
            <li>
              {l.eventId !== null ? (
                <a href={`/events/${l.eventId}`}>{t('roadmap-link-event', { id: l.eventId })}</a>
              ) : (
                <a href={`/tasks/${l.taskId}`}>{t('roadmap-link-task', { id: l.taskId ?? 0 })}</a>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite(actor) ? (
        <form method="post" action={`/roadmaps/items/${iid}/status`} class="card" data-form="roadmap-status">
          <CsrfField c={c} />
          <h2>{t('roadmap-set-status')}</h2>
          <Select
            label={t('roadmap-status')}
            name="status"
            value={state?.status ?? 'not_started'}
            options={itemStatuses.map((s) => [s, t(`roadmap-status-${s}`)] as const)}
            errors={errors}
          />
          <label>
            {t('roadmap-comment')}
            <textarea name="comment" rows={2}></textarea>
          </label>
          <FieldError errors={errors} name="comment" />
          <button type="submit">{t('roadmap-save')}</button>
        </form>
      ) : null}
      <h2>{t('roadmap-history')}</h2>
      {history.length === 0 ? (
        <p class="muted">{t('roadmap-history-empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <tbody>
              {history.map((h) => (
                <tr>
                  <td>{formatDateTime(h.at, zone)}</td>
                  <td>{h.by}</td>
                  <td>{h.status ? t(`roadmap-status-${h.status}`) : t('roadmap-problem')}</td>
                  <td>
                    {h.comment ?? ''}
                    {h.fileId ? (
                      <>
                        {' '}
                        <a href={`/roadmaps/items/${iid}/files/${h.id}`}>{t('roadmap-file-attached')}</a>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>,
  );
}
