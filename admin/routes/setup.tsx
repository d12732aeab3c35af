import { Hono } from 'hono';
import { assertOwner } from '../../core/admins/access.js';
import type { AdminEnv } from '../env.js';
import { CsrfField, page, type PanelContext } from '../kit.js';

/** What the runtime's start-up chores did (runtime/setup.ts), as the page shows it. */
export interface SetupOutcome {
  /** Telegram's bot, or null where MAX runs alone. */
  botUsername: string | null;
  webhook: string | null;
  /** MAX's webhook as subscribed, when MAX is configured. */
  maxWebhook?: string | null;
}

/**
 * The start-up chores as an owner's action (getMe remembered, the command menus, the webhook): on Workers nothing
 * runs them at start, and on Node they are worth repeating after the bot's token or address changed.
 */
export function setupRoutes(run: () => Promise<SetupOutcome>) {
  const app = new Hono<AdminEnv>();
  app.use('*', async (c, next) => {
    assertOwner(c.get('actor'));
    await next();
  });
  app.get('/', (c) => setupPage(c));
  app.post('/', async (c) => {
    try {
      return setupPage(c, { done: await run() });
    } catch (error) {
      return setupPage(c, { failed: error instanceof Error ? error.message.replace(/bot\d+:[\w-]+/g, 'bot<token>') : String(error) }, 400);
    }
  });
  return app;
}

function setupPage(c: PanelContext, state: { done?: SetupOutcome; failed?: string } = {}, status: 200 | 400 = 200) {
  const t = c.get('t');
  const { done, failed } = state;
  const flash = done
    ? { text: done.botUsername === null ? t('setup-done-max-only') : t('setup-done', { bot: done.botUsername }) }
    : failed
      ? { text: t('setup-failed', { problem: failed }), bad: true }
      : undefined;
  return page(
    c,
    { title: t('setup-title'), status, flash },
    <div class="card">
      <h1>{t('setup-title')}</h1>
      <p>{t('setup-intro')}</p>
      {done && done.botUsername !== null ? <p>{done.webhook ? t('setup-webhook', { url: done.webhook }) : t('setup-polling')}</p> : null}
      {done?.maxWebhook ? <p>{t('setup-max-webhook', { url: done.maxWebhook })}</p> : null}
      <form method="post" action="/setup">
        <CsrfField c={c} />
        <button type="submit">{t('setup-run')}</button>
      </form>
    </div>,
  );
}
