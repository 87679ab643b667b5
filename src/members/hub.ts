import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { clubMemberships, clubs, events, loungeBookings, lounges, registrations } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { leaveClub } from '../clubs/service';
import { cancelRegistration } from '../events/registration';
import { registrationPositions } from '../events/seats';
import type { AppDeps } from '../lib/context';
import { cancelBooking } from '../lounges/booking';
import { eventRatingRefusal, visitRatingRefusal } from '../feedback/policy';
import { err, ok, type Result } from '../lib/result';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'client'>;

/** Everything of the member's that has not happened yet and can still be cancelled in one step. */
export interface UpcomingPlans {
  registrations: Array<{ id: number; eventId: number; titleZh: string; titleEn: string; startsAt: number; status: 'confirmed' | 'waitlisted'; seats: number; position: number | null }>;
  bookings: Array<{ id: number; code: string; loungeZh: string; loungeEn: string; slotStart: number; slotEnd: number; companions: number }>;
  /** requests waiting for approval and places on a club's waitlist (active memberships are not "upcoming") */
  clubRequests: Array<{ clubId: number; clubZh: string; clubEn: string; status: 'pending' | 'waitlisted' }>;
}

export function countPlans(p: UpcomingPlans): number {
  return p.registrations.length + p.bookings.length + p.clubRequests.length;
}

/** The member's upcoming registrations, bookings and club requests, soonest first. */
export async function listUpcomingPlans(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor): Promise<Result<UpcomingPlans, 'forbidden'>> {
  if (actor.role !== 'member') return err('forbidden');
  const now = deps.clock.now();
  const [regs, bookings, requests] = await Promise.all([
    deps.db
      .select({ id: registrations.id, eventId: events.id, titleZh: events.titleZh, titleEn: events.titleEn, startsAt: events.startsAt, status: registrations.status, seats: registrations.seats })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(and(eq(registrations.userId, actor.id), inArray(registrations.status, ['confirmed', 'waitlisted']), eq(events.status, 'scheduled'), gt(events.startsAt, now)))
      .orderBy(asc(events.startsAt), asc(registrations.id)),
    deps.db
      .select({ id: loungeBookings.id, code: loungeBookings.code, loungeZh: lounges.nameZh, loungeEn: lounges.nameEn, slotStart: loungeBookings.slotStart, slotEnd: loungeBookings.slotEnd, companions: loungeBookings.companions })
      .from(loungeBookings)
      .innerJoin(lounges, eq(lounges.id, loungeBookings.loungeId))
      .where(and(eq(loungeBookings.userId, actor.id), eq(loungeBookings.status, 'booked'), gt(loungeBookings.slotStart, now)))
      .orderBy(asc(loungeBookings.slotStart), asc(loungeBookings.id)),
    deps.db
      .select({ clubId: clubs.id, clubZh: clubs.nameZh, clubEn: clubs.nameEn, status: clubMemberships.status })
      .from(clubMemberships)
      .innerJoin(clubs, eq(clubs.id, clubMemberships.clubId))
      .where(and(eq(clubMemberships.userId, actor.id), inArray(clubMemberships.status, ['pending', 'waitlisted'])))
      .orderBy(asc(clubMemberships.id)),
  ]);
  const positions = await registrationPositions(deps.db, regs.filter((r) => r.status === 'waitlisted').map((r) => r.id));
  return ok({
    registrations: regs.map((r) => ({ ...r, status: r.status as 'confirmed' | 'waitlisted', position: positions.get(r.id) ?? null })),
    bookings,
    clubRequests: requests.map((r) => ({ ...r, status: r.status as 'pending' | 'waitlisted' })),
  });
}

/** What the member confirmed: the items listed on the confirmation page, by id. */
export interface CancelSelection {
  registrationIds: number[];
  bookingIds: number[];
  clubIds: number[];
}

export interface CancelAllOutcome {
  events: number;
  lounges: number;
  clubs: number;
  /** items that were listed but could no longer be cancelled (e.g. the event has just started) */
  skipped: number;
}

/**
 * Cancels every upcoming item the member saw on the confirmation page and nothing else: something booked
 * after the page was shown stays. Each cancellation goes through its own service, so seats and visits are
 * freed and waitlists promoted exactly as when cancelled one by one.
 */
