import { Hono } from 'hono';
import { scopeOf } from '../../core/admins/access.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError } from '../../core/errors.js';
import { createDrafts } from '../../core/roadmaps/drafts.js';
import { deleteRoadMapInReview, itemForAdmin, itemsOf, listRoadMaps, roadMapForAdmin, importRoadMap } from '../../core/roadmaps/plans.js';
import type { ItemChange } from '../../core/roadmaps/reimport.js';
import { mergeWithNext, removeItem, saveItemEdits, splitItem } from '../../core/roadmaps/review.js';
import { docxContentType, executionReport, reportDocx, reportRows, reportWindow, reportXlsx } from '../../core/roadmaps/report.js';
import { reimportAndReplan } from '../../core/roadmaps/executor-asks.js';
import { historyOf, linksOf, setItemStatus } from '../../core/roadmaps/tracking.js';
import { executorAudiences } from '../../core/roadmaps/executors.js';
import { xlsxContentType } from '../../core/exports/table.js';
import type { AdminEnv } from '../env.js';
import { fieldErrors, isDomainError, page, str, type PanelContext } from '../kit.js';
import { itemStatusForm, parseSource, readSource, reviewEdits, sourceErrors, whenOf } from '../forms/roadmaps.js';
import { formBody, validForm } from '../forms.js';
import { Changes } from '../views/roadmaps/parts.js';
import { roadmapsList } from '../views/roadmaps/list.js';
import { reviewPage } from '../views/roadmaps/review.js';
import { planPage } from '../views/roadmaps/plan.js';
import { itemPage } from '../views/roadmaps/item.js';

/** Road maps: import and review, drafts, the plan page with execution, manual statuses, re-import and the execution report. */
export function roadmapsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => showList(c));

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
      return showList(c, sourceErrors(fieldErrors(error, c.get('t'))), 400);
    }
  });

  app.get('/:id{[0-9]+}/review', async (c) => showReview(c, Number(c.req.param('id'))));

  app.post('/:id{[0-9]+}/review', validForm(formBody, { view: (c, _values, errors) => showReview(c, Number(c.req.param('id')), errors, 400) }), async (c) => {
    const id = Number(c.req.param('id'));
    const core = c.get('core');
    const actor = c.get('actor');
    const form = c.req.valid('form');
    const edits = reviewEdits(form);
    const [act, target] = str(form.act).split(':');
    await saveItemEdits(core, actor, id, edits);
    if (act === 'merge') await mergeWithNext(core, actor, Number(target));
    if (act === 'split') await splitItem(core, actor, Number(target));
    if (act === 'remove') await removeItem(core, actor, Number(target));
    if (act === 'drafts') {
      const made = await createDrafts(core, actor, id);
      return c.redirect(`/roadmaps/${id}?done=roadmap-drafts&events=${made.events}&tasks=${made.tasks}&kept=${made.kept}`, 303);
    }
    return c.redirect(`/roadmaps/${id}/review?done=roadmap-saved#r${target ?? ''}`, 303);
  });

  app.post('/:id{[0-9]+}/delete', async (c) => {
    await deleteRoadMapInReview(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return c.redirect('/roadmaps?done=roadmap-deleted', 303);
  });

  app.get('/:id{[0-9]+}', async (c) => showPlan(c, Number(c.req.param('id'))));

  app.post('/:id{[0-9]+}/reimport', async (c) => {
    const id = Number(c.req.param('id'));
    const t = c.get('t');
    let changes: ItemChange[];
    try {
      const { source, form } = await readSource(c);
      changes = await reimportAndReplan(c.get('core'), c.get('actor'), id, await parseSource(source, form.year));
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return showPlan(c, id, sourceErrors(fieldErrors(error, t)), 400);
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

  app.get('/items/:iid{[0-9]+}', async (c) => showItem(c, Number(c.req.param('iid'))));

  /** A manual status with its comment; refused, the row's page shows each message under its field. */
  app.post(
    '/items/:iid{[0-9]+}/status',
    validForm(itemStatusForm, { view: (c, _values, errors) => showItem(c, Number(c.req.param('iid')), errors, 400) }),
    async (c) => {
      const iid = Number(c.req.param('iid'));
      await setItemStatus(c.get('core'), c.get('actor'), iid, c.req.valid('form'));
      return c.redirect(`/roadmaps/items/${iid}?done=roadmap-status-set`, 303);
    },
  );

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
    const bytes = format === 'xlsx' ? await reportXlsx(built) : await reportDocx(built);
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

/** The list page with what it shows, read from the domain. */
async function showList(c: PanelContext, errors?: Record<string, string>, status?: 400) {
  const core = c.get('core');
  const scope = scopeOf(c.get('actor'));
  const [plans, municipalities, zone] = await Promise.all([listRoadMaps(core, scope), municipalitiesInScope(core, scope), regionTimezone(core)]);
  return roadmapsList(c, { plans, municipalities, zone }, errors, status);
}

async function showReview(c: PanelContext, id: number, errors?: Record<string, string>, status?: 400) {
  const core = c.get('core');
  const [plan, items] = await Promise.all([roadMapForAdmin(core, c.get('actor'), id), itemsOf(core, id)]);
  return reviewPage(c, { plan, items }, errors, status);
}

/** A plan's page as of the day or quarter in the query (today by default). */
async function showPlan(c: PanelContext, id: number, errors?: Record<string, string>, status?: 400) {
  const core = c.get('core');
  const [plan, zone] = await Promise.all([roadMapForAdmin(core, c.get('actor'), id), regionTimezone(core)]);
  const when = whenOf(c, zone);
  const window = await reportWindow(core, when);
  const rows = await reportRows(core, plan, window);
  return planPage(c, { plan, zone, when, window, rows }, errors, status);
}

/** A row's page: its execution now, history, drafts and who the bot asks about it. */
async function showItem(c: PanelContext, iid: number, errors?: Record<string, string>, status?: 400) {
  const core = c.get('core');
  const { plan, item } = await itemForAdmin(core, c.get('actor'), iid);
  const now = core.clock.now();
  const [zone, rows, history, links] = await Promise.all([
    regionTimezone(core),
    reportRows(core, plan, { at: now, asOf: '', from: null, to: null, label: '' }),
    historyOf(core, iid),
    linksOf(core, iid),
  ]);
  const state = rows.find((r) => r.item.id === iid)?.state;
  const asked = executorAudiences(item, plan).map((e) => e.name);
  return itemPage(c, { plan, item, zone, state, history, links, asked }, errors, status);
}
