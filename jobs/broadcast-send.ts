import { broadcastJobKind } from '../core/broadcasts/broadcasts.js';
import { runBroadcast } from '../core/broadcasts/sending.js';
import { describeBroadcastSends } from '../core/broadcasts/schedule-items.js';
import type { JobDefinition } from './job.js';

/**
 * A broadcast at its send time: the audience resolved then, one delivery per person (keyed, so a crash and a second
 * run add only the missing ones). Missed while the process was down, it still goes on start: an admin scheduled it and
 * can cancel it; a broadcast that silently never went would be worse.
 */
export const broadcastSendJob: JobDefinition = {
  kind: broadcastJobKind,
  maxLatenessMs: Number.POSITIVE_INFINITY,
  describe: describeBroadcastSends,
  async run(core, payload) {
    await runBroadcast(core, Number(payload.broadcastId));
  },
};
