import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError, type FieldIssue } from '../../core/errors.js';
import {
  cancelEvent,
  createEvent,
  eventForAdmin,
  parseEventInput,
  listParticipants,
  publishEvent,
  updateEvent,
  type Event,
  type EventInput,
} from '../../core/events/events.js';
import { feedbackSummary } from '../../core/events/feedback.js';
import {
  announcementPreview,
  calendarMonth,
  duplicateEvent,
  eventFilterSchema,
  eventPhase,
  eventStatuses,
  listEventsFiltered,
  monthOf,
  monthSchema,
  participantsForExport,
  shiftMonth,
  type EventFilter,
} from '../../core/events/admin.js';
import { eventIcs } from '../../core/events/ics.js';
import { eventDeepLink } from '../../core/events/messages.js';
import type { MessageButton, OutgoingMessage } from '../../core/vocabulary/message.js';
import { defaultReminderOffsets, formatReminderOffsets, parseReminderText, reminderOffsetsOf } from '../../core/events/reminders.js';
import { localToUtc, utcToLocalInput } from '../../core/time/time.js';
import { telegramHtml } from '../../core/text/telegram-preview.js';
import { eventKinds, type EventKind } from '../../core/vocabulary/events.js';
import type { AdminEnv } from '../env.js';
import { AudiencePicker, audienceToForm, countAudienceForm, loadAudiencePicker, readAudienceForm } from '../views/audience-picker.js';
import { Select } from '../views/components.js';
import { History } from '../views/history.js';
import {
  CsrfField,
  FieldError,
  fieldErrors,
  formatDateTime,
  isDomainError,
  page,
  queryFilters,
  readForm,
  str,
  tableDownload,
  type PanelContext,
} from '../kit.js';

type FormValues = Record<string, string | string[]>;

/** Units as the panel writes reminder offsets (it is Russian; parsing also takes English). */
const reminderUnit = (u: 'd' | 'h' | 'm') => ({ d: 'д', h: 'ч', m: 'мин' })[u];

/** What the form sent, as the domain's input: times typed in the region's zone become UTC ms (NaN if not a date). */
function formToInput(form: FormValues, zone: string): EventInput {
  const time = (name: string) => (str(form[name]) ? localToUtc(str(form[name]), zone) : null);
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
    reminderOffsets: readReminders(form),
    audience: readAudienceForm(form),
    municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
  };
}

/** The typed reminders; an unreadable text is left out here and named by `withReminderProblem`. */
function readReminders(form: FormValues): number[] | null {
  const parsed = parseReminderText(str(form.reminderOffsets));
  return parsed === 'unreadable' ? null : parsed;
}

/**
 * Saves unless the reminders' text is unreadable; then the domain still checks every other field, so all problems
 * are shown at once.
 */
async function withReminderProblem<T>(form: FormValues, input: EventInput, save: () => Promise<T>): Promise<T> {
  if (parseReminderText(str(form.reminderOffsets)) !== 'unreadable') return save();
  const unreadable: FieldIssue = { field: 'reminderOffsets', reason: 'reminder-format' };
  try {
    parseEventInput(input);
  } catch (error) {
    if (error instanceof DomainError)
      throw new DomainError('invalid-input', undefined, [...error.issues.filter((i) => i.field !== 'reminderOffsets'), unreadable]);
    throw error;
  }
  throw new DomainError('invalid-input', undefined, [unreadable]);
}

function eventToForm(event: Event, zone: string): FormValues {
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
    reminderOffsets: formatReminderOffsets(reminderOffsetsOf(event), reminderUnit),
    municipalityId: event.municipalityId === null ? '' : String(event.municipalityId),
    ...audienceToForm(event.audience),
  };
}

