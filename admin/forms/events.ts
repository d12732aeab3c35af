import type { Event, EventInput } from '../../core/events/events.js';
import { formatReminderOffsets, parseReminderText, reminderOffsetsOf } from '../../core/events/reminders.js';
import { localToUtc, utcToLocalInput } from '../../core/time/time.js';
import { formBody, type FormValues } from '../forms.js';
import { str } from '../kit.js';
import { audienceToForm, readAudienceForm } from '../views/audience-picker.js';

/** Units as the panel writes reminder offsets in the admin's language ("д", "d"); parsing takes either. */
export const reminderUnit = (t: (key: string) => string) => (u: 'd' | 'h' | 'm') => t(`event-reminder-unit-${u}`);

/** What only the form can check: the reminders' text (the domain sees minutes). The rest is the domain's to judge. */
export const eventForm = formBody.superRefine((form, ctx) => {
  if (parseReminderText(str(form.reminderOffsets)) === 'unreadable') ctx.addIssue({ code: 'custom', path: ['reminderOffsets'], message: 'reminder-format' });
});

/** What the form sent, as the domain's input: times typed in the region's zone become UTC ms (NaN if not a date). */
export function eventInput(form: FormValues, zone: string): EventInput {
  const time = (name: string) => (str(form[name]) ? localToUtc(str(form[name]), zone) : null);
  const reminders = parseReminderText(str(form.reminderOffsets));
  return {
    title: str(form.title),
    kind: str(form.kind) as EventInput['kind'],
    description: str(form.description),
    startsAt: time('startsAt') ?? Number.NaN,
    endsAt: time('endsAt') ?? Number.NaN,
    place: str(form.place) || null,
    link: str(form.link) || null,
    capacity: str(form.capacity) ? Number(str(form.capacity)) : null,
    registrationDeadline: time('registrationDeadline'),
    // An unreadable text is named by `eventForm`; here (the live preview, the check of the other fields) it means the default.
    reminderOffsets: reminders === 'unreadable' ? null : reminders,
    audience: readAudienceForm(form),
    municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
  };
}

export function eventToForm(event: Event, zone: string, t: (key: string) => string): FormValues {
  return {
    title: event.title,
    kind: event.kind,
    description: event.description,
    startsAt: utcToLocalInput(event.startsAt, zone),
    endsAt: utcToLocalInput(event.endsAt, zone),
    place: event.place ?? '',
    link: event.link ?? '',
    capacity: event.capacity === null ? '' : String(event.capacity),
    registrationDeadline: utcToLocalInput(event.registrationDeadline, zone),
    reminderOffsets: formatReminderOffsets(reminderOffsetsOf(event), reminderUnit(t)),
    municipalityId: event.municipalityId === null ? '' : String(event.municipalityId),
    ...audienceToForm(event.audience),
  };
}
