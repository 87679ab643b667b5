import { describe, it, expect } from 'vitest';
import {
  monthsFrom,
  addZonedDays,
  createTimeFormat,
  minutesToClock,
  parseLocalDateTime,
  startOfZonedDay,
  startOfZonedYear,
  toLocalDateTimeValue,
  zonedParts,
  zonedToInstant,
} from '../../../src/lib/time';

const SH = 'Asia/Shanghai';
const EVENING = Date.UTC(2026, 11, 10, 11, 30); // 2026-12-10 19:30 in Shanghai
const LATER = Date.UTC(2026, 11, 10, 13, 30); // 21:30 the same day

describe('zonedParts', () => {
  it('shows the Shanghai wall clock: 16:00 UTC on 31 Dec is midnight, Friday 1 Jan 2027', () => {
    expect(zonedParts(Date.UTC(2026, 11, 31, 16, 0), SH)).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 0, weekday: 5 });
  });

  it('depends on the zone, not on the machine', () => {
    expect(zonedParts(Date.UTC(2026, 11, 31, 16, 0), 'UTC')).toEqual({ year: 2026, month: 12, day: 31, hour: 16, minute: 0, weekday: 4 });
  });
});

describe('startOfZonedDay / startOfZonedYear', () => {
  it('gives Shanghai midnight of the local day', () => {
    // 01:30 on 27 Nov in Shanghai is still 26 Nov in UTC
    expect(startOfZonedDay(Date.UTC(2026, 10, 26, 17, 30), SH)).toBe(Date.UTC(2026, 10, 26, 16, 0));
    expect(startOfZonedDay(Date.UTC(2026, 10, 26, 15, 59), SH)).toBe(Date.UTC(2026, 10, 25, 16, 0));
  });

  it('gives Shanghai midnight on 1 January of the local year', () => {
    expect(startOfZonedYear(Date.UTC(2026, 5, 15, 12, 0), SH)).toBe(Date.UTC(2025, 11, 31, 16, 0));
    // 23:59 on 31 Dec 2026 in Shanghai is still 2026
    expect(startOfZonedYear(Date.UTC(2026, 11, 31, 15, 59), SH)).toBe(Date.UTC(2025, 11, 31, 16, 0));
    // 00:00 on 1 Jan 2027 in Shanghai (16:00 UTC on 31 Dec) is already 2027
    expect(startOfZonedYear(Date.UTC(2026, 11, 31, 16, 0), SH)).toBe(Date.UTC(2026, 11, 31, 16, 0));
  });
});

describe('zonedToInstant', () => {
  it('turns Shanghai wall-clock time into the instant', () => {
    expect(zonedToInstant({ year: 2027, month: 1, day: 1, hour: 0, minute: 0 }, SH)).toBe(Date.UTC(2026, 11, 31, 16, 0));
    expect(zonedToInstant({ year: 2026, month: 12, day: 10, hour: 19, minute: 30 }, SH)).toBe(EVENING);
  });

  it('defaults hour and minute to midnight', () => {
    expect(zonedToInstant({ year: 2026, month: 12, day: 10 }, SH)).toBe(Date.UTC(2026, 11, 9, 16, 0));
  });

  it('throws a RangeError for an impossible date', () => {
    expect(() => zonedToInstant({ year: 2026, month: 13, day: 1 }, SH)).toThrow(RangeError);
    expect(() => zonedToInstant({ year: 2026, month: 2, day: 30 }, SH)).toThrow(RangeError);
  });
});

describe('addZonedDays', () => {
  it('moves by calendar days in Shanghai', () => {
    expect(addZonedDays(Date.UTC(2026, 10, 26, 2, 0), 1, SH)).toBe(Date.UTC(2026, 10, 27, 2, 0));
    expect(addZonedDays(Date.UTC(2026, 10, 26, 2, 0), -30, SH)).toBe(Date.UTC(2026, 9, 27, 2, 0));
  });

  it('keeps the wall-clock time across a daylight-saving change (calendar days, not 24 h)', () => {
    // 12:00 EDT on 31 Oct 2026 → 12:00 EST on 1 Nov 2026 (25 hours later)
    expect(addZonedDays(Date.UTC(2026, 9, 31, 16, 0), 1, 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 17, 0));
  });
});