/** Events: a list (upcoming first), create and edit with field errors and the audience's live count, publish, cancel, participants. */
export function eventsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    const { filter, bad } = readFilter(c);
    const now = c.get('core').clock.now();
    const [rows, zone] = await Promise.all([listEventsFiltered(c.get('core'), scopeOf(actor), filter), regionTimezone(c.get('core'))]);
    return page(
      c,
      { title: t('events-title'), section: '/events', flash: bad ? { text: t('events-bad-filter'), bad: true } : undefined },
      <>
        <h1>{t('events-title')}</h1>
        <p>
          {canWrite(actor) ? (
            <>
              <a href="/events/new">{t('events-new')}</a>
              {' · '}
            </>
          ) : null}
          <a href={`/events/calendar${filterQuery(filter)}`}>{t('events-calendar-link')}</a>
        </p>
        <FilterForm c={c} action="/events" filter={filter} />
        {rows.length === 0 ? (
          <p class="muted">{t('events-empty')}</p>
        ) : (
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th>{t('events-col-title')}</th>
                  <th>{t('events-col-when')}</th>
                  <th class="hide-phone">{t('events-col-kind')}</th>
                  <th>{t('events-col-status')}</th>
                  <th>{t('events-col-going')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ event, going, waitlist }) => (
                  <tr data-event={String(event.id)}>
                    <td>
                      <a href={`/events/${event.id}`}>{event.title}</a>
                    </td>
                    <td>{formatDateTime(event.startsAt, zone)}</td>
                    <td class="hide-phone">{t(`event-kind-${event.kind}`)}</td>
                    <td>{t(`event-status-${eventPhase(event, now)}`)}</td>
                    <td>
                      {going}
                      {event.capacity !== null ? ` / ${event.capacity}` : ''}
                      {waitlist ? ` (+${waitlist})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>,
    );
  });

  /** A month as a Monday-to-Sunday grid in the region's zone, filtered like the list; a list of days on a phone. */
  app.get('/calendar', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const zone = await regionTimezone(core);
    const { filter, bad: badFilter } = readFilter(c);
    const rawMonth = c.req.query('month');
    const parsedMonth = rawMonth ? monthSchema.safeParse(rawMonth) : null;
    const now = core.clock.now();
    const month = parsedMonth?.success ? parsedMonth.data : monthOf(now, zone);
    const bad = badFilter || parsedMonth?.success === false;
    const calendar = await calendarMonth(core, scopeOf(c.get('actor')), month, zone, filter);
    const monthName = (m: string) =>
      new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(Date.parse(`${m}-01T00:00:00Z`));
    const weekday = (date: string) => new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', weekday: 'short' }).format(Date.parse(`${date}T00:00:00Z`));
    const time = new Intl.DateTimeFormat('ru-RU', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const dayOf = (ms: number) => utcToLocalInput(ms, zone).slice(0, 10);
    const link = (m: string) => `/events/calendar${filterQuery(filter, m)}`;
    const count = new Set(
      calendar.weeks
        .flat()
        .filter((d) => d.inMonth)
        .flatMap((d) => d.events.map((e) => e.id)),
    ).size;
    return page(
      c,
      { title: t('events-calendar-title'), section: '/events', flash: bad ? { text: t('events-bad-filter'), bad: true } : undefined },
      <>
        <h1>{t('events-calendar-title')}</h1>
        <p>
          <a href={`/events${filterQuery(filter)}`}>{t('events-list-link')}</a>
        </p>
        <FilterForm c={c} action="/events/calendar" filter={filter} month={month} />
        <div class="cal-nav">
          <a href={link(shiftMonth(month, -1))} rel="prev">
            ← {monthName(shiftMonth(month, -1))}
          </a>
          <b data-month={month}>{monthName(month)}</b>
          <a href={link(shiftMonth(month, 1))} rel="next">
            {monthName(shiftMonth(month, 1))} →
          </a>
        </div>
        <p class="muted">
          {t('events-calendar-zone', { zone })}
          {count === 0 ? ` ${t('events-calendar-empty')}` : ''}
        </p>
        <table class="cal">
          <thead>
            <tr>
              {(calendar.weeks[0] ?? []).map((d) => (
                <th>{weekday(d.date)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {calendar.weeks.map((week) => (
              <tr>
                {week.map((d) => (
                  <td
                    data-date={d.date}
                    class={[d.inMonth ? '' : 'out', d.today ? 'today' : '', d.events.length || d.deadlines.length ? 'busy' : ''].join(' ').trim() || undefined}
                  >
                    <div class="cal-day">
                      <span class="cal-wd">{weekday(d.date)}, </span>
                      {d.day}
                    </div>
                    {d.events.map((e) => (
                      <a class={`cal-ev st-${e.status}`} href={`/events/${e.id}`} data-event={String(e.id)}>
                        <span class="cal-time">{dayOf(e.startsAt) === d.date ? time.format(e.startsAt) : '→'}</span> {e.title}{' '}
                        <span class="cal-kind">
                          {t(`event-kind-${e.kind}`)}
                          {e.status === 'published' && e.endsAt > now ? '' : ` · ${t(`event-status-${eventPhase(e, now)}`)}`}
                        </span>
                      </a>
                    ))}
                    {d.deadlines.map((task) => (
                      <a class="cal-ev cal-deadline" href={`/tasks/${task.id}`} data-deadline={String(task.id)}>
                        <span class="cal-time">{time.format(task.dueAt)}</span> {task.title} <span class="cal-kind">{t('calendar-deadline')}</span>
                      </a>
                    ))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  });

  /** The announcement as the bot would send it, for the form as it is now (the live preview). */
  app.post('/preview', async (c) => {
    const form: FormValues = await readForm(c);
    const core = c.get('core');
    const zone = await regionTimezone(core);
    const html = await Promise.resolve(
      (<AnnouncementPreview t={c.get('t')} message={announcementPreview(core, formToInput(form, zone), null, 'ru', zone)} />).toString(),
    );
    return c.json({ html });
  });

  app.get('/new', async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor)) throw new DomainError('not-allowed');
    const first = actor.role === 'coordinator' ? String(actor.municipalityIds[0] ?? '') : '';
    return formPage(c, null, { kind: 'webinar', municipalityId: first });
  });

  app.post('/new', async (c) => {
    const core = c.get('core');
    const form = await readForm(c);
    try {
      const input = formToInput(form, await regionTimezone(core));
      const event = await withReminderProblem(form, input, () => createEvent(core, c.get('actor'), input));
      return c.redirect(`/events/${event.id}?done=event-created`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return formPage(c, null, form, fieldErrors(error, c.get('t')), 400);
    }
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const event = await eventForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return formPage(c, event, eventToForm(event, await regionTimezone(c.get('core'))));
  });

  app.post('/:id{[0-9]+}', async (c) => {
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    try {
      const input = formToInput(form, await regionTimezone(core));
      await withReminderProblem(form, input, () => updateEvent(core, c.get('actor'), id, input));
      return c.redirect(`/events/${id}?done=event-saved`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return formPage(c, await eventForAdmin(core, c.get('actor'), id), form, fieldErrors(error, c.get('t')), 400);
    }
  });

  app.post('/:id{[0-9]+}/publish', async (c) => {
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    try {
      await publishEvent(core, c.get('actor'), id);
      return c.redirect(`/events/${id}?done=event-published`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const event = await eventForAdmin(core, c.get('actor'), id);
      const errors = fieldErrors(error, c.get('t'));
      return formPage(c, event, eventToForm(event, await regionTimezone(core)), errors, 400, Object.values(errors).join(' '));
    }
  });

  /** The event as an iCalendar file, scoped like its page (a coordinator gets 404 outside their municipalities). */
  app.get('/:id{[0-9]+}/event.ics', async (c) => {
    const core = c.get('core');
    const event = await eventForAdmin(core, c.get('actor'), Number(c.req.param('id')));
    return c.body(eventIcs(event, { now: core.clock.now(), includeLink: true }), 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="event-${event.id}.ics"`,
    });
  });

  /** A new draft with the same fields, a week later, titled "… (копия)"; scoped and audited in the domain. */
  app.post('/:id{[0-9]+}/duplicate', async (c) => {
    const copy = await duplicateEvent(c.get('core'), c.get('actor'), Number(c.req.param('id')), c.get('t')('event-copy-suffix'));
    return c.redirect(`/events/${copy.id}?done=event-duplicated`, 303);
  });

  /** Participants as CSV for Russian Excel (UTF-8 with BOM, semicolons); scoped like the event's page. */
  app.get('/:id{[0-9]+}/participants.csv', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    const [rows, zone] = await Promise.all([participantsForExport(core, c.get('actor'), id), regionTimezone(core)]);
    const head = ['full-name', 'role', 'school', 'municipality', 'status', 'attended', 'rating', 'comment', 'signed-up-at'].map((k) => t(`event-csv-${k}`));
    const body = rows.map((r) => [
      r.fullName ?? t('person-erased'),
      r.roles.map((role) => t(`role-${role}`)).join(', '),
      r.school,
      r.municipality,
      t(`participant-status-${r.status}`),
      r.attended === null ? '' : t(r.attended ? 'event-csv-yes' : 'event-csv-no'),
      r.rating,
      r.comment,
      formatDateTime(r.signedUpAt, zone),
    ]);
    return tableDownload(c, `event-${id}-participants`, 'csv', [head, ...body]);
  });

  app.post('/:id{[0-9]+}/cancel', async (c) => {
    const id = Number(c.req.param('id'));
    await cancelEvent(c.get('core'), c.get('actor'), id);
    return c.redirect(`/events/${id}?done=event-cancelled`, 303);
  });

  return app;
}

