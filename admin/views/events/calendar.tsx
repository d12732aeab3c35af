import { eventPhase, shiftMonth, type CalendarMonth, type EventFilter } from '../../../core/events/admin.js';
import { intlTag, utcToLocalInput } from '../../../core/time/time.js';
import type { PanelContext } from '../../kit.js';
import { FilterForm, filterQuery } from './list.js';

/** A month as a Monday-to-Sunday grid in the region's zone, filtered like the list; a list of days on a phone. */
export function EventsCalendar(props: { c: PanelContext; calendar: CalendarMonth; month: string; filter: EventFilter; zone: string; now: number }) {
  const { c, calendar, month, filter, zone, now } = props;
  const t = c.get('t');
  const tag = intlTag(c.get('locale'));
  const monthName = (m: string) => new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(Date.parse(`${m}-01T00:00:00Z`));
  const weekday = (date: string) => new Intl.DateTimeFormat(tag, { timeZone: 'UTC', weekday: 'short' }).format(Date.parse(`${date}T00:00:00Z`));
  const time = new Intl.DateTimeFormat(tag, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dayOf = (ms: number) => utcToLocalInput(ms, zone).slice(0, 10);
  const link = (m: string) => `/events/calendar${filterQuery(filter, m)}`;
  const count = new Set(
    calendar.weeks
      .flat()
      .filter((d) => d.inMonth)
      .flatMap((d) => d.events.map((e) => e.id)),
  ).size;
  return (
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
    </>
  );
}
