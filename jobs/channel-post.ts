import { channelPostJobKind, runChannelPost } from '../core/channels/channels.js';
import { describeChannelPosts } from '../core/channels/schedule-items.js';
import type { JobDefinition } from './job.js';

/** A channel post at its time: one keyed delivery to the channel, so a repeated run posts once. Late, it still posts. */
export const channelPostJob: JobDefinition = {
  kind: channelPostJobKind,
  maxLatenessMs: Number.POSITIVE_INFINITY,
  describe: describeChannelPosts,
  async run(core, payload) {
    await runChannelPost(core, Number(payload.postId));
  },
};
