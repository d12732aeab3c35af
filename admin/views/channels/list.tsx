import { scopeOf } from '../../../core/admins/access.js';
import type { Channel } from '../../../core/channels/channels.js';
import { CsrfField, FieldError, str, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';

type FormValues = Record<string, string | string[]>;

/** The channels with their state, and the form to add one. */
export function ChannelsList(props: {
  c: PanelContext;
  rows: Channel[];
  municipalities: { id: number; name: string }[];
  writable: boolean;
  values: FormValues;
  errors?: Record<string, string>;
}) {
  const { c, rows, municipalities, values, errors } = props;
  const t = c.get('t');
  const actor = c.get('actor');
  return (
    <>
      <h1>{t('channels-title')}</h1>
      {rows.length === 0 ? (
        <p class="muted">{t('channels-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <tbody>
              {rows.map((ch) => (
                <tr data-channel={String(ch.id)}>
                  <td>
                    <a href={`/channels/${ch.id}`}>{ch.title}</a>
                  </td>
                  <td>
                    <code>{ch.chatId}</code>
                  </td>
                  <td data-problem={ch.problem ?? ''}>{ch.problem ? t(`channel-problem-${ch.problem}`) : t('channel-ready')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.writable ? (
        <form method="post" action="/channels" class="card">
          <CsrfField c={c} />
          <h2>{t('channel-add')}</h2>
          <p class="muted">{t('channel-add-hint')}</p>
          <div class="field">
            <label>
              {t('channel-field-chat')}
              <input name="chatId" value={str(values.chatId)} placeholder="@prokachestvo38" />
            </label>
            <FieldError errors={errors} name="chatId" />
          </div>
          <div class="field">
            <Select
              label={t('broadcast-field-municipality')}
              name="municipalityId"
              value={str(values.municipalityId)}
              options={municipalities.map((m) => [m.id, m.name])}
              empty={scopeOf(actor).all ? t('broadcast-region-wide') : undefined}
              errors={errors}
            />
          </div>
          <button type="submit">{t('channel-add')}</button>
        </form>
      ) : null}
    </>
  );
}