describe('parseLocalDateTime / toLocalDateTimeValue', () => {
  it('reads a datetime-local value as Shanghai time', () => {
    expect(parseLocalDateTime('2026-12-10T19:30', SH)).toBe(EVENING);
    expect(parseLocalDateTime('2026-12-10T19:30', 'UTC')).toBe(Date.UTC(2026, 11, 10, 19, 30));
  });

  it('rejects anything but YYYY-MM-DDTHH:mm of a real date', () => {
    expect(parseLocalDateTime('2026-12-10 19:30', SH)).toBeNull();
    expect(parseLocalDateTime('2026-13-10T19:30', SH)).toBeNull();
    expect(parseLocalDateTime('2026-02-30T10:00', SH)).toBeNull();
    expect(parseLocalDateTime('2026-12-10T24:30', SH)).toBeNull();
    expect(parseLocalDateTime('2026-12-10T19:30:00', SH)).toBeNull();
    expect(parseLocalDateTime('2026-12-10T19:30Z', SH)).toBeNull();
    expect(parseLocalDateTime('', SH)).toBeNull();
  });

  it('writes the datetime-local value of an instant in the zone', () => {
    expect(toLocalDateTimeValue(EVENING, SH)).toBe('2026-12-10T19:30');
    expect(toLocalDateTimeValue(EVENING, 'UTC')).toBe('2026-12-10T11:30');
  });

  it('round-trips', () => {
    expect(parseLocalDateTime(toLocalDateTimeValue(EVENING, SH), SH)).toBe(EVENING);
  });
});

describe('minutesToClock', () => {
  it('formats minutes after midnight as HH:mm', () => {
    expect(minutesToClock(0)).toBe('00:00');
    expect(minutesToClock(390)).toBe('06:30');
    expect(minutesToClock(1439)).toBe('23:59');
    expect(minutesToClock(1440)).toBe('00:00');
    expect(minutesToClock(1440, { closing: true })).toBe('24:00');
    expect(minutesToClock(1380, { closing: true })).toBe('23:00');
  });
});

describe('createTimeFormat', () => {
  const zh = createTimeFormat('zh', SH);
  const en = createTimeFormat('en', SH);

  it('keeps its zone', () => {
    expect(zh.zone).toBe(SH);
  });

  it('shows the 24-hour Shanghai time in both languages', () => {
    expect(zh.time(EVENING)).toBe('19:30');
    expect(en.time(EVENING)).toBe('19:30');
  });

  it('applies the configured zone, not the machine zone', () => {
    expect(createTimeFormat('zh', 'UTC').time(EVENING)).toBe('11:30');
    expect(createTimeFormat('en', 'UTC').time(EVENING)).toBe('11:30');
  });

  it('formats the date in each language', () => {
    expect(zh.date(EVENING)).toContain('2026年12月10日');
    expect(en.date(EVENING)).toContain('Dec');
    expect(en.date(EVENING)).toContain('2026');
    expect(en.date(EVENING)).toContain('10');
  });

  it('uses the Shanghai date even when UTC is still on the previous day', () => {
    // 00:30 on 11 Dec in Shanghai, 16:30 on 10 Dec in UTC
    expect(zh.date(Date.UTC(2026, 11, 10, 16, 30))).toContain('2026年12月11日');
  });

  it('combines date and time', () => {
    expect(zh.dateTime(EVENING)).toContain('2026年12月10日');
    expect(zh.dateTime(EVENING).endsWith(' 19:30')).toBe(true);
    expect(en.dateTime(EVENING).endsWith(', 19:30')).toBe(true);
  });

  it('shows the date once for a range within one day', () => {
    const r = zh.range(EVENING, LATER);
    expect(r).toContain('19:30–21:30');
    expect(r.split('2026').length - 1).toBe(1);
    expect(en.range(EVENING, LATER)).toContain('19:30–21:30');
    expect(en.range(EVENING, LATER).split('Dec').length - 1).toBe(1);
  });

  it('shows both dates for a range across days', () => {
    const r = zh.range(EVENING, Date.UTC(2026, 11, 11, 13, 30));
    expect(r).toContain('2026年12月10日');
    expect(r).toContain('2026年12月11日');
    expect(r).toContain(' – ');
  });

  it('gives an ISO 8601 value with the zone offset', () => {
    expect(zh.iso(EVENING)).toBe('2026-12-10T19:30:00+08:00');
    expect(en.iso(EVENING)).toBe('2026-12-10T19:30:00+08:00');
    expect(createTimeFormat('en', 'UTC').iso(EVENING)).toBe('2026-12-10T11:30:00Z');
  });
});

describe('monthsFrom', () => {
  it('lists the local month and those after it, across a year end and without skipping February', () => {
    const zone = 'Asia/Shanghai';
    // 31 January 2027, 23:30 in Beijing (still January there, February in UTC+14 only)
    const lastOfJanuary = Date.UTC(2027, 0, 31, 15, 30);
    expect(monthsFrom(lastOfJanuary, 3, zone)).toEqual(['2027-01', '2027-02', '2027-03']);
    // 31 December 2026, 16:30 UTC is 1 January 2027, 00:30 in Beijing
    expect(monthsFrom(Date.UTC(2026, 11, 31, 16, 30), 2, zone)).toEqual(['2027-01', '2027-02']);
    expect(monthsFrom(Date.UTC(2026, 10, 26, 12), 6, zone)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04']);
    expect(monthsFrom(Date.UTC(2026, 11, 31, 16, 30), 1, 'UTC')).toEqual(['2026-12']);
  });
});
