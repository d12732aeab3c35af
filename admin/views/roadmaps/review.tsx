import { canWrite } from '../../../core/admins/access.js';
import type { RoadMap, RoadMapItem } from '../../../core/roadmaps/plans.js';
import { roadMapEventKinds, roadMapRowKinds } from '../../../core/vocabulary/roadmaps.js';
import { CsrfField, page, type PanelContext } from '../../kit.js';
import { dueText, periodText } from './parts.js';

/** A plan in review: its rows as parsed, editable, merged, split or removed, then drafts made from them. */
export function reviewPage(c: PanelContext, data: { plan: RoadMap; items: RoadMapItem[] }, errors?: Record<string, string>, status?: 400) {
  const t = c.get('t');
  const actor = c.get('actor');
  const { plan, items } = data;
  const id = plan.id;
  const writable = canWrite(actor);
  const kinds = roadMapRowKinds.map((k) => [k, t(`roadmap-kind-${k}`)] as const);
  const eventKinds = roadMapEventKinds.map((k) => [k, t(`roadmap-event-kind-${k}`)] as const);
  return page(
    c,
    { title: `${t('roadmap-review-title')}: ${plan.title}`, section: '/roadmaps', status },
    <>
      <h1>{plan.title}</h1>
      <p>
        {t('roadmap-col-period')}: {periodText(plan)}
        {plan.academic ? ` (${t('roadmap-academic')})` : ''} · {t('roadmap-rows-count', { count: items.length })} ·{' '}
        {t('roadmap-doubtful-count', { count: items.filter((i) => i.doubts.length).length })} · <a href={`/roadmaps/${id}`}>{t('roadmap-to-plan')}</a>
      </p>
      <p class="muted">{t('roadmap-review-help')}</p>
      {errors ? <div class="flash bad">{Object.values(errors).join(' ')}</div> : null}
      <form method="post" action={`/roadmaps/${id}/review`} class="review" data-form="roadmap-review">
        <CsrfField c={c} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>№</th>
                <th>{t('roadmap-col-text')}</th>
                <th>{t('roadmap-col-due')}</th>
                <th>{t('roadmap-col-parsed')}</th>
                <th>{t('roadmap-col-kind')}</th>
                <th>{t('roadmap-col-responsible')}</th>
                <th>{t('roadmap-col-audience')}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const n = (name: string) => `r${item.id}.${name}`;
                return (
                  <tr id={`r${item.id}`} class={item.doubts.length ? 'doubt' : undefined} data-item={item.id}>
                    <td>
                      <input name={n('number')} value={item.number ?? ''} size={4} aria-label="№" />
                      <input type="hidden" name={n('section')} value={item.section ?? ''} />
                      <input type="hidden" name={n('result')} value={item.result ?? ''} />
                    </td>
                    <td>
                      {item.section ? <div class="muted">{item.section}</div> : null}
                      <textarea name={n('text')} aria-label={t('roadmap-col-text')}>
                        {item.text}
                      </textarea>
                      {item.doubts.length ? <div class="doubts">{item.doubts.join('; ')}</div> : null}
                    </td>
                    <td>
                      <input name={n('dateText')} value={item.dateText} aria-label={t('roadmap-col-due')} />
                    </td>
                    <td data-due>
                      {dueText(t, item)}
                      <div class="muted">
                        {t(`roadmap-recurrence-${item.due.recurrence}`)}, {t(`roadmap-precision-${item.due.precision}`)}
                      </div>
                    </td>
                    <td>
                      <select name={n('kind')} aria-label={t('roadmap-col-kind')}>
                        {kinds.map(([v, label]) => (
                          <option value={v} selected={item.kind === v}>
                            {label}
                          </option>
                        ))}
                      </select>
                      <select name={n('eventKind')} aria-label={t('roadmap-col-event-kind')}>
                        <option value="">—</option>
                        {eventKinds.map(([v, label]) => (
                          <option value={v} selected={item.eventKind === v}>
                            {label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input name={n('responsible')} value={item.responsible.join(', ')} aria-label={t('roadmap-col-responsible')} />
                    </td>
                    <td>
                      <input name={n('audience')} value={item.audience.join(', ')} aria-label={t('roadmap-col-audience')} />
                    </td>
                    <td>
                      {writable ? (
                        <>
                          <button type="submit" class="secondary" name="act" value={`merge:${item.id}`} title={t('roadmap-merge-help')}>
                            {t('roadmap-merge')}
                          </button>
                          <button type="submit" class="secondary" name="act" value={`split:${item.id}`} title={t('roadmap-split-help')}>
                            {t('roadmap-split')}
                          </button>
                          {plan.stage === 'review' ? (
                            <button type="submit" class="danger" name="act" value={`remove:${item.id}`}>
                              {t('roadmap-remove')}
                            </button>
                          ) : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {writable ? (
          <p>
            <button type="submit" name="act" value="save">
              {t('roadmap-save')}
            </button>{' '}
            <button type="submit" name="act" value="drafts">
              {t('roadmap-create-drafts')}
            </button>
          </p>
        ) : null}
        {writable ? <p class="muted">{t('roadmap-drafts-help')}</p> : null}
      </form>
      {writable && plan.stage === 'review' ? (
        <form method="post" action={`/roadmaps/${id}/delete`} class="inline" data-confirm={t('confirm-roadmap-delete')}>
          <CsrfField c={c} />
          <button type="submit" class="danger">
            {t('roadmap-delete')}
          </button>
        </form>
      ) : null}
    </>,
  );
}
