import type { Role } from '../../db/schema';
import { HOUR } from '../lib/clock';
import { meetsTier, type TierRank } from '../members/policy';

/** Registration opens earlier for higher tiers: the general opening minus the tier's early-access hours. */
export function registrationOpensAt(generalOpensAt: number, earlyAccessHours: number): number {
  return generalOpensAt - Math.max(0, earlyAccessHours) * HOUR;
}

export type RegistrationWindow = 'not_yet_open' | 'open' | 'closed';

export function registrationWindow(now: number, opensAt: number, closesAt: number): RegistrationWindow {
  if (now < opensAt) return 'not_yet_open';
  if (now >= closesAt) return 'closed';
  return 'open';
}

/** The member, their guests and the children they bring: the seats a registration holds. */
export function partySeats(guests: number, children: number): number {
  return 1 + guests + children;
}

/** The age a child reaches in the event's year; null bounds mean no limit on that side. */
export function childFitsAgeRange(birthYear: number, eventYear: number, minAge: number | null, maxAge: number | null): boolean {
  const age = eventYear - birthYear;
  return (minAge === null || age >= minAge) && (maxAge === null || age <= maxAge);
}

export type RegistrationRefusal =
  | 'not_member_role'
  | 'disabled'
  | 'already_registered'
  | 'event_cancelled'
  | 'started'
  | 'closed'
  | 'tier_too_low'
  | 'club_membership_required'
  | 'not_open_yet';

export interface RegistrationFacts {
  role: Role;
  disabled: boolean;
  alreadyRegistered: boolean;
  eventStatus: 'scheduled' | 'cancelled';
  now: number;
  startsAt: number;
  closesAt: number;
  /** when registration opens for this member's tier */
  opensForMember: number;
  ownTier: Pick<TierRank, 'rank'> | null;
  minTier: Pick<TierRank, 'rank'> | null;
  requiresClubMembership: boolean;
  isClubMember: boolean;
}

/** The pure registration rule, in the order a member should hear the reasons. */
export function registrationRefusal(f: RegistrationFacts): RegistrationRefusal | null {
  if (f.role !== 'member') return 'not_member_role';
  if (f.disabled) return 'disabled';
  if (f.alreadyRegistered) return 'already_registered';
  if (f.eventStatus === 'cancelled') return 'event_cancelled';
  if (f.now >= f.startsAt) return 'started';
  if (f.now >= f.closesAt) return 'closed';
  if (!meetsTier(f.ownTier, f.minTier)) return 'tier_too_low';
  if (f.requiresClubMembership && !f.isClubMember) return 'club_membership_required';
  if (f.now < f.opensForMember) return 'not_open_yet';
  return null;
}

export type PartyProblem = 'guests_over_limit' | 'children_not_allowed' | 'child_unknown' | 'child_out_of_range' | 'party_invalid';

/** Checks a party against the event: the guest limit, and children only for events with an age range. */
export function partyProblem(
  party: { guests: number; children: Array<{ birthYear: number } | undefined> },
  event: { maxGuests: number; childMinAge: number | null; childMaxAge: number | null; startYear: number },
): PartyProblem | null {
  if (party.guests < 0 || party.guests > event.maxGuests) return 'guests_over_limit';
  if (party.children.length === 0) return null;
  if (event.childMinAge === null && event.childMaxAge === null) return 'children_not_allowed';
  for (const child of party.children) {
    if (!child) return 'child_unknown';
    if (!childFitsAgeRange(child.birthYear, event.startYear, event.childMinAge, event.childMaxAge)) return 'child_out_of_range';
  }
  return null;
}

/** A member may cancel until the event starts. */
export function canCancelRegistration(now: number, startsAt: number): boolean {
  return now < startsAt;
}

/**
 * FIFO and party-size aware: free seats go to the earliest waiting entries that fit; an entry that does not
 * fit keeps its place (and may fit next time), while later, smaller entries behind it can be confirmed.
 */
export function planPromotion(queue: ReadonlyArray<{ id: number; seats: number }>, freeSeats: number): number[] {
  const chosen: number[] = [];
  let free = freeSeats;
  for (const entry of queue) {
    if (free <= 0) break;
    if (entry.seats <= free) {
      chosen.push(entry.id);
      free -= entry.seats;
    }
  }
  return chosen;
}

/** Capacity may go down only to the seats already confirmed. */
export function eventCapacityAllowed(newCapacity: number, confirmedSeats: number): boolean {
  return newCapacity >= confirmedSeats;
}

export type EventTimesProblem = 'ends_before_start' | 'closes_after_start' | 'closes_before_opens';

/** The times of an event must follow each other: opens ≤ closes ≤ starts < ends. */
export function eventTimesProblem(t: { opensAt: number; closesAt: number; startsAt: number; endsAt: number }): EventTimesProblem | null {
  if (t.endsAt <= t.startsAt) return 'ends_before_start';
  if (t.closesAt > t.startsAt) return 'closes_after_start';
  if (t.closesAt < t.opensAt) return 'closes_before_opens';
  return null;
}

/** Parties may be checked in at the door from this long before the event starts until it ends. */
export const EVENT_CHECK_IN_OPENS_BEFORE_HOURS = 3;

/** Whether the door can check people in now, in the shape of the lounge desk's rule: too early, too late, or open (null). */
export function eventCheckInTiming(now: number, startsAt: number, endsAt: number): 'too_early' | 'too_late' | null {
  if (now < startsAt - EVENT_CHECK_IN_OPENS_BEFORE_HOURS * HOUR) return 'too_early';
  if (now >= endsAt) return 'too_late';
  return null;
}

/**
 * Event times lie from last year to five years ahead (in the programme's zone): anything else is a typo (0000, 9999,
 * 2062 for 2026), refused at the field. Last year stays open so a past event can be entered or corrected after the fact.
 */
export const EVENT_YEARS_BACK = 1;
export const EVENT_YEARS_AHEAD = 5;

export type EventTimeField = 'startsAt' | 'endsAt' | 'opensAt' | 'closesAt';

/** The first time whose year is outside the allowed range, and the range; null when all are inside. */
export function eventYearProblem(years: Record<EventTimeField, number>, thisYear: number): { field: EventTimeField; from: number; to: number } | null {
  const from = thisYear - EVENT_YEARS_BACK;
  const to = thisYear + EVENT_YEARS_AHEAD;
  for (const field of ['startsAt', 'endsAt', 'opensAt', 'closesAt'] as const) {
    if (years[field] < from || years[field] > to) return { field, from, to };
  }
  return null;
}

/**
 * A start in the past is most often a typo, but entering an event after the fact is real: it needs the coordinator's
 * explicit confirmation when an event is created or its start is moved; an event that already happened keeps its
 * start without one, so its typos can be fixed.
 */
export function needsPastConfirmation(now: number, startsAt: number, previousStartsAt: number | null, confirmed: boolean): boolean {
  return !confirmed && startsAt < now && startsAt !== previousStartsAt;
}
