import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { getAdminProfile, listLiveSessions } from '../../core/admins/management.js';
import { changeOwnPassword, revokeOwnSessions } from '../../core/admins/own-account.js';
import { DomainError } from '../../core/errors.js';
import { listMunicipalities, regionTimezone } from '../../core/directory/places.js';
import { choosePanelLanguage } from '../../core/admins/panel-language.js';
import { languages } from '../../locales/translator.js';
import type { AdminEnv } from '../env.js';
import { z } from 'zod';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import { CsrfField, FieldError, formatDateTime, page, type PanelContext } from '../kit.js';
import { sessionCookie } from '../middleware.js';
import { SessionsTable } from '../views/account/sessions.js';

/** Every admin's own account: password change, own sessions, signing out everywhere. */
export function accountRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', (c) => accountPage(c));

  app.post('/password', validForm(passwordForm, showErrors), async (c) => {
    await changeOwnPassword(c.get('core'), c.get('actor'), c.get('session').id, c.req.valid('form'));
    return c.redirect('/account?done=account-password-changed', 303);
  });

  app.post('/language', validForm(languageForm, showErrors), async (c) => {
    await choosePanelLanguage(c.get('core'), c.get('actor').id, c.req.valid('form').locale);
    return c.redirect('/account', 303);
  });

  app.post('/sign-out-everywhere', async (c) => {
    await revokeOwnSessions(c.get('core'), c.get('actor'));
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.redirect('/login', 303);
  });

  return app;
}

const text = (value: string | string[] | undefined): string => (typeof value === 'string' ? value : '');
/** The password fields as typed; the domain judges them (its messages go next to each). */
const passwordForm = formBody.transform((form) => ({ current: text(form.current), next: text(form.next), confirm: text(form.confirm) }));
const languageForm = z.object({ locale: z.enum(languages, { error: 'panel-language' }) });
const showErrors = { view: (c: PanelContext, _values: FormValues, errors: FieldErrors) => accountPage(c, errors, 400) };

async function accountPage(c: PanelContext, errors?: Record<string, string>, status: 200 | 400 = 200) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [me, sessions, zone, municipalities] = await Promise.all([
    getAdminProfile(core, actor.id),
    listLiveSessions(core, actor.id),
    regionTimezone(core),
    listMunicipalities(core),
  ]);
  if (!me) throw new DomainError('not-found');
  const names = me.municipalityIds.map((id) => municipalities.find((m) => m.id === id)?.name ?? `#${id}`);
  return page(
    c,
    { title: t('account-title'), status, flash: errors ? { text: t('http-400'), bad: true } : undefined },
    <>
      <h1>{t('account-title')}</h1>
      <div class="card">
        <p>
          <b>{me.email}</b>
          {me.name ? ` · ${me.name}` : ''} · {t(`admin-role-${me.role}`)}
        </p>
        {names.length ? (
          <p class="muted">
            {t('field-municipality')}: {names.join(', ')}
          </p>
        ) : null}
        <p class="muted">
          {me.passwordChangedAt ? t('account-password-changed-at', { date: formatDateTime(me.passwordChangedAt, zone) }) : t('account-password-never-changed')}
        </p>
      </div>

      <h2>{t('account-change-password')}</h2>
      <form method="post" action="/account/password" class="card">
        <CsrfField c={c} />
        <div class="field">
          <label>
            {t('account-current-password')}
            <input name="current" type="password" autocomplete="current-password" required />
          </label>
          <FieldError errors={errors} name="current" />
        </div>
        <div class="field">
          <label>
            {t('account-new-password')}
            <input name="next" type="password" autocomplete="new-password" minlength={10} required />
          </label>
          <FieldError errors={errors} name="next" />
        </div>
        <div class="field">
          <label>
            {t('account-confirm-password')}
            <input name="confirm" type="password" autocomplete="new-password" required />
          </label>
          <FieldError errors={errors} name="confirm" />
        </div>
        <p class="muted">{t('account-password-hint')}</p>
        <button type="submit">{t('account-change-password-submit')}</button>
      </form>

      <h2>{t('account-language')}</h2>
      <form method="post" action="/account/language" class="card">
        <CsrfField c={c} />
        <div class="field">
          <label>
            {t('account-language')}
            <select name="locale">
              {languages.map((l) => (
                <option value={l} selected={l === c.get('locale')}>
                  {t(`account-language-${l}`)}
                </option>
              ))}
            </select>
          </label>
          <FieldError errors={errors} name="locale" />
        </div>
        <button type="submit">{t('account-language-submit')}</button>
      </form>

      <h2>{t('account-sessions')}</h2>
      <SessionsTable c={c} sessions={sessions} zone={zone} currentId={c.get('session').id} />
      <form method="post" action="/account/sign-out-everywhere">
        <CsrfField c={c} />
        <button type="submit" class="danger">
          {t('account-sign-out-everywhere')}
        </button>
      </form>
    </>,
  );
}
