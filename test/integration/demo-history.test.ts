import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../db/seed';
import { loungeHeatMap } from '../../src/admin/report-lounges';
import { defaultReportFilters } from '../../src/admin/report-filters';
import { satisfactionByMonth } from '../../src/admin/report-satisfaction';
import { attendanceByMonth } from '../../src/admin/reports';
import { createTestContext, FIXED_NOW, type TestContext } from '../helpers/context';

/** The demo's year of history (db/seed-history.ts): believable, within every rule, the same every run. */
describe('demo history', () => {
  let ctx: TestContext;
  const rows = async <T>(sql: string) => (await ctx.deps.client.execute(sql)).rows as unknown as T[];
  beforeEach(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.deps.db, { clock: ctx.clock, passwords: ctx.deps.passwords, timeZone: 'Asia/Shanghai' });
  });
  afterEach(() => ctx.close());

  it('lies in the year before the clock and is the same on every run with the same clock', async () => {
    const [past] = await rows<{ n: number; first: number; last: number }>(`SELECT count(*) AS n, min(starts_at) AS first, max(ends_at) AS last FROM events WHERE slug LIKE 'past-%'`);
    expect(past!.n).toBe(60);
    expect(past!.last).toBeLessThan(FIXED_NOW);
    expect(past!.first).toBeGreaterThan(FIXED_NOW - 366 * 86_400_000);
    const shape = async (c: TestContext) => (await c.deps.client.execute(`SELECT (SELECT count(*) FROM registrations) AS r, (SELECT count(*) FROM lounge_bookings) AS b, (SELECT sum(score) FROM ratings) AS s, (SELECT group_concat(name) FROM users) AS names`)).rows[0];
    const other = await createTestContext();
    try {
      await seedDemo(other.deps.db, { clock: other.clock, passwords: other.deps.passwords, timeZone: 'Asia/Shanghai' });
      expect(await shape(other)).toEqual(await shape(ctx));
    } finally {
      other.close();
    }
  });

  it('never holds more seats than an event has, nor more visits than a tier grants, and rates only what happened', async () => {
    expect(await rows(`SELECT e.id FROM events e JOIN registrations r ON r.event_id = e.id AND r.status = 'confirmed' GROUP BY e.id HAVING sum(r.seats) > e.capacity`)).toEqual([]);
    expect(await rows(`SELECT id FROM registrations WHERE checked_in_seats > seats OR (status = 'cancelled' AND checked_in_seats > 0)`)).toEqual([]);
    // per member and year: one allowance line, nothing reserved below zero, never more taken than granted
    expect(
      await rows(`SELECT user_id, year FROM entitlement_ledger GROUP BY user_id, year
        HAVING sum(type = 'grant') <> 1 OR sum(reserved_delta) < 0 OR sum(allowance_delta) - sum(reserved_delta) - sum(used_delta) < 0`),
    ).toEqual([]);
    // a past booking still "booked" would be marked a no-show by the job; the history settles each one itself
    expect(await rows(`SELECT id FROM lounge_bookings WHERE status IN ('booked', 'checked_in') AND slot_end < ${FIXED_NOW}`)).toEqual([]);
    expect(await rows(`SELECT b.id FROM lounge_bookings b WHERE b.status <> 'booked' AND NOT EXISTS (SELECT 1 FROM entitlement_ledger l WHERE l.booking_id = b.id AND l.type IN ('use', 'no_show'))`)).toEqual([]);
    expect(await rows(`SELECT r.id FROM ratings r LEFT JOIN registrations g ON g.id = r.registration_id LEFT JOIN lounge_bookings b ON b.id = r.booking_id WHERE NOT (coalesce(g.checked_in_seats, 0) > 0 OR b.status = 'checked_out') OR r.created_at > ${FIXED_NOW}`)).toEqual([]);
    expect(await rows('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('gives every report on /admin/reports something to show in each of the last twelve months', async () => {
    const [admin] = await rows<{ id: number }>(`SELECT id FROM users WHERE phone = '13800000000'`);
    const actor = { id: admin!.id, role: 'admin' as const };
    const deps = { ...ctx.deps, config: { timeZone: 'Asia/Shanghai' } };
    const filters = defaultReportFilters(FIXED_NOW, 'Asia/Shanghai');
    const attendance = await attendanceByMonth(deps, actor, filters);
    const satisfaction = await satisfactionByMonth(deps, actor, filters);
    const lounges = await loungeHeatMap(deps, actor, filters);
    if (!attendance.ok || !satisfaction.ok || !lounges.ok) throw new Error('report refused');
    expect(attendance.value.months).toHaveLength(12);
    for (const m of attendance.value.months) {
      expect(m.events, m.month).toBeGreaterThan(0);
      expect(m.checkedInSeats, m.month).toBeGreaterThan(0);
    }
    expect(attendance.value.totals.noShows).toBeGreaterThan(0);
    expect(attendance.value.totals.cancelled).toBeGreaterThan(0);
    for (const m of satisfaction.value.months) expect(m.all.count, m.month).toBeGreaterThan(0);
    expect(satisfaction.value.totals.lounges.count).toBeGreaterThan(0);
    const busyCells = lounges.value.cells.flat().filter((n) => n > 0).length;
    expect(busyCells).toBeGreaterThan(40);
    expect(lounges.value.totals.noShows).toBeGreaterThan(0);
    expect(lounges.value.totals.walkIns).toBeGreaterThan(0);
  });
});
