import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { DomainError, type FieldIssue } from '../core/errors.js';
import { toCsv, toXlsx, xlsxContentType, type Table } from '../core/exports/table.js';
import type { TranslateArgs } from '../locales/translator.js';
import type { AdminEnv } from './env.js';
import { Layout } from './views/layout.js';

export type PanelContext = Context<AdminEnv>;

/** Renders a panel page in the frame. A `?done=<key>` left by a redirect shows as the flash line `flash-<key>`. */
export function page(
  c: PanelContext,
  options: { title: string; section?: string; status?: 200 | 400 | 403 | 404 | 409 | 429; flash?: { text: string; bad?: boolean } },
  body: Child,
) {
  const t = c.get('t');
  const done = c.req.query('done');
  const flash = options.flash ?? (done && /^[a-z-]+$/.test(done) ? { text: t(`flash-${done}`) } : undefined);
  return c.html(
    <Layout
      title={options.title}
      section={options.section}
      t={t}
      locale={c.get('locale')}
      actor={c.get('actor')}
      email={c.get('email')}
      csrf={c.get('session')?.csrfToken}
      flash={flash}
      stopped={c.get('emergencyStop') ?? null}
      telegramOutage={c.get('telegramOutage') ?? null}
    >
      {body}
    </Layout>,
    options.status ?? 200,
  );
}

export function CsrfField(props: { c: PanelContext }) {
  return <input type="hidden" name="_csrf" value={props.c.get('session').csrfToken} />;
}

/** Field → message for a form, from an invalid-input error (`validation-<reason>` in locales/): every problem of the field, not only the first. */
export function fieldErrors(error: DomainError, t: (key: string, args?: TranslateArgs) => string): Record<string, string> {
  return describeFields(error.issues, t);
}

/** Every message of each field, joined, each said once. */
export function describeFields(issues: FieldIssue[], t: (key: string, args?: TranslateArgs) => string): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const message = describeIssue(issue, t);
    const list = (out[issue.field] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  return Object.fromEntries(Object.entries(out).map(([field, messages]) => [field, messages.join(' ')]));
}

export function describeIssue(issue: FieldIssue, t: (key: string, args?: TranslateArgs) => string): string {
  const key = `validation-${issue.reason.replaceAll('_', '-')}`;
  const text = t(key, issue.params);
  return text === key ? t('validation-invalid', { reason: issue.reason }) : text;
}

export function FieldError(props: { errors?: Record<string, string>; name: string }) {
  const message = props.errors?.[props.name];
  return message ? <div class="error">{message}</div> : null;
}

/** One form field as a trimmed string (the first of several values). */
export const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Dates as Russians write them, in the region's zone: 23.11.2026, 14:05. */
export function formatDateTime(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(ms);
}

/** A day as Russians write it, in the region's zone: 23.11.2026. */
export function formatDate(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms);
}

export function isDomainError(error: unknown, code?: DomainError['code']): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** Query-string filters: empty inputs of a GET form arrive as "", which means "no filter". */
export function queryFilters(c: PanelContext): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
}

/** A table as a download: `.csv` for Russian Excel, or `.xlsx` for the analytical report. */
export async function tableDownload(c: PanelContext, fileName: string, format: 'csv' | 'xlsx', rows: Table, sheetName = fileName) {
  const disposition = `attachment; filename="${fileName}.${format}"`;
  if (format === 'csv') return c.body(toCsv(rows, c.get('locale')), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition });
  const bytes = await toXlsx(sheetName, rows);
  return c.body(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, 200, {
    'content-type': xlsxContentType,
    'content-disposition': disposition,
  });
}
