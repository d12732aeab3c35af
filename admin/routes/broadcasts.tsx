import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { broadcastForAdmin, broadcastMessage, createBroadcast, listBroadcasts, updateBroadcast, type Broadcast } from '../../core/broadcasts/broadcasts.js';
import { broadcastReport, failedRecipients, resendFailed } from '../../core/broadcasts/report.js';
import { cancelBroadcast, startBroadcast, testSendBroadcast } from '../../core/broadcasts/sending.js';
import { confirmTelegramLink, pendingTelegramLinks, requestTelegramLink, telegramIdOfAdmin, unlinkTelegram } from '../../core/broadcasts/telegram-link.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError } from '../../core/errors.js';
import { listAdmins } from '../../core/admins/management.js';
import type { AdminEnv } from '../env.js';
import { countAudienceForm, loadAudiencePicker } from '../views/audience-picker.js';
import { BroadcastComposer } from '../views/broadcasts/composer.js';
import { broadcastToForm, composerErrors, formToInput, newFormKey, previewFromForm, problemsOf, type FormValues } from '../views/broadcasts/form.js';
import { BroadcastsList } from '../views/broadcasts/list.js';
import { BroadcastReportPage, channelName, progressJson, reasonText } from '../views/broadcasts/report.js';
import { TelegramLinkPage } from '../views/broadcasts/telegram-link.js';
import { TelegramPreview } from '../views/telegram-preview.js';
import { formBody, validForm, type FieldErrors } from '../forms.js';
import { fieldErrors, isDomainError, page, str, tableDownload, type PanelContext } from '../kit.js';

