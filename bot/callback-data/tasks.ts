import { z } from 'zod';

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Buttons of tasks: `tk:<taskId>:done|prob|info` (the assignee), `tkv:<confirmationId>:ok|ret` (the verifier),
 * `tkl` (a coordinator's late list), `tkd:on|off` (the daily digest in /profile). Stateless: an old message acts on
 * the task as it is now, and the domain checks who presses.
 */
const schema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tk'), taskId: id, action: z.enum(['done', 'prob', 'info']) }),
  z.object({ kind: z.literal('tkv'), confirmationId: id, action: z.enum(['ok', 'ret']) }),
  z.object({ kind: z.literal('tkl') }),
  z.object({ kind: z.literal('tkd'), on: z.enum(['on', 'off']).transform((v) => v === 'on') }),
]);
export type TaskButtonAction = z.infer<typeof schema>;

export const taskButton = {
  pattern: /^tk[vld]?(:|$)/,
  parse(data: string | undefined): TaskButtonAction | undefined {
    const parts = (data ?? '').split(':');
    const [kind] = parts;
    const raw =
      kind === 'tk' && parts.length === 3
        ? { kind, taskId: parts[1], action: parts[2] }
        : kind === 'tkv' && parts.length === 3
          ? { kind, confirmationId: parts[1], action: parts[2] }
          : kind === 'tkl' && parts.length === 1
            ? { kind }
            : kind === 'tkd' && parts.length === 2
              ? { kind, on: parts[1] }
              : undefined;
    if (!raw || ('taskId' in raw && !/^[0-9]{1,15}$/.test(raw.taskId ?? '')) || ('confirmationId' in raw && !/^[0-9]{1,15}$/.test(raw.confirmationId ?? '')))
      return undefined;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  },
};
