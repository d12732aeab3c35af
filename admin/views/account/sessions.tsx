import type { SessionInfo } from '../../../core/admins/management.js';
import { formatDateTime, type PanelContext } from '../../kit.js';

/** Live sessions: when opened, last used, from where, in what browser; the one in use is marked. */
export function SessionsTable(props: { c: PanelContext; sessions: SessionInfo[]; zone: string; currentId?: number }) {
  const t = props.c.get('t');
  if (props.sessions.length === 0) return <p class="muted">{t('account-no-sessions')}</p>;
  return (
    <div class="table-wrap" tabindex={0}>
      <table data-sessions={String(props.sessions.length)}>
        <thead>
          <tr>
            <th>{t('account-session-created')}</th>
            <th>{t('account-session-last-seen')}</th>
            <th>{t('account-session-ip')}</th>
            <th>{t('account-session-browser')}</th>
          </tr>
        </thead>
        <tbody>
          {props.sessions.map((s) => (
            <tr>
              <td>{formatDateTime(s.createdAt, props.zone)}</td>
              <td>
                {formatDateTime(s.lastSeenAt, props.zone)}
                {s.id === props.currentId ? <b> · {t('account-session-current')}</b> : null}
              </td>
              <td>{s.ip ?? '—'}</td>
              <td title={s.userAgent ?? ''}>{describeUserAgent(s.userAgent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Chrome 131 · Windows" from a User-Agent string; the raw text, shortened, when it is not recognised. */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return '—';
  const browsers: [RegExp, string][] = [
    [/YaBrowser\/(\d+)/, 'Яндекс Браузер'],
    [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/Chrome\/(\d+)/, 'Chrome'],
    [/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari/, 'Safari'],
  ];
  const systems: [RegExp, string][] = [
    [/Windows/, 'Windows'],
    [/Android/, 'Android'],
    [/iPhone|iPad|iPod/, 'iOS'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/Linux/, 'Linux'],
  ];
  let browser: string | undefined;
  for (const [pattern, name] of browsers) {
    const match = pattern.exec(ua);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const system = systems.find(([pattern]) => pattern.test(ua))?.[1];
  if (!browser && !system) return ua.length > 60 ? `${ua.slice(0, 59)}…` : ua;
  return [browser, system].filter(Boolean).join(' · ');
}
