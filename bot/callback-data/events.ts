import { z } from 'zod';

/** Buttons of an event message: `ev:<id>:go|no|info`. Stateless: an old message still works, it acts on the event as it is now. */
const schema = z.object({
  eventId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  action: z.enum(['go', 'no', 'info']),
});
export type EventButtonAction = z.infer<typeof schema>;

export const eventButton = {
  pattern: /^ev:/,
  parse(data: string | undefined): EventButtonAction | undefined {
    const parts = (data ?? '').split(':');
    if (parts.length !== 3 || !/^[0-9]+$/.test(parts[1] ?? '')) return undefined;
    const parsed = schema.safeParse({ eventId: parts[1], action: parts[2] });
    return parsed.success ? parsed.data : undefined;
  },
};

/** The deep link payload of an event card: `/start ev_<id>`. */
export const eventStartPrefix = 'ev_';

export function parseEventStart(payload: string): number | undefined {
  const m = /^ev_([0-9]{1,15})$/.exec(payload);
  return m ? Number(m[1]) : undefined;
}
