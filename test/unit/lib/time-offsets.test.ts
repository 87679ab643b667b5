import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTimeFormat, startOfZonedDay, zonedParts } from '../../../src/lib/time';

/** The remembered offsets (per quarter hour) must give what luxon computes afresh, around DST changes too. */
describe('zone offsets remembered per quarter hour', () => {
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Sao_Paulo', 'Pacific/Chatham', 'UTC'];
  // every 7 minutes and 13 seconds across two years, plus each instant's neighbours a millisecond away
  const instants: number[] = [];
  for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 7 * 60_000 + 13_000 + 37 * 60_000 * 24) instants.push(ms, ms + 1, ms - 1);

  it('give the same wall-clock parts and ISO text as luxon for every zone', () => {
    for (const zone of zones) {
      const fmt = createTimeFormat('en', zone);
      for (const ms of instants) {
        const d = DateTime.fromMillis(ms, { zone });
        expect(zonedParts(ms, zone), `${zone} ${ms}`).toEqual({ year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute, weekday: d.weekday });
        expect(fmt.iso(ms), `${zone} ${ms}`).toBe(d.toISO({ suppressMilliseconds: true }));
        expect(startOfZonedDay(ms, zone), `${zone} ${ms}`).toBe(d.startOf('day').toMillis());
      }
    }
  });

  it('find the start of a day whose midnight is skipped or repeated (São Paulo, Havana, Beirut)', () => {
    for (const [zone, iso] of [['America/Sao_Paulo', '2018-11-04T12:00'], ['America/Havana', '2026-03-08T12:00'], ['Asia/Beirut', '2026-03-29T12:00'], ['Asia/Beirut', '2026-10-25T12:00']] as const) {
      const ms = DateTime.fromISO(iso, { zone }).toMillis();
      expect(startOfZonedDay(ms, zone), `${zone} ${iso}`).toBe(DateTime.fromMillis(ms, { zone }).startOf('day').toMillis());
    }
  });

  it('are right on both sides of a daylight-saving change', () => {
    const change = DateTime.fromISO('2026-03-08T02:00', { zone: 'America/New_York' }).toMillis(); // 07:00 UTC
    for (const ms of [change - 1, change, change + 1, change + 15 * 60_000 - 1]) {
      const d = DateTime.fromMillis(ms, { zone: 'America/New_York' });
      expect(zonedParts(ms, 'America/New_York').hour).toBe(d.hour);
    }
  });
});
