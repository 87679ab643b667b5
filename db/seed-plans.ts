import { randomCode } from '../src/lib/codes';
import { HOUR, MINUTE } from '../src/lib/clock';
import type { Db } from '../src/db';
import { addZonedDays, startOfZonedDay, startOfZonedYear, zonedParts, zonedToInstant } from '../src/lib/time';
import { entitlementLedger, loungeBookings } from './schema';

/**
 * The gold member's lounge year, written by hand because the README counts it: one visit made this year and one
 * booked for a few days ahead, so /lounges shows "4 a year, 2 left" and /me has something to cancel.
 * Both stay inside the current calendar year (the allowance is per year): near the year's ends the days move in.
 */
export interface PlanInput {
  now: number;
  zone: string;
  memberId: number;
  staffId: number;
  tier: { nameZh: string; nameEn: string; loungeVisitsPerYear: number };
  visited: { id: number; nameZh: string; nameEn: string };
  booked: { id: number; nameZh: string; nameEn: string };
}

/** Days before today of the visit made, and after today of the visit booked. */
export const GOLD_VISIT_DAYS_AGO = 52;
export const GOLD_BOOKING_IN_DAYS = 5;

export async function seedGoldMemberLounges(db: Db, p: PlanInput): Promise<number> {
  const today = startOfZonedDay(p.now, p.zone);
  const year = zonedParts(p.now, p.zone).year;
  const yearStart = startOfZonedYear(p.now, p.zone);
  const nextYear = zonedToInstant({ year: year + 1, month: 1, day: 1 }, p.zone);
  const at = (day: number, hour: number, minute: number) => {
    const d = zonedParts(day, p.zone);
    return zonedToInstant({ year: d.year, month: d.month, day: d.day, hour, minute }, p.zone);
  };
  const pastDay = Math.max(addZonedDays(today, -GOLD_VISIT_DAYS_AGO, p.zone), yearStart);
  const pastSlot = at(pastDay, 8, 0);
  const futureDay = Math.min(addZonedDays(today, GOLD_BOOKING_IN_DAYS, p.zone), addZonedDays(nextYear, -1, p.zone));
  const futureSlot = at(futureDay, 18, 30);
  const visited = { loungeZh: p.visited.nameZh, loungeEn: p.visited.nameEn };
  const booked = { loungeZh: p.booked.nameZh, loungeEn: p.booked.nameEn };
  const madeAt = pastSlot - 6 * 24 * HOUR;
  const checkedInAt = pastSlot + 10 * MINUTE;
  const rows: Array<typeof loungeBookings.$inferInsert> = [];
  // on the year's first morning there is no past visit yet
  const hasPast = pastSlot + 3 * HOUR < p.now;
  if (hasPast) {
    rows.push({ code: randomCode(8), loungeId: p.visited.id, userId: p.memberId, slotStart: pastSlot, slotEnd: pastSlot + HOUR, year, companions: 1, companionsArrived: 1, flightNo: 'HU7181', status: 'checked_out', createdAt: madeAt, checkedInAt, checkedInBy: p.staffId, checkedOutAt: checkedInAt + 95 * MINUTE, checkedOutBy: p.staffId });
  }
  rows.push({ code: randomCode(8), loungeId: p.booked.id, userId: p.memberId, slotStart: futureSlot, slotEnd: futureSlot + HOUR, year, companions: 1, flightNo: 'HU7381', status: 'booked', createdAt: p.now - 2 * HOUR });
  return db.transaction(async (tx) => {
    const ids = await tx.insert(loungeBookings).values(rows).returning({ id: loungeBookings.id, status: loungeBookings.status });
    const past = ids.find((b) => b.status === 'checked_out');
    const future = ids.find((b) => b.status === 'booked')!;
    const grantAt = hasPast ? madeAt : p.now - 2 * HOUR;
    const lines: Array<typeof entitlementLedger.$inferInsert> = [
      { userId: p.memberId, year, at: grantAt, type: 'grant', allowanceDelta: p.tier.loungeVisitsPerYear, params: { tierZh: p.tier.nameZh, tierEn: p.tier.nameEn, visits: p.tier.loungeVisitsPerYear } },
      { userId: p.memberId, year, at: p.now - 2 * HOUR, type: 'reserve', reservedDelta: 1, bookingId: future.id, params: { ...booked, slotStart: futureSlot, companions: 1 } },
    ];
    if (past) {
      lines.push({ userId: p.memberId, year, at: madeAt, type: 'reserve', reservedDelta: 1, bookingId: past.id, params: { ...visited, slotStart: pastSlot, companions: 1 } });
      lines.push({ userId: p.memberId, year, at: checkedInAt, type: 'use', reservedDelta: -1, usedDelta: 1, bookingId: past.id, actorId: p.staffId, params: { ...visited, companions: 1 } });
    }
    await tx.insert(entitlementLedger).values(lines);
    return rows.length;
  });
}
