import { z } from 'zod';
import type { SurveyStepAct } from '../../core/surveys/messages.js';

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The invitation's and reminder's buttons: `sv:<survey>:go|later`. Stateless: they act on the survey as it is now. */
const inviteSchema = z.object({ surveyId: id, action: z.enum(['go', 'later']) });
export type SurveyInviteAction = z.infer<typeof inviteSchema>;

export const surveyInviteButton = {
  pattern: /^sv:/,
  parse(data: string | undefined): SurveyInviteAction | undefined {
    const [prefix, surveyId, action, ...rest] = (data ?? '').split(':');
    if (prefix !== 'sv' || rest.length) return undefined;
    const parsed = inviteSchema.safeParse({ surveyId, action });
    return parsed.success ? parsed.data : undefined;
  },
};

/**
 * Buttons of one question while answering: `sq:<survey>:<question>:<act>[:<value>]`, the summary's with question 0.
 * The question is in the data, so a button of an older question is recognised and answered, never taken for this one.
 * c = a choice (an option key, yes / no, other), n = a scale value, done = multiple choice finished, back, skip;
 * on the summary: send, edit, rev = ask that question again.
 */
const surveyStepActs = ['c', 'n', 'done', 'back', 'skip', 'send', 'edit', 'rev'] as const satisfies readonly SurveyStepAct[];

const stepSchema = z.object({
  surveyId: id,
  step: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  act: z.enum(surveyStepActs),
  value: z.string().max(20).default(''),
});
export type SurveyStepAction = z.infer<typeof stepSchema>;

export const surveyStepButton = {
  pattern: /^sq:/,
  parse(data: string | undefined): SurveyStepAction | undefined {
    const [prefix, surveyId, step, act, value, ...rest] = (data ?? '').split(':');
    if (prefix !== 'sq' || rest.length || !/^[0-9]+$/.test(surveyId ?? '') || !/^[0-9]+$/.test(step ?? '')) return undefined;
    const parsed = stepSchema.safeParse({ surveyId, step, act, value });
    return parsed.success ? parsed.data : undefined;
  },
};
