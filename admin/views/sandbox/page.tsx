/**
 * The sandbox web chat's page, server-rendered with hono/jsx. Its behaviour lives in admin/assets/sandbox-client.ts
 * and its look in ./style.ts, both served as files (admin/assets/served.ts), so the page needs no inline script or style.
 */
import { sandboxAssets } from '../../assets/served.js';
import type { AdminEnv } from '../../env.js';

/** The translator the panel puts on the context (locales/…/sandbox.ftl holds the sandbox's texts). */
export type SandboxTranslate = AdminEnv['Variables']['t'];

/** How the product's roles read in the sandbox's person picker: the bot's own `role-<role>` texts. */
export function roleLabel(roles: readonly string[], t: SandboxTranslate): string {
  return roles
    .map((role) => {
      const key = `role-${role}`;
      const text = t(key);
      return text === key ? role : text;
    })
    .join(', ');
}

/** A demo person as the picker shows them; names are "Фамилия Имя Отчество" like in the directory. */
export interface SandboxPerson {
  telegramId: number;
  name: string;
  firstName: string;
  lastName?: string | undefined;
  role: string;
  newcomer?: boolean;
}

/** Splits "Фамилия Имя Отчество" into the first and last name a Telegram profile would carry. */
export function telegramNames(fullName: string): { firstName: string; lastName?: string } {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2) return { firstName: parts[0] ?? fullName };
  return { firstName: parts[1]!, lastName: parts[0]! };
}

function initials(person: SandboxPerson): string {
  const letters = [person.firstName, person.lastName].map((part) => (part ? (Array.from(part)[0] ?? '') : '')).join('');
  return letters.toUpperCase() || '?';
}

/** Telegram-like avatar colours; the client script picks the same class for newcomers it adds. */
export function hueOf(telegramId: number): number {
  return Math.abs(telegramId) % 7;
}

// --- the page ---

/**
 * What the client script says, from locales/: it reads them from the page's `data-texts` (JSON in an attribute,
 * escaped by hono/jsx like any other). A `{name}` in a text is filled in by the script.
 */
export function clientTexts(t: SandboxTranslate): Record<string, string> {
  return {
    serverError: t('sandbox-client-server-error', { status: '{status}' }),
    offline: t('sandbox-client-offline'),
    who: t('sandbox-client-who', { name: '{name}' }),
    whoRole: t('sandbox-client-who-role', { name: '{name}', role: '{role}' }),
    deadButton: t('sandbox-client-dead-button'),
    forwarded: t('sandbox-client-forwarded'),
    photo: t('sandbox-client-photo'),
    document: t('sandbox-client-document', { name: '{name}' }),
    documentUnnamed: t('sandbox-client-document-unnamed'),
    edited: t('sandbox-client-edited', { time: '{time}' }),
    pickFirst: t('sandbox-client-pick-first'),
    noCommands: t('sandbox-client-no-commands'),
    forward: t('sandbox-forward'),
    openFile: t('sandbox-open-file'),
    members: t('sandbox-members'),
    statusCreator: t('sandbox-status-creator'),
    statusAdministrator: t('sandbox-status-administrator'),
    statusMember: t('sandbox-status-member'),
    statusLeft: t('sandbox-status-left'),
    addBot: t('sandbox-add-bot'),
    removeBot: t('sandbox-remove-bot'),
    promote: t('sandbox-promote'),
    demote: t('sandbox-demote'),
    migrate: t('sandbox-migrate'),
    channelRights: t('sandbox-channel-rights'),
    channelAdmin: t('sandbox-channel-admin'),
    channelPost: t('sandbox-channel-post'),
    channelEdit: t('sandbox-channel-edit'),
    channelDelete: t('sandbox-channel-delete'),
    channelReadonly: t('sandbox-channel-readonly'),
    attachPhoto: t('sandbox-attach-photo'),
    attachDocument: t('sandbox-attach-document'),
    startTelegram: t('sandbox-start'),
    startMax: t('sandbox-max-start'),
    titleMax: t('sandbox-max-chat-title'),
  };
}

function PersonButton(props: { person: SandboxPerson }) {
  const p = props.person;
  return (
    <li>
      <button
        type="button"
        class="person"
        aria-pressed="false"
        data-id={String(p.telegramId)}
        data-first={p.firstName}
        data-last={p.lastName ?? ''}
        data-name={p.name}
        data-role={p.role}
        data-newcomer={p.newcomer ? '1' : undefined}
      >
        <span class={`avatar hue-${hueOf(p.telegramId)}`} aria-hidden="true">
          {initials(p)}
        </span>
        <span class="pname">{p.name}</span>
        <span class="prole">{p.role}</span>
      </button>
    </li>
  );
}

