import { canWrite } from '../../../core/admins/access.js';
import type { AuditEntry } from '../../../core/admins/audit.js';
import type { OutgoingMessage } from '../../../core/vocabulary/message.js';
import { eventPhase } from '../../../core/events/admin.js';
import type { Event, ParticipantRow } from '../../../core/events/events.js';
import { feedbackSummary } from '../../../core/events/feedback.js';
import { eventDeepLink } from '../../../core/events/messages.js';
import type { FieldErrors, FormValues } from '../../forms.js';
import { CsrfField, formatDateTime, type PanelContext } from '../../kit.js';
import type { AudiencePickerData } from '../audience-picker.js';
import { History } from '../history.js';
import { EventForm } from './form.js';
import { AnnouncementPreview } from './preview.js';

export interface EventPageData {
  audience: AudiencePickerData;
  zone: string;
  /** How many people the audience in the form reaches now. */
  count: number;
  participants: ParticipantRow[];
  history: AuditEntry[];
  /** The announcement as the bot would send it for the form as it is. */
  preview: OutgoingMessage | null;
}

/** The new-event form, or an event's page: its form, publish and cancel, participants and history. */
export function EventPage(props: { c: PanelContext; event: Event | null; values: FormValues; errors?: FieldErrors; data: EventPageData }) {
  const { c, event, values, errors, data } = props;
  const { zone, participants, history } = data;
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const writable = canWrite(actor) && event?.status !== 'cancelled';
  const title = event ? event.title : t('events-new');
  const going = participants.filter((p) => p.participant.status === 'going').length;
  const waitlist = participants.filter((p) => p.participant.status === 'waitlist').length;
  const feedback = feedbackSummary(participants.map((p) => p.participant));
  const attendedKey = (a: boolean | null) => `participant-attended-${a === null ? 'unknown' : a ? 'yes' : 'no'}`;
  return (
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
            {feedback.averageRating === null ? t('event-rating-none') : t('event-rating-average', { average: feedback.averageRating, count: feedback.ratings })}
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
      <EventForm c={c} event={event} values={values} errors={errors} audience={data.audience} count={data.count} zone={zone} writable={writable} />
      <h2>{t('event-preview-title')}</h2>
      <p class="muted">{t('event-preview-hint')}</p>
      <p class="error" id="preview-error" role="alert" hidden>
        {t('preview-failed')}
      </p>
      <div id="tg-preview">
        <AnnouncementPreview t={t} message={data.preview} />
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
    </>
  );
}
