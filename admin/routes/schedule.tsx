import { Hono } from 'hono';
import { intlTag } from '../../core/time/time.js';
import { createMiddleware } from 'hono/factory';
import { canWrite, type Actor } from '../../core/admins/access.js';
import { deliverySettings, setDeliverySettings } from '../../core/deliveries/delivery-rules.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError } from '../../core/errors.js';
import { emergencyStop, resumeSending, stopAllSending } from '../../core/deliveries/emergency-stop.js';
import { actOnScheduleItem, scheduleDays, upcomingSchedule, type Describers, type ScheduleItem } from '../../core/schedule/schedule.js';
import { kindWords } from '../../core/words/words.js';
import type { AdminEnv } from '../env.js';
import { formBody, validForm } from '../forms.js';
import { CsrfField, FieldError, formatDateTime, page, str, type PanelContext } from '../kit.js';

/** Puts the emergency stop (or null) on every panel page, so the frame can show it while it is on. */
export const emergencyStopState = createMiddleware<AdminEnv>(async (c, next) => {
  c.set('emergencyStop', await emergencyStop(c.get('core')));
  await next();
});

/** The schedule is region-wide: owners, editors and viewers see it; owners and editors act on it. */
const mayAct = (actor: Actor) => canWrite(actor) && actor.role !== 'coordinator';
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** "21:00" as minutes since midnight; NaN when it is not a time. */
const minutes = (v: string) => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(v);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};

function ItemActions(props: { c: PanelContext; item: ScheduleItem }) {
  const { c, item } = props;
  const t = c.get('t');
  const actions = item.source === 'job' ? [item.paused ? 'resume' : 'pause', 'cancel'] : ['send-now', 'cancel'];
  return (
    <>
      {actions.map((action) => (
        <form method="post" action="/schedule/item" class="inline">
          <CsrfField c={c} />
          <input type="hidden" name="source" value={item.source} />
          <input type="hidden" name="kind" value={item.kind} />
          <input type="hidden" name="group" value={item.group} />
          <input type="hidden" name="action" value={action} />
          <button type="submit" class={action === 'cancel' ? 'danger' : 'secondary'} data-action={action}>
            {t(`schedule-action-${action}`)}
          </button>{' '}
        </form>
      ))}
    </>
  );
}

