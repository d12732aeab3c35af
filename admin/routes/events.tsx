import { Hono } from 'hono';
import { canWrite, scopeOf, type Actor } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { audienceRuleSchema, countAudience, type AudienceRule } from '../../core/audiences/audiences.js';
import { listSchools, municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { personRoles, schoolTags, subjects } from '../../core/directory/vocabulary.js';
import { DomainError } from '../../core/errors.js';
import {
  cancelEvent,
  composingScope,
  createEvent,
  eventForAdmin,
  feedbackSummary,
  listEventsForAdmin,
  listParticipants,
  publishEvent,
  updateEvent,
  type Event,
  type EventInput,
} from '../../core/events/events.js';
import { eventIcs } from '../../core/events/ics.js';
import { localToUtc, utcToLocalInput } from '../../core/events/time.js';
import { eventKinds } from '../../db/schema/index.js';
import type { AdminEnv } from '../env.js';
import { Select } from '../views/components.js';
import { History } from '../views/history.js';
import { CsrfField, FieldError, fieldErrors, formatDateTime, list, page, readForm, type PanelContext } from '../kit.js';

type FormValues = Record<string, string | string[]>;

const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const ids = (v: string | string[] | undefined): number[] => list(v).map(Number);

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
    audience: formAudience(form),
    municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
  };
}

function formAudience(form: FormValues): AudienceRule {
  const raw = {
    roles: list(form.roles),
    municipalityIds: ids(form.audienceMunicipalities),
    schoolTags: list(form.schoolTags),
    schoolIds: ids(form.schoolIds),
    subjects: list(form.subjects),
  };
  const parsed = audienceRuleSchema.safeParse(raw);
  return parsed.success ? parsed.data : (raw as AudienceRule);
}

function eventToForm(event: Event, zone: string): FormValues {
  const a = event.audience;
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
    municipalityId: event.municipalityId === null ? '' : String(event.municipalityId),
    roles: a.roles ?? [],
    audienceMunicipalities: (a.municipalityIds ?? []).map(String),
    schoolTags: a.schoolTags ?? [],
    schoolIds: (a.schoolIds ?? []).map(String),
    subjects: a.subjects ?? [],
  };
}

/** The live count of the audience as composed, within the chosen municipality and the actor's scope. */
async function audienceCount(c: PanelContext, actor: Actor, form: FormValues): Promise<number> {
  const municipalityId = str(form.municipalityId) ? Number(str(form.municipalityId)) : null;
  const rule = audienceRuleSchema.safeParse(formAudience(form));
  if (!rule.success || (municipalityId !== null && !Number.isInteger(municipalityId))) return 0;
  return countAudience(c.get('core'), rule.data, composingScope(actor, municipalityId));
}

function domainInvalid(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === 'invalid-input';
}