export function SandboxPage(props: {
  base: string;
  botUsername: string;
  /** With MAX beside Telegram (its bot's name, '' before GET /me answered): each person may talk on either. */
  maxBotUsername?: string | undefined;
  people: SandboxPerson[];
  newcomers: SandboxPerson[];
  t: SandboxTranslate;
}) {
  const { base, t } = props;
  const max = props.maxBotUsername !== undefined;
  return (
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="robots" content="noindex" />
        <title>{t('sandbox-page-title')}</title>
        <link rel="stylesheet" href={`${base}${sandboxAssets.style.path}`} />
      </head>
      <body>
        <div
          id="sandbox"
          class="app"
          data-base={base}
          data-bot={props.botUsername}
          data-max={max ? '1' : undefined}
          data-max-bot={props.maxBotUsername}
          data-texts={JSON.stringify(clientTexts(t))}
        >
          <div class="note" role="note">
            {max ? t('sandbox-note-max') : t('sandbox-note')}
          </div>
          <div class="layout">
            <div id="backdrop" class="backdrop" />
            <aside id="sidebar" class="sidebar" aria-label={t('sandbox-people-label')}>
              <h2>{t('sandbox-people-heading')}</h2>
              <p class="hint">{t('sandbox-people-hint')}</p>
              <ul id="people" class="people">
                {props.people.map((person) => (
                  <PersonButton person={person} />
                ))}
              </ul>
              <h3>{t('sandbox-newcomer-heading')}</h3>
              <p class="hint">{t('sandbox-newcomer-hint')}</p>
              <form id="newcomer-form" class="newcomer-form" autocomplete="off">
                <input
                  id="newcomer-name"
                  name="firstName"
                  type="text"
                  maxlength={64}
                  placeholder={t('sandbox-newcomer-name')}
                  aria-label={t('sandbox-newcomer-name')}
                  required
                />
                <button type="submit">{t('sandbox-newcomer-create')}</button>
              </form>
              <ul id="newcomers" class="people">
                {props.newcomers.map((person) => (
                  <PersonButton person={person} />
                ))}
              </ul>
              <p class="hint small">
                <a href="/">{t('sandbox-back-to-panel')}</a>
              </p>
            </aside>
            <main class="chat">
              <header class="chat-head">
                <button id="toggle-people" type="button" class="icon-btn" aria-label={t('sandbox-toggle-people')} aria-controls="sidebar">
                  ☰
                </button>
                <span class="avatar bot" aria-hidden="true">
                  {t('sandbox-bot-initial')}
                </span>
                <div class="titles">
                  <div id="chat-title" class="title">
                    {t('sandbox-bot-name')}
                  </div>
                  <div id="who" class="subtitle">
                    {t('sandbox-who-none')}
                  </div>
                </div>
                {max ? (
                  <fieldset id="messenger" class="messenger" disabled>
                    <legend>{t('sandbox-messenger-label')}</legend>
                    <button type="button" class="messenger-btn" data-messenger="telegram" aria-pressed="true">
                      Telegram
                    </button>
                    <button type="button" class="messenger-btn" data-messenger="max" aria-pressed="false">
                      MAX
                    </button>
                  </fieldset>
                ) : null}
              </header>
              <nav id="chats" class="chats" aria-label={t('sandbox-chats-heading')} hidden />
              <div id="chat-tools" class="chat-tools" hidden />
              <div id="offline" class="offline" role="alert" hidden>
                {t('sandbox-offline')}
              </div>
              <div id="messages" class="messages" aria-live="polite">
                <div id="empty" class="empty">
                  <p id="empty-pick">{t('sandbox-empty-pick')}</p>
                  <p id="empty-start" hidden>
                    {t('sandbox-empty-start')}
                    <br />
                    <button id="start-btn" type="button" class="start-btn">
                      {t('sandbox-start')}
                    </button>
                  </p>
                </div>
              </div>
              <div id="toast" class="toast" role="status" hidden />
              <div id="menu" class="menu" role="menu" hidden />
              <div id="reply-keyboard" class="reply-kb" hidden />
              <div id="attach-menu" class="menu attach-menu" role="menu" hidden />
              <input id="attach-photo" type="file" accept="image/*" hidden />
              <input id="attach-document" type="file" hidden />
              <form id="composer" class="composer" autocomplete="off">
                <button id="attach-btn" type="button" class="menu-btn" title={t('sandbox-attach')} aria-label={t('sandbox-attach')} disabled>
                  📎
                </button>
                <button id="menu-btn" type="button" class="menu-btn" title={t('sandbox-commands')} aria-label={t('sandbox-commands')} disabled>
                  /
                </button>
                <textarea id="text" rows={1} maxlength={4096} placeholder={t('sandbox-message')} aria-label={t('sandbox-message')} disabled />
                <button id="send" type="submit" class="send-btn" disabled>
                  {t('sandbox-send')}
                </button>
              </form>
            </main>
          </div>
          <div id="alert" class="alert-backdrop" hidden>
            <div class="alert-box" role="alertdialog" aria-modal="true" aria-labelledby="alert-text">
              <p id="alert-text" />
              <button id="alert-ok" type="button">
                {t('sandbox-alert-ok')}
              </button>
            </div>
          </div>
        </div>
        <script src={`${base}${sandboxAssets.script.path}`} defer />
      </body>
    </html>
  );
}