/** Everything the bot is about to send in the next days, the emergency stop, and the region's quiet hours and daily cap. */
export function scheduleRoutes(jobs: Describers) {
  const app = new Hono<AdminEnv>();

  const schedulePage = async (c: PanelContext, errors?: Record<string, string>, status: 200 | 400 = 200) => {
    const t = c.get('t');
    const core = c.get('core');
    const actor = c.get('actor');
    if (actor.role === 'coordinator') throw new DomainError('not-allowed');
    const [items, zone, settings, stop] = await Promise.all([
      upcomingSchedule(core, jobs, c.get('locale')),
      regionTimezone(core),
      deliverySettings(core),
      emergencyStop(core),
    ]);
    const days = [...new Set(items.map((i) => i.day))];
    const dayName = (d: string) =>
      new Intl.DateTimeFormat(intlTag(c.get('locale')), { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
        Date.parse(`${d}T00:00:00Z`),
      );
    return page(
      c,
      { title: t('schedule-title'), section: '/schedule', status },
      <>
        <h1>{t('schedule-title')}</h1>
        <div class="card" data-stop={stop ? 'on' : 'off'}>
          <h2>{t('schedule-stop-title')}</h2>
          <p>{stop ? t('schedule-stop-on', { since: formatDateTime(stop.since, zone), by: stop.by }) : t('schedule-stop-off')}</p>
          {mayAct(actor) ? (
            <form
              method="post"
              action={stop ? '/schedule/resume' : '/schedule/stop'}
              data-confirm={t(stop ? 'confirm-schedule-resume' : 'confirm-schedule-stop')}
            >
              <CsrfField c={c} />
              <button type="submit" class={stop ? '' : 'danger'} data-action={stop ? 'resume' : 'stop'}>
                {t(stop ? 'schedule-resume' : 'schedule-stop')}
              </button>
            </form>
          ) : null}
        </div>
        <p class="muted">{t('schedule-intro', { days: scheduleDays, zone })}</p>
        {days.length === 0 ? <p class="muted">{t('schedule-empty')}</p> : null}
        {days.map((d) => (
          <section data-day={d}>
            <h2>{dayName(d)}</h2>
            <div class="table-wrap" tabindex={0}>
              <table>
                <thead>
                  <tr>
                    <th>{t('schedule-col-when')}</th>
                    <th>{t('schedule-col-kind')}</th>
                    <th>{t('schedule-col-what')}</th>
                    <th>{t('schedule-col-recipients')}</th>
                    {mayAct(actor) ? (
                      <th>
                        <span class="visually-hidden">{t('schedule-col-actions')}</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {items
                    .filter((i) => i.day === d)
                    .map((item) => (
                      <tr data-item={`${item.source}:${item.kind}:${item.group}`} class={item.paused ? 'muted' : undefined}>
                        <td>{formatDateTime(item.dueAt, zone)}</td>
                        <td>{kindWords(c.get('core').translate, c.get('locale'), item.kind)}</td>
                        <td>
                          {item.link ? <a href={item.link}>{item.title}</a> : item.title}
                          {item.paused ? ` · ${t('schedule-paused')}` : ''}
                        </td>
                        <td>{item.recipients}</td>
                        {mayAct(actor) ? (
                          <td>
                            <ItemActions c={c} item={item} />
                          </td>
                        ) : null}
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
        <h2>{t('schedule-settings-title')}</h2>
        <form method="post" action="/schedule/settings" class="card">
          <CsrfField c={c} />
          <p class="muted">{t('schedule-settings-intro')}</p>
          <div class="field">
            <label>
              {t('schedule-quiet-from')} <input name="from" value={hhmm(settings.quietHours.from)} size={5} disabled={!mayAct(actor)} />
            </label>{' '}
            <label>
              {t('schedule-quiet-to')} <input name="to" value={hhmm(settings.quietHours.to)} size={5} disabled={!mayAct(actor)} />
            </label>
            <FieldError errors={errors} name="quietHours.from" />
            <FieldError errors={errors} name="quietHours.to" />
            <FieldError errors={errors} name="quietHours" />
          </div>
          <div class="field">
            <label>
              {t('schedule-daily-cap')} <input name="dailyCap" value={String(settings.dailyCap)} size={3} disabled={!mayAct(actor)} />
            </label>
            <FieldError errors={errors} name="dailyCap" />
          </div>
          {mayAct(actor) ? <button type="submit">{t('schedule-settings-save')}</button> : null}
        </form>
      </>,
    );
  };

  app.get('/', (c) => schedulePage(c));

  app.post('/stop', async (c) => {
    const changed = await stopAllSending(c.get('core'), c.get('actor'));
    return c.redirect(`/schedule?done=${changed ? 'schedule-stopped' : 'schedule-already-stopped'}`, 303);
  });

  app.post('/resume', async (c) => {
    const changed = await resumeSending(c.get('core'), c.get('actor'));
    return c.redirect(`/schedule?done=${changed ? 'schedule-resumed' : 'schedule-not-stopped'}`, 303);
  });

  app.post('/item', validForm(formBody, { view: (c, _values, errors) => schedulePage(c, errors, 400) }), async (c) => {
    const form = c.req.valid('form');
    const action = str(form.action);
    await actOnScheduleItem(c.get('core'), c.get('actor'), jobs, {
      source: str(form.source) as 'job',
      kind: str(form.kind),
      group: str(form.group),
      action: action as 'pause',
    });
    return c.redirect(`/schedule?done=schedule-item-${action}`, 303);
  });

  app.post('/settings', validForm(formBody, { view: (c, _values, errors) => schedulePage(c, errors, 400) }), async (c) => {
    const form = c.req.valid('form');
    await setDeliverySettings(c.get('core'), c.get('actor'), {
      quietHours: { from: minutes(str(form.from)), to: minutes(str(form.to)) },
      dailyCap: Number(str(form.dailyCap)),
    });
    return c.redirect('/schedule?done=schedule-settings-saved', 303);
  });

  return app;
}
