import { describe, it, expect } from 'vitest';
import {
  canCancelRegistration,
  childFitsAgeRange,
  eventCapacityAllowed,
  eventTimesProblem,
  partyProblem,
  partySeats,
  planPromotion,
  registrationOpensAt,
  registrationRefusal,
  registrationWindow,
  type RegistrationFacts,
} from '../../../src/events/policy';

const HOUR = 3_600_000;
const GENERAL = Date.UTC(2026, 11, 1, 2, 0); // 10:00 on 1 Dec in Shanghai

describe('registrationOpensAt', () => {
  it('opens earlier by the tier’s early-access hours', () => {
    expect(registrationOpensAt(GENERAL, 72)).toBe(Date.UTC(2026, 10, 28, 2, 0));
    expect(registrationOpensAt(GENERAL, 72)).toBe(GENERAL - 72 * HOUR);
    expect(registrationOpensAt(GENERAL, 48)).toBe(Date.UTC(2026, 10, 29, 2, 0));
    expect(registrationOpensAt(GENERAL, 24)).toBe(Date.UTC(2026, 10, 30, 2, 0));
  });

  it('opens at the general time without early access', () => {
    expect(registrationOpensAt(GENERAL, 0)).toBe(GENERAL);
  });

  it('never opens later than the general time', () => {
    expect(registrationOpensAt(GENERAL, -5)).toBe(GENERAL);
  });
});

describe('registrationWindow', () => {
  const opens = GENERAL;
  const closes = Date.UTC(2026, 11, 8, 16, 0);

  it('is not yet open before the opening', () => {
    expect(registrationWindow(opens - 1, opens, closes)).toBe('not_yet_open');
  });

  it('is open from the opening instant itself', () => {
    expect(registrationWindow(opens, opens, closes)).toBe('open');
  });

  it('is open until just before closing', () => {
    expect(registrationWindow(closes - 1, opens, closes)).toBe('open');
  });

  it('is closed at the closing instant and after', () => {
    expect(registrationWindow(closes, opens, closes)).toBe('closed');
    expect(registrationWindow(closes + 1, opens, closes)).toBe('closed');
  });

  it('opens earlier for a tier with early access, on the same closing', () => {
    const forDiamond = registrationOpensAt(opens, 72);
    expect(registrationWindow(opens - 1, forDiamond, closes)).toBe('open');
    expect(registrationWindow(forDiamond - 1, forDiamond, closes)).toBe('not_yet_open');
  });
});

describe('partySeats', () => {
  it('counts the member, the guests and the children', () => {
    expect(partySeats(0, 0)).toBe(1);
    expect(partySeats(1, 0)).toBe(2);
    expect(partySeats(0, 2)).toBe(3);
    expect(partySeats(2, 3)).toBe(6);
  });
});

describe('childFitsAgeRange', () => {
  it('uses the age reached in the event’s year, inclusive at both ends', () => {
    // born 2020: 6 in 2026
    expect(childFitsAgeRange(2020, 2026, 6, 12)).toBe(true);
    expect(childFitsAgeRange(2021, 2026, 6, 12)).toBe(false);
    expect(childFitsAgeRange(2014, 2026, 6, 12)).toBe(true);
    expect(childFitsAgeRange(2013, 2026, 6, 12)).toBe(false);
    // the same child moves up a year when the event is in the next year
    expect(childFitsAgeRange(2021, 2027, 6, 12)).toBe(true);
  });

  it('treats a null bound as no limit on that side', () => {
    expect(childFitsAgeRange(2025, 2026, null, 12)).toBe(true);
    expect(childFitsAgeRange(2013, 2026, null, 12)).toBe(false);
    expect(childFitsAgeRange(2009, 2026, 6, null)).toBe(true);
    expect(childFitsAgeRange(2021, 2026, 6, null)).toBe(false);
    expect(childFitsAgeRange(1990, 2026, null, null)).toBe(true);
    expect(childFitsAgeRange(2026, 2026, null, null)).toBe(true);
  });
});

