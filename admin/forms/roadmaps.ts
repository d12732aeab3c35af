import { z } from 'zod';
import type { FormValues } from '../forms.js';
import { DomainError, invalidInput, parseInput } from '../../core/errors.js';
import type { ItemEdit } from '../../core/roadmaps/review.js';
import { readRoadMap } from '../../core/roadmaps/reading.js';
import { reportWhenSchema, type ReportWhen } from '../../core/roadmaps/report.js';
import type { ParsedRoadMap, RoadMapSource } from '../../core/roadmaps/types.js';
import { itemStatuses } from '../../core/vocabulary/roadmaps.js';
import { str, type PanelContext } from '../kit.js';
/** The parser names an unreadable file's field `file`; the forms show it under the upload. */
export function sourceErrors(errors: Record<string, string>): Record<string, string> {
  return errors.file && !errors.source ? { ...errors, source: errors.file } : errors;
}

/** An upload or pasted text as the parser's source; a reason when there is neither. */
export async function readSource(c: PanelContext): Promise<{ source: RoadMapSource; name: string; form: Record<string, string> }> {
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

/** The plan read from its source; a file the parser cannot read is a reason under the upload. */
export async function parseSource(source: RoadMapSource, yearText: string | undefined): Promise<ParsedRoadMap> {
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

/** `?quarter=2024-Q1` or `?date=2024-03-31`; today (in the region's zone) when neither is given. */
export function whenOf(c: PanelContext, zone: string): ReportWhen {
  const quarter = c.req.query('quarter');
  const date = c.req.query('date');
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: zone }).format(c.get('core').clock.now());
  return parseInput(reportWhenSchema, quarter ? { quarter } : { date: date || today });
}

/** The review form's rows (`r<id>.<field>`) as the domain's edits, by row id. */
export function reviewEdits(form: FormValues): Map<number, ItemEdit> {
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
  return edits;
}

/** A row's manual status and its comment, as the domain takes them (it checks both). */
export const itemStatusForm = z.object({
  status: z.enum(itemStatuses, { error: 'invalid-value' }),
  comment: z.string().trim().default(''),
});
