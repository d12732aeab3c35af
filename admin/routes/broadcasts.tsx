import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import {
  broadcastForAdmin,
  broadcastMessage,
  createBroadcast,
  listBroadcasts,
  updateBroadcast,
  type Broadcast,
  type BroadcastInput,
} from '../../core/broadcasts/broadcasts.js';
import { broadcastReport, failedRecipients, resendFailed, type BroadcastReport } from '../../core/broadcasts/report.js';
import { cancelBroadcast, startBroadcast, testSendBroadcast } from '../../core/broadcasts/sending.js';
import { telegramIdOfAdmin } from '../../core/broadcasts/telegram-link.js';
import { checkTelegramHtml, excerpt } from '../../core/text/telegram-html.js';
import { confirmTelegramLink, pendingTelegramLinks, requestTelegramLink, unlinkTelegram } from '../../core/broadcasts/telegram-link.js';
import type { Core } from '../../core/core.js';
import type { MessageButton, OutgoingMessage } from '../../core/deliveries/message.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError } from '../../core/errors.js';
import { localToUtc, utcToLocalInput } from '../../core/events/time.js';
import { listAdmins } from '../../core/admins/management.js';
import type { BroadcastButton } from '../../db/schema/index.js';
import type { TranslateArgs } from '../../locales/translator.js';
import type { AdminEnv } from '../env.js';
import { AudiencePicker, audienceToForm, countAudienceForm, loadAudiencePicker, readAudienceForm } from '../views/audience-picker.js';
import { Select } from '../views/components.js';
import { History } from '../views/history.js';
import {
  CsrfField,
  describeIssue,
  FieldError,
  fieldErrors,
  formatDateTime,
  isDomainError,
  page,
  readForm,
  str,
  tableDownload,
  type PanelContext,
} from '../kit.js';
import { telegramHtml } from '../../core/text/telegram-preview.js';

type FormValues = Record<string, string | string[]>;

/** Buttons the composer offers (Telegram shows each on its own row). */
const buttonSlots = [1, 2, 3] as const;

/** The form's buttons: a row with an event id is a deep link to that event, a row with an address is a link. */
export function formButtons(form: FormValues): BroadcastButton[] {
  return buttonSlots.flatMap((n): BroadcastButton[] => {
    const text = str(form[`button${n}Text`]);
    const url = str(form[`button${n}Url`]);
    const event = str(form[`button${n}Event`]);
    if (!text && !url && !event) return [];
    if (event) return [{ kind: 'event', text, eventId: Number(event) }];
    return [{ kind: 'link', text, url }];
  });
}

export function buttonsToForm(buttons: readonly BroadcastButton[]): FormValues {
  const out: FormValues = {};
  buttons.forEach((b, i) => {
    out[`button${i + 1}Text`] = b.text;
    if (b.kind === 'event') out[`button${i + 1}Event`] = String(b.eventId);
    else out[`button${i + 1}Url`] = b.url;
  });
  return out;
}

/** The photo or document of a form: a kind and a Telegram file id or https address, or none. */
export function formAttachment(form: FormValues): BroadcastInput['attachment'] {
  const kind = str(form.attachmentKind);
  const file = str(form.attachmentFile);
  if (!kind || !file) return null;
  return { kind: kind as 'photo' | 'document', file };
}

/** The photo or document of a message (by URL or Telegram file_id): the fields `formAttachment` reads. */
export function AttachmentField(props: { t: (key: string) => string; kind: string; file: string; errors?: Record<string, string>; errorName: string }) {
  const { t } = props;
  return (
    <div class="field">
      <Select
        label={t('broadcast-field-attachment')}
        name="attachmentKind"
        value={props.kind}
        options={[
          ['photo', t('broadcast-attachment-photo')],
          ['document', t('broadcast-attachment-document')],
        ]}
        empty={t('broadcast-attachment-none')}
      />
      <label>
        {t('broadcast-field-file')}
        <input name="attachmentFile" value={props.file} size={60} placeholder="https://…" />
      </label>
      <FieldError errors={props.errors} name={props.errorName} />
    </div>
  );
}