describe('registrationRefusal', () => {
  const NOW = Date.UTC(2026, 10, 26, 2, 0);
  const gold = { rank: 2 };
  const platinum = { rank: 3 };
  const ok: RegistrationFacts = {
    role: 'member',
    disabled: false,
    alreadyRegistered: false,
    eventStatus: 'scheduled',
    now: NOW,
    startsAt: NOW + 7 * 24 * HOUR,
    closesAt: NOW + 7 * 24 * HOUR - HOUR,
    opensForMember: NOW - HOUR,
    ownTier: gold,
    minTier: null,
    requiresClubMembership: false,
    isClubMember: false,
  };

  it('lets an eligible member register', () => {
    expect(registrationRefusal(ok)).toBeNull();
    expect(registrationRefusal({ ...ok, minTier: gold })).toBeNull();
    expect(registrationRefusal({ ...ok, requiresClubMembership: true, isClubMember: true })).toBeNull();
    expect(registrationRefusal({ ...ok, opensForMember: NOW })).toBeNull();
  });

  it('refuses each reason on its own', () => {
    expect(registrationRefusal({ ...ok, role: 'coordinator' })).toBe('not_member_role');
    expect(registrationRefusal({ ...ok, role: 'admin' })).toBe('not_member_role');
    expect(registrationRefusal({ ...ok, role: 'lounge_staff' })).toBe('not_member_role');
    expect(registrationRefusal({ ...ok, disabled: true })).toBe('disabled');
    expect(registrationRefusal({ ...ok, alreadyRegistered: true })).toBe('already_registered');
    expect(registrationRefusal({ ...ok, eventStatus: 'cancelled' })).toBe('event_cancelled');
    expect(registrationRefusal({ ...ok, now: ok.startsAt })).toBe('started');
    expect(registrationRefusal({ ...ok, now: ok.closesAt })).toBe('closed');
    expect(registrationRefusal({ ...ok, minTier: platinum })).toBe('tier_too_low');
    expect(registrationRefusal({ ...ok, ownTier: null, minTier: gold })).toBe('tier_too_low');
    expect(registrationRefusal({ ...ok, requiresClubMembership: true })).toBe('club_membership_required');
    expect(registrationRefusal({ ...ok, opensForMember: NOW + 1 })).toBe('not_open_yet');
  });

  it('gives the reasons in order: role, disabled, already, cancelled, started, closed, tier, club, not open yet', () => {
    const all: RegistrationFacts = {
      ...ok,
      role: 'coordinator',
      disabled: true,
      alreadyRegistered: true,
      eventStatus: 'cancelled',
      now: ok.startsAt + 1,
      minTier: platinum,
      requiresClubMembership: true,
      isClubMember: false,
      opensForMember: ok.startsAt + 2 * HOUR,
    };
    const order: Array<[Partial<RegistrationFacts>, string]> = [
      [{}, 'not_member_role'],
      [{ role: 'member' }, 'disabled'],
      [{ disabled: false }, 'already_registered'],
      [{ alreadyRegistered: false }, 'event_cancelled'],
      [{ eventStatus: 'scheduled' }, 'started'],
      [{ now: ok.closesAt + 1 }, 'closed'],
      [{ now: NOW }, 'tier_too_low'],
      [{ minTier: gold }, 'club_membership_required'],
      [{ isClubMember: true }, 'not_open_yet'],
      [{ opensForMember: NOW }, ''],
    ];
    let facts = all;
    for (const [change, expected] of order) {
      facts = { ...facts, ...change };
      expect(registrationRefusal(facts) ?? '').toBe(expected);
    }
  });
});

describe('partyProblem', () => {
  const plain = { maxGuests: 2, childMinAge: null, childMaxAge: null, startYear: 2026 };
  const family = { maxGuests: 1, childMinAge: 6, childMaxAge: 12, startYear: 2026 };

  it('accepts a party within the limits', () => {
    expect(partyProblem({ guests: 0, children: [] }, plain)).toBeNull();
    expect(partyProblem({ guests: 2, children: [] }, plain)).toBeNull();
    expect(partyProblem({ guests: 1, children: [{ birthYear: 2020 }, { birthYear: 2014 }] }, family)).toBeNull();
  });

  it('refuses more guests than allowed, or a negative count', () => {
    expect(partyProblem({ guests: 3, children: [] }, plain)).toBe('guests_over_limit');
    expect(partyProblem({ guests: -1, children: [] }, plain)).toBe('guests_over_limit');
    expect(partyProblem({ guests: 1, children: [] }, { ...plain, maxGuests: 0 })).toBe('guests_over_limit');
  });

  it('refuses children for an event without an age range', () => {
    expect(partyProblem({ guests: 0, children: [{ birthYear: 2020 }] }, plain)).toBe('children_not_allowed');
    expect(partyProblem({ guests: 0, children: [undefined] }, plain)).toBe('children_not_allowed');
  });

  it('refuses an unknown child and a child outside the age range', () => {
    expect(partyProblem({ guests: 0, children: [{ birthYear: 2020 }, undefined] }, family)).toBe('child_unknown');
    expect(partyProblem({ guests: 0, children: [{ birthYear: 2022 }] }, family)).toBe('child_out_of_range');
    expect(partyProblem({ guests: 0, children: [{ birthYear: 2010 }] }, family)).toBe('child_out_of_range');
  });

  it('accepts a one-sided age range', () => {
    expect(partyProblem({ guests: 0, children: [{ birthYear: 2025 }] }, { ...family, childMinAge: null })).toBeNull();
    expect(partyProblem({ guests: 0, children: [{ birthYear: 2009 }] }, { ...family, childMaxAge: null })).toBeNull();
    expect(partyProblem({ guests: 0, children: [{ birthYear: 2022 }] }, { ...family, childMaxAge: null })).toBe('child_out_of_range');
  });

  it('checks the guest limit before the children', () => {
    expect(partyProblem({ guests: 5, children: [undefined] }, family)).toBe('guests_over_limit');
  });
});