/** The new-event form, or an event's page: its form, publish and cancel, participants and history. */
async function formPage(c: PanelContext, event: Event | null, values: FormValues, errors?: Record<string, string>, status: 200 | 400 = 200, problem?: string) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const [audienceData, zone, count, participants, history] = await Promise.all([
    loadAudiencePicker(core, actor),
    regionTimezone(core),
    countAudienceForm(core, actor, values),
    event ? listParticipants(core, actor, event.id) : Promise.resolve([]),
    event ? listAudit(core, scope, actor, { entity: 'event', entityId: String(event.id), limit: 20 }) : Promise.resolve([]),
  ]);
  const writable = canWrite(actor) && event?.status !== 'cancelled';
  const preview = announcementPreview(core, formToInput(values, zone), event, 'ru', zone);
  const v = (name: string) => str(values[name]);
  const title = event ? event.title : t('events-new');
  const action = event ? `/events/${event.id}` : '/events/new';
  const going = participants.filter((p) => p.participant.status === 'going').length;
  const waitlist = participants.filter((p) => p.participant.status === 'waitlist').length;
  const feedback = feedbackSummary(participants.map((p) => p.participant));
  const attendedKey = (a: boolean | null) => `participant-attended-${a === null ? 'unknown' : a ? 'yes' : 'no'}`;
  return page(
    c,
    { title, section: '/events', status, flash: problem ? { text: problem, bad: true } : undefined },
    <>
      <h1>{title}</h1>
      {event ? (
        <p>
          <span data-status={eventPhase(event, core.clock.now())}>{t(`event-status-${eventPhase(event, core.clock.now())}`)}</span>
          {' · '}
          <span class="muted">{t('event-going-count', { going, capacity: event.capacity === null ? '' : ` / ${event.capacity}`, waitlist })}</span>
          {event.status !== 'draft' && core.config.botUsername ? (
            <>
              {' · '}
              <span class="muted">
                {t('event-deep-link')}: <code>{eventDeepLink(core, event.id)}</code>
              </span>
            </>
          ) : null}
          {' · '}
          <a href={`/events/${event.id}/event.ics`}>{t('event-ics-download')}</a>
          {' · '}
          <a href={`/events/${event.id}/participants.csv`}>{t('event-csv-download')}</a>
        </p>
      ) : null}
      {event && event.status !== 'draft' ? (
        <p data-feedback>
          <span>{t('event-feedback-summary', { attended: feedback.attended, missed: feedback.missed, unanswered: feedback.unanswered })}</span>
          {' · '}
          <span data-average-rating={feedback.averageRating === null ? '' : feedback.averageRating.toFixed(1)}>
            {feedback.averageRating === null
              ? t('event-rating-none')
              : t('event-rating-average', { average: feedback.averageRating.toFixed(1).replace('.', ','), count: feedback.ratings })}
          </span>
        </p>
      ) : null}
      {event && writable ? (
        <div class="card">
          {event.status === 'draft' ? (
            <form class="inline" method="post" action={`/events/${event.id}/publish`} data-confirm={t('confirm-event-publish')}>
              <CsrfField c={c} />
              <button type="submit">{t('event-publish')}</button>
            </form>
          ) : null}{' '}
          {event.status !== 'cancelled' && event.endsAt > c.get('core').clock.now() ? (
            <form
              class="inline"
              method="post"
              action={`/events/${event.id}/cancel`}
              data-confirm={t(event.status === 'published' ? 'confirm-event-cancel' : 'confirm-event-discard')}
            >
              <CsrfField c={c} />
              <button type="submit" class="danger">
                {t('event-cancel')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      {event && canWrite(actor) ? (
        <form class="card" method="post" action={`/events/${event.id}/duplicate`}>
          <CsrfField c={c} />
          <button type="submit" class="secondary">
            {t('event-duplicate')}
          </button>{' '}
          <span class="muted">{t('event-duplicate-hint')}</span>
        </form>
      ) : null}
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
                  reminderUnit,
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
          <AudiencePicker c={c} data={audienceData} values={values} count={count} errors={errors} />
          <button type="submit">{t('event-save')}</button>
        </fieldset>
      </form>
      <h2>{t('event-preview-title')}</h2>
      <p class="muted">{t('event-preview-hint')}</p>
      <p class="error" id="preview-error" role="alert" hidden>
        {t('preview-failed')}
      </p>
      <div id="tg-preview">
        <AnnouncementPreview t={t} message={preview} />
      </div>
      {event ? (
        <>
          <h2>{t('event-participants')}</h2>
          {participants.length === 0 ? (
            <p class="muted">{t('event-participants-empty')}</p>
          ) : (
            <div class="table-wrap" tabindex={0}>
              <table>
                <tbody>
                  {participants.map((p) => (
                    <tr data-participant={String(p.participant.personId)}>
                      <td>
                        <a href={`/people/${p.participant.personId}`}>{p.fullName ?? t('person-erased')}</a>
                      </td>
                      <td>{t(`participant-status-${p.participant.status}`)}</td>
                      <td data-attended>{p.participant.status === 'going' ? t(attendedKey(p.participant.attended)) : ''}</td>
                      <td data-rating>{p.participant.rating === null ? '' : `${p.participant.rating} ⭐`}</td>
                      <td>{p.participant.comment ?? ''}</td>
                      <td class="muted">{formatDateTime(p.participant.updatedAt, zone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>{t('person-history')}</h2>
          <History c={c} entries={history} zone={zone} empty={t('person-history-empty')} />
        </>
      ) : null}
    </>,
  );
}

/** The list's and the calendar's filters from the query string; a bad value is dropped and reported. */
function readFilter(c: PanelContext): { filter: EventFilter; bad: boolean } {
  const raw = queryFilters(c);
  const parsed = eventFilterSchema.safeParse({ status: raw.status, kind: raw.kind, show: raw.show });
  return parsed.success ? { filter: parsed.data, bad: false } : { filter: {}, bad: true };
}

/** `?status=…&kind=…&month=…` for links that keep the filters. */
function filterQuery(filter: EventFilter, month?: string): string {
  const params = new URLSearchParams();
  if (month) params.set('month', month);
  if (filter.status) params.set('status', filter.status);
  if (filter.kind) params.set('kind', filter.kind);
  if (month && filter.show) params.set('show', filter.show);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function FilterForm(props: { c: PanelContext; action: string; filter: EventFilter; month?: string }) {
  const t = props.c.get('t');
  return (
    <form class="filters" method="get" action={props.action}>
      {props.month ? <input type="hidden" name="month" value={props.month} /> : null}
      <Select
        label={t('events-col-status')}
        name="status"
        value={props.filter.status}
        options={eventStatuses.map((s) => [s, t(`event-status-${s}`)])}
        empty={t('any')}
      />
      <Select label={t('events-col-kind')} name="kind" value={props.filter.kind} options={eventKinds.map((k) => [k, t(`event-kind-${k}`)])} empty={t('any')} />
      {props.month ? (
        <Select
          label={t('calendar-show')}
          name="show"
          value={props.filter.show ?? 'both'}
          options={(['both', 'events', 'deadlines'] as const).map((s) => [s, t(`calendar-show-${s}`)])}
        />
      ) : null}
      <button type="submit">{t('filter-apply')}</button>
      <a href={props.action}>{t('filter-reset')}</a>
    </form>
  );
}

/** A Telegram-like bubble: the message's HTML as Telegram renders it, its inline buttons under it. */
function AnnouncementPreview(props: { t: (key: string) => string; message: OutgoingMessage | null }) {
  const { message, t } = props;
  if (!message)
    return (
      <p class="muted" data-preview="none">
        {props.t('event-preview-needs-dates')}
      </p>
    );
  const rows: MessageButton[][] = message.buttons ?? [];
  return (
    <div class="tg-chat" data-preview="announcement">
      <div class="tg-bubble" dangerouslySetInnerHTML={{ __html: telegramHtml(message.html) }} />
      {rows.map((row) => (
        <div class="tg-row">
          {row.map((b) => (
            <span class="tg-button" title={'url' in b ? b.url : t('event-preview-button')}>
              {b.text}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
