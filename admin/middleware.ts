import { getSignedCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { serverSecret } from '../core/admins/secrets.js';
import { actorOf, resumeSession } from '../core/admins/sessions.js';
import type { Core } from '../core/core.js';
import type { AdminEnv } from './env.js';

export const sessionCookie = 'mayak_session';

export async function cookieSecret(core: Core): Promise<string> {
  return serverSecret(core, 'admin-cookie');
}

/**
 * Every panel page needs a live session: no cookie, a tampered one (bad signature), an expired or revoked
 * session all go to the sign-in page (or 401 for non-GET). Then every non-GET must carry the session's
 * CSRF token, as a form field or an X-CSRF-Token header.
 */
export function requireSession(core: Core) {
  return createMiddleware<AdminEnv>(async (c, next) => {
    const token = await getSignedCookie(c, await cookieSecret(core), sessionCookie);
    const resumed = token ? await resumeSession(core, token) : undefined;
    if (!resumed) {
      if (c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`);
      throw new HTTPException(401, { message: 'session expired' });
    }
    c.set('session', resumed.session);
    c.set('actor', actorOf(resumed.admin));
    c.set('email', resumed.admin.email);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const header = c.req.header('x-csrf-token');
      const type = c.req.header('content-type') ?? '';
      const field = !header && type.includes('form') ? (await c.req.parseBody({ all: true }))._csrf : undefined;
      if ((header ?? field) !== resumed.session.csrfToken) throw new HTTPException(403, { message: 'csrf' });
    }
    await next();
  });
}
