import { canWrite } from '../../../core/admins/access.js';
import type { AuditEntry } from '../../../core/admins/audit.js';
import type { Broadcast } from '../../../core/broadcasts/broadcasts.js';
import { messengerChannels, type MessengerChannel } from '../../../core/vocabulary/channels.js';
import type { BroadcastReport, FailedRecipient } from '../../../core/broadcasts/report.js';
import type { OutgoingMessage } from '../../../core/vocabulary/message.js';
import type { TranslateArgs } from '../../../locales/translator.js';
import { CsrfField, formatDateTime, type PanelContext } from '../../kit.js';
import { History } from '../history.js';
import { TelegramPreview } from '../telegram-preview.js';

/** The report's live numbers, as the page shows them and as progress.json sends them. */
export function progressJson(t: (key: string, args?: TranslateArgs) => string, r: BroadcastReport) {
  return {
    status: r.broadcast.status,
    statusText: t(`broadcast-status-${r.broadcast.status}`),
    recipients: r.recipients,
    sent: r.sent,
    failed: r.failed,
    blocked: r.blocked,
    skipped: r.skipped,
    uncertain: r.uncertain,
    remaining: r.remaining,
    ratePerSecond: Math.round(r.ratePerSecond * 10) / 10,
    etaSeconds: r.etaSeconds,
    percent: Math.floor(r.progress * 100),
    summary: t('broadcast-progress-summary', {
      sent: r.sent,
      recipients: r.recipients,
      rate: Math.round(r.ratePerSecond * 10) / 10,
      eta: r.etaSeconds === null ? '—' : t('broadcast-eta', { minutes: Math.floor(r.etaSeconds / 60), seconds: r.etaSeconds % 60 }),
    }),
  };
}

/** A started broadcast: its live progress, stop and resend while they apply, the message, who did not get it, its history. */
export function BroadcastReportPage(props: {
  c: PanelContext;
  /** The message as Telegram shows it. */
  message: OutgoingMessage;
  b: Broadcast;
  report: BroadcastReport;
  failed: FailedRecipient[];
  zone: string;
  history: AuditEntry[];
}) {
  const { c, message, b, report, failed, zone, history } = props;
  const t = c.get('t');
  const actor = c.get('actor');
  const p = progressJson(t, report);
  const live = report.broadcast.status === 'sending' || report.broadcast.status === 'scheduled';
  const counts = ['sent', 'failed', 'blocked', 'skipped', 'uncertain', 'remaining'] as const;
  return (
    <>
      <h1>{t('broadcast-report-title', { id: b.id })}</h1>
      <p>
        <b data-status={p.status} id="broadcast-status">
          {p.statusText}
        </b>
        {' · '}
        <span class="muted">
          {report.broadcast.status === 'scheduled'
            ? t('broadcast-scheduled-at', { at: formatDateTime(report.broadcast.sendAt, zone) })
            : formatDateTime(report.broadcast.startedAt, zone)}
        </span>
      </p>
      <div class="card" id="broadcast-progress" data-live={live ? 'yes' : 'no'} data-url={`/broadcasts/${b.id}/progress.json`}>
        <svg class="progress" role="progressbar" aria-label={p.summary} aria-valuemin={0} aria-valuemax={100} aria-valuenow={p.percent}>
          <rect class="progress-bar" x="0" y="0" height="100%" width={`${p.percent}%`} data-percent={String(p.percent)} />
        </svg>
        <p id="progress-summary">{p.summary}</p>
        <table class="counts">
          <tbody>
            <tr>
              {counts.map((k) => (
                <th>{t(`broadcast-count-${k}`)}</th>
              ))}
            </tr>
            <tr>
              {counts.map((k) => (
                <td data-count={k}>{p[k]}</td>
              ))}
            </tr>
          </tbody>
        </table>
        {report.uncertain > 0 ? <p class="muted">{t('broadcast-uncertain-hint')}</p> : null}
      </div>
      {canWrite(actor) && live ? (
        <form method="post" action={`/broadcasts/${b.id}/cancel`} class="card" data-while-live data-confirm={t('confirm-broadcast-cancel')}>
          <CsrfField c={c} />
          <button type="submit" class="danger" data-cancel>
            {t('broadcast-cancel')}
          </button>{' '}
          <span class="muted">{t('broadcast-cancel-hint')}</span>
        </form>
      ) : null}
      {canWrite(actor) && (report.failed > 0 || report.uncertain > 0) && report.broadcast.status !== 'cancelled' ? (
        <form method="post" action={`/broadcasts/${b.id}/resend`} class="card" data-confirm={t('confirm-broadcast-resend')}>
          <CsrfField c={c} />
          <button type="submit">{t('broadcast-resend', { count: report.failed })}</button>{' '}
          {report.uncertain > 0 ? (
            <label>
              <input type="checkbox" name="uncertain" /> {t('broadcast-resend-uncertain', { count: report.uncertain })}
            </label>
          ) : null}
        </form>
      ) : null}
      <h2>{t('broadcast-message')}</h2>
      <TelegramPreview t={t} message={message} />
      <h2>{t('broadcast-failed-title')}</h2>
      {failed.length === 0 ? (
        <p class="muted">{t('broadcast-failed-none')}</p>
      ) : (
        <>
          <p>
            <a href={`/broadcasts/${b.id}/failed.csv`}>{t('broadcast-failed-csv')}</a>
          </p>
          <div class="table-wrap" tabindex={0}>
            <table id="failed-recipients">
              <thead>
                <tr>
                  <th>{t('broadcast-failed-person')}</th>
                  <th>{t('broadcast-failed-status')}</th>
                  <th>{t('channel-column')}</th>
                  <th>{t('broadcast-failed-reason')}</th>
                </tr>
              </thead>
              <tbody>
                {failed.map((r) => (
                  <tr data-delivery-status={r.status}>
                    <td>{r.personId ? <a href={`/people/${r.personId}`}>{r.fullName ?? t('person-erased')}</a> : (r.fullName ?? '—')}</td>
                    <td>{t(`delivery-status-${r.status}`)}</td>
                    <td>{channelName(t, r.channel)}</td>
                    <td class="muted">{reasonText(t, r.reason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h2>{t('person-history')}</h2>
      <History c={c} entries={history} zone={zone} empty={t('person-history-empty')} />
    </>
  );
}

/** Our own reasons in words; Telegram's own descriptions as they are. */
export function reasonText(t: (key: string) => string, reason: string | null): string {
  if (!reason) return '';
  if (/^[a-z-]+$/.test(reason)) {
    const key = `delivery-reason-${reason}`;
    const text = t(key);
    return text === key ? reason : text;
  }
  return reason;
}

/** A delivery's messenger by its name («Telegram», «MAX»); «—» for a person who had none. */
export function channelName(t: (key: string) => string, channel: string): string {
  return messengerChannels.includes(channel as MessengerChannel) ? t(`channel-${channel}`) : '—';
}
