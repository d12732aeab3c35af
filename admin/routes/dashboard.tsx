import { Hono } from 'hono';
import { scopeOf } from '../../core/admins/access.js';
import { dashboard, trendWeeks, type Trend } from '../../core/dashboard/dashboard.js';
import { regionTimezone } from '../../core/directory/places.js';
import { backupStatus, humanBytes } from '../../core/operations/backups.js';
import { weeklySubscriptionChanges } from '../../core/subscriptions/admin.js';
import type { AdminEnv } from '../env.js';
import { formatDate, formatDateTime, page } from '../kit.js';

const week = 7 * 86_400_000;
const trendLinks: Record<Trend['name'], string> = { signups: '/events', confirmations: '/tasks', answers: '/surveys', sent: '/broadcasts' };

/** A small bar chart of weekly counts; each bar says its week and count to a screen reader and on hover. */
function TrendChart(props: { trend: Trend; from: number; zone: string; t: (key: string, args?: Record<string, string | number>) => string }) {
  const { trend, t } = props;
  const max = Math.max(1, ...trend.weeks);
  const bar = 22;
  const height = 48;
  const total = trend.weeks.reduce((a, b) => a + b, 0);
  const label = `${t(`dashboard-trend-${trend.name}`)}: ${t('dashboard-trend-total', { n: total })}`;
  return (
    <a class="stat trend" href={trendLinks[trend.name]} data-trend={trend.name}>
      <b>{total}</b>
      <span>{t(`dashboard-trend-${trend.name}`)}</span>
      <svg viewBox={`0 0 ${trend.weeks.length * bar} ${height}`} role="img" aria-label={label} class="spark">
        {trend.weeks.map((n, i) => {
          const h = Math.max(1, Math.round((n / max) * (height - 2)));
          return (
            <rect x={i * bar + 2} y={height - h} width={bar - 4} height={h}>
              <title>{t('dashboard-trend-week', { from: formatDate(props.from + i * week, props.zone), n })}</title>
            </rect>
          );
        })}
      </svg>
    </a>
  );
}

