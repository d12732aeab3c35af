import type { Child } from 'hono/jsx';
import type { Actor } from '../../core/admins/access.js';
import type { EmergencyStop } from '../../core/deliveries/emergency-stop.js';
import { panelAssets } from '../assets/served.js';

export interface LayoutProps {
  title: string;
  /** Path of the current section, to mark it in the menu. */
  section?: string;
  t: (key: string, args?: Record<string, string | number>) => string;
  /** The page's language, for <html lang>. */
  locale?: string;
  actor?: Actor;
  email?: string;
  csrf?: string;
  flash?: { text: string; bad?: boolean } | undefined;
  /** The emergency stop, while it is on: a banner above every page. */
  stopped?: EmergencyStop | null;
  /** While Telegram is unreachable: a banner with since when and how many messages wait. */
  telegramOutage?: { since: string; waiting: number } | null;
  children?: Child;
}

interface Section {
  path: string;
  key: string;
  roles?: string[];
}
/** The menu in five groups under the home page: a sidebar on a wide screen, one list behind «Меню» on a phone. */
const home: Section = { path: '/', key: 'nav-dashboard' };
const groups: { key: string; sections: Section[] }[] = [
  {
    key: 'nav-group-work',
    sections: [
      { path: '/events', key: 'nav-events' },
      { path: '/tasks', key: 'nav-tasks' },
      { path: '/roadmaps', key: 'nav-roadmaps' },
      { path: '/surveys', key: 'nav-surveys' },
    ],
  },
  {
    key: 'nav-group-messages',
    sections: [
      { path: '/broadcasts', key: 'nav-broadcasts' },
      { path: '/audiences', key: 'nav-audiences' },
      { path: '/topics', key: 'nav-topics' },
      { path: '/schedule', key: 'nav-schedule', roles: ['owner', 'editor', 'viewer'] },
    ],
  },
  {
    key: 'nav-group-directory',
    sections: [
      { path: '/people', key: 'nav-people' },
      { path: '/schools', key: 'nav-schools' },
      { path: '/municipalities', key: 'nav-municipalities' },
      { path: '/approvals', key: 'nav-approvals' },
      { path: '/invites', key: 'nav-invites' },
      { path: '/import', key: 'nav-import', roles: ['owner', 'editor', 'coordinator'] },
    ],
  },
  {
    key: 'nav-group-reports',
    sections: [
      { path: '/tasks/matrix', key: 'nav-tasks-matrix' },
      { path: '/audit', key: 'nav-audit' },
    ],
  },
  {
    key: 'nav-group-admin',
    sections: [
      { path: '/admins', key: 'nav-admins', roles: ['owner'] },
      { path: '/api-tokens', key: 'nav-api-tokens', roles: ['owner'] },
    ],
  },
];

/** The page frame: the menu (only what the role may open), the signed-in admin, sign-out, and a flash line. */
export function Layout(props: LayoutProps) {
  const { t, actor } = props;
  return (
    <html lang={props.locale ?? 'ru'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('app-name')}`}</title>
        <link rel="stylesheet" href={panelAssets.style.url} />
        <script src={panelAssets.script.url} defer />
      </head>
      <body>
        {actor ? (
          <header class="top">
            <a class="brand" href="/">
              {t('app-name')}
            </a>
            {/* A checkbox toggled by its label «Меню»: the phone's menu opens without a script (the stylesheet reads it with :has). */}
            <input type="checkbox" id="menu-open" class="menu-open" aria-controls="main-nav" />
            <label for="menu-open" class="menu-toggle" data-menu-toggle>
              {t('nav-menu')}
            </label>
            <div class="who">
              <a href="/account">{props.email}</a>
              <span class="hide-phone">· {t(`admin-role-${actor.role}`)}</span>
              <form class="inline" method="post" action="/logout">
                <input type="hidden" name="_csrf" value={props.csrf} />
                <button type="submit">{t('nav-logout')}</button>
              </form>
            </div>
          </header>
        ) : null}
        <div class={actor ? 'frame' : undefined}>
          {actor ? (
            <nav id="main-nav" aria-label={t('nav-menu')}>
              <a href="/" aria-current={props.section === home.path ? 'page' : undefined}>
                {t(home.key)}
              </a>
              {groups.map((group) => {
                const shown = group.sections.filter((s) => !s.roles || s.roles.includes(actor.role));
                return shown.length ? (
                  <div class="nav-group">
                    <span class="nav-group-name">{t(group.key)}</span>
                    {shown.map((s) => (
                      <a href={s.path} aria-current={props.section === s.path ? 'page' : undefined}>
                        {t(s.key)}
                      </a>
                    ))}
                  </div>
                ) : null;
              })}
            </nav>
          ) : null}
          <main>
            {props.stopped ? (
              <div class="flash bad" role="alert" data-emergency-stop>
                {t('schedule-stop-banner')} <a href="/schedule">{t('schedule-title')}</a>
              </div>
            ) : null}
            {props.telegramOutage ? (
              <div class="flash bad" role="status" data-telegram-outage>
                {t('telegram-outage-banner', { since: props.telegramOutage.since, waiting: props.telegramOutage.waiting })}
              </div>
            ) : null}
            {props.flash ? <div class={props.flash.bad ? 'flash bad' : 'flash'}>{props.flash.text}</div> : null}
            {props.children}
          </main>
        </div>
      </body>
    </html>
  );
}