function formToInput(form: FormValues, zone: string): BroadcastInput {
  const sendAt = str(form.sendAt);
  return {
    html: typeof form.html === 'string' ? form.html.replaceAll('\r\n', '\n') : '',
    attachment: formAttachment(form),
    buttons: formButtons(form),
    audience: readAudienceForm(form),
    municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
    sendAt: sendAt ? localToUtc(sendAt, zone) : null,
    idempotencyKey: str(form.idempotencyKey) || undefined,
  };
}

function broadcastToForm(b: Broadcast, zone: string): FormValues {
  return {
    html: b.html,
    attachmentKind: b.attachment?.kind ?? '',
    attachmentFile: b.attachment?.file ?? '',
    municipalityId: b.municipalityId === null ? '' : String(b.municipalityId),
    sendAt: utcToLocalInput(b.sendAt, zone),
    ...buttonsToForm(b.buttons),
    ...audienceToForm(b.audience),
  };
}

/** A one-time key for a composer form: submitting the same form twice makes one broadcast. */
function newFormKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Field errors with every button problem under one "buttons" key and the attachment's under "attachment". */
function composerErrors(error: DomainError, t: (key: string, args?: TranslateArgs) => string): Record<string, string> {
  const errors = fieldErrors(error, t);
  for (const [field, message] of Object.entries(errors)) {
    if (field.startsWith('buttons')) errors.buttons ??= message;
    if (field.startsWith('attachment')) errors.attachment ??= message;
  }
  return errors;
}

/** The message as the preview shows it, from the form (its buttons and photo included). */
function previewFromForm(core: Core, form: FormValues): OutgoingMessage {
  return broadcastMessage(core, {
    html: typeof form.html === 'string' ? form.html : '',
    attachment: formAttachment(form) ?? null,
    buttons: formButtons(form).filter((b) => b.text),
    copyOf: null,
  });
}

