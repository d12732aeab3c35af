import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { DomainError, toFieldIssue, type FieldIssue } from '../../core/errors.js';
import type { TranslateArgs } from '../../locales/translator.js';
import { domainStatus } from '../errors.js';
import { describeIssue } from '../kit.js';

export type ApiStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 429 | 500;

/** A refusal of the HTTP layer itself (no token, a body that is not JSON, an unknown address), with its own code. */
export class ApiError extends Error {
  constructor(
    readonly status: ApiStatus,
    readonly code: string,
    readonly args: TranslateArgs = {},
    readonly issues: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

export interface ApiErrorBody {
  error: { code: string; message: string; issues: { field: string; reason: string; message: string; params?: FieldIssue['params'] }[] };
}

type T = (key: string, args?: TranslateArgs) => string;

/** The JSON body and status of an error; `undefined` for an unexpected one (the caller logs it and answers 500). */
export function describeError(error: unknown, t: T): { status: ApiStatus; body: ApiErrorBody; headers: Record<string, string> } | undefined {
  if (error instanceof ApiError)
    return { status: error.status, body: errorBody(error.code, message(t, error.code, error.args), error.issues, t), headers: error.headers };
  if (error instanceof DomainError) {
    return { status: domainStatus(error), body: errorBody(error.code, message(t, error.code, {}), error.issues, t), headers: {} };
  }
  return undefined;
}

export function errorBody(code: string, text: string, issues: FieldIssue[], t: T): ApiErrorBody {
  return {
    error: {
      code,
      message: text,
      issues: issues.map((issue) => ({
        field: issue.field,
        reason: issue.reason,
        message: issueMessage(issue, t),
        ...(issue.params ? { params: issue.params } : {}),
      })),
    },
  };
}

/** `api-error-<code>` from locales/; a domain code without its own API wording falls back to a general refusal. */
function message(t: T, code: string, args: TranslateArgs): string {
  const key = `api-error-${code}`;
  const text = t(key, args);
  return text === key ? t('api-error-refused', { code }) : text;
}

/** API wording first (`api-issue-<reason>`: clients send JSON, not forms), then the panel's `validation-<reason>`. */
function issueMessage(issue: FieldIssue, t: T): string {
  const key = `api-issue-${issue.reason.replaceAll('_', '-')}`;
  const text = t(key, issue.params);
  return text === key ? describeIssue(issue, t) : text;
}

/** Where a validator found the problem, named as the error's issues name the whole part. */
const parts: Partial<Record<keyof ValidationTargets, string>> = { json: 'body', query: 'query', param: 'path' };

/**
 * The validators' hook (OpenAPIHono's `defaultHook`): a failure is an `invalid-input` naming every bad field; an
 * unknown field is named itself (zod reports it on the object), the whole part is named `body`, `query` or `path`.
 */
export function refuseInvalid(result: { target: keyof ValidationTargets; success: boolean; error?: z.ZodError }): void {
  if (result.success || !result.error) return;
  const part = parts[result.target] ?? result.target;
  const issues = result.error.issues.flatMap((issue): FieldIssue[] => {
    const prefix = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: prefix ? `${prefix}.${key}` : key, reason: 'unrecognized_keys' }));
    const field = toFieldIssue(issue);
    const named = { ...field, field: prefix || part };
    return [issue.code === 'invalid_type' ? { ...named, params: { ...named.params, expected: issue.expected } } : named];
  });
  throw new DomainError('invalid-input', undefined, issues);
}