export async function cancelAllUpcoming(deps: Deps, actor: Actor, selection: CancelSelection): Promise<Result<CancelAllOutcome, 'forbidden' | 'nothing_selected'>> {
  const plans = await listUpcomingPlans(deps, actor);
  if (!plans.ok) return plans;
  const wanted = { regs: new Set(selection.registrationIds), bookings: new Set(selection.bookingIds), clubs: new Set(selection.clubIds) };
  if (wanted.regs.size + wanted.bookings.size + wanted.clubs.size === 0) return err('nothing_selected');
  const outcome: CancelAllOutcome = { events: 0, lounges: 0, clubs: 0, skipped: 0 };
  const listed = { regs: 0, bookings: 0, clubs: 0 };

  for (const r of plans.value.registrations.filter((r) => wanted.regs.has(r.id))) {
    listed.regs++;
    const done = await cancelRegistration(deps, actor, r.eventId);
    if (done.ok) outcome.events++;
    else outcome.skipped++;
  }
  for (const b of plans.value.bookings.filter((b) => wanted.bookings.has(b.id))) {
    listed.bookings++;
    const done = await cancelBooking(deps, actor, b.code);
    if (done.ok) outcome.lounges++;
    else outcome.skipped++;
  }
  for (const m of plans.value.clubRequests.filter((m) => wanted.clubs.has(m.clubId))) {
    listed.clubs++;
    const done = await leaveClub(deps, actor, m.clubId);
    if (done.ok) outcome.clubs++;
    else outcome.skipped++;
  }
  // listed on the page but gone since (started, cancelled elsewhere, a request already decided)
  outcome.skipped += wanted.regs.size - listed.regs + wanted.bookings.size - listed.bookings + wanted.clubs.size - listed.clubs;
  return ok(outcome);
}

/**
 * How many items "cancel everything upcoming" would list, from what the hub has already loaded (the same rules
 * as listUpcomingPlans, without querying again).
 */
export function countUpcoming(
  now: number,
  data: {
    registrations: Array<{ registration: { status: string }; event: { startsAt: number; status: string } }>;
    bookings: Array<{ booking: { status: string; slotStart: number } }>;
    memberships: Array<{ membership: { status: string } }>;
  },
): number {
  const regs = data.registrations.filter((r) => (r.registration.status === 'confirmed' || r.registration.status === 'waitlisted') && r.event.status === 'scheduled' && r.event.startsAt > now);
  const bookings = data.bookings.filter((b) => b.booking.status === 'booked' && b.booking.slotStart > now);
  const requests = data.memberships.filter((m) => m.membership.status === 'pending' || m.membership.status === 'waitlisted');
  return regs.length + bookings.length + requests.length;
}

/** For each past registration or visit on the hub: the stars given, or 'open' when it may be rated now. */
export interface RatingStates {
  registrations: Map<number, number | 'open'>;
  bookings: Map<number, number | 'open'>;
}

/** Which of the member's registrations and visits show stars or a "rate" link, by the rating rules themselves. */
export function ratingStates(
  now: number,
  data: {
    registrations: Array<{ registration: { id: number; status: string; checkedInAt: number | null }; event: { endsAt: number } }>;
    bookings: Array<{ booking: { id: number; status: string; slotStart: number } }>;
    scores: { registrations: Map<number, number>; bookings: Map<number, number> };
  },
): RatingStates {
  const registrations = new Map<number, number | 'open'>();
  for (const { registration: r, event } of data.registrations) {
    const score = data.scores.registrations.get(r.id);
    if (score !== undefined) registrations.set(r.id, score);
    else if (eventRatingRefusal({ status: r.status, checkedInAt: r.checkedInAt, endsAt: event.endsAt, now, alreadyRated: false }) === null) registrations.set(r.id, 'open');
  }
  const bookings = new Map<number, number | 'open'>();
  for (const { booking: b } of data.bookings) {
    const score = data.scores.bookings.get(b.id);
    if (score !== undefined) bookings.set(b.id, score);
    else if (visitRatingRefusal({ status: b.status, slotStart: b.slotStart, now, alreadyRated: false }) === null) bookings.set(b.id, 'open');
  }
  return { registrations, bookings };
}