/** Broadcasts: the composer with a Telegram preview and the live count, the live delivery report, cancel and resend. */
export function broadcastsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const actor = c.get('actor');
    const [rows, zone] = await Promise.all([listBroadcasts(core, scopeOf(actor)), regionTimezone(core)]);
    return page(
      c,
      { title: t('broadcasts-title'), section: '/broadcasts' },
      <>
        <h1>{t('broadcasts-title')}</h1>
        <p>
          {canWrite(actor) ? (
            <>
              <a href="/broadcasts/new">{t('broadcasts-new')}</a>
              {' · '}
            </>
          ) : null}
          <a href="/broadcasts/telegram">{t('broadcasts-telegram-link')}</a>
          {' · '}
          <a href="/channels">{t('channels-title')}</a>
        </p>
        {rows.length === 0 ? (
          <p class="muted">{t('broadcasts-empty')}</p>
        ) : (
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th>{t('broadcasts-col-text')}</th>
                  <th>{t('broadcasts-col-status')}</th>
                  <th>{t('broadcasts-col-when')}</th>
                  <th>{t('broadcasts-col-recipients')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((b) => (
                  <tr data-broadcast={String(b.id)}>
                    <td>
                      <a href={`/broadcasts/${b.id}`}>{excerpt(b.html)}</a>
                    </td>
                    <td data-status={b.status}>{t(`broadcast-status-${b.status}`)}</td>
                    <td>{formatDateTime(b.startedAt ?? b.sendAt ?? b.createdAt, zone)}</td>
                    <td>{b.recipients ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>,
    );
  });

  /** The preview for the form as it is now (the composer's script asks as the text changes). */
  app.post('/preview', async (c) => {
    const form = await readForm(c);
    const html = await Promise.resolve((<TelegramPreview t={c.get('t')} message={previewFromForm(c.get('core'), form)} />).toString());
    return c.json({ html, problems: problemsOf(c, form) });
  });

  app.get('/new', async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor)) throw new DomainError('not-allowed');
    const first = actor.role === 'coordinator' ? String(actor.municipalityIds[0] ?? '') : '';
    return composerPage(c, null, { municipalityId: first, idempotencyKey: newFormKey() });
  });

  /** Saves the draft (a double submit of one form is one broadcast); "send" also starts it, now or at its time. */
  app.post('/new', async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const form = await readForm(c);
    try {
      const b = await createBroadcast(core, actor, formToInput(form, await regionTimezone(core)));
      if (str(form.intent) !== 'send') return c.redirect(`/broadcasts/${b.id}?done=broadcast-saved`, 303);
      return await startAndShow(c, b);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return composerPage(c, null, form, composerErrors(error, c.get('t')), 400);
    }
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const core = c.get('core');
    const b = await broadcastForAdmin(core, c.get('actor'), Number(c.req.param('id')));
    if (b.status === 'draft') return composerPage(c, b, broadcastToForm(b, await regionTimezone(core)));
    return reportPage(c, b);
  });

  app.post('/:id{[0-9]+}', async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    try {
      const b = await updateBroadcast(core, actor, id, formToInput(form, await regionTimezone(core)));
      if (str(form.intent) === 'test') {
        await testSendBroadcast(core, actor, id);
        return c.redirect(`/broadcasts/${id}?done=broadcast-test-sent`, 303);
      }
      if (str(form.intent) !== 'send') return c.redirect(`/broadcasts/${id}?done=broadcast-saved`, 303);
      return await startAndShow(c, b);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return composerPage(c, await broadcastForAdmin(core, actor, id), form, composerErrors(error, c.get('t')), 400);
    }
  });

  /** The live numbers of the report page's progress bar. */
  app.get('/:id{[0-9]+}/progress.json', async (c) => {
    const report = await broadcastReport(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return c.json(progressJson(c, report));
  });

  app.post('/:id{[0-9]+}/cancel', async (c) => {
    const id = Number(c.req.param('id'));
    await cancelBroadcast(c.get('core'), c.get('actor'), id);
    return c.redirect(`/broadcasts/${id}?done=broadcast-cancelled`, 303);
  });

  app.post('/:id{[0-9]+}/resend', async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const n = await resendFailed(c.get('core'), c.get('actor'), id, { uncertain: str(form.uncertain) === 'on' });
    return c.redirect(`/broadcasts/${id}?done=${n ? 'broadcast-resent' : 'broadcast-nothing-to-resend'}`, 303);
  });

  app.get('/:id{[0-9]+}/failed.csv', async (c) => {
    const t = c.get('t');
    const id = Number(c.req.param('id'));
    const rows = await failedRecipients(c.get('core'), c.get('actor'), id, 100_000);
    const head = [t('broadcast-failed-person'), t('broadcast-failed-status'), t('broadcast-failed-reason')];
    return tableDownload(c, `broadcast-${id}-failed`, 'csv', [
      head,
      ...rows.map((r) => [r.fullName ?? t('person-erased'), t(`delivery-status-${r.status}`), reasonText(t, r.reason)]),
    ]);
  });

  /**
   * The admin's own Telegram account (test sends, /broadcast in the bot); an owner sets anyone's. A new id is
   * linked only with the code the bot sends to it; an empty one unlinks.
   */
  app.get('/telegram', async (c) => telegramPage(c));

  app.post('/telegram', async (c) => {
    const actor = c.get('actor');
    const form = await readForm(c);
    const adminId = str(form.adminId) ? Number(str(form.adminId)) : actor.id;
    const raw = str(form.telegramId);
    try {
      if (raw) await requestTelegramLink(c.get('core'), actor, adminId, Number(raw));
      else await unlinkTelegram(c.get('core'), actor, adminId);
      return c.redirect(`/broadcasts/telegram?done=${raw ? 'telegram-code-sent' : 'telegram-linked'}`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return telegramPage(c, fieldErrors(error, c.get('t')), form);
    }
  });

  app.post('/telegram/confirm', async (c) => {
    const actor = c.get('actor');
    const form = await readForm(c);
    const adminId = str(form.adminId) ? Number(str(form.adminId)) : actor.id;
    try {
      await confirmTelegramLink(c.get('core'), actor, adminId, str(form.code));
      return c.redirect('/broadcasts/telegram?done=telegram-linked', 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return telegramPage(c, fieldErrors(error, c.get('t')), form);
    }
  });

  return app;
}

/** The text's formatting problems in words, for the composer to show while typing (the same check as on save). */
function problemsOf(c: PanelContext, form: FormValues): string[] {
  const html = typeof form.html === 'string' ? form.html : '';
  if (!html.trim()) return [];
  return checkTelegramHtml(html, { field: 'html', caption: formAttachment(form) !== null }).map((issue) => describeIssue(issue, c.get('t')));
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
      composerErrors(error, c.get('t')),
      400,
    );
  }
}

