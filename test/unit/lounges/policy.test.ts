import { describe, expect, it } from 'vitest';
import {
  balanceOf,
  bookingRefusal,
  busyLevel,
  canChangeBooking,
  FLIGHT_NO_RE,
  NO_SHOW_GRACE_MS,
  normalizeFlightNo,
  occupancyAlert,
  prebookCapacity,
  slotMinutesOfDay,
  type BookingFacts,
} from '../../../src/lounges/policy';
import { currentSlot, findSlot, slotsOn } from '../../../src/lounges/slots';

const ZONE = 'Asia/Shanghai';
const MIN = 60_000;
/** An instant given as Shanghai wall-clock time (UTC+8, no DST). */
const sh = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

describe('slotMinutesOfDay', () => {
  it('steps from opening to closing in the slot length', () => {
    expect(slotMinutesOfDay({ opensAt: 360, closesAt: 600, slotMinutes: 60 })).toEqual([
      { from: 360, to: 420 },
      { from: 420, to: 480 },
      { from: 480, to: 540 },
      { from: 540, to: 600 },
    ]);
  });

  it('runs to midnight when the lounge closes at 1440', () => {
    const slots = slotMinutesOfDay({ opensAt: 0, closesAt: 1440, slotMinutes: 120 });
    expect(slots).toHaveLength(12);
    expect(slots[0]).toEqual({ from: 0, to: 120 });
    expect(slots[11]).toEqual({ from: 1320, to: 1440 });
  });

  it('leaves out a last, shorter slot when the length does not divide the opening hours', () => {
    // 06:00–23:00 in 90-minute steps: the last whole slot is 21:00–22:30; 22:30–24:00 would pass closing
    const slots = slotMinutesOfDay({ opensAt: 360, closesAt: 1380, slotMinutes: 90 });
    expect(slots).toHaveLength(11);
    expect(slots.at(-1)).toEqual({ from: 1260, to: 1350 });
    expect(slots.every((s) => s.to <= 1380)).toBe(true);
    // 0–1440 in 7-minute steps: 205 whole slots, the last ends at 1435
    const sevens = slotMinutesOfDay({ opensAt: 0, closesAt: 1440, slotMinutes: 7 });
    expect(sevens).toHaveLength(205);
    expect(sevens.at(-1)).toEqual({ from: 1428, to: 1435 });
  });

  it('has no slot when the opening hours are shorter than one slot', () => {
    expect(slotMinutesOfDay({ opensAt: 600, closesAt: 630, slotMinutes: 60 })).toEqual([]);
  });
});

describe('prebookCapacity', () => {
  it('rounds the share down to whole places', () => {
    expect(prebookCapacity(20, 70)).toBe(14);
    expect(prebookCapacity(10, 75)).toBe(7);
    expect(prebookCapacity(3, 50)).toBe(1);
    expect(prebookCapacity(1, 99)).toBe(0);
    expect(prebookCapacity(7, 100)).toBe(7);
    expect(prebookCapacity(40, 0)).toBe(0);
  });
});

describe('flight numbers', () => {
  it('normalizes case, spaces and dashes', () => {
    expect(normalizeFlightNo('hu 7181')).toBe('HU7181');
    expect(normalizeFlightNo(' cz-6789 ')).toBe('CZ6789');
  });

  it('accepts airline codes of two letters or a letter and a digit, and 1–4 digits', () => {
    for (const ok of ['HU7181', '3U8888', 'MU5', 'CA1234', 'HU7181A', 'G5432']) expect(FLIGHT_NO_RE.test(ok), ok).toBe(true);
    expect(FLIGHT_NO_RE.test(normalizeFlightNo('hu 7181'))).toBe(true);
  });

  it('refuses an airline code alone, digits alone, or more than four digits', () => {
    for (const bad of ['HU', '7181', 'HU12345', '', 'HU71 81', 'hu7181', 'H7181X1']) expect(FLIGHT_NO_RE.test(bad), bad).toBe(false);
  });
});

