import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError } from '../../core/errors.js';
import {
  announcementPreview,
  calendarMonth,
  duplicateEvent,
  eventFilterSchema,
  listEventsFiltered,
  monthOf,
  monthSchema,
  participantsForExport,
  type EventFilter,
} from '../../core/events/admin.js';
import { updateEvent } from '../../core/events/changes.js';
import { createEvent, eventForAdmin, listParticipants, parseEventInput, type Event } from '../../core/events/events.js';
import { cancelEvent, publishEvent } from '../../core/events/publishing.js';
import { eventIcs } from '../../core/events/ics.js';
import type { AdminEnv } from '../env.js';
import { eventForm, eventInput, eventToForm } from '../forms/events.js';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import { fieldErrors, formatDateTime, isDomainError, page, queryFilters, tableDownload, type PanelContext } from '../kit.js';
import { countAudienceForm, loadAudiencePicker } from '../views/audience-picker.js';
import { EventsCalendar } from '../views/events/calendar.js';
import { EventsList } from '../views/events/list.js';
import { EventPage } from '../views/events/page.js';
import { AnnouncementPreview } from '../views/events/preview.js';

/** Events: a list (upcoming first), create and edit with field errors and the audience's live count, publish, cancel, participants. */
export function eventsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const { filter, bad } = readFilter(c);
    const [rows, zone] = await Promise.all([listEventsFiltered(core, scopeOf(c.get('actor')), filter), regionTimezone(core)]);
    return page(
      c,
      { title: t('events-title'), section: '/events', flash: bad ? { text: t('events-bad-filter'), bad: true } : undefined },
      <EventsList c={c} filter={filter} rows={rows} zone={zone} now={core.clock.now()} />,
    );
  });

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
    return page(
      c,
      { title: t('events-calendar-title'), section: '/events', flash: bad ? { text: t('events-bad-filter'), bad: true } : undefined },
      <EventsCalendar c={c} calendar={calendar} month={month} filter={filter} zone={zone} now={now} />,
    );
  });

  /** The announcement as the bot would send it, for the form as it is now (the live preview). */
  app.post('/preview', validForm(formBody, { view: (c) => c.json({ html: '' }) }), async (c) => {
    const core = c.get('core');
    const zone = await regionTimezone(core);
    const message = announcementPreview(core, eventInput(c.req.valid('form'), zone), null, 'ru', zone);
    const html = await Promise.resolve((<AnnouncementPreview t={c.get('t')} message={message} />).toString());
    return c.json({ html });
  });

  app.get('/new', async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor)) throw new DomainError('not-allowed');
    const first = actor.role === 'coordinator' ? String(actor.municipalityIds[0] ?? '') : '';
    return showEvent(c, null, { kind: 'webinar', municipalityId: first });
  });

  /** Unreadable reminders are the form's to name; the domain still judges every other field, so all problems show at once. */
  const checkRest = async (c: PanelContext, values: FormValues) => parseEventInput(eventInput(values, await regionTimezone(c.get('core'))));

  app.post('/new', validForm(eventForm, { view: (c, values, errors) => showEvent(c, null, values, errors), alsoCheck: checkRest }), async (c) => {
    const core = c.get('core');
    const event = await createEvent(core, c.get('actor'), eventInput(c.req.valid('form'), await regionTimezone(core)));
    return c.redirect(`/events/${event.id}?done=event-created`, 303);
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const event = await eventForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return showEvent(c, event, eventToForm(event, await regionTimezone(c.get('core')), c.get('t')));
  });

  app.post(
    '/:id{[0-9]+}',
    validForm(eventForm, {
      view: async (c, values, errors) => showEvent(c, await eventForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id'))), values, errors),
      alsoCheck: checkRest,
    }),
    async (c) => {
      const core = c.get('core');
      const id = Number(c.req.param('id'));
      await updateEvent(core, c.get('actor'), id, eventInput(c.req.valid('form'), await regionTimezone(core)));
      return c.redirect(`/events/${id}?done=event-saved`, 303);
    },
  );

  /** Publishing checks the saved event again: its problems are shown next to the fields and, together, at the top. */
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
      return showEvent(c, event, eventToForm(event, await regionTimezone(core), c.get('t')), errors, 400, Object.values(errors).join(' '));
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

/** The new-event form, or an event's page, with what it shows read from the domain. */
async function showEvent(c: PanelContext, event: Event | null, values: FormValues, errors?: FieldErrors, status: 200 | 400 = 200, problem?: string) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [audience, zone, count, participants, history] = await Promise.all([
    loadAudiencePicker(core, actor),
    regionTimezone(core),
    countAudienceForm(core, actor, values),
    event ? listParticipants(core, actor, event.id) : Promise.resolve([]),
    event ? listAudit(core, scopeOf(actor), actor, { entity: 'event', entityId: String(event.id), limit: 20 }) : Promise.resolve([]),
  ]);
  const preview = announcementPreview(core, eventInput(values, zone), event, 'ru', zone);
  return page(
    c,
    { title: event ? event.title : t('events-new'), section: '/events', status, flash: problem ? { text: problem, bad: true } : undefined },
    <EventPage c={c} event={event} values={values} errors={errors} data={{ audience, zone, count, participants, history, preview }} />,
  );
}

/** The list's and the calendar's filters from the query string; a bad value is dropped and reported. */
function readFilter(c: PanelContext): { filter: EventFilter; bad: boolean } {
  const raw = queryFilters(c);
  const parsed = eventFilterSchema.safeParse({ status: raw.status, kind: raw.kind, show: raw.show });
  return parsed.success ? { filter: parsed.data, bad: false } : { filter: {}, bad: true };
}