async function composerPage(c: PanelContext, b: Broadcast | null, values: FormValues, errors?: Record<string, string>, status: 200 | 400 = 200) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [municipalities, zone, audienceData, count, linked, history] = await Promise.all([
    municipalitiesInScope(core, scopeOf(actor)),
    regionTimezone(core),
    loadAudiencePicker(core, actor),
    countAudienceForm(core, actor, values),
    actor.kind === 'admin' ? telegramIdOfAdmin(core, actor.id) : Promise.resolve(null),
    b ? listAudit(core, scopeOf(actor), actor, { entity: 'broadcast', entityId: String(b.id), limit: 20 }) : Promise.resolve([]),
  ]);
  const v = (name: string) => str(values[name]);
  const title = b ? t('broadcast-draft-title', { id: b.id }) : t('broadcasts-new');
  const problem = errors ? Object.values(errors)[0] : undefined;
  return page(
    c,
    { title, section: '/broadcasts', status, flash: problem && status === 400 ? { text: problem, bad: true } : undefined },
    <>
      <h1>{title}</h1>
      <div class="composer">
        <form method="post" action={b ? `/broadcasts/${b.id}` : '/broadcasts/new'} class="card" id="broadcast-form" data-preview="/broadcasts/preview">
          <CsrfField c={c} />
          {b ? null : <input type="hidden" name="idempotencyKey" value={v('idempotencyKey')} />}
          <fieldset disabled={!canWrite(actor)} class="bare">
            <div class="field">
              <label>
                {t('broadcast-field-text')}
                <textarea name="html" rows={8} cols={60} data-broadcast-text>
                  {typeof values.html === 'string' ? values.html : ''}
                </textarea>
              </label>
              <p class="muted">{t('broadcast-text-hint')}</p>
              <FieldError errors={errors} name="html" />
              <div class="error" id="html-problems" />
            </div>
            <AttachmentField t={t} kind={v('attachmentKind')} file={v('attachmentFile')} errors={errors} errorName="attachment" />
            <fieldset class="buttons-set">
              <legend>{t('broadcast-field-buttons')}</legend>
              <p class="muted">{t('broadcast-buttons-hint')}</p>
              {buttonSlots.map((n) => (
                <div class="button-row">
                  <input name={`button${n}Text`} value={v(`button${n}Text`)} placeholder={t('broadcast-button-text')} size={18} />
                  <input name={`button${n}Url`} value={v(`button${n}Url`)} placeholder="https://…" size={28} />
                  <input name={`button${n}Event`} value={v(`button${n}Event`)} placeholder={t('broadcast-button-event')} size={8} inputmode="numeric" />
                </div>
              ))}
              <FieldError errors={errors} name="buttons" />
            </fieldset>
            <div class="field">
              <Select
                label={t('broadcast-field-municipality')}
                name="municipalityId"
                value={v('municipalityId')}
                options={municipalities.map((m) => [m.id, m.name])}
                empty={scopeOf(actor).all ? t('broadcast-region-wide') : undefined}
                errors={errors}
              />
            </div>
            <AudiencePicker c={c} data={audienceData} values={values} count={count} errors={errors} />
            <div class="field">
              <label>
                {t('broadcast-field-send-at', { zone })}
                <input type="datetime-local" name="sendAt" value={v('sendAt')} />
              </label>
              <p class="muted">{t('broadcast-send-at-hint')}</p>
              <FieldError errors={errors} name="sendAt" />
            </div>
            <FieldError errors={errors} name="telegramId" />
            <p class="actions">
              <button type="submit" name="intent" value="draft" class="secondary">
                {t('broadcast-save')}
              </button>{' '}
              {b ? (
                <button
                  type="submit"
                  name="intent"
                  value="test"
                  class="secondary"
                  disabled={linked === null}
                  title={linked === null ? t('broadcast-test-needs-link') : undefined}
                >
                  {t('broadcast-test')}
                </button>
              ) : null}{' '}
              <button type="submit" name="intent" value="send" data-send data-confirm={t('confirm-broadcast-send')}>
                {t('broadcast-send')}
              </button>
            </p>
            {linked === null ? (
              <p class="muted">
                <a href="/broadcasts/telegram">{t('broadcast-test-needs-link')}</a>
              </p>
            ) : null}
          </fieldset>
        </form>
        <div>
          <h2>{t('broadcast-preview-title')}</h2>
          <p class="muted">{t('broadcast-preview-hint')}</p>
          <p class="error" id="preview-error" role="alert" hidden>
            {t('preview-failed')}
          </p>
          <div id="tg-preview">
            <TelegramPreview t={t} message={previewFromForm(core, values)} />
          </div>
        </div>
      </div>
      {b ? (
        <form method="post" action={`/broadcasts/${b.id}/cancel`} class="card">
          <CsrfField c={c} />
          <button type="submit" class="danger">
            {t('broadcast-discard')}
          </button>
        </form>
      ) : null}
      {b ? <History c={c} entries={history} zone={zone} empty={t('person-history-empty')} /> : null}
    </>,
  );
}

