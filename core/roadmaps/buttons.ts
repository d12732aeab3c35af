import { z } from 'zod';

/**
 * Buttons of a road map's question to an executor: `rm:<itemId>:done|move|prob` («Выполнено» / «Перенести» /
 * «Есть проблема»). Stateless: an old message acts on the row as it is now, and the domain checks who presses.
 */
const schema = z.object({
  itemId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  action: z.enum(['done', 'move', 'prob']),
});
export type RoadMapButtonAction = z.infer<typeof schema>;

export const roadMapButton = {
  pattern: /^rm:/,
  parse(data: string | undefined): RoadMapButtonAction | undefined {
    const parts = (data ?? '').split(':');
    if (parts.length !== 3 || !/^[0-9]{1,15}$/.test(parts[1] ?? '')) return undefined;
    const parsed = schema.safeParse({ itemId: parts[1], action: parts[2] });
    return parsed.success ? parsed.data : undefined;
  },
};
