import { Hono } from 'hono';
import type { AuditEntry } from '../../core/admins/audit.js';
import { auditFilterSchema, auditPage, type AuditPageFilter } from '../../core/admins/audit-page.js';
import { DomainError, toFieldIssue } from '../../core/errors.js';
import type { AdminEnv } from '../env.js';
import { actionName, Diff } from '../views/history.js';
import { FieldError, fieldErrors, formatDateTime, page, queryFilters, type PanelContext } from '../kit.js';

/**
 * The audit log, read-only: this module has GET handlers only, so any POST/PUT/DELETE under /audit is a 404 and
 * the panel offers no way to change or delete an entry. Coordinators see what listAudit lets them see.
 */
export function auditRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const raw = queryFilters(c);
    const parsed = auditFilterSchema.safeParse(raw);
    const filter: AuditPageFilter = parsed.success ? parsed.data : {};
    const errors = parsed.success ? undefined : fieldErrors(new DomainError('invalid-input', undefined, parsed.error.issues.map(toFieldIssue)), t);
    const { rows, nextBefore, timeZone, entities } = await auditPage(c.get('core'), c.get('actor'), filter);
    const query = (changes: Record<string, string | undefined>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...raw, ...changes })) if (v !== undefined && v !== '') params.set(k, v);
      const text = params.toString();
      return text ? `/audit?${text}` : '/audit';
    };
    return page(
      c,
      {
        title: t('audit-page-title'),
        section: '/audit',
        status: parsed.success ? 200 : 400,
        flash: parsed.success ? undefined : { text: t('audit-page-bad-filter'), bad: true },
      },
      <>
        <h1>{t('audit-page-title')}</h1>
        <form class="filters" method="get" action="/audit">
          <div>
            <label>
              {t('audit-page-actor')}
              <input name="actor" value={raw.actor ?? ''} placeholder="name@example.ru" size={24} />
            </label>
            <FieldError errors={errors} name="actor" />
          </div>
          <div>
            <label>
              {t('audit-page-entity')}
              <select name="entity">
                <option value="">{t('any')}</option>
                {entities.map((e) => (
                  <option value={e} selected={raw.entity === e}>
                    {entityName(c, e)}
                  </option>
                ))}
              </select>
            </label>
            <FieldError errors={errors} name="entity" />
          </div>
          {raw.entityId ? <input type="hidden" name="entityId" value={raw.entityId} /> : null}
          <div>
            <label>
              {t('audit-page-action')}
              <input name="action" value={raw.action ?? ''} size={18} />
            </label>
            <FieldError errors={errors} name="action" />
          </div>
          <div>
            <label>
              {t('audit-page-from')}
              <input name="from" value={raw.from ?? ''} placeholder={t('audit-page-date-placeholder')} size={11} inputmode="numeric" />
            </label>
            <FieldError errors={errors} name="from" />
          </div>
          <div>
            <label>
              {t('audit-page-to')}
              <input name="to" value={raw.to ?? ''} placeholder={t('audit-page-date-placeholder')} size={11} inputmode="numeric" />
            </label>
            <FieldError errors={errors} name="to" />
          </div>
          <button type="submit">{t('filter-apply')}</button>
          <a href="/audit">{t('filter-reset')}</a>
        </form>
        {filter.entityId ? (
          <p class="muted">
            {t('audit-page-only-entity', { entity: filter.entity ? entityName(c, filter.entity) : '', id: filter.entityId })}{' '}
            <a href={query({ entityId: undefined, before: undefined })}>{t('audit-page-all-entities')}</a>
          </p>
        ) : null}
        {rows.length === 0 ? (
          <p class="muted" data-count="0">
            {t('audit-page-empty')}
          </p>
        ) : (
          <div class="table-wrap" tabindex={0}>
            <table data-count={String(rows.length)}>
              <thead>
                <tr>
                  <th>{t('audit-page-when')}</th>
                  <th>{t('audit-page-who')}</th>
                  <th>{t('audit-page-action')}</th>
                  <th>{t('audit-page-entity')}</th>
                  <th class="hide-phone">{t('audit-page-change')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((entry) => (
                  <tr data-audit-id={String(entry.id)}>
                    <td>{formatDateTime(entry.at, timeZone)}</td>
                    <td>
                      <a href={query({ actor: entry.actor, before: undefined })}>{entry.actor}</a>
                    </td>
                    <td>
                      <a href={query({ action: entry.action, before: undefined })} title={entry.action}>
                        {actionName(c, entry.action)}
                      </a>
                    </td>
                    <td>
                      <EntityCell c={c} entry={entry} />
                    </td>
                    <td class="hide-phone">
                      <Diff c={c} zone={timeZone} who={entry.actor} before={entry.before} after={entry.after} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div class="pager">
          {filter.before ? <a href={query({ before: undefined })}>{t('pager-first')}</a> : null}
          {nextBefore ? (
            <a href={query({ before: String(nextBefore) })} rel="next">
              {t('audit-page-older')}
            </a>
          ) : null}
        </div>
      </>,
    );
  });

  return app;
}

function entityName(c: PanelContext, entity: string): string {
  const key = `audit-entity-${entity}`;
  const text = c.get('t')(key);
  return text === key ? entity : text;
}

/** Where an entity has a page, its id links there (admins' cards only for owners, who alone may open them). */
function entityHref(c: PanelContext, entity: string, id: string): string | undefined {
  if (!/^[0-9]+$/.test(id)) return undefined;
  if (entity === 'person') return `/people/${id}`;
  if (entity === 'school') return `/schools/${id}`;
  if (entity === 'municipality') return `/municipalities/${id}`;
  if (entity === 'admin' && c.get('actor').role === 'owner') return `/admins/${id}`;
  return undefined;
}

function EntityCell(props: { c: PanelContext; entry: AuditEntry }) {
  const { c, entry } = props;
  const name = entityName(c, entry.entity);
  if (entry.entityId === null) return <>{name}</>;
  const href = entityHref(c, entry.entity, entry.entityId);
  return (
    <>
      {name} {href ? <a href={href}>#{entry.entityId}</a> : <span>#{entry.entityId}</span>}
    </>
  );
}
