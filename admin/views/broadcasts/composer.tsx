import { canWrite, scopeOf } from '../../../core/admins/access.js';
import type { AuditEntry } from '../../../core/admins/audit.js';
import type { Broadcast } from '../../../core/broadcasts/broadcasts.js';
import type { OutgoingMessage } from '../../../core/deliveries/message.js';
import { CsrfField, FieldError, str, type PanelContext } from '../../kit.js';
import { AudiencePicker, type AudiencePickerData } from '../audience-picker.js';
import { Select } from '../components.js';
import { History } from '../history.js';
import { AttachmentField, TelegramPreview } from '../telegram-preview.js';
import { buttonSlots, type FormValues } from './form.js';

/** What the composer shows besides the form's values, loaded by the route. */
export interface ComposerData {
  municipalities: { id: number; name: string }[];
  zone: string;
  audience: AudiencePickerData;
  count: number;
  /** The admin's own Telegram id, for test sends; null when not linked. */
  linked: number | null;
  history: AuditEntry[];
  preview: OutgoingMessage;
}

/** The composer: text, attachment, buttons, owner, audience with its live count, send time; the Telegram preview beside it. */
export function BroadcastComposer(props: { c: PanelContext; b: Broadcast | null; values: FormValues; errors?: Record<string, string>; data: ComposerData }) {
  const { c, b, values, errors } = props;
  const { municipalities, zone, audience: audienceData, count, linked, history } = props.data;
  const t = c.get('t');
  const actor = c.get('actor');
  const v = (name: string) => str(values[name]);
  const title = b ? t('broadcast-draft-title', { id: b.id }) : t('broadcasts-new');
  return (
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
            <TelegramPreview t={t} message={props.data.preview} />
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
    </>
  );
}
