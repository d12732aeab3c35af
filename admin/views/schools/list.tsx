import type { SchoolRow } from '../../../core/directory/directory.js';
import type { SchoolFilter } from '../../../core/directory/schools.js';
import { FieldError, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';
import { Tags, tagLabel } from './fields.js';

/** The schools with their filter (search, municipality, tag, no lead), people and leads counted. */
export function SchoolsList(props: {
  c: PanelContext;
  rows: SchoolRow[];
  filter: SchoolFilter;
  /** The query as typed, to show a search that failed its check. */
  raw: Record<string, string>;
  municipalities: { id: number; name: string }[];
  tags: string[];
  writable: boolean;
  errors?: Record<string, string>;
}) {
  const { c, rows, filter, raw, municipalities, tags, errors } = props;
  const t = c.get('t');
  return (
    <>
      <h1>{t('schools-title')}</h1>
      {props.writable ? (
        <p>
          <a class="button small" href="/schools/new">
            {t('schools-new')}
          </a>
        </p>
      ) : null}
      <form class="filters" method="get" action="/schools">
        <label>
          {t('schools-search')}
          <input name="q" value={errors?.q ? String(raw.q ?? '') : (filter.q ?? '')} maxlength={100} />
          <FieldError errors={errors} name="q" />
        </label>
        <Select
          label={t('field-municipality')}
          name="municipality"
          value={filter.municipality}
          options={municipalities.map((m) => [m.id, m.name])}
          empty={t('any')}
          errors={errors}
        />
        <Select label={t('field-tag')} name="tag" value={filter.tag} options={tags.map((tag) => [tag, tagLabel(t, tag)])} empty={t('any')} errors={errors} />
        <label class="checks">
          <span>
            <input type="checkbox" name="nolead" value="1" checked={filter.nolead} /> {t('schools-no-lead')}
          </span>
          <FieldError errors={errors} name="nolead" />
        </label>
        <button type="submit">{t('filter-apply')}</button>
        <a href="/schools">{t('filter-reset')}</a>
      </form>
      <p class="muted" data-total={String(rows.length)}>
        {t('schools-total', { total: rows.length })}
      </p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th>{t('school-short-name')}</th>
              <th class="hide-phone">{t('field-municipality')}</th>
              <th>{t('school-tags')}</th>
              <th>{t('schools-people')}</th>
              <th>{t('schools-leads')}</th>
              <th class="hide-phone">{t('school-curators')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-school={String(r.school.id)}>
                <td>
                  <a href={`/schools/${r.school.id}`}>{r.school.shortName}</a>
                </td>
                <td class="hide-phone">{r.municipality}</td>
                <td>
                  <Tags t={t} tags={r.school.tags} />
                </td>
                <td data-count="people">{r.people}</td>
                <td data-count="leads" class={r.leads === 0 ? 'status-blocked' : undefined}>
                  {r.leads}
                </td>
                <td class="hide-phone">{r.curators.map((k) => k.fullName ?? t('person-erased')).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
