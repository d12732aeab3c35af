import { canWrite } from '../../../core/admins/access.js';
import type { Municipality } from '../../../core/directory/places.js';
import type { listRoadMaps } from '../../../core/roadmaps/plans.js';
import { CsrfField, FieldError, formatDateTime, page, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';
import { periodText, RoadMapSourceFields } from './parts.js';

/** What the list shows: the road maps in scope, the municipalities to import into, the region's zone. */
export interface RoadmapsListData {
  plans: Awaited<ReturnType<typeof listRoadMaps>>;
  municipalities: Pick<Municipality, 'id' | 'name'>[];
  zone: string;
}

/** The road maps in scope, and the import form. */
export function roadmapsList(c: PanelContext, data: RoadmapsListData, errors?: Record<string, string>, status?: 400) {
  const t = c.get('t');
  const actor = c.get('actor');
  const { plans, municipalities, zone } = data;
  const names = new Map(municipalities.map((m) => [m.id, m.name]));
  return page(
    c,
    { title: t('roadmap-title'), section: '/roadmaps', status },
    <>
      <h1>{t('roadmap-title')}</h1>
      {plans.length === 0 ? (
        <p class="muted">{t('roadmap-empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('roadmap-col-title')}</th>
                <th>{t('roadmap-col-period')}</th>
                <th>{t('roadmap-col-municipality')}</th>
                <th>{t('roadmap-col-rows')}</th>
                <th>{t('roadmap-col-stage')}</th>
                <th>{t('roadmap-col-imported')}</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr>
                  <td>
                    <a href={p.stage === 'review' ? `/roadmaps/${p.id}/review` : `/roadmaps/${p.id}`}>{p.title}</a>
                    <div class="muted">{p.sourceName}</div>
                  </td>
                  <td>{periodText(p)}</td>
                  <td>{p.municipalityId === null ? t('roadmap-regional') : (names.get(p.municipalityId) ?? '—')}</td>
                  <td>{p.items}</td>
                  <td>{t(`roadmap-stage-${p.stage}`)}</td>
                  <td>
                    {formatDateTime(p.importedAt, zone)}
                    <div class="muted">{p.importedBy}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite(actor) ? (
        <form method="post" action="/roadmaps/import" enctype="multipart/form-data" class="card" data-form="roadmap-import">
          <CsrfField c={c} />
          <h2>{t('roadmap-import-title')}</h2>
          <p class="muted">{t('roadmap-import-help')}</p>
          <RoadMapSourceFields t={t} errors={errors} rows={8} />
          <Select
            label={t('roadmap-municipality')}
            name="municipalityId"
            value={actor.role === 'coordinator' ? (municipalities[0]?.id ?? null) : null}
            options={municipalities.map((m) => [m.id, m.name] as const)}
            {...(actor.role === 'coordinator' ? {} : { empty: t('roadmap-regional') })}
            errors={errors}
          />
          <label>
            {t('roadmap-year')}
            <input name="year" inputmode="numeric" placeholder="2024" />
          </label>
          <FieldError errors={errors} name="year" />
          <button type="submit">{t('roadmap-import-button')}</button>
        </form>
      ) : null}
    </>,
  );
}
