import type { Core } from '../core/core.js';
import type { DescribeDue } from '../core/scheduler/due.js';

/** One kind of scheduled work. Its handler must be safe to run twice (a crash may repeat it). */
export interface JobDefinition {
  kind: string;
  /**
   * How late the job may still run after its due time (e.g. after the process was down).
   * Later than this it is recorded as skipped instead. Infinity: always still worth running.
   */
  maxLatenessMs: number;
  run(core: Core, payload: Record<string, unknown>, now: number): Promise<void>;
  /** What its due rows will send (title, recipients, link to the source), for the schedule page; omitted: shown by kind only. */
  describe?: DescribeDue;
}
