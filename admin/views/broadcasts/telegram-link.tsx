import type { AdminListRow } from '../../../core/admins/management.js';
import { CsrfField, FieldError, str, type PanelContext } from '../../kit.js';
import type { FormValues } from './form.js';

/**
 * The admin's own Telegram account (test sends, /broadcast in the bot) and, for an owner, everyone's; a code form
 * under each id waiting for its code.
 */
export function TelegramLinkPage(props: {
  c: PanelContext;
  own: number | null;
  pending: Map<number, { telegramId: number }>;
  others: AdminListRow[];
  /** Each other admin's linked Telegram id. */
  linkedIds: (readonly [number, number | null])[];
  values: FormValues;
  errors?: Record<string, string>;
}) {
  const { c, own, pending, others, linkedIds, values, errors } = props;
  const t = c.get('t');
  const actor = c.get('actor');
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
  return (
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
    </>
  );
}
