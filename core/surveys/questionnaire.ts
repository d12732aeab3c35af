/** A survey's questionnaire as an admin edits it: adding, rewording, moving and removing questions, safely once answered. */
import { desc, eq } from 'drizzle-orm';
import { surveyQuestions } from '../../db/schema/index.js';
import { assertCanWrite, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput } from '../errors.js';
import { assertConditionsValid, breakingChanges, parseQuestion, type Question, type QuestionInput } from './questions.js';
import { hasAnswers, listQuestions, surveyForAdmin, type Survey } from './surveys.js';

/** A survey open to changes of its questions: not closed, and in the actor's scope. */
async function editableSurvey(core: Core, actor: Actor, id: number): Promise<Survey> {
  assertCanWrite(actor);
  const survey = await surveyForAdmin(core, actor, id);
  if (survey.status === 'closed') throw invalidInput('status', 'survey-closed');
  return survey;
}

async function questionOf(core: Core, actor: Actor, questionId: number): Promise<{ survey: Survey; question: Question; questions: Question[] }> {
  const question = await core.database.db.select().from(surveyQuestions).where(eq(surveyQuestions.id, questionId)).get();
  if (!question) throw new DomainError('not-found');
  const survey = await editableSurvey(core, actor, question.surveyId);
  return { survey, question, questions: await listQuestions(core, survey.id) };
}

/** Adds a question at the end (new questions are always safe, even once answers came in). */
export async function addQuestion(core: Core, actor: Actor, surveyId: number, input: QuestionInput): Promise<Question> {
  const survey = await editableSurvey(core, actor, surveyId);
  const questions = await listQuestions(core, surveyId);
  const draft = parseQuestion(input, questions);
  const position = (questions.at(-1)?.position ?? 0) + 1;
  const { db } = core.database;
  await core.database.atomic([
    db.insert(surveyQuestions).values({ surveyId, position, ...draft }),
    auditEntry(core, actor, {
      action: 'survey.question-add',
      entity: 'survey',
      entityId: surveyId,
      municipalityId: survey.municipalityId,
      after: { ...draft },
    }),
  ]);
  return (await db.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, surveyId)).orderBy(desc(surveyQuestions.id)).get())!;
}

/** Edits a question; once it has answers, only changes that keep them meaningful (wording, new options, wider bounds). */
export async function updateQuestion(core: Core, actor: Actor, questionId: number, input: QuestionInput): Promise<Question> {
  const { survey, question, questions } = await questionOf(core, actor, questionId);
  const draft = parseQuestion(
    input,
    questions.slice(
      0,
      questions.findIndex((q) => q.id === questionId),
    ),
    question,
  );
  if (await hasAnswers(core, survey.id, questionId)) {
    const refused = breakingChanges(question, draft);
    if (refused.length) throw new DomainError('invalid-input', undefined, refused);
  }
  const { db } = core.database;
  await core.database.atomic([
    db.update(surveyQuestions).set(draft).where(eq(surveyQuestions.id, questionId)),
    auditEntry(core, actor, {
      action: 'survey.question-edit',
      entity: 'survey',
      entityId: survey.id,
      municipalityId: survey.municipalityId,
      before: { id: questionId, text: question.text, kind: question.kind, settings: question.settings },
      after: { id: questionId, ...draft },
    }),
  ]);
  return (await db.select().from(surveyQuestions).where(eq(surveyQuestions.id, questionId)).get())!;
}

/** Moves a question one place up or down; a condition must still look back at an earlier question. */
export async function moveQuestion(core: Core, actor: Actor, questionId: number, direction: 'up' | 'down'): Promise<void> {
  const { survey, questions } = await questionOf(core, actor, questionId);
  const at = questions.findIndex((q) => q.id === questionId);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (to < 0 || to >= questions.length) return;
  const order = [...questions];
  [order[at], order[to]] = [order[to]!, order[at]!];
  assertConditionsValid(order);
  const { db } = core.database;
  await core.database.atomic([
    ...order.map((q, i) =>
      db
        .update(surveyQuestions)
        .set({ position: i + 1 })
        .where(eq(surveyQuestions.id, q.id)),
    ),
    auditEntry(core, actor, {
      action: 'survey.question-move',
      entity: 'survey',
      entityId: survey.id,
      municipalityId: survey.municipalityId,
      after: { id: questionId, direction },
    }),
  ]);
}

/** Removes a question nobody answered and that no other question's condition depends on. */
export async function deleteQuestion(core: Core, actor: Actor, questionId: number): Promise<void> {
  const { survey, question, questions } = await questionOf(core, actor, questionId);
  if (await hasAnswers(core, survey.id, questionId)) throw invalidInput('question', 'survey-answered-delete');
  if (questions.some((q) => q.condition?.questionId === questionId)) throw invalidInput('question', 'survey-condition-depends');
  const { db } = core.database;
  await core.database.atomic([
    db.delete(surveyQuestions).where(eq(surveyQuestions.id, questionId)),
    auditEntry(core, actor, {
      action: 'survey.question-delete',
      entity: 'survey',
      entityId: survey.id,
      municipalityId: survey.municipalityId,
      before: { id: questionId, text: question.text, kind: question.kind },
    }),
  ]);
}
