import { Composer, InputFile } from 'grammy';
import { personZone } from '../../core/directory/zones.js';
import { decline, eventCardFor, eventIcsFor, eventIcsName, signUp, signUpNoticeKey, upcomingEventsFor } from '../../core/events/participation.js';
import { attendanceNoticeKey, rateEvent, recordAttendance, takeComment } from '../../core/events/feedback.js';
import { calendarFeedLink, feedLinkMessage, renewCalendarFeedLink, renewCalendarPayload } from '../../core/events/calendar-feed.js';
import { eventListMessage, ratingMessage } from '../../core/events/messages.js';
import { escapeHtml } from '../../core/text/html.js';
import { DomainError } from '../../core/errors.js';
import { eventButton } from '../../core/events/buttons.js';
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
  const card = await eventCardFor(ctx.core, person, eventId, ctx.locale);
  await ctx.reply(card.html, replyOptions(card));
}

eventsFeature.chatType('private').command('events', async (ctx) => {
  const person = ctx.person;
  if (!person) return ctx.reply(ctx.t('not-registered'));
  if (person.status !== 'active') return ctx.reply(ctx.t('events-not-active'));
  const rows = await upcomingEventsFor(ctx.core, person);
  if (rows.length === 0) return ctx.reply(ctx.t('events-none'));
  const list = eventListMessage(ctx.core, rows, ctx.locale, await personZone(ctx.core, person));
  await ctx.reply(`${list.html}\n\n${ctx.t('events-feed-hint')}`, replyOptions(list));
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
        const ics = await eventIcsFor(ctx.core, person, action.eventId);
        if (ics === null) {
          await ctx.answerCallbackQuery({ text: ctx.t('events-ics-going-only'), show_alert: true });
          return;
        }
        await ctx.answerCallbackQuery();
        await ctx.replyWithDocument(new InputFile(new TextEncoder().encode(ics), eventIcsName), { caption: ctx.t('events-ics-caption') });
        return;
      }
      case 'came':
      case 'missed': {
        const result = await recordAttendance(ctx.core, person, action.eventId, action.action === 'came');
        const key = attendanceNoticeKey(action.action === 'came', result.changed);
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
