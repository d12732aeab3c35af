import type { AudienceRecipient } from '../../../core/audiences/audiences.js';
import type { PanelContext } from '../../kit.js';
import { Pager } from '../components.js';

/**
 * The people behind an audience count: who, in what role, at which school and municipality. `rule` is the rule in
 * words; `query` the picker's fields, kept by the pager.
 */
export function AudienceRecipients(props: {
  c: PanelContext;
  rule: string;
  total: number;
  rows: AudienceRecipient[];
  query: Record<string, string>;
  before: number | undefined;
  nextBefore: number | null;
}) {
  const t = props.c.get('t');
  return (
    <>
      <h1>{t('audience-recipients-title')}</h1>
      <p>{props.rule}</p>
      <p>
        <b id="audience-count" data-count={String(props.total)}>
          {t('audience-count', { count: props.total })}
        </b>
      </p>
      <p class="muted">{t('audience-recipients-hint')}</p>
      {props.rows.length === 0 ? (
        <p class="muted">{t('audience-recipients-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table id="audience-recipients">
            <thead>
              <tr>
                <th>{t('field-full-name')}</th>
                <th>{t('field-roles')}</th>
                <th>{t('field-school')}</th>
                <th>{t('field-municipality')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((p) => (
                <tr data-person={String(p.id)}>
                  <td>
                    <a href={`/people/${p.id}`}>{p.fullName ?? t('person-erased')}</a>
                  </td>
                  <td>{p.roles.map((r) => t(`role-${r}`)).join(', ')}</td>
                  <td>{p.schoolName ?? '—'}</td>
                  <td>{p.municipalityName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager query={props.query} before={props.before} nextBefore={props.nextBefore} first={t('pager-first')} next={t('pager-next')} />
    </>
  );
}
