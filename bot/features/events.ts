import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { personZone } from '../../core/directory/zones.js';
import { participation } from '../../core/events/events.js';
import { decline, eventForPerson, signUp, signUpNoticeKey, upcomingEventsFor } from '../../core/events/participation.js';
import { rateEvent, recordAttendance, takeComment } from '../../core/events/feedback.js';
import { calendarFeedLink, feedLinkMessage, renewCalendarFeedLink, renewCalendarPayload } from '../../core/events/calendar-feed.js';
import { eventIcs } from '../../core/events/ics.js';
import { eventCard, ratingMessage } from '../../core/events/messages.js';
import { formatEventTime } from '../../core/time/time.js';
import { escapeHtml } from '../../core/text/html.js';
import { DomainError } from '../../core/errors.js';
import { eventButton } from '../callback-data/events.js';
import type { BotContext } from '../context.js';
import { replyOptions } from '../messenger.js';

/** Events in the bot: the announcement's buttons (Пойду / Не смогу / Подробнее), /events, and the event card. */
export const eventsFeature = new Composer<BotContext>();

/** Sends the card of an event to the person writing (a deep link, "Подробнее", /events). Unknown or draft: a clear answer. */
export async function showEventCard(ctx: BotContext, eventId: number): Promise<void> {
  const person = ctx.person;
  if (!person || person.status !== 'active') {
    await ctx.reply(ctx.t(person ? 'events-not-active' : 'not-registered'));
    return;
  }
  let event;
  try {
    event = await eventForPerson(ctx.core, eventId, person);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.reply(ctx.t(error.code === 'not-found' ? 'events-not-found' : `error-${error.code}`));
    return;
  }
  const status = await participation(ctx.core, eventId, person.id);
  const card = eventCard(ctx.core, event, ctx.locale, await personZone(ctx.core, person), status);
  await ctx.reply(card.html, replyOptions(card));
}

eventsFeature.chatType('private').command('events', async (ctx) => {
  const person = ctx.person;
  if (!person) return ctx.reply(ctx.t('not-registered'));
  if (person.status !== 'active') return ctx.reply(ctx.t('events-not-active'));
  const rows = await upcomingEventsFor(ctx.core, person);
  if (rows.length === 0) return ctx.reply(ctx.t('events-none'));
  const zone = await personZone(ctx.core, person);
  const lines = rows.map(({ event, status }, i) => {
    const mark = ctx.t(`events-mark-${status ?? 'none'}`);
    return `${i + 1}. <b>${escapeHtml(event.title)}</b>\n${formatEventTime(event.startsAt, event.endsAt, zone, ctx.locale)}\n${mark}`;
  });
  const keyboard = new InlineKeyboard();
  rows.forEach(({ event }, i) => {
    keyboard.text(ctx.t('events-open', { n: i + 1 }), `ev:${event.id}:info`);
    if (i % 4 === 3) keyboard.row();
  });
  await ctx.reply([ctx.t('events-list-title'), '', ...lines, ctx.t('events-feed-hint')].join('\n\n'), { parse_mode: 'HTML', reply_markup: keyboard });
});

/** /calendar: the person's private feed of the events they signed up for, to subscribe to in any calendar app. */
eventsFeature.chatType('private').command('calendar', async (ctx) => {
  const person = ctx.person;
  if (!person) return ctx.reply(ctx.t('not-registered'));
  if (person.status !== 'active') return ctx.reply(ctx.t('events-not-active'));
  await replyWithFeedLink(ctx, await calendarFeedLink(ctx.core, person.id));
});

/** The feed's link with its «Новая ссылка» button: every message that shows a live link carries the button. */
async function replyWithFeedLink(ctx: BotContext, link: string): Promise<void> {
  const view = feedLinkMessage(ctx.core, ctx.locale, link);
  await ctx.reply(view.html, replyOptions(view));
}