/** Events: a list (upcoming first), create and edit with field errors and the audience's live count, publish, cancel, participants. */
export function eventsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    const [rows, zone] = await Promise.all([listEventsForAdmin(c.get('core'), scopeOf(actor)), regionTimezone(c.get('core'))]);
    return page(
      c,
      { title: t('events-title'), section: '/events' },
      <>
        <h1>{t('events-title')}</h1>
        {canWrite(actor) ? (
          <p>
            <a href="/events/new">{t('events-new')}</a>
          </p>
        ) : null}
        {rows.length === 0 ? (
          <p class="muted">{t('events-empty')}</p>
        ) : (
          <div class="table-wrap">
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
                    <td>{t(`event-status-${event.status}`)}</td>
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

  app.get('/audience-count', async (c) => {
    const query = c.req.queries();
    const form: FormValues = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
    const count = await audienceCount(c, c.get('actor'), form);
    return c.json({ count, text: c.get('t')('event-audience-count', { count }) });
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
      const event = await createEvent(core, c.get('actor'), formToInput(form, await regionTimezone(core)));
      return c.redirect(`/events/${event.id}?done=event-created`, 303);
    } catch (error) {
      if (!domainInvalid(error)) throw error;
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
      await updateEvent(core, c.get('actor'), id, formToInput(form, await regionTimezone(core)));
      return c.redirect(`/events/${id}?done=event-saved`, 303);
    } catch (error) {
      if (!domainInvalid(error)) throw error;
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
      if (!domainInvalid(error)) throw error;
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
  const [municipalities, schools, zone, count, participants, history] = await Promise.all([
    municipalitiesInScope(core, scope),
    listSchools(core, scope),
    regionTimezone(core),
    audienceCount(c, actor, values),
    event ? listParticipants(core, actor, event.id) : Promise.resolve([]),
    event ? listAudit(core, scope, actor, { entity: 'event', entityId: String(event.id), limit: 20 }) : Promise.resolve([]),
  ]);
  const writable = canWrite(actor) && event?.status !== 'cancelled';
  const v = (name: string) => str(values[name]);
  const has = (name: string, value: string) => list(values[name]).includes(value);
  const title = event ? event.title : t('events-new');
  const action = event ? `/events/${event.id}` : '/events/new';
  const going = participants.filter((p) => p.participant.status === 'going').length;
  const waitlist = participants.filter((p) => p.participant.status === 'waitlist').length;
  const feedback = feedbackSummary(participants.map((p) => p.participant));
  const attendedKey = (a: boolean | null) => `participant-attended-${a === null ? 'unknown' : a ? 'yes' : 'no'}`;
  const checks = (name: string, options: readonly (readonly [string | number, string])[]) => (
    <div class="checks">
      {options.map(([value, text]) => (
        <label>
          <input type="checkbox" name={name} value={String(value)} checked={has(name, String(value))} /> {text}
        </label>
      ))}
    </div>
  );
  return page(
    c,
    { title, section: '/events', status, flash: problem ? { text: problem, bad: true } : undefined },
    <>
      <h1>{title}</h1>
      {event ? (
        <p>
          <span data-status={event.status}>{t(`event-status-${event.status}`)}</span>
          {' · '}
          <span class="muted">{t('event-going-count', { going, capacity: event.capacity === null ? '' : ` / ${event.capacity}`, waitlist })}</span>
          {event.status !== 'draft' && core.config.botUsername ? (
            <>
              {' · '}
              <span class="muted">
                {t('event-deep-link')}: <code>{`https://t.me/${core.config.botUsername}?start=ev_${event.id}`}</code>
              </span>
            </>
          ) : null}
          {' · '}
          <a href={`/events/${event.id}/event.ics`}>{t('event-ics-download')}</a>
        </p>
      ) : null}
      {event && event.status !== 'draft' ? (
        <p data-feedback>
          <span>{t('event-feedback-summary', { attended: feedback.attended, missed: feedback.missed, unanswered: feedback.unanswered })}</span>
          {' · '}
          <span data-average-rating={feedback.averageRating === null ? '' : feedback.averageRating.toFixed(1)}>
            {feedback.averageRating === null ? t('event-rating-none') : t('event-rating-average', { average: feedback.averageRating.toFixed(1), count: feedback.ratings })}
          </span>
        </p>
      ) : null}
      {event && writable ? (
        <div class="card">
          {event.status === 'draft' ? (
            <form class="inline" method="post" action={`/events/${event.id}/publish`}>
              <CsrfField c={c} />
              <button type="submit">{t('event-publish')}</button>
            </form>
          ) : null}{' '}
          <form class="inline" method="post" action={`/events/${event.id}/cancel`}>
            <CsrfField c={c} />
            <button type="submit" class="danger">
              {t('event-cancel')}
            </button>
          </form>
        </div>
      ) : null}
      <form method="post" action={action} class="card" id="event-form">
        <CsrfField c={c} />
        <fieldset disabled={!writable} style="border:none;padding:0;margin:0">
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
            <Select
              label={t('event-field-municipality')}
              name="municipalityId"
              value={v('municipalityId')}
              options={municipalities.map((m) => [m.id, m.name])}
              empty={scope.all ? t('event-region-wide') : undefined}
              errors={errors}
            />
          </div>
          <h2>{t('event-audience')}</h2>
          <p class="muted">{t('event-audience-hint')}</p>
          <div class="field">
            <span class="muted">{t('event-audience-roles')}</span>
            {checks('roles', personRoles.map((r) => [r, t(`role-${r}`)]))}
          </div>
          <div class="field">
            <span class="muted">{t('event-audience-municipalities')}</span>
            {checks('audienceMunicipalities', municipalities.map((m) => [m.id, m.name]))}
          </div>
          <div class="field">
            <span class="muted">{t('event-audience-tags')}</span>
            {checks('schoolTags', schoolTags.map((s) => [s, t(`tag-${s}`)]))}
          </div>
          <div class="field">
            <span class="muted">{t('event-audience-schools')}</span>
            {checks('schoolIds', schools.map((s) => [s.school.id, s.school.shortName]))}
          </div>
          <div class="field">
            <span class="muted">{t('event-audience-subjects')}</span>
            {checks('subjects', subjects.map((s) => [s, t(`subject-${s}`)]))}
            <FieldError errors={errors} name="audience" />
          </div>
          <p>
            <b id="audience-count" data-count={String(count)}>
              {t('event-audience-count', { count })}
            </b>
          </p>
          <button type="submit">{t('event-save')}</button>
        </fieldset>
      </form>
      <script dangerouslySetInnerHTML={{ __html: liveCountScript }} />
      {event ? (
        <>
          <h2>{t('event-participants')}</h2>
          {participants.length === 0 ? (
            <p class="muted">{t('event-participants-empty')}</p>
          ) : (
            <div class="table-wrap">
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

/** Recounts the audience as the form changes: a GET of /events/audience-count with the form's fields. */
const liveCountScript = `(() => {
  const form = document.getElementById('event-form');
  const out = document.getElementById('audience-count');
  if (!form || !out) return;
  let seq = 0;
  form.addEventListener('change', async () => {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (k !== '_csrf' && typeof v === 'string') params.append(k, v);
    const mine = ++seq;
    try {
      const r = await fetch('/events/audience-count?' + params.toString(), { credentials: 'same-origin' });
      if (r.ok && mine === seq) { const j = await r.json(); out.textContent = j.text; out.dataset.count = String(j.count); }
    } catch {}
  });
})();`;
