import type { Locale } from '../../locales/translator.js';
import type { Core } from '../core.js';

/** One scheduled row as the schedule page asks a job kind to describe it. */
export interface DueRow {
  id: number;
  payload: Record<string, unknown>;
  dueAt: number;
}

/**
 * What a due row will send, in words: rows with the same `group` (one event's 1-day reminders) show as one item with
 * their recipients added up; `link` is the panel page of its source.
 */
export interface DueDescription {
  title: string;
  recipients: number;
  link: string | null;
  group: string;
}

/** A job kind's way to describe its due rows (one description per row, in order, in the reader's language); see JobDefinition.describe. */
export type DescribeDue = (core: Core, rows: DueRow[], locale: Locale) => Promise<DueDescription[]>;
