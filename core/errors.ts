/**
 * An expected refusal of the domain (an expired invite, a decision already taken). The bot maps the code
 * to a localized message (`error-<code>` in locales/), the admin panel to an HTTP status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

export type DomainErrorCode =
  | 'invite-not-found'
  | 'invite-expired'
  | 'invite-used-up'
  | 'already-registered'
  | 'already-decided'
  | 'not-allowed'
  | 'not-found'
  | 'invalid-input'
  | 'demo-refused';
