/** Roles of people in the bot (the admin panel's roles are separate: see db/schema/admins.ts). */
export const personRoles = ['teacher', 'school_lead', 'curator', 'coordinator', 'editor'] as const;
export type PersonRole = (typeof personRoles)[number];

/** Roles one may pick when registering without an invite; the rest come by invite only. */
export const selfRegistrationRoles = ['teacher', 'school_lead', 'curator'] as const satisfies readonly PersonRole[];

/** Roles that belong to a school (the others work for a municipality or the region). */
export const schoolRoles: readonly PersonRole[] = ['teacher', 'school_lead'];

export const subjects = [
  'math',
  'russian',
  'literature',
  'physics',
  'chemistry',
  'biology',
  'history',
  'social',
  'geography',
  'informatics',
  'english',
  'foreign',
  'primary',
  'pe',
  'art',
  'music',
  'technology',
  'safety',
] as const;
export type Subject = (typeof subjects)[number];

export const schoolTags = ['shnor', 'shnsu', '500plus', 'risk_zone'] as const;

/** The zones Russian regions use, offered in /profile; any IANA zone is accepted from the panel. */
export const russianTimezones = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
] as const;

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
