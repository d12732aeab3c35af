import { Composer } from 'grammy';
import { DomainError } from '../../core/errors.js';
import { approvalAction, decideRegistration, describePerson } from '../../core/onboarding/registration.js';
import type { BotContext } from '../context.js';

/** A coordinator's Approve / Reject buttons under a registration request. */
export const approvalsFeature = new Composer<BotContext>();

approvalsFeature.callbackQuery(approvalAction.pattern, async (ctx) => {
  const [, id, verdict] = approvalAction.pattern.exec(ctx.callbackQuery.data) ?? [];
  const coordinator = ctx.person;
  if (!coordinator) return ctx.answerCallbackQuery({ text: ctx.t('not-registered'), show_alert: true });
  try {
    const applicant = await decideRegistration(ctx.core, {
      personId: Number(id),
      approve: verdict === 'ok',
      decider: { kind: 'person', person: coordinator },
    });
    await ctx.answerCallbackQuery();
    const words = (await describePerson(ctx.core, applicant))(ctx.locale);
    await ctx.editMessageText(ctx.t(verdict === 'ok' ? 'approval-approved' : 'approval-rejected', words), { parse_mode: 'HTML' });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await ctx.answerCallbackQuery({ text: ctx.t(`error-${error.code}`), show_alert: true });
    if (error.code === 'already-decided') await ctx.editMessageReplyMarkup({ reply_markup: undefined });
  }
});
