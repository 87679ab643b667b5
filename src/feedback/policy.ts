import type { FeedbackStatus } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { HOUR, MINUTE } from '../lib/clock';

/** The programme's promise: a first reply to every complaint (and every piece of feedback) within 48 hours. */
export const FIRST_RESPONSE_MS = 48 * HOUR;
/** A ticket still waiting for its first reply this close to its due time is flagged "due soon". */
export const DUE_SOON_MS = 6 * HOUR;

export function dueAtFor(createdAt: number): number {
  return createdAt + FIRST_RESPONSE_MS;
}

export interface SlaFacts {
  status: FeedbackStatus;
  dueAt: number;
  firstResponseAt: number | null;
}

/** Still waiting for a first reply: open (never answered) and not closed. */
export function awaitingFirstResponse(t: SlaFacts): boolean {
  return t.firstResponseAt === null && t.status === 'open';
}

/** Overdue: no first reply yet and the due time has passed. */
export function isOverdue(t: SlaFacts, now: number): boolean {
  return awaitingFirstResponse(t) && now > t.dueAt;
}

/**
 * Where a ticket stands against the 48-hour clock:
 * overdue / due_soon (≤ 6 h left) / waiting (more time left) while no first reply has been given;
 * met / late once it has (late: the first reply came after the due time); closed_unanswered when closed without one.
 */
export type SlaState = 'overdue' | 'due_soon' | 'waiting' | 'met' | 'late' | 'closed_unanswered';

export function slaState(t: SlaFacts, now: number): SlaState {
  if (t.firstResponseAt !== null) return t.firstResponseAt <= t.dueAt ? 'met' : 'late';
  if (t.status === 'closed') return 'closed_unanswered';
  if (now > t.dueAt) return 'overdue';
  if (t.dueAt - now <= DUE_SOON_MS) return 'due_soon';
  return 'waiting';
}

/** The states in which a first reply is still owed (and the clock is shown). */
export function owesFirstReply(sla: SlaState): boolean {
  return sla === 'overdue' || sla === 'due_soon' || sla === 'waiting';
}

/** "5 hours left" / "overdue by 3 hours": whole hours, or minutes under an hour (never "0 hours"). */
export interface DueClock {
  overdue: boolean;
  unit: 'hours' | 'minutes';
  count: number;
}

export function dueClock(dueAt: number, now: number): DueClock {
  const overdue = now > dueAt;
  const span = Math.abs(dueAt - now);
  if (span >= HOUR) return { overdue, unit: 'hours', count: Math.floor(span / HOUR) };
  return { overdue, unit: 'minutes', count: Math.max(1, Math.floor(span / MINUTE)) };
}

/** How an actor may see a ticket: as its owner, as staff (admins; coordinators of its club), or not at all. */
export type TicketAccess = 'owner' | 'staff' | null;

export function ticketAccess(actor: Pick<Actor, 'id' | 'role'>, ticket: { userId: number; clubId: number | null }, coordinatedClubIds: readonly number[]): TicketAccess {
  if (actor.role === 'member') return ticket.userId === actor.id ? 'owner' : null;
  if (actor.role === 'admin') return 'staff';
  if (actor.role === 'coordinator' && ticket.clubId !== null && coordinatedClubIds.includes(ticket.clubId)) return 'staff';
  return null;
}

/** Staff (admins and coordinators) work the queue; members and lounge staff do not. */
export function canWorkQueue(role: Actor['role']): boolean {
  return role === 'admin' || role === 'coordinator';
}

/** The member may add to the thread until the ticket is closed; staff may reply until then too. */
export function canAddMessage(status: FeedbackStatus): boolean {
  return status !== 'closed';
}

/** A member writing again on an answered ticket puts it back in the queue (first-response time is kept). */
export function statusAfterMemberMessage(status: FeedbackStatus): FeedbackStatus {
  return status === 'answered' ? 'open' : status;
}

// ── Ratings ────────────────────────────────────────────────────────────────

export type RatingRefusal = 'not_attended' | 'not_ended' | 'not_visited' | 'not_started' | 'already_rated';

/** An event can be rated by a member whose registration was confirmed and checked in, once the event has ended. */
export function eventRatingRefusal(f: { status: string; checkedInAt: number | null; endsAt: number; now: number; alreadyRated: boolean }): RatingRefusal | null {
  if (f.alreadyRated) return 'already_rated';
  if (f.status !== 'confirmed' || f.checkedInAt === null) return 'not_attended';
  if (f.endsAt > f.now) return 'not_ended';
  return null;
}

/** A lounge visit can be rated once the member was checked in (or out) and the slot has started. */
export function visitRatingRefusal(f: { status: string; slotStart: number; now: number; alreadyRated: boolean }): RatingRefusal | null {
  if (f.alreadyRated) return 'already_rated';
  if (f.status !== 'checked_in' && f.status !== 'checked_out') return 'not_visited';
  if (f.slotStart > f.now) return 'not_started';
  return null;
}

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;

/** An average score shown to one decimal ("4.3"); null when nothing was rated. */
export function formatAverage(avg: number | null): string | null {
  if (avg === null || !Number.isFinite(avg)) return null;
  return (Math.round(avg * 10) / 10).toFixed(1);
}
