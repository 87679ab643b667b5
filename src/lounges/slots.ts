import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { loungeBookings, lounges } from '../../db/schema';
import type { DbOrTx } from '../db';
import { atMinuteOfDay, startOfZonedDay } from '../lib/time';
import { busyLevel, prebookCapacity, slotMinutesOfDay, type BusyLevel } from './policy';

export type LoungeRow = typeof lounges.$inferSelect;

export interface Slot {
  start: number;
  end: number;
}

/** The lounge's arrival slots on the zoned day that contains `dayStart`. */
export function slotsOn(lounge: Pick<LoungeRow, 'opensAt' | 'closesAt' | 'slotMinutes'>, dayStart: number, zone: string): Slot[] {
  const midnight = startOfZonedDay(dayStart, zone);
  return slotMinutesOfDay(lounge).map((s) => ({ start: atMinuteOfDay(midnight, s.from, zone), end: atMinuteOfDay(midnight, s.to, zone) }));
}

/** The slot that starts exactly at `slotStart`, if the lounge has one then. */
export function findSlot(lounge: Pick<LoungeRow, 'opensAt' | 'closesAt' | 'slotMinutes'>, slotStart: number, zone: string): Slot | null {
  return slotsOn(lounge, slotStart, zone).find((s) => s.start === slotStart) ?? null;
}

/** The slot the lounge is in at `at` (for a walk-in), if it is open then. */
export function currentSlot(lounge: Pick<LoungeRow, 'opensAt' | 'closesAt' | 'slotMinutes'>, at: number, zone: string): Slot | null {
  return slotsOn(lounge, at, zone).find((s) => s.start <= at && at < s.end) ?? null;
}

/** People pre-booked into each slot (walk-ins use the rest of the room and are not counted here). */
export async function bookedPeopleBySlot(db: DbOrTx, loungeId: number, from: number, to: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ slotStart: loungeBookings.slotStart, people: sql<number>`sum(1 + ${loungeBookings.companions})` })
    .from(loungeBookings)
    .where(
      and(
        eq(loungeBookings.loungeId, loungeId),
        gte(loungeBookings.slotStart, from),
        lt(loungeBookings.slotStart, to),
        eq(loungeBookings.walkIn, false),
        inArray(loungeBookings.status, ['booked', 'checked_in', 'checked_out']),
      ),
    )
    .groupBy(loungeBookings.slotStart);
  return new Map(rows.map((r) => [r.slotStart, Number(r.people)]));
}

/** People in the lounge right now: everyone checked in and not yet out, with the companions who came. */
export async function occupancyOf(db: DbOrTx, loungeId: number): Promise<number> {
  const [row] = await db
    .select({ people: sql<number>`coalesce(sum(1 + coalesce(${loungeBookings.companionsArrived}, ${loungeBookings.companions})), 0)` })
    .from(loungeBookings)
    .where(and(eq(loungeBookings.loungeId, loungeId), eq(loungeBookings.status, 'checked_in')));
  return Number(row?.people ?? 0);
}

export interface SlotView extends Slot {
  booked: number;
  capacity: number;
  level: BusyLevel;
  past: boolean;
}

/** A day's slots with how full each is expected to be. */
export async function daySlots(db: DbOrTx, lounge: LoungeRow, dayStart: number, zone: string, now: number): Promise<SlotView[]> {
  const slots = slotsOn(lounge, dayStart, zone);
  if (slots.length === 0) return [];
  const booked = await bookedPeopleBySlot(db, lounge.id, slots[0]!.start, slots[slots.length - 1]!.end);
  const capacity = prebookCapacity(lounge.capacity, lounge.prebookSharePct);
  return slots.map((s) => {
    const people = booked.get(s.start) ?? 0;
    return { ...s, booked: people, capacity, level: busyLevel(people, capacity), past: s.start <= now };
  });
}
