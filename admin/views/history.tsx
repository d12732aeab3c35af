import type { AuditEntry } from '../../core/admins/audit.js';
import { offsetWords } from '../../core/words/words.js';
import { formatDateTime, type PanelContext } from '../kit.js';

/** A record's own history under its card: when, who, what, and the values that changed. */
export function History(props: { c: PanelContext; entries: AuditEntry[]; zone: string; empty: string }) {
  const { c, zone } = props;
  if (props.entries.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th>{c.get('t')('audit-page-when')}</th>
            <th>{c.get('t')('audit-page-who')}</th>
            <th>{c.get('t')('audit-page-action')}</th>
            <th>{c.get('t')('audit-page-change')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((h) => (
            <tr>
              <td>{formatDateTime(h.at, zone)}</td>
              <td>{h.actor}</td>
              <td>{actionName(c, h.action)}</td>
              <td>
                <Diff c={c} zone={zone} who={h.actor} before={h.before} after={h.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `audit-<action with dots as dashes>` from the locales, else the action as stored. */
export function actionName(c: PanelContext, action: string): string {
  const key = `audit-${action.replaceAll('.', '-')}`;
  const text = c.get('t')(key);
  return text === key ? action : text;
}

/** Fields that must never be shown, even if some code put them in the log by mistake. */
const secretKey = /password|hash|token|secret/i;
const maxLines = 8;

/** Codes with words in the locales: a role, a subject, a status shows as people say it. */
const valueKeys: Record<string, string[]> = {
  role: ['admin-role-', 'role-'],
  roles: ['role-'],
  subjects: ['subject-'],
  status: ['status-', 'event-status-', 'task-status-', 'survey-status-', 'broadcast-status-'],
  tags: ['tag-'],
  schoolTags: ['tag-'],
  kind: ['event-kind-'],
  evidence: ['task-evidence-'],
  verifier: ['task-verifier-'],
  assignment: ['task-assignment-'],
};
/** Fields kept in minutes, shown as durations («за 1 день»). */
const minuteKeys = /Minutes$|^reminderOffsets$/;

function word(c: PanelContext, key: string, value: unknown): string {
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  for (const prefix of valueKeys[key] ?? []) {
    const translated = c.get('t')(`${prefix}${text}`);
    if (translated !== `${prefix}${text}`) return translated;
  }
  return text;
}

function shortValue(c: PanelContext, zone: string, key: string, value: unknown): string {
  if (secretKey.test(key) && typeof value !== 'boolean') return '•••';
  if (value === null || value === undefined || value === '') return '—';
  if (/At$/.test(key) && typeof value === 'number') return formatDateTime(value, zone);
  if (minuteKeys.test(key) && (typeof value === 'number' || Array.isArray(value))) {
    const minutes = (Array.isArray(value) ? value : [value]).filter((m): m is number => typeof m === 'number');
    return minutes.map((m) => offsetWords(c.get('core').translate, c.get('locale'), m)).join(', ') || '—';
  }
  // An audience or a reminder plan: its fields in words, one after another.
  if (typeof value === 'object' && !Array.isArray(value)) {
    const parts = Object.entries(value as Record<string, unknown>).filter(([, v]) => !(Array.isArray(v) && v.length === 0));
    const text = parts.map(([k, v]) => `${fieldName(c, k)}: ${shortValue(c, zone, k, v)}`).join('; ') || '—';
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  }
  if (typeof value === 'boolean') return c.get('t')(value ? 'audit-page-yes' : 'audit-page-no');
  const text = Array.isArray(value) ? value.map((v) => word(c, key, v)).join(', ') || '—' : word(c, key, value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** `audit-field-<name in kebab case>` from the locales (fullName → audit-field-full-name), else the name as stored. */
function fieldName(c: PanelContext, key: string): string {
  const id = `audit-field-${key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
  const text = c.get('t')(id);
  return text === id ? key : text;
}

/** Before → after, one line a field: "role: editor → coordinator"; a field only after is shown as its value. */
export function Diff(props: { c: PanelContext; zone: string; who?: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const { c, zone } = props;
  const before = props.before ?? {};
  const after = props.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (keys.length === 0) return <span class="muted">—</span>;
  const lines = keys.map((key) => {
    const had = key in before;
    const has = key in after;
    const label = fieldName(c, key);
    if (had && has) return `${label}: ${shortValue(c, zone, key, before[key])} → ${shortValue(c, zone, key, after[key])}`;
    if (has) return `${label}: ${shortValue(c, zone, key, after[key])}`;
    return `${label}: ${shortValue(c, zone, key, before[key])} → —`;
  });
  // Each changed field also as a sentence naming who changed it; the before → after lines stay below for detail.
  const sentences =
    props.who === undefined
      ? []
      : keys
          .filter((key) => key in before && key in after && !secretKey.test(key))
          .map((key) => {
            const args = {
              who: props.who ?? '',
              field: fieldName(c, key),
              from: shortValue(c, zone, key, before[key]),
              to: shortValue(c, zone, key, after[key]),
            };
            return c.get('t')(/At$/.test(key) ? 'audit-sentence-moved' : 'audit-sentence-changed', args);
          });
  return (
    <div class="muted">
      {sentences.slice(0, maxLines).map((line) => (
        <div class="audit-sentence">{line}</div>
      ))}
      {lines.slice(0, maxLines).map((line) => (
        <div>{line}</div>
      ))}
      {lines.length > maxLines ? <div>…</div> : null}
    </div>
  );
}
