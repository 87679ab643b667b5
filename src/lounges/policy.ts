import type { Role } from '../../db/schema';
import { HOUR, MINUTE } from '../lib/clock';

/** Slots of one day: from opening to closing in steps of the lounge's slot length (minutes after local midnight). */
export function slotMinutesOfDay(lounge: { opensAt: number; closesAt: number; slotMinutes: number }): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let m = lounge.opensAt; m + lounge.slotMinutes <= lounge.closesAt; m += lounge.slotMinutes) out.push({ from: m, to: m + lounge.slotMinutes });
  return out;
}

/** Places per slot that may be pre-booked; the rest of the capacity is kept for walk-ins. */
export function prebookCapacity(capacity: number, sharePct: number): number {
  return Math.floor((capacity * sharePct) / 100);
}

/** A flight number as printed on a boarding pass: airline code (two letters, or a letter and a digit) and 1–4 digits. */
export const FLIGHT_NO_RE = /^([A-Z]{2}|[A-Z]\d|\d[A-Z])\d{1,4}[A-Z]?$/;

export function normalizeFlightNo(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export type BookingRefusal =
  | 'not_member_role'
  | 'disabled'
  | 'past'
  | 'closed'
  | 'too_far'
  | 'no_visits_left'
  | 'companions_over_limit'
  | 'slot_full'
  | 'already_booked';

export interface BookingFacts {
  role: Role;
  disabled: boolean;
  now: number;
  slotStart: number;
  /** the slot is one of the lounge's slots on that day */
  slotExists: boolean;
  /** bookings are taken up to this many days ahead */
  daysAhead: number;
  maxDaysAhead: number;
  remainingVisits: number;
  companions: number;
  companionsAllowed: number;
  /** people already booked into the slot, and the slot's pre-book capacity */
  bookedPeople: number;
  slotCapacity: number;
  alreadyBooked: boolean;
}

/** The pure booking rule, in the order a member should hear the reasons. */
export function bookingRefusal(f: BookingFacts): BookingRefusal | null {
  if (f.role !== 'member') return 'not_member_role';
  if (f.disabled) return 'disabled';
  if (f.now >= f.slotStart) return 'past';
  if (!f.slotExists) return 'closed';
  if (f.daysAhead > f.maxDaysAhead) return 'too_far';
  if (f.alreadyBooked) return 'already_booked';
  if (f.companions < 0 || f.companions > f.companionsAllowed) return 'companions_over_limit';
  if (f.remainingVisits <= 0) return 'no_visits_left';
  if (f.bookedPeople + 1 + f.companions > f.slotCapacity) return 'slot_full';
  return null;
}

export const BOOKING_DAYS_AHEAD = 30;

/** A booking may be cancelled or changed until its slot starts. */
export function canChangeBooking(now: number, slotStart: number): boolean {
  return now < slotStart;
}

/** Bookings nobody checked in for become no-shows this long after their slot ends. */
export const NO_SHOW_GRACE_MS = 30 * MINUTE;

/** A booked guest may be checked in from this long before their slot (an early flight, a long transfer). */
export const CHECK_IN_OPENS_BEFORE_MS = 3 * HOUR;

/** Whether a booking can be checked in now: from 3 hours before its slot until the no-show grace after it ends. */
export function checkInTiming(now: number, slotStart: number, slotEnd: number): 'too_early' | 'too_late' | null {
  if (now < slotStart - CHECK_IN_OPENS_BEFORE_MS) return 'too_early';
  if (now >= slotEnd + NO_SHOW_GRACE_MS) return 'too_late';
  return null;
}

export type BusyLevel = 'quiet' | 'moderate' | 'busy' | 'full';

/** How busy a slot is expected to be, from the pre-booked people against the pre-book capacity. */
export function busyLevel(bookedPeople: number, slotCapacity: number): BusyLevel {
  if (slotCapacity <= 0 || bookedPeople >= slotCapacity) return 'full';
  const share = bookedPeople / slotCapacity;
  if (share >= 0.75) return 'busy';
  if (share >= 0.35) return 'moderate';
  return 'quiet';
}

/** At the desk: an alert when the room is at 90 % or more. */
export function occupancyAlert(inside: number, capacity: number): 'full' | 'near' | null {
  if (inside >= capacity) return 'full';
  if (inside >= Math.ceil(capacity * 0.9)) return 'near';
  return null;
}

export interface Balance {
  allowance: number;
  reserved: number;
  used: number;
  remaining: number;
}

/** A balance from ledger sums. */
export function balanceOf(sums: { allowance: number; reserved: number; used: number }): Balance {
  return { ...sums, remaining: sums.allowance - sums.reserved - sums.used };
}

/** The years a statement can be read for: next year (visits booked ahead), this year and the two before. */
export function statementYears(thisYear: number): number[] {
  return [thisYear + 1, thisYear, thisYear - 1, thisYear - 2];
}

/** The statement year asked for in a query ("2025"), if it is a year near this one; else this year. */
export function statementYear(asked: string | undefined, thisYear: number): number {
  return asked && /^\d{4}$/.test(asked) && Math.abs(Number(asked) - thisYear) <= 5 ? Number(asked) : thisYear;
}