describe('bookingRefusal', () => {
  const now = sh(2026, 11, 26, 10);
  const base: BookingFacts = {
    role: 'member',
    disabled: false,
    now,
    slotStart: sh(2026, 11, 27, 8),
    slotExists: true,
    daysAhead: 1,
    maxDaysAhead: 30,
    remainingVisits: 4,
    companions: 0,
    companionsAllowed: 1,
    bookedPeople: 0,
    slotCapacity: 14,
    alreadyBooked: false,
  };

  it('allows a member with visits left a free slot within 30 days', () => {
    expect(bookingRefusal(base)).toBeNull();
    expect(bookingRefusal({ ...base, daysAhead: 30 })).toBeNull();
    expect(bookingRefusal({ ...base, companions: 1, bookedPeople: 12 })).toBeNull();
    expect(bookingRefusal({ ...base, remainingVisits: 1 })).toBeNull();
  });

  it('gives each reason on its own', () => {
    expect(bookingRefusal({ ...base, role: 'lounge_staff' })).toBe('not_member_role');
    expect(bookingRefusal({ ...base, disabled: true })).toBe('disabled');
    expect(bookingRefusal({ ...base, slotStart: now })).toBe('past');
    expect(bookingRefusal({ ...base, slotStart: now - MIN })).toBe('past');
    expect(bookingRefusal({ ...base, slotExists: false })).toBe('closed');
    expect(bookingRefusal({ ...base, daysAhead: 31 })).toBe('too_far');
    expect(bookingRefusal({ ...base, alreadyBooked: true })).toBe('already_booked');
    expect(bookingRefusal({ ...base, companions: 2 })).toBe('companions_over_limit');
    expect(bookingRefusal({ ...base, companions: -1 })).toBe('companions_over_limit');
    expect(bookingRefusal({ ...base, remainingVisits: 0 })).toBe('no_visits_left');
    expect(bookingRefusal({ ...base, remainingVisits: -1 })).toBe('no_visits_left');
    expect(bookingRefusal({ ...base, bookedPeople: 14 })).toBe('slot_full');
    expect(bookingRefusal({ ...base, bookedPeople: 13, companions: 1 })).toBe('slot_full');
  });

  it('names the first reason in order: role, disabled, past, closed, too far, already booked, companions, visits, full', () => {
    const worst: BookingFacts = {
      ...base,
      role: 'admin',
      disabled: true,
      slotStart: now - MIN,
      slotExists: false,
      daysAhead: 40,
      alreadyBooked: true,
      companions: 5,
      remainingVisits: 0,
      bookedPeople: 14,
    };
    const order = ['not_member_role', 'disabled', 'past', 'closed', 'too_far', 'already_booked', 'companions_over_limit', 'no_visits_left', 'slot_full'] as const;
    let facts = worst;
    for (const reason of order) {
      expect(bookingRefusal(facts)).toBe(reason);
      // take that reason away: the next one is named
      facts = fixed(facts, reason);
    }
    expect(bookingRefusal(facts)).toBeNull();
  });

  function fixed(f: BookingFacts, reason: string): BookingFacts {
    switch (reason) {
      case 'not_member_role':
        return { ...f, role: 'member' };
      case 'disabled':
        return { ...f, disabled: false };
      case 'past':
        return { ...f, slotStart: base.slotStart };
      case 'closed':
        return { ...f, slotExists: true };
      case 'too_far':
        return { ...f, daysAhead: 1 };
      case 'already_booked':
        return { ...f, alreadyBooked: false };
      case 'companions_over_limit':
        return { ...f, companions: 0 };
      case 'no_visits_left':
        return { ...f, remainingVisits: 2 };
      default:
        return { ...f, bookedPeople: 0 };
    }
  }
});

describe('canChangeBooking', () => {
  it('is allowed until the slot starts, not at or after it', () => {
    const start = sh(2026, 11, 27, 8);
    expect(canChangeBooking(start - 1, start)).toBe(true);
    expect(canChangeBooking(start, start)).toBe(false);
    expect(canChangeBooking(start + MIN, start)).toBe(false);
  });

  it('turns a booking into a no-show 30 minutes after its slot ends', () => {
    expect(NO_SHOW_GRACE_MS).toBe(30 * MIN);
  });
});

describe('busyLevel', () => {
  it('grades the booked share: under 35 % quiet, from 35 % moderate, from 75 % busy, at capacity full', () => {
    expect(busyLevel(0, 20)).toBe('quiet');
    expect(busyLevel(6, 20)).toBe('quiet'); // 30 %
    expect(busyLevel(7, 20)).toBe('moderate'); // 35 %
    expect(busyLevel(14, 20)).toBe('moderate'); // 70 %
    expect(busyLevel(15, 20)).toBe('busy'); // 75 %
    expect(busyLevel(19, 20)).toBe('busy');
    expect(busyLevel(20, 20)).toBe('full');
    expect(busyLevel(25, 20)).toBe('full');
  });

  it('is full when nothing can be pre-booked', () => {
    expect(busyLevel(0, 0)).toBe('full');
  });
});

