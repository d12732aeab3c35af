import { Hono } from 'hono';
import { assertOwner } from '../../core/admins/access.js';
import { adminRoles, createApiToken, listApiTokens, revokeApiToken, type NewApiToken } from '../../core/admins/api-tokens.js';
import { listMunicipalities, regionTimezone } from '../../core/directory/places.js';
import type { AdminEnv } from '../env.js';
import { formBody, validForm, type FormValues } from '../forms.js';
import { CsrfField, FieldError, formatDateTime, list, page, type PanelContext } from '../kit.js';

interface FormState {
  values?: { name: string; role: string; municipalityIds: string[] };
  errors?: Record<string, string>;
  /** The secret of a token just made: on this one page, never again. */
  created?: { name: string; token: string };
}

/** API tokens for the region's other systems (owners only): list, create (the secret shown once), revoke. */
export function apiTokensRoutes() {
  const app = new Hono<AdminEnv>();
  app.use('*', async (c, next) => {
    assertOwner(c.get('actor'));
    await next();
  });

  app.get('/', (c) => tokensPage(c, {}));

  app.post('/', validForm(formBody, { view: (c, values, errors) => tokensPage(c, { values: tokenValues(values), errors }, 400) }), async (c) => {
    const values = tokenValues(c.req.valid('form'));
    // The core validates the role: a forged value is an invalid-input like any other.
    const { token, record } = await createApiToken(c.get('core'), c.get('actor'), { ...values, role: values.role as NewApiToken['role'] });
    return tokensPage(c, { created: { name: record.name, token } });
  });

  app.post('/:id{[0-9]+}/revoke', async (c) => {
    await revokeApiToken(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return c.redirect('/api-tokens?done=api-token-revoked', 303);
  });

  return app;
}

/** A new token's fields as typed. */
function tokenValues(form: FormValues) {
  return { name: String(form.name ?? ''), role: String(form.role ?? ''), municipalityIds: list(form.municipalityIds) };
}

async function tokensPage(c: PanelContext, state: FormState, status: 200 | 400 = 200) {
  const t = c.get('t');
  const core = c.get('core');
  const [tokens, municipalities, zone] = await Promise.all([listApiTokens(core, c.get('actor')), listMunicipalities(core), regionTimezone(core)]);
  const names = new Map(municipalities.map((m) => [m.id, m.name]));
  const values = state.values ?? { name: '', role: 'viewer', municipalityIds: [] };
  const response = await page(
    c,
    { title: t('api-tokens-title'), section: '/api-tokens', status },
    <>
      <h1>{t('api-tokens-title')}</h1>
      <p class="muted">{t('api-tokens-intro')}</p>
      <p>
        {t('api-tokens-docs')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
        <br />
        {t('api-tokens-usage')} <code>Authorization: Bearer &lt;{t('api-tokens-token')}&gt;</code>
      </p>
      {state.created ? (
        <div class="card ok">
          <p>{t('api-tokens-created', { name: state.created.name })}</p>
          <input readonly value={state.created.token} size={60} data-token="" data-select-on-focus class="mono-input" aria-label={t('api-tokens-token')} />
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <p class="muted">{t('api-tokens-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('api-tokens-name')}</th>
                <th>{t('api-tokens-role')}</th>
                <th>{t('api-tokens-municipalities')}</th>
                <th class="hide-phone">{t('api-tokens-created-at')}</th>
                <th>{t('api-tokens-last-used')}</th>
                <th>{t('api-tokens-status')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map(({ token, createdByEmail }) => (
                <tr data-token-id={String(token.id)}>
                  <td>{token.name}</td>
                  <td>{t(`admin-role-${token.role}`)}</td>
                  <td>
                    {token.role === 'coordinator'
                      ? token.municipalityIds.map((id) => names.get(id) ?? `#${id}`).join(', ')
                      : t('api-tokens-all-municipalities')}
                  </td>
                  <td class="hide-phone">
                    {formatDateTime(token.createdAt, zone)}
                    {createdByEmail ? <div class="muted">{createdByEmail}</div> : null}
                  </td>
                  <td>{formatDateTime(token.lastUsedAt, zone)}</td>
                  <td>
                    {token.revokedAt === null ? (
                      <form class="inline" method="post" action={`/api-tokens/${token.id}/revoke`} data-confirm={t('confirm-api-token-revoke')}>
                        <CsrfField c={c} />
                        <span class="status-active">{t('api-tokens-active')}</span>{' '}
                        <button type="submit" class="danger">
                          {t('api-tokens-revoke')}
                        </button>
                      </form>
                    ) : (
                      <span class="status-rejected">{t('api-tokens-revoked', { date: formatDateTime(token.revokedAt, zone) })}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('api-tokens-new')}</h2>
      <form method="post" action="/api-tokens" class="card">
        <CsrfField c={c} />
        <div class="field">
          <label>
            {t('api-tokens-name')}
            <input name="name" value={values.name} size={40} maxlength={60} required />
          </label>
          <div class="muted">{t('api-tokens-name-hint')}</div>
          <FieldError errors={state.errors} name="name" />
        </div>
        <div class="field">
          <label>
            {t('api-tokens-role')}
            <select name="role">
              {adminRoles.map((role) => (
                <option value={role} selected={values.role === role}>
                  {t(`admin-role-${role}`)}
                </option>
              ))}
            </select>
          </label>
          <FieldError errors={state.errors} name="role" />
        </div>
        <div class="field">
          <span class="muted">
            {t('api-tokens-municipalities')} ({t('api-tokens-municipalities-hint')})
          </span>
          <div class="checks">
            {municipalities.map((m) => (
              <label>
                <input type="checkbox" name="municipalityIds" value={String(m.id)} checked={values.municipalityIds.includes(String(m.id))} /> {m.name}
              </label>
            ))}
          </div>
          <FieldError errors={state.errors} name="municipalityIds" />
        </div>
        <button type="submit">{t('api-tokens-create')}</button>
      </form>
    </>,
  );
  // The page may carry a secret: no cache, no proxy, no back-button copy.
  response.headers.set('cache-control', 'no-store');
  return response;
}
