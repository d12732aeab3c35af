import { parseDue } from './dates.js';
import { parseRoadMap } from './parse.js';
import type { Due, ParsedRoadMap, RoadMapPeriod, RoadMapSource } from './types.js';

/**
 * The panel's one door to the parser (core/roadmaps/parse.ts, built beside this): a whole plan from an upload or
 * pasted text, and one date cell a reviewer edited, read the same way as at import.
 */
export async function readRoadMap(source: RoadMapSource, year?: number): Promise<ParsedRoadMap> {
  return parseRoadMap(source, year === undefined ? {} : { year });
}

export function reparseDue(dateText: string, period: RoadMapPeriod, context: { measure?: string; form?: string }): { due: Due; doubts: string[] } {
  return parseDue(dateText, period, context);
}
