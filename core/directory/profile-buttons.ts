import { z } from 'zod';
import { russianTimezones, subjects } from './vocabulary.js';

/**
 * Buttons of /profile, the same payloads on Telegram and MAX (`prof:<action>[:<value>]`): stateless, so an old profile
 * message still works (it shows the current state).
 */
const schema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('show') }),
  z.object({ action: z.literal('subjects') }),
  z.object({ action: z.literal('subj'), value: z.enum(subjects) }),
  z.object({ action: z.literal('notif') }),
  z.object({ action: z.literal('notif-toggle'), value: z.enum(['reminders', 'announcements']) }),
  z.object({ action: z.literal('lang'), value: z.enum(['ru', 'en']) }),
  z.object({ action: z.literal('tz') }),
  z.object({ action: z.literal('link') }),
  z.object({
    action: z.literal('tz-set'),
    value: z.coerce
      .number()
      .int()
      .min(0)
      .max(russianTimezones.length - 1),
  }),
]);
export type ProfileAction = z.infer<typeof schema>;

export const profileButton = {
  pattern: /^prof:/,
  encode: (action: ProfileAction['action'], value?: string | number) => (value === undefined ? `prof:${action}` : `prof:${action}:${value}`),
  parse(data: string | undefined): ProfileAction | undefined {
    const [, action, value] = (data ?? '').split(':');
    const parsed = schema.safeParse({ action, value });
    return parsed.success ? parsed.data : undefined;
  },
};
