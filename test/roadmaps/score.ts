/**
 * Scores parsed rows against labelled ones with the measures: row recall, spurious rows, due from/to
 * exact, recurrence and kind. Rows are matched by the start of their measure text, in order.
 */
import type { ParsedRoadMap } from '../../core/roadmaps/types.js';
import type { ExpectedRow } from './corpus.js';

export interface Score {
  expected: number;
  parsed: number;
  matched: number;
  recall: number;
  spurious: number;
  dueExact: number;
  recurrence: number;
  kind: number;
  eventKind: number;
  misses: string[];
}

export const targets = { recall: 0.95, spurious: 0.05, dueExact: 0.9, recurrence: 0.9, kind: 0.85 } as const;

function key(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^а-яa-z0-9]/g, '')
    .slice(0, 24);
}

export function score(parsed: ParsedRoadMap, expected: ExpectedRow[]): Score {
  const used = new Set<number>();
  let matched = 0;
  let due = 0;
  let recurrence = 0;
  let kind = 0;
  let eventKind = 0;
  const misses: string[] = [];
  for (const want of expected) {
    const index = parsed.rows.findIndex((row, i) => !used.has(i) && key(row.text) === key(want.text) && (want.number === null || row.number === want.number));
    if (index < 0) {
      misses.push(`missing ${want.number ?? ''} ${want.text.slice(0, 40)}`);
      continue;
    }
    used.add(index);
    matched++;
    const row = parsed.rows[index]!;
    const label = `${want.number ?? ''} ${want.text.slice(0, 30)}`;
    if (row.due.from === want.from && row.due.to === want.to) due++;
    else misses.push(`due ${label}: ${row.due.from}..${row.due.to}, want ${want.from}..${want.to}`);
    if (row.due.recurrence === want.recurrence) recurrence++;
    else misses.push(`recurrence ${label}: ${row.due.recurrence}, want ${want.recurrence}`);
    if (row.kind === want.kind) kind++;
    else misses.push(`kind ${label}: ${row.kind}, want ${want.kind}`);
    if (row.kind === want.kind && row.eventKind === want.eventKind) eventKind++;
    else if (row.kind === want.kind) misses.push(`eventKind ${label}: ${row.eventKind}, want ${want.eventKind}`);
  }
  parsed.rows.forEach((row, i) => {
    if (!used.has(i)) misses.push(`spurious ${row.number ?? ''} ${row.text.slice(0, 40)}`);
  });
  const of = (n: number, d: number) => (d ? n / d : 1);
  return {
    expected: expected.length,
    parsed: parsed.rows.length,
    matched,
    recall: of(matched, expected.length),
    spurious: of(parsed.rows.length - matched, parsed.rows.length),
    dueExact: of(due, matched),
    recurrence: of(recurrence, matched),
    kind: of(kind, matched),
    eventKind: of(eventKind, matched),
    misses,
  };
}

/** Sums over fixtures: each measure over all rows, not an average of averages. */
export function total(scores: Score[]): Score {
  const sum = (f: (s: Score) => number) => scores.reduce((n, s) => n + f(s), 0);
  const matched = sum((s) => s.matched);
  const parsed = sum((s) => s.parsed);
  const expected = sum((s) => s.expected);
  return {
    expected,
    parsed,
    matched,
    recall: matched / expected,
    spurious: (parsed - matched) / parsed,
    dueExact: sum((s) => s.dueExact * s.matched) / matched,
    recurrence: sum((s) => s.recurrence * s.matched) / matched,
    kind: sum((s) => s.kind * s.matched) / matched,
    eventKind: sum((s) => s.eventKind * s.matched) / matched,
    misses: scores.flatMap((s) => s.misses),
  };
}
