import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError, invalidInput, parseInput } from '../../core/errors.js';
import { createDrafts } from '../../core/roadmaps/drafts.js';
import {
  deleteRoadMapInReview,
  itemForAdmin,
  itemsOf,
  listRoadMaps,
  roadMapForAdmin,
  importRoadMap,
  type RoadMap,
  type RoadMapItem,
} from '../../core/roadmaps/plans.js';
import type { ItemChange } from '../../core/roadmaps/reimport.js';
import { mergeWithNext, removeItem, saveItemEdits, splitItem, type ItemEdit } from '../../core/roadmaps/review.js';
import { readRoadMap } from '../../core/roadmaps/reading.js';
import {
  docxContentType,
  executionMark,
  executionReport,
  progressBy,
  reportDocx,
  reportRows,
  reportWhenSchema,
  reportWindow,
  reportXlsx,
  statusOrder,
  type Progress,
  type ReportWhen,
} from '../../core/roadmaps/report.js';
import { reimportAndReplan } from '../../core/roadmaps/executor-asks.js';
import { executorAudiences } from '../../core/roadmaps/executors.js';
import { historyOf, setItemStatus } from '../../core/roadmaps/tracking.js';
import { roadMapEventKinds, roadMapRowKinds, type ParsedRoadMap, type RoadMapSource } from '../../core/roadmaps/types.js';
import { xlsxContentType } from '../../core/exports/table.js';
import { itemStatuses, roadMapItemLinks } from '../../db/schema/index.js';
import { eq } from 'drizzle-orm';
import type { AdminEnv } from '../env.js';
import { CsrfField, FieldError, fieldErrors, formatDateTime, isDomainError, page, readForm, str, type PanelContext } from '../kit.js';
import { Select } from '../views/components.js';

type T = PanelContext['var']['t'];

/** The parser names an unreadable file's field `file`; the forms show it under the upload. */
function sourceErrors(errors: Record<string, string>): Record<string, string> {
  return errors.file && !errors.source ? { ...errors, source: errors.file } : errors;
}

/** An upload or pasted text as the parser's source; a reason when there is neither. */
async function readSource(c: PanelContext): Promise<{ source: RoadMapSource; name: string; form: Record<string, string> }> {
  const body = await c.req.parseBody({ all: true });
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;
  const file = body.file;
  if (file instanceof File && file.size > 0)
    return { source: { kind: 'file', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, name: file.name.slice(0, 200), form };
  const text = (form.text ?? '').trim();
  if (!text) throw invalidInput('source', 'roadmap-no-source');
  return { source: { kind: 'text', text }, name: c.get('t')('roadmap-pasted'), form };
}

async function parseSource(source: RoadMapSource, yearText: string | undefined): Promise<ParsedRoadMap> {
  const year = yearText?.trim() ? Number(yearText) : undefined;
  if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) throw invalidInput('year', 'roadmap-bad-year');
  try {
    return await readRoadMap(source, year);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // A file the parser cannot read (a broken .docx, an unknown extension): its reason, under the upload field.
    throw invalidInput('source', 'roadmap-unreadable', {
      name: source.kind === 'file' ? source.name : '',
      why: error instanceof Error ? error.message.slice(0, 200) : String(error),
    });
  }
}

function periodText(plan: Pick<RoadMap, 'periodFrom' | 'periodTo'>): string {
  const d = (s: string) => s.split('-').reverse().join('.');
  return `${d(plan.periodFrom)} – ${d(plan.periodTo)}`;
}

function dueText(t: T, item: RoadMapItem): string {
  const d = (s: string | null) => (s ? s.split('-').reverse().join('.') : '…');
  const { due } = item;
  const span =
    due.from === null && due.to === null
      ? '—'
      : due.from === null
        ? t('roadmap-due-until', { date: d(due.to) })
        : due.from === due.to
          ? d(due.to)
          : `${d(due.from)} – ${d(due.to)}`;
  const more = due.occurrences.length > 1 ? ` (${due.occurrences.length})` : '';
  return `${span}${more}`;
}

