import type { Bot } from 'grammy';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { BotContext } from '../bot/context.js';
import type { Core } from '../core/core.js';
import type { ChannelMessenger } from '../core/deliveries/messenger.js';
import { DomainError } from '../core/errors.js';
import type { Describers } from '../core/schedule/schedule.js';
import { panelLanguage } from '../core/admins/panel-language.js';
import type { TranslateArgs } from '../locales/translator.js';
import type { AdminEnv } from './env.js';
import { domainStatus } from './errors.js';
import { requireSession } from './middleware.js';
import { healthRoutes, telegramOutageState, type ProcessHealth } from './routes/health.js';
import { webhookHandler } from './webhook.js';
import { apiRoutes } from './api/index.js';
import { accountRoutes } from './routes/account.js';
import { apiTokensRoutes } from './routes/api-tokens.js';
import { adminsRoutes } from './routes/admins.js';
import { approvalsRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { audiencesRoutes } from './routes/audiences.js';
import { authRoutes, clientAddress, logoutRoutes } from './routes/auth.js';
import { calendarRoutes } from './routes/calendar.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { broadcastsRoutes } from './routes/broadcasts.js';
import { channelsRoutes } from './routes/channels.js';
import { eventsRoutes } from './routes/events.js';
import { surveysRoutes } from './routes/surveys.js';
import { importRoutes } from './routes/import.js';
import { invitesRoutes } from './routes/invites.js';
import { municipalitiesRoutes } from './routes/municipalities.js';
import { peopleRoutes } from './routes/people.js';
import { sandboxRoutes } from './routes/sandbox.js';
import type { SandboxChat } from './sandbox-port.js';
import { emergencyStopState, scheduleRoutes } from './routes/schedule.js';
import { roadmapsRoutes } from './routes/roadmaps.js';
import { schoolsRoutes } from './routes/schools.js';
import { setupRoutes, type SetupOutcome } from './routes/setup.js';
import { tasksRoutes } from './routes/tasks.js';
import { topicsRoutes } from './routes/topics.js';
import { panelAssets } from './assets/served.js';
import { Layout } from './views/layout.js';

export const webhookPath = '/telegram/webhook';
/** Where MAX posts its updates (PUBLIC_URL + this), when the process runs a MAX bot. */
export const maxWebhookPath = '/max/webhook';

/** The largest form, JSON or webhook body: far above any real one (a broadcast is 4096 characters). */
const formBodyBytes = 1024 * 1024;
/** The largest upload (multipart), as the import allows (its own check names the file's limit). */
const uploadBodyBytes = 8 * 1024 * 1024;

export interface AdminOptions {
  core: Core;
  bot: Bot<BotContext>;
  /** Channel pages edit, delete and check rights through it (the outbox's messenger). */
  messenger: ChannelMessenger;
  /** Set in webhook mode: Telegram's updates arrive here, checked by X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret?: string;
  /** MAX's updates (max/webhook.ts): the handler checks MAX's secret header itself. */
  maxWebhook?: (c: Context) => Promise<Response>;
  sandbox?: SandboxChat;
  /** Session cookies get `Secure` when the panel is served over https. */
  secureCookies?: boolean;
  /** The caller's address for login limits; the runtime knows how to read it (Node: the socket). */
  clientIp?: (c: Context) => string;
  /** Read the caller's address from X-Forwarded-For (set by our reverse proxy) instead (TRUST_PROXY). */
  trustProxy?: boolean;
  /** Opens a file a person sent the bot (task evidence) by its id. */
  fetchFile?: (fileId: string) => Promise<Uint8Array | null>;
  /** The job kinds, for the schedule page to describe what is due (the panel does not import jobs/ itself). */
  jobs?: Describers;
  /** The process's own facts for /healthz (its scheduler's last tick). */
  health?: ProcessHealth;
  /** The start-up chores (getMe remembered, command menus, webhook) as an owner's action at /setup. */
  setup?: () => Promise<SetupOutcome>;
  log?: (message: string) => void;
}

/** The HTTP side of the process: the admin panel, the Telegram and MAX webhooks and, with no token, the sandbox chat. */
export function createAdmin(options: AdminOptions): Hono<AdminEnv> {
  const { core } = options;
  const log = options.log ?? console.error;
  const app = new Hono<AdminEnv>();
  const t = (key: string, args?: TranslateArgs) => core.translate('ru', key, args);

  // Telegram's updates first: none of the panel's middleware below (headers for browsers, its body limit, the context)
  // concerns them, and the webhook is the busiest route. It limits its body itself, to the same size as a form.
  if (options.webhookSecret) app.post(webhookPath, webhookHandler(options.bot, options.webhookSecret, formBodyBytes, log));
  // Scripts and styles are served files (admin/assets/), so neither inline scripts, event handlers nor style attributes are allowed.
  // A header a route sets itself is kept (`overwrite: false`): the sandbox's page and its opened files carry stricter policies of their own.
  app.use(
    '*',
    secureHeaders({
      overwrite: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use('*', async (c, next) => {
    c.set('core', core);
    c.set('t', t);
    c.set('locale', 'ru');
    if (options.fetchFile) c.set('fetchFile', options.fetchFile);
    await next();
  });
  // Every route, signed in or not, reads a bounded body: files (multipart) up to the import's limit, anything else 1 MiB.
  const formLimit = bodyLimit({ maxSize: formBodyBytes, onError: (c) => tooLarge(c, formBodyBytes) });
  const uploadLimit = bodyLimit({ maxSize: uploadBodyBytes, onError: (c) => tooLarge(c, uploadBodyBytes) });
  const tooLarge = (c: Context, max: number) => {
    const limit = `${max / 1024 / 1024} MB`;
    if (c.req.path === webhookPath || c.req.path === maxWebhookPath) return c.json({ error: 'payload-too-large', limit }, 413);
    return c.html(<ErrorPage t={t} status={413} detail={t('body-too-large', { max: limit })} />, 413);
  };
  app.use('*', (c, next) => {
    // The JSON API limits each operation itself (the same 1 MiB), answering in its own error shape; nothing else there reads a body.
    if (c.req.path.startsWith('/api/v1/')) return next();
    return ((c.req.header('content-type') ?? '').startsWith('multipart/form-data') ? uploadLimit : formLimit)(c, next);
  });
  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/', healthRoutes(options.health ?? { lastTick: () => null }));
  for (const asset of Object.values(panelAssets)) {
    app.get(asset.path, (c) =>
      c.body(asset.body, 200, {
        'content-type': asset.type,
        'cache-control': c.req.query('v') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      }),
    );
  }
  if (options.maxWebhook) app.post(maxWebhookPath, options.maxWebhook);
  if (options.sandbox) {
    app.get('/sandbox/', (c) => c.redirect('/sandbox'));
    app.route('/sandbox', sandboxRoutes(options.sandbox));
  }
  app.route('/calendar', calendarRoutes());
  app.route('/api/v1', apiRoutes(core, { log }));
  app.route(
    '/',
    authRoutes({
      core,
      secureCookies: options.secureCookies ?? false,
      clientIp: clientAddress(options.clientIp ?? (() => 'unknown'), options.trustProxy ?? false),
      sandbox: options.sandbox !== undefined,
    }),
  );

  const panel = new Hono<AdminEnv>();
  panel.use('*', requireSession(core));
  panel.use('*', async (c, next) => {
    const locale = await panelLanguage(core, c.get('actor').id);
    c.set('locale', locale);
    c.set('t', (key, args) => core.translate(locale, key, args));
    await next();
  });
  panel.use('*', emergencyStopState);
  panel.use('*', telegramOutageState);
  panel.route('/', logoutRoutes());
  panel.route('/', dashboardRoutes());
  panel.route('/people', peopleRoutes());
  panel.route('/schools', schoolsRoutes());
  panel.route('/events', eventsRoutes());
  panel.route('/broadcasts', broadcastsRoutes());
  panel.route('/channels', channelsRoutes(options.messenger));
  panel.route('/tasks', tasksRoutes());
  panel.route('/roadmaps', roadmapsRoutes());
  panel.route('/surveys', surveysRoutes());
  panel.route('/audiences', audiencesRoutes());
  panel.route('/topics', topicsRoutes());
  panel.route('/schedule', scheduleRoutes(options.jobs ?? new Map()));
  panel.route('/municipalities', municipalitiesRoutes());
  panel.route('/approvals', approvalsRoutes());
  panel.route('/invites', invitesRoutes());
  panel.route('/import', importRoutes());
  panel.route('/audit', auditRoutes());
  panel.route('/admins', adminsRoutes());
  panel.route('/account', accountRoutes());
  panel.route('/api-tokens', apiTokensRoutes());
  if (options.setup) panel.route('/setup', setupRoutes(options.setup));
  app.route('/', panel);

  // In the signed-in admin's language once the session is known (c's `t`), in Russian before.
  app.notFound((c) => c.html(<ErrorPage t={c.get('t') ?? t} locale={c.get('locale')} status={404} />, 404));
  app.onError((error, c) => {
    const say = c.get('t') ?? t;
    if (error instanceof HTTPException) {
      if (error.status === 401 && !c.req.path.startsWith('/api/')) return c.html(<ErrorPage t={say} locale={c.get('locale')} status={401} />, 401);
      return error.status === 403 ? c.html(<ErrorPage t={say} locale={c.get('locale')} status={403} />, 403) : error.getResponse();
    }
    if (error instanceof DomainError) {
      const status = domainStatus(error);
      return c.html(<ErrorPage t={say} locale={c.get('locale')} status={status} detail={say(`error-${error.code}`)} />, status);
    }
    log(`admin ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.html(<ErrorPage t={say} locale={c.get('locale')} status={500} />, 500);
  });
  return app;
}

function ErrorPage(props: { t: (key: string) => string; locale?: string; status: number; detail?: string }) {
  const { t } = props;
  return (
    <Layout title={t(`http-${props.status}`)} t={t} locale={props.locale}>
      <div class="card">
        <h1>{t(`http-${props.status}`)}</h1>
        {props.detail ? <p>{props.detail}</p> : null}
        <p>
          <a href="/">{t('back-home')}</a>
        </p>
      </div>
    </Layout>
  );
}
