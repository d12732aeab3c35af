import type { InviteRow } from '../../../core/onboarding/invites.js';
import { CsrfField, formatDateTime, type PanelContext } from '../../kit.js';
import { place } from './list.js';

/** An invite: its link to copy (for who may manage it), its facts, revoke, and who registered by it. */
export function InviteCard(props: {
  c: PanelContext;
  row: InviteRow;
  registered: { id: number; fullName: string | null; status: string; createdAt: number }[];
  zone: string;
  manageable: boolean;
  link: string | null;
  /** The same invite on MAX, where this deployment runs a MAX bot (shown beside Telegram's). */
  maxLink: string | null;
  title: string;
}) {
  const { c, row, registered, zone, manageable, link, maxLink, title } = props;
  const { invite } = row;
  const t = c.get('t');
  return (
    <>
      <p>
        <a href="/invites">{t('invites-all')}</a>
      </p>
      <h1>{title}</h1>
      {row.status === 'active' ? (
        manageable ? (
          <div class="card" id="invite-link-card">
            {link ? <InviteLinkField c={c} id="invite-link" label={maxLink ? t('invites-link-telegram') : t('invites-link')} link={link} /> : null}
            {maxLink ? <InviteLinkField c={c} id="invite-link-max" label={t('invites-link-max')} link={maxLink} /> : null}
            <p class="muted">{t('invites-link-hint')}</p>
          </div>
        ) : (
          <p class="muted">{t('invites-link-hidden')}</p>
        )
      ) : null}
      <table>
        <tbody>
          <tr>
            <th>{t('field-status')}</th>
            <td data-status={row.status}>{t(`invites-status-${row.status}`)}</td>
          </tr>
          <tr>
            <th>{t('field-role')}</th>
            <td>{t(`role-${invite.role}`)}</td>
          </tr>
          <tr>
            <th>{t('invites-place')}</th>
            <td>{place(row)}</td>
          </tr>
          <tr>
            <th>{t('invites-uses')}</th>
            <td>{t('invites-uses-of', { uses: invite.uses, max: invite.maxUses })}</td>
          </tr>
          <tr>
            <th>{t('invites-expires')}</th>
            <td>{formatDateTime(invite.expiresAt, zone)}</td>
          </tr>
          <tr>
            <th>{t('invites-created-by')}</th>
            <td>{invite.createdBy}</td>
          </tr>
          <tr>
            <th>{t('invites-created-at')}</th>
            <td>{formatDateTime(invite.createdAt, zone)}</td>
          </tr>
          {invite.revokedAt !== null ? (
            <tr>
              <th>{t('invites-revoked-at')}</th>
              <td>{formatDateTime(invite.revokedAt, zone)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {manageable && invite.revokedAt === null ? (
        <form method="post" action={`/invites/${invite.id}/revoke`} data-confirm={t('confirm-invite-revoke')}>
          <CsrfField c={c} />
          <p class="muted">{t('invites-revoke-hint')}</p>
          <button type="submit" class="danger">
            {t('invites-revoke')}
          </button>
        </form>
      ) : null}
      <h2>{t('invites-registered')}</h2>
      {registered.length === 0 ? (
        <p class="muted">{t('invites-registered-none')}</p>
      ) : (
        <table>
          <tbody>
            {registered.map((p) => (
              <tr>
                <td>
                  <a href={`/people/${p.id}`}>{p.fullName ?? t('person-erased')}</a>
                </td>
                <td class={`status-${p.status}`}>{t(`status-${p.status}`)}</td>
                <td class="muted">{formatDateTime(p.createdAt, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** One link to copy: Telegram's, or MAX's beside it. */
function InviteLinkField(props: { c: PanelContext; id: string; label: string; link: string }) {
  const t = props.c.get('t');
  return (
    <>
      <label>
        {props.label}
        <input id={props.id} readonly value={props.link} class="wide-input" data-select-on-focus aria-label={props.label} />
      </label>
      <p>
        <button type="button" data-done={t('invites-copied')} data-copy-from={props.id}>
          {t('invites-copy')}
        </button>
      </p>
    </>
  );
}
