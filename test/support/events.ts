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

/** The panel's event form, valid: 25 Nov 2026 15:00–16:30 Moscow time; teachers and leads of municipality 1 (demo people 4 and 5). */
export function eventForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Семинар для управленческих команд',
    kind: 'seminar',
    description: 'Программа перехода в эффективный режим',
    startsAt: '2026-11-25T15:00',
    endsAt: '2026-11-25T16:30',
    place: 'ИРО, ауд. 204',
    link: 'https://vk.com/video/room',
    capacity: '',
    registrationDeadline: '',
    municipalityId: '1',
    roles: ['teacher', 'school_lead'],
    ...overrides,
  };
}
