import { z } from 'zod';

/**
 * Buttons of the registration conversation: `reg:<step>:<value>`. The step is in the data so that a button
 * pressed on an older message (another step) is recognised and answered, not mistaken for this step's.
 */
export const registrationSteps = ['consent', 'mun', 'school', 'role', 'subj', 'name', 'confirm'] as const;
export type RegistrationStep = (typeof registrationSteps)[number];

const schema = z.object({ step: z.enum(registrationSteps), value: z.string().min(1).max(40) });

export const registrationButton = {
  encode: (step: RegistrationStep, value: string | number) => `reg:${step}:${value}`,
  parse(data: string | undefined): { step: RegistrationStep; value: string } | undefined {
    const match = /^reg:([a-z]+):(.+)$/.exec(data ?? '');
    const parsed = schema.safeParse({ step: match?.[1], value: match?.[2] });
    return parsed.success ? parsed.data : undefined;
  },
};
