import { z } from 'zod';
import type { ItemStatus } from '../vocabulary/roadmaps.js';
import type { Core } from '../core.js';
import { regionTimezone } from '../directory/places.js';
import { localToUtc } from '../time/time.js';
import { toXlsx, type Table } from '../exports/table.js';
import { invalidInput } from '../errors.js';
import type { Locale } from '../../locales/translator.js';
import { itemsOf, type RoadMap, type RoadMapItem } from './plans.js';
import { statesOf, type ItemState } from './tracking.js';

/**
 * The plan's execution: counts per section and per executor for the plan page, and the execution report (отчёт об
 * исполнении плана) in the plan's own table form with «Отметка об исполнении» and a summary, for a date or a quarter.
 */

/** A report's moment: a day (as of its end) or a quarter (its rows due in it, as of its end or now, whichever is first). */
export const reportWhenSchema = z.union([
  z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid-date') }),
  z.object({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'invalid-quarter') }),
]);
export type ReportWhen = z.infer<typeof reportWhenSchema>;

export interface ReportWindow {
  /** Status as of this instant. */
  at: number;
  /** `YYYY-MM-DD` the day or the quarter's last day, for the heading. */
  asOf: string;
  /** A quarter's rows: those due in it (or spanning it); null = every row. */
  from: string | null;
  to: string | null;
  label: string;
}

export async function reportWindow(core: Core, when: ReportWhen): Promise<ReportWindow> {
  const zone = await regionTimezone(core);
  if ('date' in when) {
    const at = localToUtc(`${when.date}T23:59`, zone) + 59_999;
    if (!Number.isFinite(at)) throw invalidInput('date', 'invalid-date');
    return { at, asOf: when.date, from: null, to: null, label: when.date.split('-').reverse().join('.') };
  }
  const [year, q] = [Number(when.quarter.slice(0, 4)), Number(when.quarter.slice(-1))];
  const from = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const to = new Date(Date.UTC(year, q * 3, 0)).toISOString().slice(0, 10);
  const end = localToUtc(`${to}T23:59`, zone) + 59_999;
  return { at: Math.min(end, core.clock.now()), asOf: to, from, to, label: core.translate('ru', 'roadmap-report-quarter', { quarter: q, year: String(year) }) };
}

/** Whether a row belongs to a quarter: any of its dates (or its span) meets it; a row without dates belongs to every one. */
function inWindow(item: RoadMapItem, window: ReportWindow): boolean {
  if (window.from === null || window.to === null) return true;
  const spans = item.due.occurrences.length ? item.due.occurrences : [{ from: item.due.from, to: item.due.to }];
  if (spans.every((s) => s.from === null && s.to === null)) return true;
  return spans.some((s) => (s.from ?? s.to)! <= window.to! && (s.to ?? s.from)! >= window.from!);
}

export interface ReportRow {
  item: RoadMapItem;
  state: ItemState;
}

export async function reportRows(core: Core, plan: RoadMap, window: ReportWindow): Promise<ReportRow[]> {
  const items = (await itemsOf(core, plan.id)).filter((i) => inWindow(i, window));
  const states = await statesOf(core, items, window.at);
  return items.map((item) => ({ item, state: states.get(item.id)! }));
}

export const statusOrder: ItemStatus[] = ['done', 'done_late', 'in_progress', 'not_started', 'overdue', 'postponed', 'cancelled'];

export interface Progress {
  name: string;
  counts: Record<ItemStatus, number>;
  /** Not yet done and due within the next 30 days. */
  coming: number;
  total: number;
}

const comingMs = 30 * 86_400_000;

/** Counts by status per group (a section, an executor); a row with several executors counts for each. */
export function progressBy(rows: ReportRow[], groupsOf: (item: RoadMapItem) => string[], at: number): Progress[] {
  const out = new Map<string, Progress>();
  for (const { item, state } of rows) {
    for (const name of groupsOf(item)) {
      let p = out.get(name);
      if (!p) out.set(name, (p = { name, counts: Object.fromEntries(statusOrder.map((s) => [s, 0])) as Record<ItemStatus, number>, coming: 0, total: 0 }));
      p.counts[state.status]++;
      p.total++;
      if ((state.status === 'not_started' || state.status === 'in_progress') && state.deadline !== null && state.deadline - at <= comingMs) p.coming++;
    }
  }
  return [...out.values()];
}

