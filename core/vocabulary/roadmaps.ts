/** The words of a road map: what a row is, when it is due, how its execution stands. */
export const roadMapRowKinds = ['event', 'task', 'recurring', 'other'] as const;
export type RoadMapRowKind = (typeof roadMapRowKinds)[number];

export const roadMapEventKinds = ['webinar', 'seminar', 'conference', 'internship', 'course', 'visit', 'meeting', 'monitoring', 'contest', 'other'] as const;
export type RoadMapEventKind = (typeof roadMapEventKinds)[number];

export const recurrences = ['none', 'weekly', 'monthly', 'bimonthly', 'quarterly', 'twice-a-year', 'yearly', 'continuous', 'by-schedule'] as const;
export type Recurrence = (typeof recurrences)[number];

export const duePrecisions = ['day', 'month', 'quarter', 'period', 'year', 'unspecified'] as const;
export type DuePrecision = (typeof duePrecisions)[number];

export interface DueOccurrence {
  from: string | null;
  to: string | null;
  /** A municipality or a stage named beside its date in the cell. */
  label?: string;
}

export interface Due {
  from: string | null;
  to: string | null;
  recurrence: Recurrence;
  precision: DuePrecision;
  occurrences: DueOccurrence[];
}

/** A plan item's execution status; `planned` statuses (not started, in progress) are never written by hand as "done". */
export const itemStatuses = ['not_started', 'in_progress', 'done', 'done_late', 'overdue', 'postponed', 'cancelled'] as const;
export type ItemStatus = (typeof itemStatuses)[number];
