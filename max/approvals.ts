import { DomainError } from '../core/errors.js';
import { decideRegistration, describePerson } from '../core/onboarding/registration.js';
import type { MaxTurn } from './turn.js';

/**
 * A coordinator's «Одобрить» / «Отклонить» under a registration request on MAX, as on Telegram
 * (bot/features/approvals.ts): the domain decides (and edits the other coordinators' copies through the outbox);
 * the pressed copy becomes the verdict at once. A request already decided elsewhere loses its buttons.
 */
export async function approvalPress(turn: MaxTurn, personId: number, approve: boolean): Promise<void> {
  const coordinator = turn.person;
  if (!coordinator) return turn.answer({ notification: turn.t('not-registered') });
  try {
    const applicant = await decideRegistration(turn.core, { personId, approve, decider: { kind: 'person', person: coordinator } });
    const words = (await describePerson(turn.core, applicant))(turn.locale);
    await turn.answer({ message: { html: turn.t(approve ? 'approval-approved' : 'approval-rejected', words) } });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await turn.answer({ notification: turn.t(`error-${error.code}`) });
    if (error.code === 'already-decided') await turn.dropButtons();
  }
}
