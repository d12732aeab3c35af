import type { EventInput } from '../../core/events/events.js';

export const hour = 3_600_000;
/** 15:00 in Moscow, 17:00 in Yekaterinburg: the demo region's two zones. */
export const webinarStart = Date.parse('2026-11-25T12:00:00Z');

/** A published-ready webinar for teachers and school leads of municipalities 1 and 3 of the demo region. */
export function webinar(overrides: Partial<EventInput> = {}): EventInput {
  return {
    title: 'Вебинар: функциональная грамотность',
    kind: 'webinar',
    description: 'Разбор заданий PISA <для учителей>',
    startsAt: webinarStart,
    endsAt: webinarStart + 1.5 * hour,
    place: null,
    link: 'https://webinar.example.ru/room/42',
    capacity: null,
    registrationDeadline: null,
    audience: { roles: ['teacher', 'school_lead'], municipalityIds: [1, 3] },
    municipalityId: null,
    ...overrides,
  };
}
