import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { z } from 'zod';
import { loginLimits, sessionIdleMs, signIn, signOut } from '../../core/admins/sessions.js';
import { randomToken } from '../../core/admins/tokens.js';
import type { Core } from '../../core/core.js';
import { DomainError } from '../../core/errors.js';
import type { AdminEnv } from '../env.js';
import { cookieSecret, sessionCookie } from '../middleware.js';
import { Layout } from '../views/layout.js';

const loginSchema = z.object({
  email: z.string().trim().max(200),
  password: z.string().max(500),
  next: z.string().optional(),
  _csrf: z.string().max(100).optional(),
});

/**
 * The sign-in form's CSRF token, also kept in a signed cookie (there is no session yet): another site cannot post
 * the form, so nobody is signed in to an account of someone else's choosing.
 */
const loginCookie = 'mayak_login';
const loginCookieMaxAge = 12 * 60 * 60;

/**
 * The caller's address for the login limits: the connection's, or with `TRUST_PROXY` the last entry of
 * `X-Forwarded-For` (the one our own reverse proxy appended; earlier entries are whatever the client sent).
 */
export function clientAddress(connection: (c: Context) => string, trustProxy: boolean): (c: Context) => string {
  if (!trustProxy) return connection;
  return (c) => {
    const last = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .at(-1);
    return last ? last.slice(0, 100) : connection(c);
  };
}

/** Only a path of this site, never another host, is a place to go back to after signing in. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/';
}

export function authRoutes(options: { core: Core; secureCookies: boolean; clientIp: (c: Context) => string; sandbox: boolean }) {
  const { core } = options;
  const app = new Hono<AdminEnv>();
  const t = (key: string, args?: Record<string, string | number>) => core.translate('ru', key, args);

  /** The token of this browser's sign-in form: the one in its cookie, or a new one set now. */
  async function formToken(c: Context): Promise<string> {
    const kept = await getSignedCookie(c, await cookieSecret(core), loginCookie);
    if (kept) return kept;
    const token = randomToken(24);
    await setSignedCookie(c, loginCookie, token, await cookieSecret(core), {
      httpOnly: true,
      sameSite: 'Lax',
      secure: options.secureCookies,
      path: '/login',
      maxAge: loginCookieMaxAge,
    });
    return token;
  }

  const form = (csrf: string, values: { email?: string; next?: string }, error?: string) => (
    <Layout title={t('login-title')} t={t}>
      <div class="login card">
        <h1>{t('login-title')}</h1>
        {error ? <div class="flash bad">{error}</div> : null}
        <form method="post" action="/login">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="next" value={values.next ?? ''} />
          <div class="field">
            <label>
              {t('login-email')}
              <input name="email" type="email" autocomplete="username" required value={values.email ?? ''} />
            </label>
          </div>
          <div class="field">
            <label>
              {t('login-password')}
              <input name="password" type="password" autocomplete="current-password" required />
            </label>
          </div>
          <button type="submit">{t('login-submit')}</button>
        </form>
        {options.sandbox ? (
          <p class="muted">
            {t('login-sandbox-hint')} <a href="/sandbox">/sandbox</a>. {t('login-sandbox-account')}
          </p>
        ) : null}
      </div>
    </Layout>
  );

  app.get('/login', async (c) => c.html(form(await formToken(c), { next: c.req.query('next') })));

  app.post('/login', async (c) => {
    const parsed = loginSchema.safeParse(await c.req.parseBody());
    const kept = (await getSignedCookie(c, await cookieSecret(core), loginCookie)) || undefined;
    if (!parsed.success) return c.html(form(await formToken(c), {}, t('login-invalid')), 400);
    const { email, password, next } = parsed.data;
    if (!kept) return c.html(form(await formToken(c), { email, next }, t('login-form-expired')), 403);
    if (parsed.data._csrf !== kept) return c.html(form(kept, { email, next }, t('login-form-expired')), 403);
    try {
      const { token } = await signIn(core, { email, password, ip: options.clientIp(c), userAgent: c.req.header('user-agent') });
      await setSignedCookie(c, sessionCookie, token, await cookieSecret(core), {
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secureCookies,
        path: '/',
        maxAge: Math.floor(sessionIdleMs / 1000),
      });
      return c.redirect(safeNext(next), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const limited = error.code === 'too-many-attempts' || error.code === 'try-again-shortly';
      const words = error.code === 'too-many-attempts' ? 'login-too-many' : error.code === 'try-again-shortly' ? 'login-try-again-shortly' : 'login-invalid';
      return c.html(form(kept, { email, next }, t(words, { seconds: loginLimits.hotAddressPaceMs / 1000 })), limited ? 429 : 401);
    }
  });

  return app;
}

/** Sign-out lives behind the session check (it needs the CSRF token). */
export function logoutRoutes() {
  const app = new Hono<AdminEnv>();
  app.post('/logout', async (c) => {
    await signOut(c.get('core'), c.get('session').id);
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.redirect('/login', 303);
  });
  return app;
}
