// The plan's own heading above the table and the period it covers.
import { periodFromTitle } from './dates.js';
import type { Column } from './table-header.js';
import { isSignature, type Draft } from './table-rows.js';
import type { ParseOptions, RoadMapPeriod } from './types.js';

/** Lines above the table that are not the plan's heading: the approving order, its stamp and date, goals, signatures. */
const notTitle =
  /^(?:\d+[.)]\s|«\s*\d{1,2}\s*»|задач[аи]|цел[ьи](?![а-я])|приложени|утвержд|согласован|приказ|распоряжени|постановлени|к приказу|к распоряжени|к постановлени|от\s+\d|\d{1,2}\.\d{1,2}\.\d{2,4}|№\s*\d)/i;
const titleWords = /план|дорожн[а-я]* карт|комплекс мер|программ|график|мероприяти|перечень/i;

/**
 * The plan's own heading: of the runs of lines above the table (cut by the order's paragraphs, stamps and goals),
 * the last that names a plan, from its first line naming it.
 */
export function chooseTitle(parts: string[][]): string {
  const runs: string[][] = [];
  for (const part of parts) {
    runs.push([]);
    for (const line of part) {
      const text = line.replace(/\s+/g, ' ').trim();
      if (!text) continue;
      if (notTitle.test(text) || isSignature(text)) runs.push([]);
      else runs[runs.length - 1]!.push(text);
    }
  }
  const run = [...runs].reverse().find((r) => r.some((l) => titleWords.test(l)));
  if (run) {
    const heading = run.slice(run.findIndex((l) => titleWords.test(l))).join(' ');
    if (heading.length < 500) return heading;
  }
  const blocks = parts.map((p) => p.join(' ').replace(/\s+/g, ' ').trim()).filter(Boolean);
  const named = [...blocks].reverse().find((b) => /план|дорожн[а-я]* карт|программ|мероприяти|график/i.test(b) && b.length < 500 && !/^\d+\.\s/.test(b));
  return named ?? blocks[blocks.length - 1] ?? '';
}

/** The period from the title; else `--year`; else the year most dates in the due cells name, flagged on the rows. */
export function choosePeriod(title: string, drafts: Draft[], columns: Column[] | null, options: ParseOptions): { period: RoadMapPeriod; inferred: boolean } {
  const fromTitle = periodFromTitle(title);
  if (fromTitle) return { period: fromTitle, inferred: false };
  const academic = /учебн[а-я]* год/i.test(title);
  if (options.year)
    return { period: periodFromTitle(academic ? `${options.year}-${options.year + 1} учебный год` : `на ${options.year} год`)!, inferred: false };
  const dueIndex = columns?.indexOf('due') ?? -1;
  const counts = new Map<number, number>();
  for (const draft of drafts) {
    const text = dueIndex >= 0 ? (draft.cells[dueIndex] ?? '') : '';
    for (const m of text.matchAll(/(?:\.|\s|^)(20\d{2})(?!\d)/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  const year = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? new Date().getUTCFullYear();
  return { period: periodFromTitle(academic ? `${year}-${year + 1} учебный год` : `на ${year} год`)!, inferred: true };
}