function dayOf(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('ru-RU', { timeZone: zone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms);
}

/** «Отметка об исполнении»: the status, when, what the linked events and tasks show, the latest comment or result. */
export function executionMark(core: Core, state: ItemState, zone: string, locale: Locale = 'ru'): string {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const parts = [t(`roadmap-status-${state.status}`)];
  if (state.completedAt !== null) parts[0] += ` ${dayOf(state.completedAt, zone)}`;
  if (state.events.held) parts.push(t('roadmap-mark-events', { held: state.events.held, total: state.events.total, attended: state.events.attended }));
  if (state.tasks.published) parts.push(t('roadmap-mark-tasks', { confirmed: state.tasks.confirmed, assignees: state.tasks.assignees }));
  if (state.note) parts.push(state.note);
  return parts.join('. ');
}

export interface ExecutionReport {
  title: string;
  /** The XLSX sheet's name, in the plan's language. */
  sheet: string;
  heading: string;
  /** The plan's table form plus «Отметка об исполнении»; a section is a row with only its first cell. */
  table: Table;
  summary: Table;
}

export async function executionReport(core: Core, plan: RoadMap, window: ReportWindow, locale: Locale = 'ru'): Promise<ExecutionReport> {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const zone = await regionTimezone(core);
  const rows = await reportRows(core, plan, window);
  const table: (string | number | null)[][] = [
    [t('roadmap-col-number'), t('roadmap-col-text'), t('roadmap-col-due'), t('roadmap-col-responsible'), t('roadmap-col-result'), t('roadmap-col-mark')],
  ];
  let section: string | null = null;
  for (const { item, state } of rows) {
    if (item.section && item.section !== section) table.push([item.section, null, null, null, null, null]);
    section = item.section;
    table.push([item.number, item.text, item.dateText, item.responsible.join(', '), item.result, executionMark(core, state, zone, locale)]);
  }
  const [all] = progressBy(rows, () => ['all'], window.at);
  const summary: Table = [
    [t('roadmap-summary-status'), t('roadmap-summary-count')],
    [t('roadmap-summary-total'), rows.length],
    ...statusOrder.map((s) => [t(`roadmap-status-${s}`), all?.counts[s] ?? 0] as const),
  ];
  return { title: plan.title, sheet: t('roadmap-report-sheet'), heading: t('roadmap-report-heading', { when: window.label }), table, summary };
}

export function reportXlsx(report: ExecutionReport): Promise<Uint8Array> {
  const blank: (string | null)[] = [];
  return toXlsx(report.sheet, [[report.title], [report.heading], blank, ...report.table, blank, ...report.summary]);
}

/** The same report as a Word document: the title, the table with a header row, section rows across it, the summary. */
export async function reportDocx(report: ExecutionReport): Promise<Uint8Array> {
  // Loaded when first asked for: see toXlsx.
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table: DocxTable, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const cell = (text: string | number | null | undefined, bold = false) => {
    const lines = String(text ?? '').split('\n');
    return new TableCell({ children: lines.map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, size: 20 })] })) });
  };
  const [header, ...body] = report.table;
  const width = header!.length;
  const rows = [
    new TableRow({ tableHeader: true, children: header!.map((h) => cell(h, true)) }),
    ...body.map((r) =>
      r.slice(1).every((c) => c === null)
        ? new TableRow({
            children: [
              new TableCell({ columnSpan: width, children: [new Paragraph({ children: [new TextRun({ text: String(r[0] ?? ''), bold: true, size: 20 })] })] }),
            ],
          })
        : new TableRow({ children: r.map((c) => cell(c)) }),
    ),
  ];
  const doc = new Document({
    sections: [
      {
        properties: { page: { size: { orientation: 'landscape' } } },
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: [new TextRun(report.title)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(report.heading)] }),
          new DocxTable({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
          new Paragraph({ children: [] }),
          new DocxTable({
            width: { size: 50, type: WidthType.PERCENTAGE },
            rows: report.summary.map((r, i) => new TableRow({ children: r.map((c) => cell(c, i === 0)) })),
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

export const docxContentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
