/** Kinds and statuses of events, as the database stores them and the domain, the bot and the panel name them. */
export const eventKinds = [
  'webinar',
  'seminar',
  'workshop',
  'internship',
  'course',
  'methodological_association',
  'consultation',
  'visit',
  'conference',
  'competition',
  'other',
] as const;
export type EventKind = (typeof eventKinds)[number];
export type EventStatus = 'draft' | 'published' | 'cancelled';
export type ParticipantStatus = 'going' | 'declined' | 'waitlist';
