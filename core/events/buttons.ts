import { z } from 'zod';

/**
 * Buttons of an event message: `ev:<id>:go|no|info|ics|came|missed` and `ev:<id>:rate:<1-5>`.
 * Stateless: an old message still works, it acts on the event as it is now.
 */
const schema = z.discriminatedUnion('action', [
  z.object({ eventId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), action: z.enum(['go', 'no', 'info', 'ics', 'came', 'missed']) }),
  z.object({
    eventId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    action: z.literal('rate'),
    rating: z.coerce.number().int().min(1).max(5),
  }),
]);
export type EventButtonAction = z.infer<typeof schema>;

export const eventButton = {
  pattern: /^ev:/,
  parse(data: string | undefined): EventButtonAction | undefined {
    const parts = (data ?? '').split(':');
    if (!/^[0-9]+$/.test(parts[1] ?? '')) return undefined;
    if (parts.length === 4 && !/^[0-9]$/.test(parts[3] ?? '')) return undefined;
    if (parts.length !== (parts[2] === 'rate' ? 4 : 3)) return undefined;
    const parsed = schema.safeParse(parts.length === 4 ? { eventId: parts[1], action: parts[2], rating: parts[3] } : { eventId: parts[1], action: parts[2] });
    return parsed.success ? parsed.data : undefined;
  },
};

/** The deep link payload of an event card: `/start ev_<id>`. */
export const eventStartPrefix = 'ev_';

export function parseEventStart(payload: string): number | undefined {
  const m = /^ev_([0-9]{1,15})$/.exec(payload);
  return m ? Number(m[1]) : undefined;
}
