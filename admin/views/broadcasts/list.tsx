import { excerpt } from '../../../core/text/telegram-html.js';
import type { Broadcast } from '../../../core/broadcasts/broadcasts.js';
import { formatDateTime, type PanelContext } from '../../kit.js';

/** The list of broadcasts, newest first, with the links to compose and to the Telegram account. */
export function BroadcastsList(props: { c: PanelContext; rows: Broadcast[]; zone: string; writable: boolean }) {
  const { c, rows, zone } = props;
  const t = c.get('t');
  return (
    <>
      <h1>{t('broadcasts-title')}</h1>
      <p>
        {props.writable ? (
          <>
            <a href="/broadcasts/new">{t('broadcasts-new')}</a>
            {' · '}
          </>
        ) : null}
        <a href="/broadcasts/telegram">{t('broadcasts-telegram-link')}</a>
        {' · '}
        <a href="/channels">{t('channels-title')}</a>
      </p>
      {rows.length === 0 ? (
        <p class="muted">{t('broadcasts-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('broadcasts-col-text')}</th>
                <th>{t('broadcasts-col-status')}</th>
                <th>{t('broadcasts-col-when')}</th>
                <th>{t('broadcasts-col-recipients')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr data-broadcast={String(b.id)}>
                  <td>
                    <a href={`/broadcasts/${b.id}`}>{excerpt(b.html)}</a>
                  </td>
                  <td data-status={b.status}>{t(`broadcast-status-${b.status}`)}</td>
                  <td>{formatDateTime(b.startedAt ?? b.sendAt ?? b.createdAt, zone)}</td>
                  <td>{b.recipients ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
