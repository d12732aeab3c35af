import { scopeOf } from '../../../core/admins/access.js';
import type { Event } from '../../../core/events/events.js';
import { defaultReminderOffsets, formatReminderOffsets } from '../../../core/events/reminders.js';
import { eventKinds, type EventKind } from '../../../core/vocabulary/events.js';
import { reminderUnit } from '../../forms/events.js';
import type { FieldErrors, FormValues } from '../../forms.js';
import { CsrfField, FieldError, str, type PanelContext } from '../../kit.js';
import { AudiencePicker, type AudiencePickerData } from '../audience-picker.js';
import { Select } from '../components.js';

/** The event's fields, each with its message under it; read-only where the admin may not write or the event is cancelled. */
export function EventForm(props: {
  c: PanelContext;
  event: Event | null;
  values: FormValues;
  errors?: FieldErrors;
  audience: AudiencePickerData;
  count: number;
  zone: string;
  writable: boolean;
}) {
  const { c, event, values, errors, zone, writable } = props;
  const t = c.get('t');
  const scope = scopeOf(c.get('actor'));
  const audienceData = props.audience;
  const v = (name: string) => str(values[name]);
  const action = event ? `/events/${event.id}` : '/events/new';
  return (
    <form method="post" action={action} class="card" id="event-form" data-preview="/events/preview">
      <CsrfField c={c} />
      <fieldset disabled={!writable} class="bare">
        <div class="field">
          <label>
            {t('event-field-title')}
            <input name="title" value={v('title')} size={60} />
          </label>
          <FieldError errors={errors} name="title" />
        </div>
        <div class="field">
          <Select label={t('event-field-kind')} name="kind" value={v('kind')} options={eventKinds.map((k) => [k, t(`event-kind-${k}`)])} errors={errors} />
        </div>
        <div class="field">
          <label>
            {t('event-field-description')}
            <textarea name="description" rows={4} cols={60}>
              {v('description')}
            </textarea>
          </label>
          <FieldError errors={errors} name="description" />
        </div>
        <p class="muted">{t('event-times-hint', { zone })}</p>
        <div class="field">
          <label>
            {t('event-field-starts-at')}
            <input type="datetime-local" name="startsAt" value={v('startsAt')} />
          </label>
          <FieldError errors={errors} name="startsAt" />
        </div>
        <div class="field">
          <label>
            {t('event-field-ends-at')}
            <input type="datetime-local" name="endsAt" value={v('endsAt')} />
          </label>
          <FieldError errors={errors} name="endsAt" />
        </div>
        <div class="field">
          <label>
            {t('event-field-place')}
            <input name="place" value={v('place')} size={60} />
          </label>
          <FieldError errors={errors} name="place" />
        </div>
        <div class="field">
          <label>
            {t('event-field-link')}
            <input name="link" value={v('link')} size={60} />
          </label>
          <FieldError errors={errors} name="link" />
        </div>
        <div class="field">
          <label>
            {t('event-field-capacity')}
            <input name="capacity" value={v('capacity')} inputmode="numeric" size={6} />
          </label>
          <FieldError errors={errors} name="capacity" />
        </div>
        <div class="field">
          <label>
            {t('event-field-deadline')}
            <input type="datetime-local" name="registrationDeadline" value={v('registrationDeadline')} />
          </label>
          <FieldError errors={errors} name="registrationDeadline" />
        </div>
        <div class="field">
          <label>
            {t('event-field-reminders')}
            <input
              name="reminderOffsets"
              value={v('reminderOffsets')}
              size={30}
              placeholder={formatReminderOffsets(
                defaultReminderOffsets[(eventKinds as readonly string[]).includes(v('kind')) ? (v('kind') as EventKind) : 'other'],
                reminderUnit(t),
              )}
            />
          </label>
          <span class="muted">{t('event-field-reminders-hint')}</span>
          <FieldError errors={errors} name="reminderOffsets" />
        </div>
        <div class="field">
          <Select
            label={t('event-field-municipality')}
            name="municipalityId"
            value={v('municipalityId')}
            options={audienceData.municipalities.map((m) => [m.id, m.name])}
            empty={scope.all ? t('event-region-wide') : undefined}
            errors={errors}
          />
        </div>
        <AudiencePicker c={c} data={audienceData} values={values} count={props.count} errors={errors} />
        <button type="submit">{t('event-save')}</button>
      </fieldset>
    </form>
  );
}
