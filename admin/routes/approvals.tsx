import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { personForAdmin } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { listPendingRegistrations, type PendingRegistration } from '../../core/onboarding/queue.js';
import { decideRegistration, decisionReasonSchema } from '../../core/onboarding/registration.js';
import { z } from 'zod';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import type { AdminEnv } from '../env.js';
import { CsrfField, FieldError, formatDateTime, isDomainError, page, type PanelContext } from '../kit.js';

/** A decision that did not go through: which request, what was typed, what was wrong. */
interface Failed {
  personId: number;
  reason: string;
  errors: Record<string, string>;
}

/** The queue of self-registrations waiting for a decision, with Approve and Reject (with a reason) on each. */
export function approvalsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', (c) => queuePage(c));
  app.post('/:id{[0-9]+}/approve', (c) => decide(c, true));
  app.post('/:id{[0-9]+}/reject', validForm(rejectForm, { view: showRejected }), (c) => decide(c, false, c.req.valid('form').reason));

  return app;
}

/** A rejection's reason, checked as the domain does (said next to the field, what was typed kept). */
const rejectForm = formBody
  .transform((form) => ({ reason: typeof form.reason === 'string' ? form.reason : '' }))
  .pipe(z.object({ reason: decisionReasonSchema }));

const showRejected = (c: PanelContext, values: FormValues, errors: FieldErrors) =>
  queuePage(c, { status: 400, failed: { personId: Number(c.req.param('id')), reason: typeof values.reason === 'string' ? values.reason : '', errors } });

async function decide(c: PanelContext, approve: boolean, reason?: string) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const personId = Number(c.req.param('id'));
  try {
    await decideRegistration(core, { personId, approve, decider: { kind: 'admin', actor }, ...(reason === undefined ? {} : { reason }) });
    return c.redirect(`/approvals?done=${approve ? 'registration-approved' : 'registration-rejected'}`, 303);
  } catch (error) {
    if (isDomainError(error, 'already-decided')) {
      const person = await personForAdmin(core, actor, personId);
      const text = t('approvals-already-decided', { name: person.fullName ?? t('person-erased'), status: t(`status-${person.status}`) });
      return queuePage(c, { status: 409, flash: { text, bad: true } });
    }
    throw error;
  }
}

async function queuePage(c: PanelContext, options: { status?: 200 | 400 | 409; flash?: { text: string; bad?: boolean }; failed?: Failed } = {}) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [{ rows, total }, zone] = await Promise.all([listPendingRegistrations(core, scopeOf(actor)), regionTimezone(core)]);
  const writable = canWrite(actor);
  return page(
    c,
    { title: t('approvals-title'), section: '/approvals', status: options.status ?? 200, flash: options.flash },
    <>
      <h1>{t('approvals-title')}</h1>
      <p class="muted">{t('approvals-hint')}</p>
      {writable ? null : <p class="muted">{t('approvals-read-only')}</p>}
      <p data-total={String(total)}>
        {t('approvals-total', { total })}
        {rows.length < total ? ` ${t('approvals-shown', { shown: rows.length })}` : ''}
      </p>
      {rows.length === 0 ? (
        <p class="muted">{t('approvals-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('approvals-requested-at')}</th>
                <th>{t('field-full-name')}</th>
                <th>{t('field-role')}</th>
                <th>{t('field-school')}</th>
                <th class="hide-phone">{t('field-municipality')}</th>
                <th class="hide-phone">{t('field-subjects')}</th>
                {writable ? <th></th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <Request c={c} row={row} zone={zone} writable={writable} failed={options.failed?.personId === row.person.id ? options.failed : undefined} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>,
  );
}

function Request(props: { c: PanelContext; row: PendingRegistration; zone: string; writable: boolean; failed: Failed | undefined }) {
  const { c, row, failed } = props;
  const t = c.get('t');
  const { person } = row;
  return (
    <tr id={`request-${person.id}`} data-person={String(person.id)}>
      <td>{formatDateTime(row.requestedAt, props.zone)}</td>
      <td>
        <a href={`/people/${person.id}`}>{person.fullName ?? t('person-erased')}</a>
      </td>
      <td>{person.roles.map((r) => t(`role-${r}`)).join(', ')}</td>
      <td>{row.school?.shortName ?? '—'}</td>
      <td class="hide-phone">{row.municipality?.name ?? '—'}</td>
      <td class="hide-phone">{person.subjects.length ? person.subjects.map((s) => t(`subject-${s}`)).join(', ') : '—'}</td>
      {props.writable ? (
        <td>
          <form class="inline" method="post" action={`/approvals/${person.id}/approve`}>
            <CsrfField c={c} />
            <button type="submit">{t('approvals-approve')}</button>
          </form>{' '}
          <details open={failed !== undefined}>
            <summary>{t('approvals-reject')}</summary>
            <form method="post" action={`/approvals/${person.id}/reject`} data-confirm={t('confirm-approval-reject')}>
              <CsrfField c={c} />
              <div class="field">
                <label>
                  {t('approvals-reason')}
                  <textarea name="reason" rows={3} cols={40} maxlength={500} placeholder={t('approvals-reason-placeholder')}>
                    {failed?.reason ?? ''}
                  </textarea>
                </label>
                <FieldError errors={failed?.errors} name="reason" />
              </div>
              <button type="submit" class="danger">
                {t('approvals-reject')}
              </button>
            </form>
          </details>
        </td>
      ) : null}
    </tr>
  );
}
