import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { localHour, localMonth, localWeekday, offsetSegments } from '../../../src/admin/zone-sql';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { monthKey, zonedParts, zonedToInstant } from '../../../src/lib/time';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';
import { createLounge, createUser } from '../../helpers/factories';
import { addEvent, addReg, addVisit, csvRows, tableRows } from './reports-fixtures';

let ctx: TestContext | undefined;
afterEach(() => ctx?.close());

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Chatham', 'UTC'];

describe('local months, hours and weekdays computed in SQL', () => {
  it('agree with src/lib/time.ts for every instant tried, in zones with and without daylight saving', async () => {
    ctx = await createTestContext();
    const start = Date.UTC(2025, 11, 1);
    const end = Date.UTC(2027, 0, 1);
    // random instants, plus the minutes around every offset change
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const zone of ZONES) {
      const segments = offsetSegments(start, end, zone);
      const instants = Array.from({ length: 400 }, () => start + Math.floor(random() * (end - start)));
      for (const s of segments.slice(1)) instants.push(s.from - MINUTE, s.from - 1, s.from, s.from + 1, s.from + 30 * MINUTE);
      const values = sql.join(
        instants.map((ms) => sql`(${ms})`),
        sql`, `,
      );
      const col = sql`t.column1`;
      const rows = await ctx.deps.db.all<{ ms: number; month: string; hour: number; weekday: number }>(
        sql`SELECT t.column1 AS ms, ${localMonth(col, segments)} AS month, ${localHour(col, segments)} AS hour, ${localWeekday(col, segments)} AS weekday FROM (VALUES ${values}) AS t`,
      );
      expect(rows).toHaveLength(instants.length);
      for (const r of rows) {
        const p = zonedParts(Number(r.ms), zone);
        expect({ zone, ms: r.ms, month: r.month, hour: Number(r.hour), weekday: Number(r.weekday) }).toEqual({ zone, ms: r.ms, month: monthKey(Number(r.ms), zone), hour: p.hour, weekday: p.weekday });
      }
    }
  });

  it('finds each offset change to the minute (New York 2026: 8 March and 1 November)', () => {
    const segments = offsetSegments(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1), 'America/New_York');
    expect(segments).toEqual([
      { from: Date.UTC(2026, 0, 1), offset: -5 * HOUR },
      { from: Date.UTC(2026, 2, 8, 7), offset: -4 * HOUR },
      { from: Date.UTC(2026, 10, 1, 6), offset: -5 * HOUR },
    ]);
    expect(offsetSegments(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1), 'Asia/Shanghai')).toEqual([{ from: Date.UTC(2026, 0, 1), offset: 8 * HOUR }]);
  });
});

describe('reports in a zone with daylight saving (TIME_ZONE=America/New_York)', () => {
  it('counts an event at 23:30 on 31 October in October, and both 01:30s of 1 November in the 01 hour of a Sunday', async () => {
    ctx = await createTestContext({ env: { TIME_ZONE: 'America/New_York' } });
    const zone = 'America/New_York';
    const admin = await createUser(ctx, { role: 'admin' });
    const member = await createUser(ctx);
    const lounge = await createLounge(ctx);
    const late = zonedToInstant({ year: 2026, month: 10, day: 31, hour: 23, minute: 30 }, zone);
    expect(new Date(late).toISOString()).toBe('2026-11-01T03:30:00.000Z');
    const event = await addEvent(ctx, { clubId: null, startsAt: late });
    await addReg(ctx, { eventId: event.id, userId: member.id, checkedIn: 1 });
    // 1 November 2026: 01:30 EDT (05:30 UTC), then the clocks go back and it is 01:30 EST (06:30 UTC)
    const edt = Date.UTC(2026, 10, 1, 5, 30);
    const est = Date.UTC(2026, 10, 1, 6, 30);
    expect(zonedParts(edt, zone).hour).toBe(1);
    expect(zonedParts(est, zone).hour).toBe(1);
    await addVisit(ctx, { loungeId: lounge.id, userId: member.id, slotStart: edt - 30 * MINUTE, status: 'checked_out', checkedInAt: edt });
    await addVisit(ctx, { loungeId: lounge.id, userId: member.id, slotStart: est - 30 * MINUTE, status: 'checked_out', checkedInAt: est });
    // 23:30 on a summer Saturday (03:30 UTC Sunday): Saturday 23
    const summer = zonedToInstant({ year: 2026, month: 7, day: 4, hour: 23, minute: 30 }, zone);
    await addVisit(ctx, { loungeId: lounge.id, userId: member.id, slotStart: summer, status: 'checked_out', checkedInAt: summer });

    const client = new TestClient(ctx);
    await client.signIn(admin.phone);
    const months = tableRows(await (await client.get('/admin/reports?lang=en&from=2026-10&to=2026-11')).text(), 'table-months');
    expect(months[1]!.slice(0, 3)).toEqual(['Oct 2026', '1', '1']);
    expect(months[2]!.slice(0, 3)).toEqual(['Nov 2026', '0', '0']);
    const heat = csvRows(await (await client.get('/admin/reports/lounges.csv?lang=en&from=2026-01&to=2026-12')).text());
    expect(heat[7]![0]).toBe('Sun');
    expect(heat[7]![2]).toBe('2');
    expect(heat[6]![0]).toBe('Sat');
    expect(heat[6]![24]).toBe('1');
    expect(heat[8]![25]).toBe('3');
  });
});