/** Broadcasts: the composer with a Telegram preview and the live count, the live delivery report, cancel and resend. */
export function broadcastsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const [rows, zone] = await Promise.all([listBroadcasts(core, scopeOf(actor)), regionTimezone(core)]);
    return page(
      c,
      { title: c.get('t')('broadcasts-title'), section: '/broadcasts' },
      <BroadcastsList c={c} rows={rows} zone={zone} writable={canWrite(actor)} />,
    );
  });

  /** The preview for the form as it is now (the composer's script asks as the text changes). */
  app.post('/preview', validForm(formBody, { view: (c) => c.json({ html: '', problems: [] }) }), async (c) => {
    const form = c.req.valid('form');
    const html = await Promise.resolve((<TelegramPreview t={c.get('t')} message={previewFromForm(c.get('core'), form)} />).toString());
    return c.json({ html, problems: problemsOf(c.get('t'), form) });
  });

  app.get('/new', async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor)) throw new DomainError('not-allowed');
    const first = actor.role === 'coordinator' ? String(actor.municipalityIds[0] ?? '') : '';
    return composerPage(c, null, { municipalityId: first, idempotencyKey: newFormKey() });
  });

  /** Saves the draft (a double submit of one form is one broadcast); "send" also starts it, now or at its time. */
  app.post('/new', validForm(formBody, { view: (c, values, errors) => composerPage(c, null, values, composerErrors(errors), 400) }), async (c) => {
    const core = c.get('core');
    const form = c.req.valid('form');
    const b = await createBroadcast(core, c.get('actor'), formToInput(form, await regionTimezone(core)));
    if (str(form.intent) !== 'send') return c.redirect(`/broadcasts/${b.id}?done=broadcast-saved`, 303);
    return startAndShow(c, b);
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const core = c.get('core');
    const b = await broadcastForAdmin(core, c.get('actor'), Number(c.req.param('id')));
    if (b.status === 'draft') return composerPage(c, b, broadcastToForm(b, await regionTimezone(core)));
    return reportPage(c, b);
  });

  const showDraft = async (c: PanelContext, values: FormValues, errors: FieldErrors) =>
    composerPage(c, await broadcastForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id'))), values, composerErrors(errors), 400);
  app.post('/:id{[0-9]+}', validForm(formBody, { view: showDraft }), async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const id = Number(c.req.param('id'));
    const form = c.req.valid('form');
    const b = await updateBroadcast(core, actor, id, formToInput(form, await regionTimezone(core)));
    if (str(form.intent) === 'test') {
      await testSendBroadcast(core, actor, id);
      return c.redirect(`/broadcasts/${id}?done=broadcast-test-sent`, 303);
    }
    if (str(form.intent) !== 'send') return c.redirect(`/broadcasts/${id}?done=broadcast-saved`, 303);
    return startAndShow(c, b);
  });

  /** The live numbers of the report page's progress bar. */
  app.get('/:id{[0-9]+}/progress.json', async (c) => {
    const report = await broadcastReport(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return c.json(progressJson(c.get('t'), report));
  });

  app.post('/:id{[0-9]+}/cancel', async (c) => {
    const id = Number(c.req.param('id'));
    await cancelBroadcast(c.get('core'), c.get('actor'), id);
    return c.redirect(`/broadcasts/${id}?done=broadcast-cancelled`, 303);
  });

  app.post(
    '/:id{[0-9]+}/resend',
    validForm(formBody, { view: async (c) => reportPage(c, await broadcastForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')))) }),
    async (c) => {
      const id = Number(c.req.param('id'));
      const n = await resendFailed(c.get('core'), c.get('actor'), id, { uncertain: str(c.req.valid('form').uncertain) === 'on' });
      return c.redirect(`/broadcasts/${id}?done=${n ? 'broadcast-resent' : 'broadcast-nothing-to-resend'}`, 303);
    },
  );

  app.get('/:id{[0-9]+}/failed.csv', async (c) => {
    const t = c.get('t');
    const id = Number(c.req.param('id'));
    const rows = await failedRecipients(c.get('core'), c.get('actor'), id, 100_000);
    const head = [t('broadcast-failed-person'), t('broadcast-failed-status'), t('channel-column'), t('broadcast-failed-reason')];
    return tableDownload(c, `broadcast-${id}-failed`, 'csv', [
      head,
      ...rows.map((r) => [r.fullName ?? t('person-erased'), t(`delivery-status-${r.status}`), channelName(t, r.channel), reasonText(t, r.reason)]),
    ]);
  });

  /**
   * The admin's own Telegram account (test sends, /broadcast in the bot); an owner sets anyone's. A new id is
   * linked only with the code the bot sends to it; an empty one unlinks.
   */
  app.get('/telegram', async (c) => telegramPage(c));

  const showTelegram = { view: (c: PanelContext, values: FormValues, errors: FieldErrors) => telegramPage(c, errors, values) };
  app.post('/telegram', validForm(formBody, showTelegram), async (c) => {
    const actor = c.get('actor');
    const form = c.req.valid('form');
    const adminId = str(form.adminId) ? Number(str(form.adminId)) : actor.id;
    const raw = str(form.telegramId);
    if (raw) await requestTelegramLink(c.get('core'), actor, adminId, Number(raw));
    else await unlinkTelegram(c.get('core'), actor, adminId);
    return c.redirect(`/broadcasts/telegram?done=${raw ? 'telegram-code-sent' : 'telegram-linked'}`, 303);
  });

  app.post('/telegram/confirm', validForm(formBody, showTelegram), async (c) => {
    const actor = c.get('actor');
    const form = c.req.valid('form');
    const adminId = str(form.adminId) ? Number(str(form.adminId)) : actor.id;
    await confirmTelegramLink(c.get('core'), actor, adminId, str(form.code));
    return c.redirect('/broadcasts/telegram?done=telegram-linked', 303);
  });

  return app;
}

async function startAndShow(c: PanelContext, b: Broadcast) {
  const core = c.get('core');
  try {
    await startBroadcast(core, c.get('actor'), b.id);
    return c.redirect(`/broadcasts/${b.id}?done=broadcast-started`, 303);
  } catch (error) {
    if (!isDomainError(error, 'invalid-input')) throw error;
    return composerPage(
      c,
      await broadcastForAdmin(core, c.get('actor'), b.id),
      broadcastToForm(b, await regionTimezone(core)),
      composerErrors(fieldErrors(error, c.get('t'))),
      400,
    );
  }
}

async function composerPage(c: PanelContext, b: Broadcast | null, values: FormValues, errors?: Record<string, string>, status: 200 | 400 = 200) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [municipalities, zone, audience, count, linked, history] = await Promise.all([
    municipalitiesInScope(core, scopeOf(actor)),
    regionTimezone(core),
    loadAudiencePicker(core, actor),
    countAudienceForm(core, actor, values),
    actor.kind === 'admin' ? telegramIdOfAdmin(core, actor.id) : Promise.resolve(null),
    b ? listAudit(core, scopeOf(actor), actor, { entity: 'broadcast', entityId: String(b.id), limit: 20 }) : Promise.resolve([]),
  ]);
  const title = b ? t('broadcast-draft-title', { id: b.id }) : t('broadcasts-new');
  const problem = errors ? Object.values(errors)[0] : undefined;
  return page(
    c,
    { title, section: '/broadcasts', status, flash: problem && status === 400 ? { text: problem, bad: true } : undefined },
    <BroadcastComposer
      c={c}
      b={b}
      values={values}
      errors={errors}
      data={{ municipalities, zone, audience, count, linked, history, preview: previewFromForm(core, values) }}
    />,
  );
}

async function reportPage(c: PanelContext, b: Broadcast) {
  const core = c.get('core');
  const actor = c.get('actor');
  const [report, failed, zone, history] = await Promise.all([
    broadcastReport(core, actor, b.id),
    failedRecipients(core, actor, b.id, 200),
    regionTimezone(core),
    listAudit(core, scopeOf(actor), actor, { entity: 'broadcast', entityId: String(b.id), limit: 20 }),
  ]);
  return page(
    c,
    { title: c.get('t')('broadcast-report-title', { id: b.id }), section: '/broadcasts' },
    <BroadcastReportPage c={c} message={broadcastMessage(core, report.broadcast)} b={b} report={report} failed={failed} zone={zone} history={history} />,
  );
}

async function telegramPage(c: PanelContext, errors?: Record<string, string>, values: FormValues = {}) {
  const core = c.get('core');
  const actor = c.get('actor');
  const own = actor.kind === 'admin' ? await telegramIdOfAdmin(core, actor.id) : null;
  const pending = await pendingTelegramLinks(core, actor);
  const others = actor.role === 'owner' ? await listAdmins(core, actor) : [];
  const linkedIds = await Promise.all(others.map(async (a) => [a.id, await telegramIdOfAdmin(core, a.id)] as const));
  return page(
    c,
    { title: c.get('t')('broadcasts-telegram-link'), section: '/broadcasts', status: errors ? 400 : 200 },
    <TelegramLinkPage c={c} own={own} pending={pending} others={others} linkedIds={linkedIds} values={values} errors={errors} />,
  );
}