eventsFeature.callbackQuery(renewCalendarPayload, async (ctx) => {
  const person = ctx.person;
  if (!person || person.status !== 'active') return ctx.answerCallbackQuery({ text: ctx.t(person ? 'events-not-active' : 'not-registered') });
  const link = await renewCalendarFeedLink(ctx.core, person.id);
  await ctx.answerCallbackQuery({ text: ctx.t('events-feed-renewed') });
  // The old message keeps neither the dead link nor a button that would renew it again.
  await ctx.editMessageText(ctx.t('events-feed-revoked'), { reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
  await replyWithFeedLink(ctx, link);
});

eventsFeature.callbackQuery(eventButton.pattern, async (ctx) => {
  const action = eventButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person) return ctx.answerCallbackQuery({ text: ctx.t('not-registered') });
  if (!action) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  if (person.status !== 'active') return ctx.answerCallbackQuery({ text: ctx.t('events-not-active') });
  try {
    switch (action.action) {
      case 'info':
        await ctx.answerCallbackQuery();
        await showEventCard(ctx, action.eventId);
        return;
      case 'go': {
        const result = await signUp(ctx.core, person, action.eventId);
        const key = signUpNoticeKey(result);
        await ctx.answerCallbackQuery({ text: ctx.t(key) });
        if (result.changed) await showEventCard(ctx, action.eventId);
        return;
      }
      case 'no': {
        const result = await decline(ctx.core, person, action.eventId);
        await ctx.answerCallbackQuery({ text: ctx.t(result.changed ? 'events-declined' : 'events-already-declined') });
        return;
      }
      case 'ics': {
        const event = await eventForPerson(ctx.core, action.eventId, person);
        if (event.status === 'cancelled') throw new DomainError('event-cancelled');
        if ((await participation(ctx.core, event.id, person.id)) !== 'going') {
          await ctx.answerCallbackQuery({ text: ctx.t('events-ics-going-only'), show_alert: true });
          return;
        }
        await ctx.answerCallbackQuery();
        // A file cannot go through the outbox; this answers the person's own press.
        const bytes = new TextEncoder().encode(eventIcs(event, { now: ctx.core.clock.now(), includeLink: true }));
        await ctx.replyWithDocument(new InputFile(bytes, 'event.ics'), { caption: ctx.t('events-ics-caption') });
        return;
      }
      case 'came':
      case 'missed': {
        const result = await recordAttendance(ctx.core, person, action.eventId, action.action === 'came');
        const key =
          action.action === 'came'
            ? result.changed
              ? 'events-attended-yes'
              : 'events-attended-already'
            : result.changed
              ? 'events-attended-no'
              : 'events-attended-already';
        await ctx.answerCallbackQuery({ text: ctx.t(key) });
        if (result.changed && action.action === 'came') {
          const message = ratingMessage(ctx.core, result.event, ctx.locale);
          await ctx.reply(message.html, replyOptions(message));
        }
        return;
      }
      case 'rate': {
        const result = await rateEvent(ctx.core, person, action.eventId, action.rating);
        await ctx.answerCallbackQuery({ text: ctx.t(result.changed ? 'events-rated' : 'events-rated-already') });
        if (result.changed) await ctx.reply(ctx.t('events-comment-invite'));
        return;
      }
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return ctx.answerCallbackQuery({ text: ctx.t(error.code === 'not-found' ? 'events-not-found' : `error-${error.code}`), show_alert: true });
  }
});

/**
 * The comment after a rating: the next text from a person who rated an event within the window (stored on their
 * participant row, no conversation). Anything else — commands, people with nothing awaited — goes on untouched.
 */
eventsFeature.chatType('private').on('message:text', async (ctx, next) => {
  const person = ctx.person;
  if (!person || person.status !== 'active' || ctx.message.text.startsWith('/')) return next();
  const event = await takeComment(ctx.core, person, ctx.message.text);
  if (!event) return next();
  await ctx.reply(ctx.t('events-comment-saved', { title: escapeHtml(event.title) }), { parse_mode: 'HTML' });
});
