/**
 * `npm run cli -- setup --remote`: the panel's /setup action on a deployment (Workers, where no process runs the
 * start-up chores at start), signed in as its owner with the same form a person uses. Answers the page's message;
 * throws an Error naming what went wrong (the CLI prints it on one line).
 */
export async function remoteSetup(options: { base: string; email: string; password: string }): Promise<string> {
  const { base, email, password } = options;
  const cookies = new Map<string, string>();
  const call = async (path: string, form?: Record<string, string>) => {
    const response = await fetch(new URL(path, base), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    }).catch((error: unknown) => {
      throw new Error(`${base} did not answer (${error instanceof Error ? error.message : String(error)})`);
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!;
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return { status: response.status, html: await response.text() };
  };
  const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const login = await call('/login');
  const signedIn = await call('/login', { email, password, _csrf: csrf(login.html) });
  if (signedIn.status !== 303) throw new Error(`signing in as ${email} was refused (HTTP ${signedIn.status})`);
  const page = await call('/setup');
  if (page.status !== 200) throw new Error(`/setup answered HTTP ${page.status} (an owner's page: is ${email} an owner?)`);
  const done = await call('/setup', { _csrf: csrf(page.html) });
  const flash = /class="flash[^"]*"[^>]*>([^<]+)</.exec(done.html)?.[1]?.trim();
  if (done.status !== 200) throw new Error(flash ?? `HTTP ${done.status}`);
  return flash ?? 'done';
}
