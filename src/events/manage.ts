import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { clubCoordinators, clubs, events, registrations, tiers, type City } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import { audit } from '../lib/audit';
import { randomCode } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { notify } from '../notifications/service';
import { zonedParts } from '../lib/time';
import { eventCapacityAllowed, eventTimesProblem, eventYearProblem, needsPastConfirmation, type EventTimeField, type EventTimesProblem } from './policy';
import { promoteEventWaitlist, seatCounts, seatCountsByEvent, type SeatCounts } from './seats';
import type { EventRow } from './service';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: Pick<AppDeps['config'], 'timeZone'> };

async function coordinatedClubIds(db: DbOrTx, userId: number): Promise<number[]> {
  return (await db.select({ clubId: clubCoordinators.clubId }).from(clubCoordinators).where(eq(clubCoordinators.userId, userId))).map((r) => r.clubId);
}

/**
 * Whether the actor runs this event: admins run every event; coordinators the events of their clubs.
 * Programme-wide events (no club) belong to admins alone.
 */
export async function canManageEvent(db: DbOrTx, actor: Actor, clubId: number | null): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'coordinator' || clubId === null) return false;
  return (await coordinatedClubIds(db, actor.id)).includes(clubId);
}

/** The event, if the actor may manage it; a coordinator asking for another club's event is refused either way. */
export async function managedEvent(db: DbOrTx, actor: Actor, eventId: number): Promise<Result<EventRow, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin' && actor.role !== 'coordinator') return err('forbidden');
  const [event] = await db.select().from(events).where(eq(events.id, eventId)).limit(1);
  if (!event) return actor.role === 'admin' ? err('not_found') : err('forbidden');
  return (await canManageEvent(db, actor, event.clubId)) ? ok(event) : err('forbidden');
}

export interface ManagedEventItem {
  event: EventRow;
  club: { nameZh: string; nameEn: string } | null;
  counts: SeatCounts;
}

/** Events the actor runs, upcoming first then the last month's, with seat counts. */
export async function listManagedEvents(deps: Deps, actor: Actor): Promise<Result<{ events: ManagedEventItem[]; clubs: Array<{ id: number; nameZh: string; nameEn: string }> }, 'forbidden'>> {
  if (actor.role !== 'admin' && actor.role !== 'coordinator') return err('forbidden');
  const ids = actor.role === 'coordinator' ? await coordinatedClubIds(deps.db, actor.id) : null;
  const since = deps.clock.now() - 30 * 24 * 3600_000;
  const scope = ids === null ? undefined : inArray(events.clubId, ids.length ? ids : [-1]);
  const rows = await deps.db
    .select({ event: events, clubNameZh: clubs.nameZh, clubNameEn: clubs.nameEn })
    .from(events)
    .leftJoin(clubs, eq(clubs.id, events.clubId))
    .where(and(gte(events.endsAt, since), scope))
    .orderBy(sql`${events.endsAt} < ${deps.clock.now()}`, asc(events.startsAt))
    .limit(200);
  const counts = await seatCountsByEvent(deps.db, rows.map((r) => r.event.id));
  const clubRows = await deps.db
    .select({ id: clubs.id, nameZh: clubs.nameZh, nameEn: clubs.nameEn })
    .from(clubs)
    .where(and(isNull(clubs.archivedAt), ids === null ? undefined : inArray(clubs.id, ids.length ? ids : [-1])))
    .orderBy(asc(clubs.id));
  return ok({
    events: rows.map((r) => ({
      event: r.event,
      club: r.clubNameZh !== null ? { nameZh: r.clubNameZh, nameEn: r.clubNameEn ?? '' } : null,
      counts: counts.get(r.event.id) ?? { confirmedSeats: 0, confirmed: 0, waitlisted: 0, waitlistedSeats: 0, checkedInSeats: 0 },
    })),
    clubs: clubRows,
  });
}

export interface EventInput {
  clubId: number | null;
  city: City;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  venueZh: string;
  venueEn: string;
  startsAt: number;
  endsAt: number;
  opensAt: number;
  closesAt: number;
  capacity: number;
  maxGuests: number;
  minTier: string | null;
  requiresClubMembership: boolean;
  childMinAge: number | null;
  childMaxAge: number | null;
}

export type EventEditError = 'forbidden' | 'not_found' | 'tier_unknown' | 'club_unknown' | 'club_required' | 'child_ages' | 'cancelled' | 'starts_in_past' | EventTimesProblem;

/** A time in a year no event can have (see EVENT_YEARS_BACK/AHEAD): which field, and the years allowed. */
export type EventYearRefusal = { ok: false; error: 'year_out_of_range'; field: EventTimeField; from: number; to: number };

/** `confirmPast`: the coordinator ticked "the start has passed, save anyway". */
export interface EventSaveOptions {
  confirmPast?: boolean;
}

/** An impossible year in any of the event's times (checked first: the other rules compare times). */
function yearRefusal(deps: Deps, input: EventInput): EventYearRefusal | null {
  const zone = deps.config.timeZone;
  const year = (ms: number) => zonedParts(ms, zone).year;
  const years = eventYearProblem({ startsAt: year(input.startsAt), endsAt: year(input.endsAt), opensAt: year(input.opensAt), closesAt: year(input.closesAt) }, year(deps.clock.now()));
  return years ? { ok: false, error: 'year_out_of_range', ...years } : null;
}

