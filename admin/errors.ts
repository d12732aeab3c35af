import type { DomainError, DomainErrorCode } from '../core/errors.js';

export type DomainStatus = 400 | 401 | 403 | 404 | 409 | 429;

/** Domain refusals that are not a plain 400. */
const statuses: Partial<Record<DomainErrorCode, DomainStatus>> = {
  'not-found': 404,
  'invite-not-found': 404,
  'not-allowed': 403,
  'invalid-credentials': 401,
  'already-decided': 409,
  'already-registered': 409,
  'demo-refused': 409,
  'invite-expired': 409,
  'invite-used-up': 409,
  'too-many-attempts': 429,
};

/**
 * The one mapping of domain refusals to HTTP statuses, for the panel's pages and the JSON API alike: routes let a
 * `DomainError` through and the app's error handler answers with this status; a code not listed is a 400.
 */
export function domainStatus(error: DomainError): DomainStatus {
  return statuses[error.code] ?? 400;
}