describe('canCancelRegistration', () => {
  it('allows cancelling until the event starts, not at or after the start', () => {
    const start = GENERAL;
    expect(canCancelRegistration(start - 1, start)).toBe(true);
    expect(canCancelRegistration(start, start)).toBe(false);
    expect(canCancelRegistration(start + 1, start)).toBe(false);
  });
});

describe('planPromotion', () => {
  const q = (...seats: number[]) => seats.map((s, i) => ({ id: i + 1, seats: s }));

  it('promotes in FIFO order while the seats last', () => {
    expect(planPromotion(q(1, 1, 1), 2)).toEqual([1, 2]);
    expect(planPromotion(q(2, 1), 3)).toEqual([1, 2]);
  });

  it('skips an entry that does not fit and promotes a later, smaller one', () => {
    expect(planPromotion(q(3, 1), 2)).toEqual([2]);
    expect(planPromotion(q(3, 2, 1), 2)).toEqual([2]);
    expect(planPromotion(q(2, 3, 1, 1), 4)).toEqual([1, 3, 4]);
  });

  it('stops when no seats are free', () => {
    expect(planPromotion(q(1, 1), 0)).toEqual([]);
    expect(planPromotion(q(1, 1), -1)).toEqual([]);
    expect(planPromotion(q(1, 1, 1), 1)).toEqual([1]);
  });

  it('promotes nobody when nobody fits, or nobody waits', () => {
    expect(planPromotion(q(3, 4), 2)).toEqual([]);
    expect(planPromotion([], 5)).toEqual([]);
  });

  it('never gives away more seats than are free', () => {
    const queue = q(2, 3, 1, 4, 1, 2, 1);
    for (let free = 0; free <= 15; free++) {
      const chosen = planPromotion(queue, free);
      const used = chosen.reduce((sum, id) => sum + queue.find((e) => e.id === id)!.seats, 0);
      expect(used).toBeLessThanOrEqual(free);
      // keeps queue order
      expect([...chosen].sort((a, b) => a - b)).toEqual(chosen);
    }
  });
});

describe('eventCapacityAllowed', () => {
  it('lets capacity go down only to the confirmed seats', () => {
    expect(eventCapacityAllowed(10, 8)).toBe(true);
    expect(eventCapacityAllowed(8, 8)).toBe(true);
    expect(eventCapacityAllowed(7, 8)).toBe(false);
    expect(eventCapacityAllowed(1, 0)).toBe(true);
  });
});

describe('eventTimesProblem', () => {
  const opensAt = GENERAL;
  const startsAt = GENERAL + 7 * 24 * HOUR;
  const fine = { opensAt, closesAt: startsAt - HOUR, startsAt, endsAt: startsAt + 2 * HOUR };

  it('accepts times in order, including closing at the start and opening at the close', () => {
    expect(eventTimesProblem(fine)).toBeNull();
    expect(eventTimesProblem({ ...fine, closesAt: startsAt })).toBeNull();
    expect(eventTimesProblem({ ...fine, opensAt: fine.closesAt })).toBeNull();
  });

  it('refuses an end at or before the start', () => {
    expect(eventTimesProblem({ ...fine, endsAt: startsAt })).toBe('ends_before_start');
    expect(eventTimesProblem({ ...fine, endsAt: startsAt - HOUR })).toBe('ends_before_start');
  });

  it('refuses a closing after the start', () => {
    expect(eventTimesProblem({ ...fine, closesAt: startsAt + 1 })).toBe('closes_after_start');
  });

  it('refuses a closing before the opening', () => {
    expect(eventTimesProblem({ ...fine, opensAt: fine.closesAt + 1 })).toBe('closes_before_opens');
  });
});
