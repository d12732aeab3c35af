import type { z } from 'zod';

/** What was wrong with one field: the field's name and a reason code that locales/ turn into words (`validation-<reason>`). */
export interface FieldIssue {
  field: string;
  reason: string;
  params?: Record<string, string | number>;
}

/**
 * An expected refusal of the domain (an expired invite, a decision already taken, a bad field). The bot maps the
 * code to a localized message (`error-<code>` in locales/), the admin panel to an HTTP status and, for
 * `invalid-input`, to a message next to each field in `issues`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message?: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message ?? (issues.length ? issues.map((i) => `${i.field}: ${i.reason}`).join('; ') : code));
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
  | 'demo-refused'
  | 'invalid-credentials'
  | 'too-many-attempts'
  | 'try-again-shortly'
  | 'event-cancelled'
  | 'event-not-open'
  | 'event-started'
  | 'registration-closed'
  | 'event-not-ended'
  | 'not-signed-up'
  | 'not-in-audience'
  | 'attendance-first'
  | 'survey-closed'
  | 'survey-not-open'
  | 'survey-done'
  | 'survey-unfinished'
  | 'task-closed'
  | 'not-assignee'
  | 'chat-not-group'
  | 'not-school-lead'
  | 'not-chat-admin'
  | 'chat-already-linked'
  | 'school-linked-elsewhere';

export function invalidInput(field: string, reason: string, params?: FieldIssue['params']): DomainError {
  return new DomainError('invalid-input', undefined, [{ field, reason, ...(params ? { params } : {}) }]);
}

/** Validates input at the domain's edge; a failure is an `invalid-input` naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new DomainError('invalid-input', undefined, parsed.error.issues.map(toFieldIssue));
}

/** A zod issue as a field issue: a kebab-case custom message is the reason; otherwise zod's own code with its bounds. */
export function toFieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const field = issue.path.join('.') || 'input';
  if (/^[a-z][a-z-]*$/.test(issue.message)) return { field, reason: issue.message };
  const params: Record<string, string | number> = {};
  if ('minimum' in issue && issue.minimum !== undefined) params.minimum = Number(issue.minimum);
  if ('maximum' in issue && issue.maximum !== undefined) params.maximum = Number(issue.maximum);
  return { field, reason: issue.code, ...(Object.keys(params).length ? { params } : {}) };
}

/** Whether a write failed on the unique index of `column` ("schools.code"): someone else took the value meanwhile. */
export function isUniqueViolation(error: unknown, column: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes('UNIQUE constraint failed') && e.message.includes(column)) return true;
  }
  return false;
}
