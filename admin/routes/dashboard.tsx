import { Hono } from 'hono';
import { scopeOf } from '../../core/admins/access.js';
import { dashboardFigures } from '../../core/directory/dashboard.js';
import { regionTimezone } from '../../core/directory/places.js';
import { backupStatus, humanBytes } from '../../core/operations/backups.js';
import { personRoles } from '../../core/directory/vocabulary.js';
import { weeklySubscriptionChanges } from '../../core/subscriptions/admin.js';
import type { AdminEnv } from '../env.js';
import { formatDateTime, page } from '../kit.js';

export function dashboardRoutes() {
  const app = new Hono<AdminEnv>();
  app.get('/', async (c) => {
    const t = c.get('t');
    const outage = c.get('telegramOutage');
    const core = c.get('core');
    const [f, topics, backup] = await Promise.all([dashboardFigures(core, scopeOf(c.get('actor'))), weeklySubscriptionChanges(core, scopeOf(c.get('actor'))), backupStatus(core, core.clock.now())]);
    const tz = await regionTimezone(core);
    return page(
      c,
      { title: t('dashboard-title'), section: '/' },
      <>
        <h1>{t('dashboard-title')}</h1>
        <div class="grid">
          <a class={f.pending ? 'stat alert' : 'stat'} href="/approvals" data-stat="pending">
            <b>{f.pending}</b>
            <span>{t('dashboard-pending')}</span>
          </a>
          <a class={f.schoolsWithoutLead ? 'stat alert' : 'stat'} href="/schools?nolead=1" data-stat="no-lead">
            <b>{f.schoolsWithoutLead}</b>
            <span>{t('dashboard-schools-without-lead', { total: f.schools })}</span>
          </a>
          {outage ? (
            <a class="stat alert" href="/schedule" data-stat="telegram-outage">
              <b>{outage.waiting}</b>
              <span>{t('dashboard-telegram-outage', { since: outage.since })}</span>
            </a>
          ) : null}
          <div class={backup.state === 'ok' ? 'stat' : 'stat alert'} data-stat="backup">
            <b>{backup.lastAt === null ? '—' : formatDateTime(backup.lastAt, tz)}</b>
            <span>
              {backup.state === 'failed'
                ? t('dashboard-backup-failed', { reason: backup.error ?? '' })
                : backup.state === 'never'
                  ? t('dashboard-backup-never')
                  : t(backup.state === 'stale' ? 'dashboard-backup-stale' : 'dashboard-backup-ok', { size: backup.lastBytes === null ? '—' : humanBytes(backup.lastBytes) })}
            </span>
          </div>
          <a class="stat" href="/people?status=blocked" data-stat="blocked">
            <b>{f.blocked}</b>
            <span>{t('dashboard-blocked')}</span>
          </a>
        </div>
        <p data-stat="topics-week">
          <a href="/topics">{t('topics-week', { gained: topics.gained, lost: topics.lost })}</a>
        </p>
        <h2>{t('dashboard-by-role')}</h2>
        <div class="grid">
          {personRoles.map((role) => (
            <a class="stat" href={`/people?role=${role}&status=active`} data-stat={`role-${role}`}>
              <b>{f.byRole[role] ?? 0}</b>
              <span>{t(`role-${role}`)}</span>
            </a>
          ))}
        </div>
        <h2>{t('dashboard-by-status')}</h2>
        <div class="grid">
          {Object.entries(f.byStatus).map(([status, n]) => (
            <a class="stat" href={`/people?status=${status}`} data-stat={`status-${status}`}>
              <b>{n}</b>
              <span>{t(`status-${status}`)}</span>
            </a>
          ))}
        </div>
      </>,
    );
  });
  return app;
}
