/** Kinds of survey questions and survey statuses. */
export const questionKinds = ['single', 'multiple', 'scale', 'number', 'short_text', 'long_text', 'yes_no'] as const;
export type QuestionKind = (typeof questionKinds)[number];
export type SurveyStatus = 'draft' | 'published' | 'closed';