export function dashboardRoutes() {
  const app = new Hono<AdminEnv>();
  app.get('/', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const scope = scopeOf(c.get('actor'));
    const [d, topics, zone, backup] = await Promise.all([
      dashboard(core, scope),
      weeklySubscriptionChanges(core, scope),
      regionTimezone(core),
      backupStatus(core, core.clock.now()),
    ]);
    const outage = c.get('telegramOutage');
    return page(
      c,
      { title: t('dashboard-title'), section: '/' },
      <>
        <h1>{t('dashboard-title')}</h1>
        <div class="grid" data-figures="">
          <a class={d.pending ? 'stat alert' : 'stat'} href="/approvals" data-stat="pending">
            <b>{d.pending}</b>
            <span>{t('dashboard-pending', { n: d.pending })}</span>
          </a>
          <a class={d.schoolsWithoutLead ? 'stat alert' : 'stat'} href="/schools?nolead=1" data-stat="no-lead">
            <b>{d.schoolsWithoutLead}</b>
            <span>{t('dashboard-schools-without-lead', { n: d.schoolsWithoutLead, total: d.schools })}</span>
          </a>
          {outage ? (
            <a class="stat alert" href="/schedule" data-stat="telegram-outage">
              <b>{outage.waiting}</b>
              <span>{t('dashboard-telegram-outage', { since: outage.since })}</span>
            </a>
          ) : null}
          <div class={backup.state === 'ok' ? 'stat' : 'stat alert'} data-stat="backup">
            <b>{backup.lastAt === null ? '—' : formatDateTime(backup.lastAt, zone)}</b>
            <span>
              {backup.state === 'failed'
                ? t('dashboard-backup-failed', { reason: backup.error ?? '' })
                : backup.state === 'never'
                  ? t('dashboard-backup-never')
                  : t(backup.state === 'stale' ? 'dashboard-backup-stale' : 'dashboard-backup-ok', {
                      size: backup.lastBytes === null ? '—' : humanBytes(backup.lastBytes),
                    })}
            </span>
          </div>
          <a class="stat" href="/people?status=blocked" data-stat="blocked">
            <b>{d.blocked}</b>
            <span>{t('dashboard-blocked', { n: d.blocked })}</span>
          </a>
        </div>
        <div class="columns">
          <section class="card" data-section="events">
            <h2>{t('dashboard-events')}</h2>
            {d.upcomingEvents.length === 0 ? <p class="muted">{t('dashboard-events-empty')}</p> : null}
            <ul class="plain">
              {d.upcomingEvents.map((e) => (
                <li data-event={String(e.id)}>
                  <a href={`/events/${e.id}`}>{e.title}</a>
                  <div class="muted">
                    {formatDateTime(e.startsAt, zone)} ·{' '}
                    <a href={`/events/${e.id}#participants`} data-stat="going">
                      {e.capacity ? t('dashboard-going-of', { n: e.going, capacity: e.capacity }) : t('dashboard-going', { n: e.going })}
                    </a>
                  </div>
                </li>
              ))}
            </ul>
            <a href="/events/calendar">{t('dashboard-events-all')}</a>
          </section>
          <section class="card" data-section="overdue">
            <h2>{t('dashboard-overdue')}</h2>
            {d.overdueByMunicipality.length === 0 ? <p class="muted">{t('dashboard-overdue-empty')}</p> : null}
            <ul class="plain">
              {d.overdueByMunicipality.map((m) => (
                <li data-municipality={String(m.municipalityId)}>
                  <a href={`/tasks/matrix?municipality=${m.municipalityId}`}>{m.name}</a>: <span class="bad">{t('dashboard-overdue-n', { n: m.overdue })}</span>
                </li>
              ))}
            </ul>
            {d.silentSchools.length ? (
              <>
                <h3>{t('dashboard-silent')}</h3>
                <p class="muted">{t('dashboard-silent-intro')}</p>
                <ul class="plain">
                  {d.silentSchools.map((s) => (
                    <li data-school={String(s.schoolId)}>
                      <a href={`/schools/${s.schoolId}`}>{s.name}</a>: <span class="bad">{t('dashboard-overdue-n', { n: s.overdue })}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <section class="card" data-section="surveys">
            <h2>{t('dashboard-surveys')}</h2>
            {d.openSurveys.length === 0 ? <p class="muted">{t('dashboard-surveys-empty')}</p> : null}
            <ul class="plain">
              {d.openSurveys.map((s) => (
                <li data-survey={String(s.id)}>
                  <a href={`/surveys/${s.id}/results`}>{s.title}</a>
                  <a class="muted" href={`/surveys/${s.id}/results`} data-stat="rate">
                    {t('dashboard-survey-rate', {
                      done: s.done,
                      invited: s.invited,
                      percent: s.invited ? Math.round((s.done / s.invited) * 100) : 0,
                      closes: formatDateTime(s.closesAt, zone),
                    })}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section class="card" data-section="broadcasts">
            <h2>{t('dashboard-broadcasts')}</h2>
            {d.broadcasts.length === 0 ? <p class="muted">{t('dashboard-broadcasts-empty')}</p> : null}
            <ul class="plain">
              {d.broadcasts.map((b) => (
                <li data-broadcast={String(b.id)}>
                  <a href={`/broadcasts/${b.id}`}>{t('dashboard-broadcast-title', { id: b.id })}</a>:{' '}
                  {b.status === 'sending' ? (
                    <a href={`/broadcasts/${b.id}#broadcast-progress`} data-stat="progress">
                      {t('dashboard-broadcast-sending', { sent: b.sent, recipients: b.recipients ?? 0 })}
                    </a>
                  ) : (
                    t('dashboard-broadcast-scheduled', { at: formatDateTime(b.sendAt, zone) })
                  )}
                </li>
              ))}
            </ul>
          </section>
        </div>
        <h2>{t('dashboard-trends', { weeks: trendWeeks })}</h2>
        <div class="grid">
          {d.trends.map((trend) => (
            <TrendChart trend={trend} from={d.trendsFrom} zone={zone} t={t} />
          ))}
        </div>
        <p data-stat="topics-week">
          <a href="/topics">{t('topics-week', { gained: topics.gained, lost: topics.lost })}</a>
        </p>
      </>,
    );
  });
  return app;
}