function progressJson(c: PanelContext, r: BroadcastReport) {
  const t = c.get('t');
  return {
    status: r.broadcast.status,
    statusText: t(`broadcast-status-${r.broadcast.status}`),
    recipients: r.recipients,
    sent: r.sent,
    failed: r.failed,
    blocked: r.blocked,
    skipped: r.skipped,
    uncertain: r.uncertain,
    remaining: r.remaining,
    ratePerSecond: Math.round(r.ratePerSecond * 10) / 10,
    etaSeconds: r.etaSeconds,
    percent: Math.floor(r.progress * 100),
    summary: t('broadcast-progress-summary', {
      sent: r.sent,
      recipients: r.recipients,
      rate: (Math.round(r.ratePerSecond * 10) / 10).toFixed(1).replace('.', ','),
      eta: r.etaSeconds === null ? '—' : formatEta(r.etaSeconds),
    }),
  };
}

function formatEta(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m ? `${m} мин ${s} с` : `${s} с`;
}

async function reportPage(c: PanelContext, b: Broadcast) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [report, failed, zone, history] = await Promise.all([
    broadcastReport(core, actor, b.id),
    failedRecipients(core, actor, b.id, 200),
    regionTimezone(core),
    listAudit(core, scopeOf(actor), actor, { entity: 'broadcast', entityId: String(b.id), limit: 20 }),
  ]);
  const p = progressJson(c, report);
  const live = report.broadcast.status === 'sending' || report.broadcast.status === 'scheduled';
  const counts = ['sent', 'failed', 'blocked', 'skipped', 'uncertain', 'remaining'] as const;
  return page(
    c,
    { title: t('broadcast-report-title', { id: b.id }), section: '/broadcasts' },
    <>
      <h1>{t('broadcast-report-title', { id: b.id })}</h1>
      <p>
        <b data-status={p.status} id="broadcast-status">
          {p.statusText}
        </b>
        {' · '}
        <span class="muted">
          {report.broadcast.status === 'scheduled'
            ? t('broadcast-scheduled-at', { at: formatDateTime(report.broadcast.sendAt, zone) })
            : formatDateTime(report.broadcast.startedAt, zone)}
        </span>
      </p>
      <div class="card" id="broadcast-progress" data-live={live ? 'yes' : 'no'} data-url={`/broadcasts/${b.id}/progress.json`}>
        <svg class="progress" role="progressbar" aria-label={p.summary} aria-valuemin={0} aria-valuemax={100} aria-valuenow={p.percent}>
          <rect class="progress-bar" x="0" y="0" height="100%" width={`${p.percent}%`} data-percent={String(p.percent)} />
        </svg>
        <p id="progress-summary">{p.summary}</p>
        <table class="counts">
          <tbody>
            <tr>
              {counts.map((k) => (
                <th>{t(`broadcast-count-${k}`)}</th>
              ))}
            </tr>
            <tr>
              {counts.map((k) => (
                <td data-count={k}>{p[k]}</td>
              ))}
            </tr>
          </tbody>
        </table>
        {report.uncertain > 0 ? <p class="muted">{t('broadcast-uncertain-hint')}</p> : null}
      </div>
      {canWrite(actor) && live ? (
        <form method="post" action={`/broadcasts/${b.id}/cancel`} class="card" data-while-live data-confirm={t('confirm-broadcast-cancel')}>
          <CsrfField c={c} />
          <button type="submit" class="danger" data-cancel>
            {t('broadcast-cancel')}
          </button>{' '}
          <span class="muted">{t('broadcast-cancel-hint')}</span>
        </form>
      ) : null}
      {canWrite(actor) && (report.failed > 0 || report.uncertain > 0) && report.broadcast.status !== 'cancelled' ? (
        <form method="post" action={`/broadcasts/${b.id}/resend`} class="card" data-confirm={t('confirm-broadcast-resend')}>
          <CsrfField c={c} />
          <button type="submit">{t('broadcast-resend', { count: report.failed })}</button>{' '}
          {report.uncertain > 0 ? (
            <label>
              <input type="checkbox" name="uncertain" /> {t('broadcast-resend-uncertain', { count: report.uncertain })}
            </label>
          ) : null}
        </form>
      ) : null}
      <h2>{t('broadcast-message')}</h2>
      <TelegramPreview t={t} message={broadcastMessage(core, report.broadcast)} />
      <h2>{t('broadcast-failed-title')}</h2>
      {failed.length === 0 ? (
        <p class="muted">{t('broadcast-failed-none')}</p>
      ) : (
        <>
          <p>
            <a href={`/broadcasts/${b.id}/failed.csv`}>{t('broadcast-failed-csv')}</a>
          </p>
          <div class="table-wrap" tabindex={0}>
            <table id="failed-recipients">
              <tbody>
                {failed.map((r) => (
                  <tr data-delivery-status={r.status}>
                    <td>{r.personId ? <a href={`/people/${r.personId}`}>{r.fullName ?? t('person-erased')}</a> : (r.fullName ?? '—')}</td>
                    <td>{t(`delivery-status-${r.status}`)}</td>
                    <td class="muted">{reasonText(t, r.reason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h2>{t('person-history')}</h2>
      <History c={c} entries={history} zone={zone} empty={t('person-history-empty')} />
    </>,
  );
}

/** Our own reasons in words; Telegram's own descriptions as they are. */
function reasonText(t: (key: string) => string, reason: string | null): string {
  if (!reason) return '';
  if (/^[a-z-]+$/.test(reason)) {
    const key = `delivery-reason-${reason}`;
    const text = t(key);
    return text === key ? reason : text;
  }
  return reason;
}

async function telegramPage(c: PanelContext, errors?: Record<string, string>, values: FormValues = {}) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const own = actor.kind === 'admin' ? await telegramIdOfAdmin(core, actor.id) : null;
  const pending = await pendingTelegramLinks(core, actor);
  const codeForm = (adminId: number) => {
    const waiting = pending.get(adminId);
    return waiting ? (
      <form method="post" action="/broadcasts/telegram/confirm" class="card" data-code-for={String(adminId)}>
        <CsrfField c={c} />
        <input type="hidden" name="adminId" value={String(adminId)} />
        <p>{t('telegram-code-hint', { id: String(waiting.telegramId) })}</p>
        <label>
          {t('telegram-code')}
          <input name="code" inputmode="numeric" autocomplete="one-time-code" size={8} />
        </label>
        <button type="submit">{t('telegram-code-confirm')}</button>
      </form>
    ) : null;
  };
  const others = actor.role === 'owner' ? await listAdmins(core, actor) : [];
  const linkedIds = await Promise.all(others.map(async (a) => [a.id, await telegramIdOfAdmin(core, a.id)] as const));
  return page(
    c,
    { title: t('broadcasts-telegram-link'), section: '/broadcasts', status: errors ? 400 : 200 },
    <>
      <h1>{t('broadcasts-telegram-link')}</h1>
      <p class="muted">{t('broadcast-telegram-hint')}</p>
      <FieldError errors={errors} name="code" />
      <form method="post" action="/broadcasts/telegram" class="card">
        <CsrfField c={c} />
        <label>
          {t('broadcast-telegram-id')}
          <input name="telegramId" value={str(values.telegramId) || (own === null ? '' : String(own))} inputmode="numeric" />
        </label>
        <FieldError errors={errors} name="telegramId" />
        <FieldError errors={errors} name="input" />
        <button type="submit">{t('broadcast-telegram-save')}</button>
      </form>
      {actor.kind === 'admin' ? codeForm(actor.id) : null}
      {others.length ? (
        <>
          <h2>{t('broadcast-telegram-others')}</h2>
          <div class="table-wrap" tabindex={0}>
            <table>
              <tbody>
                {others.map((a) => (
                  <tr>
                    <td>{a.email}</td>
                    <td>{t(`admin-role-${a.role}`)}</td>
                    <td>
                      <form method="post" action="/broadcasts/telegram" class="inline">
                        <CsrfField c={c} />
                        <input type="hidden" name="adminId" value={String(a.id)} />
                        <input name="telegramId" value={String(linkedIds.find(([id]) => id === a.id)?.[1] ?? '')} inputmode="numeric" size={14} />
                        <button type="submit" class="secondary">
                          {t('broadcast-telegram-save')}
                        </button>
                      </form>
                      {codeForm(a.id)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>,
  );
}

/** A Telegram-like bubble: a photo or document placeholder, the text as Telegram renders it, the buttons under it. */
export function TelegramPreview(props: { t: (key: string) => string; message: OutgoingMessage }) {
  const { message, t } = props;
  const rows: MessageButton[][] = message.buttons ?? [];
  return (
    <div class="tg-chat" data-preview="broadcast">
      <div class="tg-bubble">
        {message.attachment ? (
          <div class={`tg-attachment tg-${message.attachment.kind}`} data-attachment={message.attachment.kind}>
            {message.attachment.kind === 'photo' ? '🖼 ' : '📄 '}
            {message.attachment.file.split('/').at(-1)}
          </div>
        ) : null}
        {message.copyOf ? <div class="muted">{t('broadcast-preview-copy')}</div> : null}
        <div class="tg-text" dangerouslySetInnerHTML={{ __html: telegramHtml(message.html) }} />
      </div>
      {rows.map((row) => (
        <div class="tg-row">
          {row.map((b) => (
            <span class="tg-button" title={'url' in b ? b.url : ''}>
              {b.text}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
