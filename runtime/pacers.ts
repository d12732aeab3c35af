import type { Core } from '../core/core.js';
import { maxLimits, Pacer, type PacerBatching, type PacerLimits, telegramLimits } from '../core/deliveries/pacer.js';
import { recentSends } from '../core/deliveries/sending.js';
import type { MessengerChannel } from '../core/vocabulary/channels.js';
import type { Config } from './config.js';

/** Each messenger's limits at the rate configured for it (SEND_RATE_PER_SECOND, MAX_SEND_RATE_PER_SECOND). */
export function pacerLimits(config: Config, channel: MessengerChannel): PacerLimits {
  return channel === 'max' ? { ...maxLimits, perSecond: config.MAX_SEND_RATE_PER_SECOND } : { ...telegramLimits, perSecond: config.SEND_RATE_PER_SECOND };
}

/**
 * A channel's pacer, seeded from its last minute of sends, so a new process (Node) or a new dispatcher instance
 * (Workers) neither bursts nor writes to a chat twice within its gap.
 */
export async function seededPacer(core: Core, config: Config, channel: MessengerChannel, batching?: (perSecond: number) => PacerBatching): Promise<Pacer> {
  const limits = pacerLimits(config, channel);
  const pacer = new Pacer(limits, batching?.(limits.perSecond));
  const now = core.clock.now();
  pacer.seed(await recentSends(core, now, channel), now);
  return pacer;
}
