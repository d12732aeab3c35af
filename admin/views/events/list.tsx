import { canWrite } from '../../../core/admins/access.js';
import { eventPhase, eventStatuses, type EventFilter } from '../../../core/events/admin.js';
import type { EventRow } from '../../../core/events/events.js';
import { eventKinds } from '../../../db/schema/index.js';
import { formatDateTime, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';

/** The events list (upcoming first) with its filters. */
export function EventsList(props: { c: PanelContext; filter: EventFilter; rows: EventRow[]; zone: string; now: number }) {
  const { c, filter, rows, zone, now } = props;
  const t = c.get('t');
  const actor = c.get('actor');
  return (
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
    </>
  );
}

/** `?status=…&kind=…&month=…` for links that keep the filters. */
export function filterQuery(filter: EventFilter, month?: string): string {
  const params = new URLSearchParams();
  if (month) params.set('month', month);
  if (filter.status) params.set('status', filter.status);
  if (filter.kind) params.set('kind', filter.kind);
  if (month && filter.show) params.set('show', filter.show);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function FilterForm(props: { c: PanelContext; action: string; filter: EventFilter; month?: string }) {
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