/** Road maps: import and review, drafts, the plan page with execution, manual statuses, re-import and the execution report. */
export function roadmapsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => list(c));

  app.post('/import', async (c) => {
    const actor = c.get('actor');
    try {
      const { source, name, form } = await readSource(c);
      const parsed = await parseSource(source, form.year);
      const municipalityId = form.municipalityId ? Number(form.municipalityId) : null;
      const plan = await importRoadMap(c.get('core'), actor, parsed, { sourceName: name, municipalityId });
      return c.redirect(`/roadmaps/${plan.id}/review?done=roadmap-imported`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return list(c, sourceErrors(fieldErrors(error, c.get('t'))), 400);
    }
  });

  app.get('/:id{[0-9]+}/review', async (c) => review(c, Number(c.req.param('id'))));

  app.post('/:id{[0-9]+}/review', async (c) => {
    const id = Number(c.req.param('id'));
    const core = c.get('core');
    const actor = c.get('actor');
    const form = await readForm(c);
    const edits = new Map<number, ItemEdit>();
    for (const key of Object.keys(form)) {
      const m = /^r(\d+)\.text$/.exec(key);
      if (!m) continue;
      const rid = Number(m[1]);
      const f = (name: string) => str(form[`r${rid}.${name}`]);
      edits.set(rid, {
        number: f('number'),
        section: f('section'),
        text: str(form[key]).replace(/\r\n/g, '\n'),
        dateText: f('dateText'),
        kind: f('kind') as ItemEdit['kind'],
        eventKind: f('eventKind') as ItemEdit['eventKind'],
        responsible: f('responsible'),
        audience: f('audience'),
        result: f('result'),
      });
    }
    const [act, target] = str(form.act).split(':');
    try {
      await saveItemEdits(core, actor, id, edits);
      if (act === 'merge') await mergeWithNext(core, actor, Number(target));
      if (act === 'split') await splitItem(core, actor, Number(target));
      if (act === 'remove') await removeItem(core, actor, Number(target));
      if (act === 'drafts') {
        const made = await createDrafts(core, actor, id);
        return c.redirect(`/roadmaps/${id}?done=roadmap-drafts&events=${made.events}&tasks=${made.tasks}&kept=${made.kept}`, 303);
      }
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return review(c, id, fieldErrors(error, c.get('t')), 400);
    }
    return c.redirect(`/roadmaps/${id}/review?done=roadmap-saved#r${target ?? ''}`, 303);
  });

  app.post('/:id{[0-9]+}/delete', async (c) => {
    await deleteRoadMapInReview(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return c.redirect('/roadmaps?done=roadmap-deleted', 303);
  });

  app.get('/:id{[0-9]+}', async (c) => planPage(c, Number(c.req.param('id'))));

  app.post('/:id{[0-9]+}/reimport', async (c) => {
    const id = Number(c.req.param('id'));
    const t = c.get('t');
    let changes: ItemChange[];
    try {
      const { source, form } = await readSource(c);
      changes = await reimportAndReplan(c.get('core'), c.get('actor'), id, await parseSource(source, form.year));
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return planPage(c, id, sourceErrors(fieldErrors(error, t)), 400);
    }
    return page(
      c,
      { title: t('roadmap-reimport-title'), section: '/roadmaps' },
      <>
        <h1>{t('roadmap-reimport-title')}</h1>
        <p>
          {t('roadmap-reimport-summary', {
            changed: changes.filter((x) => x.kind === 'changed').length,
            added: changes.filter((x) => x.kind === 'added').length,
            dropped: changes.filter((x) => x.kind === 'dropped').length,
          })}
        </p>
        <Changes t={t} changes={changes} />
        <p>
          <a href={`/roadmaps/${id}/review`}>{t('roadmap-to-review')}</a> · <a href={`/roadmaps/${id}`}>{t('roadmap-to-plan')}</a>
        </p>
      </>,
    );
  });

  app.get('/items/:iid{[0-9]+}', async (c) => itemPage(c, Number(c.req.param('iid'))));

  app.post('/items/:iid{[0-9]+}/status', async (c) => {
    const iid = Number(c.req.param('iid'));
    const form = await readForm(c);
    try {
      await setItemStatus(c.get('core'), c.get('actor'), iid, { status: str(form.status) as (typeof itemStatuses)[number], comment: str(form.comment) });
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return itemPage(c, iid, fieldErrors(error, c.get('t')), 400);
    }
    return c.redirect(`/roadmaps/items/${iid}?done=roadmap-status-set`, 303);
  });

  app.get('/items/:iid{[0-9]+}/files/:hid{[0-9]+}', async (c) => {
    const iid = Number(c.req.param('iid'));
    await itemForAdmin(c.get('core'), c.get('actor'), iid);
    const entry = (await historyOf(c.get('core'), iid)).find((h) => h.id === Number(c.req.param('hid')));
    const fetchFile = c.get('fetchFile');
    if (!entry?.fileId || !fetchFile) throw new DomainError('not-found');
    const file = await fetchFile(entry.fileId);
    if (!file) throw new DomainError('not-found');
    return c.body(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="roadmap-${iid}-${entry.id}"`,
      'x-content-type-options': 'nosniff',
    });
  });

  const report = (format: 'xlsx' | 'docx') => async (c: PanelContext) => {
    const core = c.get('core');
    const plan = await roadMapForAdmin(core, c.get('actor'), Number(c.req.param('id')));
    const when = whenOf(c, await regionTimezone(core));
    const built = await executionReport(core, plan, await reportWindow(core, when));
    const name = `roadmap-${plan.id}-${'date' in when ? when.date : when.quarter}`;
    const bytes = format === 'xlsx' ? reportXlsx(built) : await reportDocx(built);
    const body = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return c.body(body, 200, {
      'content-type': format === 'xlsx' ? xlsxContentType : docxContentType,
      'content-disposition': `attachment; filename="${name}.${format}"`,
    });
  };
  app.get('/:id{[0-9]+}/report.xlsx', report('xlsx'));
  app.get('/:id{[0-9]+}/report.docx', report('docx'));

  return app;
}

/** `?quarter=2024-Q1` or `?date=2024-03-31`; today (in the region's zone) when neither is given. */
function whenOf(c: PanelContext, zone: string): ReportWhen {
  const quarter = c.req.query('quarter');
  const date = c.req.query('date');
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: zone }).format(c.get('core').clock.now());
  return parseInput(reportWhenSchema, quarter ? { quarter } : { date: date || today });
}

async function list(c: PanelContext, errors?: Record<string, string>, status?: 400) {
  const t = c.get('t');
  const actor = c.get('actor');
  const core = c.get('core');
  const scope = scopeOf(actor);
  const [plans, municipalities, zone] = await Promise.all([listRoadMaps(core, scope), municipalitiesInScope(core, scope), regionTimezone(core)]);
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

/** A plan comes as a file or as pasted text: the same two fields on the first import and on a re-import. */
function RoadMapSourceFields(props: { t: T; errors: Record<string, string> | undefined; rows: number }) {
  const { t, errors, rows } = props;
  return (
    <>
      <label>
        {t('roadmap-file')}
        <input type="file" name="file" accept=".txt,.docx,.xlsx,.csv" />
      </label>
      <label>
        {t('roadmap-text')}
        <textarea name="text" rows={rows}></textarea>
      </label>
      <FieldError errors={errors} name="source" />
    </>
  );
}

async function review(c: PanelContext, id: number, errors?: Record<string, string>, status?: 400) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const plan = await roadMapForAdmin(core, actor, id);
  const items = await itemsOf(core, id);
  const writable = canWrite(actor);
  const kinds = roadMapRowKinds.map((k) => [k, t(`roadmap-kind-${k}`)] as const);
  const eventKinds = roadMapEventKinds.map((k) => [k, t(`roadmap-event-kind-${k}`)] as const);
  return page(
    c,
    { title: `${t('roadmap-review-title')}: ${plan.title}`, section: '/roadmaps', status },
    <>
      <h1>{plan.title}</h1>
      <p>
        {t('roadmap-col-period')}: {periodText(plan)}
        {plan.academic ? ` (${t('roadmap-academic')})` : ''} · {t('roadmap-rows-count', { count: items.length })} ·{' '}
        {t('roadmap-doubtful-count', { count: items.filter((i) => i.doubts.length).length })} · <a href={`/roadmaps/${id}`}>{t('roadmap-to-plan')}</a>
      </p>
      <p class="muted">{t('roadmap-review-help')}</p>
      {errors ? <div class="flash bad">{Object.values(errors).join(' ')}</div> : null}
      <form method="post" action={`/roadmaps/${id}/review`} class="review" data-form="roadmap-review">
        <CsrfField c={c} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>№</th>
                <th>{t('roadmap-col-text')}</th>
                <th>{t('roadmap-col-due')}</th>
                <th>{t('roadmap-col-parsed')}</th>
                <th>{t('roadmap-col-kind')}</th>
                <th>{t('roadmap-col-responsible')}</th>
                <th>{t('roadmap-col-audience')}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const n = (name: string) => `r${item.id}.${name}`;
                return (
                  <tr id={`r${item.id}`} class={item.doubts.length ? 'doubt' : undefined} data-item={item.id}>
                    <td>
                      <input name={n('number')} value={item.number ?? ''} size={4} aria-label="№" />
                      <input type="hidden" name={n('section')} value={item.section ?? ''} />
                      <input type="hidden" name={n('result')} value={item.result ?? ''} />
                    </td>
                    <td>
                      {item.section ? <div class="muted">{item.section}</div> : null}
                      <textarea name={n('text')} aria-label={t('roadmap-col-text')}>
                        {item.text}
                      </textarea>
                      {item.doubts.length ? <div class="doubts">{item.doubts.join('; ')}</div> : null}
                    </td>
                    <td>
                      <input name={n('dateText')} value={item.dateText} aria-label={t('roadmap-col-due')} />
                    </td>
                    <td data-due>
                      {dueText(t, item)}
                      <div class="muted">
                        {t(`roadmap-recurrence-${item.due.recurrence}`)}, {t(`roadmap-precision-${item.due.precision}`)}
                      </div>
                    </td>
                    <td>
                      <select name={n('kind')} aria-label={t('roadmap-col-kind')}>
                        {kinds.map(([v, label]) => (
                          <option value={v} selected={item.kind === v}>
                            {label}
                          </option>
                        ))}
                      </select>
                      <select name={n('eventKind')} aria-label={t('roadmap-col-event-kind')}>
                        <option value="">—</option>
                        {eventKinds.map(([v, label]) => (
                          <option value={v} selected={item.eventKind === v}>
                            {label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input name={n('responsible')} value={item.responsible.join(', ')} aria-label={t('roadmap-col-responsible')} />
                    </td>
                    <td>
                      <input name={n('audience')} value={item.audience.join(', ')} aria-label={t('roadmap-col-audience')} />
                    </td>
                    <td>
                      {writable ? (
                        <>
                          <button type="submit" class="secondary" name="act" value={`merge:${item.id}`} title={t('roadmap-merge-help')}>
                            {t('roadmap-merge')}
                          </button>
                          <button type="submit" class="secondary" name="act" value={`split:${item.id}`} title={t('roadmap-split-help')}>
                            {t('roadmap-split')}
                          </button>
                          {plan.stage === 'review' ? (
                            <button type="submit" class="danger" name="act" value={`remove:${item.id}`}>
                              {t('roadmap-remove')}
                            </button>
                          ) : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {writable ? (
          <p>
            <button type="submit" name="act" value="save">
              {t('roadmap-save')}
            </button>{' '}
            <button type="submit" name="act" value="drafts">
              {t('roadmap-create-drafts')}
            </button>
          </p>
        ) : null}
        {writable ? <p class="muted">{t('roadmap-drafts-help')}</p> : null}
      </form>
      {writable && plan.stage === 'review' ? (
        <form method="post" action={`/roadmaps/${id}/delete`} class="inline">
          <CsrfField c={c} />
          <button type="submit" class="danger">
            {t('roadmap-delete')}
          </button>
        </form>
      ) : null}
    </>,
  );
}

function Changes(props: { t: T; changes: ItemChange[] }) {
  const { t } = props;
  if (props.changes.length === 0) return <p class="muted">{t('roadmap-reimport-none')}</p>;
  return (
    <div class="table-wrap">
      <table data-changes>
        <thead>
          <tr>
            <th>№</th>
            <th>{t('roadmap-col-text')}</th>
            <th>{t('roadmap-change')}</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((ch) => (
            <tr data-change={ch.kind}>
              <td>{ch.number ?? ''}</td>
              <td>{ch.text}</td>
              <td>
                <b>{t(`roadmap-change-${ch.kind}`)}</b>
                {Object.entries(ch.fields).map(([field, [before, after]]) => (
                  <div>
                    {t(`roadmap-field-${field}`)}: <s>{before || '—'}</s> → {after || '—'}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const statusColours: Record<string, string> = {
  done: '#2e8540',
  done_late: '#8bc34a',
  in_progress: '#4a90d9',
  not_started: '#c9d3dd',
  overdue: '#b00020',
  postponed: '#f0ad4e',
  cancelled: '#888888',
};

/** Stacked bars, one per group: its rows by status, coloured as in the legend. */
function ProgressChart(props: { t: T; rows: Progress[]; name: string }) {
  const { t, rows } = props;
  const labelW = 220;
  const barW = 360;
  const rowH = 24;
  // The legend below the bars: four to a line, long Russian labels need the room.
  const height = rows.length * rowH + 46;
  return (
    <svg role="img" aria-label={props.name} width={labelW + barW + 60} height={height} viewBox={`0 0 ${labelW + barW + 60} ${height}`} data-chart={props.name}>
      {rows.map((r, i) => {
        const y = i * rowH;
        let x = labelW;
        return (
          <g>
            <text x={labelW - 6} y={y + rowH / 2 + 4} text-anchor="end" font-size="12">
              {r.name.length > 34 ? `${r.name.slice(0, 33)}…` : r.name}
            </text>
            {statusOrder.map((s) => {
              const w = r.total ? Math.round((barW * r.counts[s]) / r.total) : 0;
              const rect =
                w > 0 ? (
                  <rect x={x} y={y + 4} width={w} height={rowH - 8} fill={statusColours[s]}>
                    <title>{`${t(`roadmap-status-${s}`)}: ${r.counts[s]}`}</title>
                  </rect>
                ) : null;
              x += w;
              return rect;
            })}
            <text x={labelW + barW + 6} y={y + rowH / 2 + 4} font-size="12">
              {r.total}
            </text>
          </g>
        );
      })}
      {statusOrder.map((s, i) => (
        <g>
          <rect x={(i % 4) * 160} y={height - 34 + Math.floor(i / 4) * 16} width={10} height={10} fill={statusColours[s]} />
          <text x={(i % 4) * 160 + 14} y={height - 25 + Math.floor(i / 4) * 16} font-size="11">
            {t(`roadmap-status-${s}`)}
          </text>
        </g>
      ))}
    </svg>
  );
}

function ProgressTable(props: { t: T; rows: Progress[]; head: string }) {
  const { t } = props;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{props.head}</th>
            <th>{t('roadmap-status-done')}</th>
            <th>{t('roadmap-status-done_late')}</th>
            <th>{t('roadmap-status-overdue')}</th>
            <th>{t('roadmap-coming')}</th>
            <th>{t('roadmap-summary-total')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{r.name}</td>
              <td>{r.counts.done}</td>
              <td>{r.counts.done_late}</td>
              <td>{r.counts.overdue}</td>
              <td>{r.coming}</td>
              <td>{r.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function planPage(c: PanelContext, id: number, errors?: Record<string, string>, status?: 400) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const plan = await roadMapForAdmin(core, actor, id);
  const zone = await regionTimezone(core);
  const when = whenOf(c, zone);
  const window = await reportWindow(core, when);
  const rows = await reportRows(core, plan, window);
  const bySection = progressBy(rows, (i) => [i.section ?? t('roadmap-no-section')], window.at);
  const byExecutor = progressBy(rows, (i) => (i.responsible.length ? i.responsible : [t('roadmap-no-executor')]), window.at);
  const query = 'date' in when ? `date=${when.date}` : `quarter=${when.quarter}`;
  const done =
    c.req.query('done') === 'roadmap-drafts'
      ? t('roadmap-drafts-made', {
          events: Number(c.req.query('events') ?? 0),
          tasks: Number(c.req.query('tasks') ?? 0),
          kept: Number(c.req.query('kept') ?? 0),
        })
      : undefined;
  return page(
    c,
    { title: plan.title, section: '/roadmaps', status, ...(done ? { flash: { text: done } } : {}) },
    <>
      <h1>{plan.title}</h1>
      <p>
        {t('roadmap-col-period')}: {periodText(plan)} · {plan.sourceName} · {t(`roadmap-stage-${plan.stage}`)} ·{' '}
        <a href={`/roadmaps/${id}/review`}>{t('roadmap-to-review')}</a>
      </p>
      <form method="get" class="filters card" data-form="roadmap-when">
        <label>
          {t('roadmap-as-of')}
          <input type="date" name="date" value={'date' in when ? when.date : ''} />
        </label>
        <label>
          {t('roadmap-quarter')}
          <input name="quarter" placeholder="2024-Q1" value={'quarter' in when ? when.quarter : ''} />
        </label>
        <button type="submit">{t('roadmap-show')}</button>
        <span>
          {t('roadmap-report')}: <a href={`/roadmaps/${id}/report.xlsx?${query}`}>XLSX</a> · <a href={`/roadmaps/${id}/report.docx?${query}`}>DOCX</a>
        </span>
      </form>
      <h2>{t('roadmap-by-section')}</h2>
      <ProgressChart t={t} rows={bySection} name="sections" />
      <ProgressTable t={t} rows={bySection} head={t('roadmap-section')} />
      <h2>{t('roadmap-by-executor')}</h2>
      <ProgressChart t={t} rows={byExecutor} name="executors" />
      <ProgressTable t={t} rows={byExecutor} head={t('roadmap-col-responsible')} />
      <h2>{t('roadmap-items')}</h2>
      <div class="table-wrap">
        <table data-items>
          <thead>
            <tr>
              <th>№</th>
              <th>{t('roadmap-col-text')}</th>
              <th>{t('roadmap-col-due')}</th>
              <th>{t('roadmap-col-responsible')}</th>
              <th>{t('roadmap-col-mark')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ item, state }) => (
              <tr data-item={item.id} data-status={state.status}>
                <td>{item.number ?? ''}</td>
                <td>
                  <a href={`/roadmaps/items/${item.id}`}>{item.text.length > 160 ? `${item.text.slice(0, 159)}…` : item.text}</a>
                  {item.dateToConfirm ? <div class="doubts">{t('roadmap-date-to-confirm')}</div> : null}
                </td>
                <td>{item.dateText}</td>
                <td>{item.responsible.join(', ')}</td>
                <td class={`rm-${state.status}`}>{executionMark(core, state, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWrite(actor) ? (
        <form method="post" action={`/roadmaps/${id}/reimport`} enctype="multipart/form-data" class="card" data-form="roadmap-reimport">
          <CsrfField c={c} />
          <h2>{t('roadmap-reimport-title')}</h2>
          <p class="muted">{t('roadmap-reimport-help')}</p>
          <RoadMapSourceFields t={t} errors={errors} rows={4} />
          <button type="submit">{t('roadmap-reimport-button')}</button>
        </form>
      ) : null}
    </>,
  );
}

async function itemPage(c: PanelContext, iid: number, errors?: Record<string, string>, status?: 400) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const { plan, item } = await itemForAdmin(core, actor, iid);
  const zone = await regionTimezone(core);
  const now = core.clock.now();
  const [rows, history, links] = await Promise.all([
    reportRows(core, plan, { at: now, asOf: '', from: null, to: null, label: '' }),
    historyOf(core, iid),
    core.database.db.select().from(roadMapItemLinks).where(eq(roadMapItemLinks.itemId, iid)),
  ]);
  const state = rows.find((r) => r.item.id === iid)?.state;
  const asked = executorAudiences(item, plan).map((e) => e.name);
  return page(
    c,
    { title: item.text.slice(0, 80), section: '/roadmaps', status },
    <>
      <p>
        <a href={`/roadmaps/${plan.id}`}>{plan.title}</a>
      </p>
      <h1>
        {item.number ? `${item.number}. ` : ''}
        {item.text}
      </h1>
      <p>
        {t('roadmap-col-due')}: {item.dateText || '—'} ({dueText(t, item)}) · {t('roadmap-col-responsible')}: {item.responsible.join(', ') || '—'}
      </p>
      <p class="muted">{asked.length ? t('roadmap-asked-in-bot', { executors: asked.join(', ') }) : t('roadmap-nobody-asked')}</p>
      {state ? (
        <p data-item-status={state.status} class={`rm-${state.status}`}>
          <b>{executionMark(core, state, zone)}</b>
        </p>
      ) : null}
      <h2>{t('roadmap-drafts')}</h2>
      {links.length === 0 ? (
        <p class="muted">{t('roadmap-no-drafts')}</p>
      ) : (
        <ul>
          {links.map((l) => (
            <li>
              {l.eventId !== null ? (
                <a href={`/events/${l.eventId}`}>{t('roadmap-link-event', { id: l.eventId })}</a>
              ) : (
                <a href={`/tasks/${l.taskId}`}>{t('roadmap-link-task', { id: l.taskId ?? 0 })}</a>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite(actor) ? (
        <form method="post" action={`/roadmaps/items/${iid}/status`} class="card" data-form="roadmap-status">
          <CsrfField c={c} />
          <h2>{t('roadmap-set-status')}</h2>
          <Select
            label={t('roadmap-status')}
            name="status"
            value={state?.status ?? 'not_started'}
            options={itemStatuses.map((s) => [s, t(`roadmap-status-${s}`)] as const)}
            errors={errors}
          />
          <label>
            {t('roadmap-comment')}
            <textarea name="comment" rows={2}></textarea>
          </label>
          <FieldError errors={errors} name="comment" />
          <button type="submit">{t('roadmap-save')}</button>
        </form>
      ) : null}
      <h2>{t('roadmap-history')}</h2>
      {history.length === 0 ? (
        <p class="muted">{t('roadmap-history-empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <tbody>
              {history.map((h) => (
                <tr>
                  <td>{formatDateTime(h.at, zone)}</td>
                  <td>{h.by}</td>
                  <td>{h.status ? t(`roadmap-status-${h.status}`) : t('roadmap-problem')}</td>
                  <td>
                    {h.comment ?? ''}
                    {h.fileId ? (
                      <>
                        {' '}
                        <a href={`/roadmaps/items/${iid}/files/${h.id}`}>{t('roadmap-file-attached')}</a>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>,
  );
}
