import { z } from 'zod';

/** Quiet hours a person may pick in /profile (minutes since local midnight); the first entry is "the region's". */
export const quietChoices = [
  null,
  { from: 20 * 60, to: 7 * 60 },
  { from: 21 * 60, to: 8 * 60 },
  { from: 22 * 60, to: 7 * 60 },
  { from: 22 * 60, to: 9 * 60 },
  { from: 23 * 60, to: 8 * 60 },
] as const;

/**
 * Buttons of /subscriptions and the quiet hours screen: `subs:show`, `subs:on:<topic>`, `subs:off:<topic>`,
 * `subs:quiet`, `subs:q:<choice>`. A topic button carries the state wanted, so an old keyboard only shows the state again.
 */
const schema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('show') }),
  z.object({ action: z.enum(['on', 'off']), value: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.object({ action: z.literal('quiet') }),
  z.object({
    action: z.literal('q'),
    value: z.coerce
      .number()
      .int()
      .min(0)
      .max(quietChoices.length - 1),
  }),
]);
export type SubscriptionAction = z.infer<typeof schema>;

export const subscriptionButton = {
  pattern: /^subs:/,
  encode: (action: SubscriptionAction['action'], value?: number) => (value === undefined ? `subs:${action}` : `subs:${action}:${value}`),
  parse(data: string | undefined): SubscriptionAction | undefined {
    const [, action, value, extra] = (data ?? '').split(':');
    if (extra !== undefined || (value !== undefined && !/^[0-9]{1,15}$/.test(value))) return undefined;
    const parsed = schema.safeParse({ action, value });
    return parsed.success ? parsed.data : undefined;
  },
};
