import type { Due, RoadMapEventKind, RoadMapRowKind } from '../vocabulary/roadmaps.js';

/**
 * A road map (дорожная карта) as the parser reads it: the plan's title and period and one row per measure.
 * The shape is the one `npm run cli -- roadmap parse FILE --json` prints (issue 12); dates are `YYYY-MM-DD`
 * in the plan's own calendar, not instants.
 */
export interface ParsedRoadMap {
  title: string;
  period: RoadMapPeriod;
  rows: RoadMapRow[];
}

export interface RoadMapPeriod {
  from: string;
  to: string;
  /** "на 2020-2021 учебный год": 1 September to 31 August, and "в течение года" means that year. */
  academic: boolean;
}

export interface RoadMapRow {
  number: string | null;
  section: string | null;
  text: string;
  /** The due cell verbatim, always kept for the reviewer. */
  dateText: string;
  kind: RoadMapRowKind;
  eventKind: RoadMapEventKind | null;
  due: Due;
  /** Executors as separate names (ИРО, ЦОКО, МОУО …). */
  responsible: string[];
  /** Who must act or attend, in the directory's words (roles and school tags). */
  audience: string[];
  result: string | null;
  form: string | null;
  /** Why the parser is unsure of a field, in words the reviewer reads; empty when sure. */
  doubts: string[];
}

/** What a road map comes as: pasted text, or a file by its name (the extension decides how it is read). */
export type RoadMapSource = { kind: 'text'; text: string } | { kind: 'file'; name: string; bytes: Uint8Array };

export interface ParseOptions {
  /** Overrides the plan's year when the document does not say it (`--year`). */
  year?: number;
}