describe('occupancyAlert', () => {
  it('is near from 90 % of the room (rounded up) and full at capacity', () => {
    expect(occupancyAlert(17, 20)).toBeNull();
    expect(occupancyAlert(18, 20)).toBe('near');
    expect(occupancyAlert(19, 20)).toBe('near');
    expect(occupancyAlert(20, 20)).toBe('full');
    expect(occupancyAlert(22, 20)).toBe('full');
    // 90 % of 15 is 13.5: near from 14
    expect(occupancyAlert(13, 15)).toBeNull();
    expect(occupancyAlert(14, 15)).toBe('near');
    expect(occupancyAlert(0, 1)).toBeNull();
    expect(occupancyAlert(1, 1)).toBe('full');
  });
});

describe('balanceOf', () => {
  it('leaves what the allowance has after reservations and uses', () => {
    expect(balanceOf({ allowance: 8, reserved: 2, used: 3 })).toEqual({ allowance: 8, reserved: 2, used: 3, remaining: 3 });
    expect(balanceOf({ allowance: 0, reserved: 0, used: 0 })).toEqual({ allowance: 0, reserved: 0, used: 0, remaining: 0 });
    // after an allowance is lowered below what is taken the balance goes negative rather than hiding it
    expect(balanceOf({ allowance: 2, reserved: 1, used: 2 }).remaining).toBe(-1);
  });
});

describe('slots in Asia/Shanghai', () => {
  const lounge = { opensAt: 360, closesAt: 1380, slotMinutes: 60 };

  it('lays out the day of any instant in it, in local time', () => {
    for (const at of [sh(2026, 11, 27, 0, 0), sh(2026, 11, 27, 12, 34), sh(2026, 11, 27, 23, 59)]) {
      const slots = slotsOn(lounge, at, ZONE);
      expect(slots).toHaveLength(17);
      expect(slots[0]).toEqual({ start: sh(2026, 11, 27, 6), end: sh(2026, 11, 27, 7) });
      expect(slots.at(-1)).toEqual({ start: sh(2026, 11, 27, 22), end: sh(2026, 11, 27, 23) });
    }
    // 06:00 local on the 27th is 22:00 UTC on the 26th
    expect(slotsOn(lounge, sh(2026, 11, 27, 1), ZONE)[0]!.start).toBe(Date.UTC(2026, 10, 26, 22, 0));
  });

  it('ends the last slot at the next midnight when the lounge closes at 1440', () => {
    const slots = slotsOn({ opensAt: 1320, closesAt: 1440, slotMinutes: 60 }, sh(2026, 12, 31, 12), ZONE);
    expect(slots).toEqual([
      { start: sh(2026, 12, 31, 22), end: sh(2026, 12, 31, 23) },
      { start: sh(2026, 12, 31, 23), end: sh(2027, 1, 1, 0) },
    ]);
  });

  it('finds a slot only by its exact start', () => {
    expect(findSlot(lounge, sh(2026, 11, 27, 6), ZONE)).toEqual({ start: sh(2026, 11, 27, 6), end: sh(2026, 11, 27, 7) });
    expect(findSlot(lounge, sh(2026, 11, 27, 6, 30), ZONE)).toBeNull();
    expect(findSlot(lounge, sh(2026, 11, 27, 5), ZONE)).toBeNull(); // before opening
    expect(findSlot(lounge, sh(2026, 11, 27, 23), ZONE)).toBeNull(); // closing time is no slot
    expect(findSlot(lounge, sh(2026, 11, 27, 6) + 1, ZONE)).toBeNull();
  });

  it('gives the slot the lounge is in at an instant, and none while it is closed', () => {
    expect(currentSlot(lounge, sh(2026, 11, 27, 6), ZONE)).toEqual({ start: sh(2026, 11, 27, 6), end: sh(2026, 11, 27, 7) });
    expect(currentSlot(lounge, sh(2026, 11, 27, 14, 59), ZONE)).toEqual({ start: sh(2026, 11, 27, 14), end: sh(2026, 11, 27, 15) });
    expect(currentSlot(lounge, sh(2026, 11, 27, 22, 59), ZONE)).toEqual({ start: sh(2026, 11, 27, 22), end: sh(2026, 11, 27, 23) });
    expect(currentSlot(lounge, sh(2026, 11, 27, 23), ZONE)).toBeNull();
    expect(currentSlot(lounge, sh(2026, 11, 27, 5, 59), ZONE)).toBeNull();
    expect(currentSlot(lounge, sh(2026, 11, 28, 0, 30), ZONE)).toBeNull();
  });
});