async function checkInput(deps: Deps, actor: Actor, input: EventInput): Promise<EventEditError | null> {
  if (!(await canManageEvent(deps.db, actor, input.clubId))) return input.clubId === null && actor.role === 'coordinator' ? 'club_required' : 'forbidden';
  if (input.clubId !== null && (await deps.db.select({ id: clubs.id }).from(clubs).where(and(eq(clubs.id, input.clubId), isNull(clubs.archivedAt)))).length === 0) return 'club_unknown';
  if (input.minTier && (await deps.db.select().from(tiers).where(eq(tiers.code, input.minTier))).length === 0) return 'tier_unknown';
  if (input.childMinAge !== null && input.childMaxAge !== null && input.childMinAge > input.childMaxAge) return 'child_ages';
  if (input.requiresClubMembership && input.clubId === null) return 'club_required';
  return eventTimesProblem(input);
}

export async function createEvent(deps: Deps, actor: Actor, input: EventInput, opts: EventSaveOptions = {}): Promise<Result<EventRow, EventEditError> | EventYearRefusal> {
  const years = yearRefusal(deps, input);
  if (years) return years;
  const problem = await checkInput(deps, actor, input);
  if (problem) return err(problem);
  if (needsPastConfirmation(deps.clock.now(), input.startsAt, null, opts.confirmPast === true)) return err('starts_in_past');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [event] = await tx.insert(events).values({ ...input, slug: `event-${randomCode(10).toLowerCase()}`, status: 'scheduled', createdAt: now }).returning();
    await audit(tx, actor, now, { action: 'event.created', targetType: 'event', targetId: event!.id, detail: { titleZh: input.titleZh, capacity: input.capacity, clubId: input.clubId } });
    return ok(event!);
  });
}

/**
 * Edits an event. Capacity may go down only to the seats already confirmed; raising it confirms the waitlist
 * (FIFO, by party size) in the same transaction. A change of time or place is sent to everyone registered.
 */
export async function updateEvent(
  deps: Deps,
  actor: Actor,
  eventId: number,
  input: EventInput,
  opts: EventSaveOptions = {},
): Promise<Result<{ event: EventRow; promoted: number }, EventEditError> | { ok: false; error: 'capacity_below_confirmed'; confirmedSeats: number } | EventYearRefusal> {
  const now = deps.clock.now();
  const before = await managedEvent(deps.db, actor, eventId);
  if (!before.ok) return before;
  if (before.value.status === 'cancelled') return err('cancelled');
  const years = yearRefusal(deps, input);
  if (years) return years;
  const problem = await checkInput(deps, actor, input);
  if (problem) return err(problem);
  if (needsPastConfirmation(now, input.startsAt, before.value.startsAt, opts.confirmPast === true)) return err('starts_in_past');
  return deps.db.transaction(async (tx) => {
    const counts = await seatCounts(tx, eventId);
    if (!eventCapacityAllowed(input.capacity, counts.confirmedSeats)) return { ok: false as const, error: 'capacity_below_confirmed' as const, confirmedSeats: counts.confirmedSeats };
    const [event] = await tx.update(events).set(input).where(eq(events.id, eventId)).returning();
    const promoted = input.capacity > before.value.capacity ? await promoteEventWaitlist(tx, event!, now) : [];
    const old = before.value;
    if (old.startsAt !== input.startsAt || old.endsAt !== input.endsAt || old.venueZh !== input.venueZh || old.venueEn !== input.venueEn) {
      await notifyRegistered(tx, eventId, now, event!);
    }
    const changed = Object.fromEntries(
      (Object.keys(input) as Array<keyof EventInput>).filter((k) => old[k] !== input[k]).map((k) => [k, { from: old[k], to: input[k] }]),
    );
    await audit(tx, actor, now, { action: 'event.updated', targetType: 'event', targetId: eventId, detail: { changed, promoted: promoted.length } });
    return ok({ event: event!, promoted: promoted.length });
  });
}

/** Tells everyone holding a seat or a waitlist place about a change of time or place. */
async function notifyRegistered(tx: DbOrTx, eventId: number, now: number, event: EventRow) {
  const people = await tx
    .select({ userId: registrations.userId })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, ['confirmed', 'waitlisted'])));
  await notify(tx, now, people.map((p) => ({ userId: p.userId, kind: 'event.changed' as const, params: { eventZh: event.titleZh, eventEn: event.titleEn }, link: `/events/${eventId}` })));
}

/** Cancels an event: every live registration ends, and everyone registered is told, with the reason. */
export async function cancelEvent(deps: Deps, actor: Actor, eventId: number, reason: string): Promise<Result<{ ended: number }, 'forbidden' | 'not_found' | 'cancelled'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const event = await managedEvent(tx, actor, eventId);
    if (!event.ok) return event;
    if (event.value.status === 'cancelled') return err('cancelled');
    await tx.update(events).set({ status: 'cancelled' }).where(eq(events.id, eventId));
    const ended = await tx
      .update(registrations)
      .set({ status: 'cancelled', cancelledAt: now })
      .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, ['confirmed', 'waitlisted'])))
      .returning({ userId: registrations.userId });
    await notify(tx, now, [...new Set(ended.map((e) => e.userId))].map((userId) => ({ userId, kind: 'event.cancelled' as const, params: { eventZh: event.value.titleZh, eventEn: event.value.titleEn, reason }, link: `/events/${eventId}` })));
    await audit(tx, actor, now, { action: 'event.cancelled', targetType: 'event', targetId: eventId, detail: { reason, ended: ended.length } });
    return ok({ ended: ended.length });
  });
}

