import { Composer, InlineKeyboard } from 'grammy';
import { DomainError } from '../../core/errors.js';
import { personZone } from '../../core/directory/zones.js';
import { formatInstant } from '../../core/time/time.js';
import { escapeHtml } from '../../core/text/html.js';
import { hasSubmitted, openSurveysFor, postponeSurvey } from '../../core/surveys/answering.js';
import { surveyAction } from '../../core/surveys/delivery.js';
import { surveyInviteButton, surveyStepButton } from '../callback-data/surveys.js';
import type { BotContext } from '../context.js';
import { surveyConversationId } from '../conversations/survey.js';

/** Surveys in the bot: /surveys, the invitation's «Начать» / «Позже», and a way back in from any old question button. */
export const surveysFeature = new Composer<BotContext>();

/** Opens (or continues) a survey in its conversation; one survey at a time, so another one in progress is left (its answers stay). */
async function enterSurvey(ctx: BotContext, surveyId: number): Promise<void> {
  await ctx.conversation.exit(surveyConversationId);
  if (Object.keys(ctx.conversation.active()).length > 0) {
    await ctx.reply(ctx.t('survey-finish-other-first'));
    return;
  }
  await ctx.conversation.enter(surveyConversationId, surveyId, ctx.person!.id);
}

surveysFeature.chatType('private').command('surveys', async (ctx) => {
  const person = ctx.person;
  if (!person) return ctx.reply(ctx.t('not-registered'));
  if (person.status !== 'active') return ctx.reply(ctx.t('events-not-active'));
  const rows = await openSurveysFor(ctx.core, person.id);
  if (rows.length === 0) return ctx.reply(ctx.t('survey-none'));
  const zone = await personZone(ctx.core, person);
  const lines = rows.map(({ survey, started }, i) =>
    ctx.t(started ? 'survey-list-started' : 'survey-list-new', {
      n: i + 1,
      title: escapeHtml(survey.title),
      until: formatInstant(survey.closesAt, zone, ctx.locale),
    }),
  );
  const keyboard = new InlineKeyboard();
  for (const [i, { survey, started }] of rows.entries()) {
    keyboard.text(ctx.t(started ? 'survey-list-continue' : 'survey-list-start', { n: i + 1 }), surveyAction(survey.id, 'go')).row();
  }
  await ctx.reply([ctx.t('survey-list-title'), '', ...lines].join('\n'), { parse_mode: 'HTML', reply_markup: keyboard });
});

surveysFeature.callbackQuery(surveyInviteButton.pattern, async (ctx) => {
  const action = surveyInviteButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person) return ctx.answerCallbackQuery({ text: ctx.t('not-registered') });
  if (!action) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  if (person.status !== 'active') return ctx.answerCallbackQuery({ text: ctx.t('events-not-active') });
  if (action.action === 'go') {
    await ctx.answerCallbackQuery();
    // Said without leaving a survey being answered now.
    if (await hasSubmitted(ctx.core, person.id, action.surveyId)) return ctx.reply(ctx.t('error-survey-done'));
    return enterSurvey(ctx, action.surveyId);
  }
  try {
    await postponeSurvey(ctx.core, person.id, action.surveyId);
    await ctx.answerCallbackQuery({ text: ctx.t('survey-postponed') });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.answerCallbackQuery({ text: ctx.t(error.code === 'not-found' ? 'survey-not-found' : `error-${error.code}`), show_alert: true });
  }
});

/** A question's button when no survey is being answered (after /cancel, or a week's pause): continue where they were. */
surveysFeature.callbackQuery(surveyStepButton.pattern, async (ctx) => {
  const action = surveyStepButton.parse(ctx.callbackQuery.data);
  if (!ctx.person || ctx.person.status !== 'active' || !action) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  if (await hasSubmitted(ctx.core, ctx.person.id, action.surveyId)) return ctx.answerCallbackQuery({ text: ctx.t('error-survey-done'), show_alert: true });
  await ctx.answerCallbackQuery({ text: ctx.t('survey-resumed') });
  return enterSurvey(ctx, action.surveyId);
});
