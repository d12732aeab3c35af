import { Hono, type Context } from 'hono';
import { deleteCookie, setSignedCookie } from 'hono/cookie';
import { z } from 'zod';
import { sessionIdleMs, signIn, signOut } from '../../core/admins/sessions.js';
import type { Core } from '../../core/core.js';
import { DomainError } from '../../core/errors.js';
import type { AdminEnv } from '../env.js';
import { cookieSecret, sessionCookie } from '../middleware.js';
import { Layout } from '../views/layout.js';

const loginSchema = z.object({ email: z.string().trim().max(200), password: z.string().max(500), next: z.string().optional() });

/** Only a path of this site, never another host, is a place to go back to after signing in. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/';
}

export function authRoutes(options: { core: Core; secureCookies: boolean; clientIp: (c: Context) => string; sandbox: boolean }) {
  const { core } = options;
  const app = new Hono<AdminEnv>();
  const t = (key: string, args?: Record<string, string | number>) => core.translate('ru', key, args);

  const form = (values: { email?: string; next?: string }, error?: string) => (
    <Layout title={t('login-title')} t={t}>
      <div class="login card">
        <h1>{t('login-title')}</h1>
        {error ? <div class="flash bad">{error}</div> : null}
        <form method="post" action="/login">
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

  app.get('/login', (c) => c.html(form({ next: c.req.query('next') })));

  app.post('/login', async (c) => {
    const parsed = loginSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) return c.html(form({}, t('login-invalid')), 400);
    const { email, password, next } = parsed.data;
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
      const tooMany = error.code === 'too-many-attempts';
      return c.html(form({ email, next }, t(tooMany ? 'login-too-many' : 'login-invalid')), tooMany ? 429 : 401);
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
