import { describe, expect, it } from 'vitest';
import { eventIcs, eventsIcs } from '../core/events/ics.js';

const start = Date.parse('2026-11-25T12:00:00Z');
const event = {
  id: 17,
  title: 'Семинар; «ШНОР, 500+»',
  kind: 'seminar' as const,
  description: `Первая строка\nВторая, с запятой; и точкой с запятой \\ обратной чертой. ${'Длинный текст описания '.repeat(6)}`,
  startsAt: start,
  endsAt: start + 5_400_000,
  place: 'ИРО, ауд. 204',
  link: 'https://webinar.example.ru/room/42',
  capacity: null,
  registrationDeadline: null,
  audience: {},
  status: 'published' as const,
  municipalityId: null,
  createdBy: 'test',
  publishedAt: start - 86_400_000,
  cancelledAt: null,
  createdAt: start - 90_000_000,
  updatedAt: start - 90_000_000,
};

describe('.ics (RFC 5545)', () => {
  const text = eventIcs(event, { now: Date.parse('2026-11-01T09:30:05.123Z'), includeLink: true });
  const unfolded = text.replace(/\r\n /g, '');

  it('uses CRLF line endings only, UTC times with Z, a stable UID, one VEVENT', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(unfolded).toContain('\r\nUID:event-17@mayak\r\n');
    expect(unfolded).toContain('\r\nDTSTART:20261125T120000Z\r\n');
    expect(unfolded).toContain('\r\nDTEND:20261125T133000Z\r\n');
    expect(unfolded).toContain('\r\nDTSTAMP:20261101T093005Z\r\n');
    expect(unfolded).toContain('\r\nSTATUS:CONFIRMED\r\n');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(unfolded.trimEnd().endsWith('END:VEVENT\r\nEND:VCALENDAR')).toBe(true);
  });

  it('escapes commas, semicolons, backslashes and newlines in text', () => {
    expect(unfolded).toContain('\r\nSUMMARY:Семинар\\; «ШНОР\\, 500+»\r\n');
    expect(unfolded).toContain('\r\nLOCATION:ИРО\\, ауд. 204\r\n');
    expect(unfolded).toContain('DESCRIPTION:Первая строка\\nВторая\\, с запятой\\; и точкой с запятой \\\\ обратной чертой.');
    expect(unfolded).toContain('\\n\\nhttps://webinar.example.ru/room/42');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const bytes = (s: string) => new TextEncoder().encode(s).length;
    for (const line of text.split('\r\n')) expect(bytes(line)).toBeLessThanOrEqual(75);
    expect(text.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
    const long = eventIcs({ ...event, description: 'я'.repeat(100) }, { now: start, includeLink: false });
    for (const line of long.split('\r\n')) {
      expect(bytes(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(long.replace(/\r\n /g, '')).toContain(`DESCRIPTION:${'я'.repeat(100)}`);
  });

  it('leaves the link out when asked, and marks a cancelled event', () => {
    const hidden = eventIcs({ ...event, place: null }, { now: start, includeLink: false }).replace(/\r\n /g, '');
    expect(hidden).not.toContain('webinar.example.ru');
    expect(hidden).not.toContain('LOCATION:');
    const cancelled = eventIcs({ ...event, status: 'cancelled' }, { now: start, includeLink: true });
    expect(cancelled).toContain('STATUS:CANCELLED');
  });

  it('makes one feed of several events with stable UIDs and the calendar’s name', () => {
    const feed = eventsIcs([event, { ...event, id: 18, title: 'Вебинар' }], { now: start, includeLink: false, name: 'Маяк: мои мероприятия' }).replace(
      /\r\n /g,
      '',
    );
    expect(feed.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(feed).toContain('UID:event-17@mayak');
    expect(feed).toContain('UID:event-18@mayak');
    expect(feed).toContain('X-WR-CALNAME:Маяк: мои мероприятия');
    expect(feed).not.toContain('webinar.example.ru');
  });
});
