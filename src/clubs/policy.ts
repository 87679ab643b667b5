import type { MembershipStatus, Role } from '../../db/schema';
import { meetsTier, type TierRank } from '../members/policy';

/** Why a member cannot join a club. Each has its own explanation for the member. */
export type JoinRefusal = 'not_member_role' | 'archived' | 'tier_too_low' | 'already_member' | 'disabled';

export interface JoinFacts {
  role: Role;
  disabled: boolean;
  ownTier: Pick<TierRank, 'rank'> | null;
  minTier: Pick<TierRank, 'rank'> | null;
  archived: boolean;
  /** the member's live membership in this club, if any */
  liveStatus: 'pending' | 'active' | 'waitlisted' | null;
}

/** The pure joining rule, checked before anything is written. */
export function joinRefusal(f: JoinFacts): JoinRefusal | null {
  if (f.role !== 'member') return 'not_member_role';
  if (f.disabled) return 'disabled';
  if (f.archived) return 'archived';
  if (f.liveStatus) return 'already_member';
  if (!meetsTier(f.ownTier, f.minTier)) return 'tier_too_low';
  return null;
}

/**
 * A join needs a coordinator's approval when the club says so, and also when the member was removed from
 * this club before: a removal would mean nothing if the member could walk straight back in.
 */
export function joinNeedsApproval(requiresApproval: boolean, previouslyRemoved: boolean): boolean {
  return requiresApproval || previouslyRemoved;
}

/** What a join will lead to, for the confirmation step (the real outcome is decided atomically when written). */
export type ExpectedOutcome = { kind: 'pending' } | { kind: 'active' } | { kind: 'waitlisted'; position: number };

export function expectedJoinOutcome(needsApproval: boolean, active: number, waitlisted: number, capacity: number): ExpectedOutcome {
  if (needsApproval) return { kind: 'pending' };
  if (active < capacity && waitlisted === 0) return { kind: 'active' };
  return { kind: 'waitlisted', position: waitlisted + 1 };
}

/** Places still free; never negative (capacity may have been lowered to exactly the active count). */
export function placesLeft(capacity: number, active: number): number {
  return Math.max(0, capacity - active);
}

/** Capacity may be lowered only down to the members already active. */
export function capacityChangeAllowed(newCapacity: number, active: number): boolean {
  return newCapacity >= active;
}

/** Which coordinator actions make sense for a membership in a given status. */
export function rosterActions(status: MembershipStatus): Array<'approve' | 'decline' | 'remove' | 'prioritize'> {
  switch (status) {
    case 'pending':
      return ['approve', 'decline'];
    case 'active':
      return ['remove'];
    case 'waitlisted':
      return ['prioritize', 'remove'];
    default:
      return [];
  }
}
