import { and, asc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, loungeStaff, lounges, tiers, users } from '../../db/schema';
import { canWorkLounge, type Actor } from '../auth/policy';
import { isUniqueViolation } from '../clubs/waitlist';
import type { DbOrTx } from '../db';
import { audit } from '../lib/audit';
import { randomCode } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { startOfZonedDay, zonedParts, addZonedDays } from '../lib/time';
import { notify } from '../notifications/service';
import { balanceFor, ensureGrant } from './entitlements';
import { memberTier } from '../members/tier';
import { checkInTiming, occupancyAlert, type Balance } from './policy';
import { currentSlot, daySlots, occupancyOf, type LoungeRow, type SlotView } from './slots';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

async function staffedLoungeIds(db: DbOrTx, userId: number): Promise<number[]> {
  return (await db.select({ loungeId: loungeStaff.loungeId }).from(loungeStaff).where(eq(loungeStaff.userId, userId))).map((r) => r.loungeId);
}

/** The lounges this actor works at: all for an admin, the assigned ones for lounge staff. */
export async function listDeskLounges(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<Result<LoungeRow[], 'forbidden'>> {
  if (actor.role === 'admin') return ok(await deps.db.select().from(lounges).orderBy(asc(lounges.id)));
  if (actor.role !== 'lounge_staff') return err('forbidden');
  const ids = await staffedLoungeIds(deps.db, actor.id);
  return ok(ids.length ? await deps.db.select().from(lounges).where(inArray(lounges.id, ids)).orderBy(asc(lounges.id)) : []);
}

/** The lounge, if the actor works its desk; staff of another lounge are refused whether or not it exists. */
export async function deskLounge(db: DbOrTx, actor: Actor, loungeId: number): Promise<Result<LoungeRow, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin' && actor.role !== 'lounge_staff') return err('forbidden');
  const ids = actor.role === 'lounge_staff' ? await staffedLoungeIds(db, actor.id) : [];
  if (!canWorkLounge(actor, ids, loungeId)) return err('forbidden');
  const [lounge] = await db.select().from(lounges).where(eq(lounges.id, loungeId));
  return lounge ? ok(lounge) : err('not_found');
}

export interface DeskBooking {
  id: number;
  code: string;
  userId: number;
  name: string;
  phone: string;
  tierNameZh: string | null;
  tierNameEn: string | null;
  slotStart: number;
  slotEnd: number;
  companions: number;
  companionsArrived: number | null;
  flightNo: string | null;
  status: (typeof loungeBookings.$inferSelect)['status'];
  walkIn: boolean;
  checkedInAt: number | null;
}

/** Bookings with who they are for, as the desk shows them. */
export function deskBookings(db: DbOrTx) {
  return db
    .select({
      id: loungeBookings.id,
      code: loungeBookings.code,
      userId: loungeBookings.userId,
      name: users.name,
      phone: users.phone,
      tierNameZh: tiers.nameZh,
      tierNameEn: tiers.nameEn,
      slotStart: loungeBookings.slotStart,
      slotEnd: loungeBookings.slotEnd,
      companions: loungeBookings.companions,
      companionsArrived: loungeBookings.companionsArrived,
      flightNo: loungeBookings.flightNo,
      status: loungeBookings.status,
      walkIn: loungeBookings.walkIn,
      checkedInAt: loungeBookings.checkedInAt,
    })
    .from(loungeBookings)
    .innerJoin(users, eq(users.id, loungeBookings.userId))
    .leftJoin(tiers, eq(tiers.code, users.tierCode));
}

export interface Occupancy {
  inside: number;
  capacity: number;
  alert: 'full' | 'near' | null;
}

export async function occupancy(db: DbOrTx, lounge: LoungeRow): Promise<Occupancy> {
  const inside = await occupancyOf(db, lounge.id);
  return { inside, capacity: lounge.capacity, alert: occupancyAlert(inside, lounge.capacity) };
}

export interface DeskToday {
  lounge: LoungeRow;
  today: number;
  occupancy: Occupancy;
  slots: Array<SlotView & { arrivals: DeskBooking[] }>;
  inside: DeskBooking[];
}

/** Today at a lounge: expected arrivals by slot, who is inside now, and how full the room is. */
export async function deskToday(deps: Deps, actor: Actor, loungeId: number): Promise<Result<DeskToday, 'forbidden' | 'not_found'>> {
  const lounge = await deskLounge(deps.db, actor, loungeId);
  if (!lounge.ok) return lounge;
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const today = startOfZonedDay(now, zone);
  const tomorrow = addZonedDays(today, 1, zone);
  const [slots, rows, occ] = await Promise.all([
    daySlots(deps.db, lounge.value, today, zone, now),
    deskBookings(deps.db)
      .where(and(eq(loungeBookings.loungeId, loungeId), or(and(gte(loungeBookings.slotStart, today), lt(loungeBookings.slotStart, tomorrow), eq(loungeBookings.status, 'booked')), eq(loungeBookings.status, 'checked_in'))))
      .orderBy(asc(loungeBookings.slotStart), asc(users.name)),
    occupancy(deps.db, lounge.value),
  ]);
  return ok({
    lounge: lounge.value,
    today,
    occupancy: occ,
    slots: slots.map((s) => ({ ...s, arrivals: rows.filter((r) => r.status === 'booked' && r.slotStart === s.start) })),
    inside: rows.filter((r) => r.status === 'checked_in'),
  });
}

export type CheckInError = 'forbidden' | 'not_found' | 'lounge_full' | 'too_early' | 'too_late' | 'companions_over_limit';

/**
 * Checks a booked guest in: uses the reserved visit, records the companions who came, and never lets the room
 * go over capacity — the count and the change are one write transaction, so two desks taking the last place at
 * the same moment get one success and one "lounge full". A second check-in changes nothing and says who was first.
 */
export async function checkInBooking(
  deps: Deps,
  actor: Actor,
  input: { loungeId: number; bookingId: number; companionsArrived?: number | undefined },
): Promise<Result<{ booking: DeskBooking; balance: Balance; already: { at: number; by: string | null } | null }, CheckInError>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const lounge = await deskLounge(tx, actor, input.loungeId);
    if (!lounge.ok) return lounge;
    const [b] = await tx.select().from(loungeBookings).where(and(eq(loungeBookings.id, input.bookingId), eq(loungeBookings.loungeId, input.loungeId)));
    if (!b || (b.status !== 'booked' && b.status !== 'checked_in' && b.status !== 'checked_out')) return err('not_found');
    const facts = await memberTier(tx, b.userId);
    if (b.status !== 'booked') {
      const [by] = await tx.select({ name: users.name }).from(users).where(eq(users.id, b.checkedInBy ?? -1));
      const [view] = await deskBookings(tx).where(eq(loungeBookings.id, b.id));
      return ok({ booking: view!, balance: await balanceFor(tx, b.userId, b.year, facts?.tier ?? null), already: { at: b.checkedInAt ?? now, by: by?.name ?? null } });
    }
    const timing = checkInTiming(now, b.slotStart, b.slotEnd);
    if (timing) return err(timing);
    const arrived = input.companionsArrived ?? b.companions;
    if (arrived < 0 || arrived > b.companions) return err('companions_over_limit');
    if ((await occupancyOf(tx, input.loungeId)) + 1 + arrived > lounge.value.capacity) return err('lounge_full');
    await tx.update(loungeBookings).set({ status: 'checked_in', companionsArrived: arrived, checkedInAt: now, checkedInBy: actor.id }).where(and(eq(loungeBookings.id, b.id), eq(loungeBookings.status, 'booked')));
    const names = { loungeZh: lounge.value.nameZh, loungeEn: lounge.value.nameEn };
    await tx.insert(entitlementLedger).values({ userId: b.userId, year: b.year, at: now, type: 'use', reservedDelta: -1, usedDelta: 1, bookingId: b.id, actorId: actor.id, params: { ...names, companions: arrived } });
    const balance = await balanceFor(tx, b.userId, b.year, facts?.tier ?? null);
    await notify(tx, now, [{ userId: b.userId, kind: 'lounge.checkedIn', params: { ...names, remaining: balance.remaining, count: balance.remaining }, link: '/me/statement' }]);
    await audit(tx, actor, now, { action: 'lounge.checkin.recorded', targetType: 'lounge_booking', targetId: b.id, detail: { loungeId: input.loungeId, companions: arrived } });
    const [view] = await deskBookings(tx).where(eq(loungeBookings.id, b.id));
    return ok({ booking: view!, balance, already: null });
  });
}

/** Checks a guest out, freeing their places in the room. Idempotent. */
export async function checkOut(deps: Deps, actor: Actor, input: { loungeId: number; bookingId: number }): Promise<Result<DeskBooking, 'forbidden' | 'not_found'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const lounge = await deskLounge(tx, actor, input.loungeId);
    if (!lounge.ok) return lounge;
    const [b] = await tx.select().from(loungeBookings).where(and(eq(loungeBookings.id, input.bookingId), eq(loungeBookings.loungeId, input.loungeId), inArray(loungeBookings.status, ['checked_in', 'checked_out'])));
    if (!b) return err('not_found');
    if (b.status === 'checked_in') {
      await tx.update(loungeBookings).set({ status: 'checked_out', checkedOutAt: now, checkedOutBy: actor.id }).where(eq(loungeBookings.id, b.id));
      await audit(tx, actor, now, { action: 'lounge.checkout.recorded', targetType: 'lounge_booking', targetId: b.id, detail: { loungeId: input.loungeId } });
    }
    const [view] = await deskBookings(tx).where(eq(loungeBookings.id, b.id));
    return ok(view!);
  });
}

export type WalkInError = 'forbidden' | 'not_found' | 'closed' | 'no_visits_left' | 'companions_over_limit' | 'lounge_full' | 'already_booked' | 'not_member';

/** A VIP member without a booking: checked in now if they have a visit left and the room has space. */
export async function walkIn(deps: Deps, actor: Actor, input: { loungeId: number; userId: number; companions: number }): Promise<Result<{ booking: DeskBooking; balance: Balance }, WalkInError>> {
  const now = deps.clock.now();
  const zone = deps.config.timeZone;
  try {
    return await deps.db.transaction(async (tx) => {
      const lounge = await deskLounge(tx, actor, input.loungeId);
      if (!lounge.ok) return lounge;
      const facts = await memberTier(tx, input.userId);
      if (!facts?.tier || facts.role !== 'member' || facts.disabled) return err('not_member');
      const slot = currentSlot(lounge.value, now, zone);
      if (!slot) return err('closed');
      if (input.companions < 0 || input.companions > facts.tier.companionsPerVisit) return err('companions_over_limit');
      const year = zonedParts(now, zone).year;
      // a booking for this slot is checked in as a booking (its visit is already reserved), not as a walk-in
      const [booked] = await tx
        .select({ id: loungeBookings.id })
        .from(loungeBookings)
        .where(and(eq(loungeBookings.userId, input.userId), eq(loungeBookings.loungeId, input.loungeId), eq(loungeBookings.slotStart, slot.start), inArray(loungeBookings.status, ['booked', 'checked_in'])));
      if (booked) return err('already_booked');
      if ((await balanceFor(tx, input.userId, year, facts.tier)).remaining <= 0) return err('no_visits_left');
      if ((await occupancyOf(tx, input.loungeId)) + 1 + input.companions > lounge.value.capacity) return err('lounge_full');
      await ensureGrant(tx, input.userId, facts.tier, year, now);
      const [b] = await tx
        .insert(loungeBookings)
        .values({ code: randomCode(8), loungeId: input.loungeId, userId: input.userId, slotStart: slot.start, slotEnd: slot.end, year, companions: input.companions, companionsArrived: input.companions, status: 'checked_in', walkIn: true, createdAt: now, checkedInAt: now, checkedInBy: actor.id })
        .returning();
      const names = { loungeZh: lounge.value.nameZh, loungeEn: lounge.value.nameEn };
      await tx.insert(entitlementLedger).values({ userId: input.userId, year, at: now, type: 'use', usedDelta: 1, bookingId: b!.id, actorId: actor.id, params: { ...names, companions: input.companions, walkIn: 1 } });
      const balance = await balanceFor(tx, input.userId, year, facts.tier);
      await notify(tx, now, [{ userId: input.userId, kind: 'lounge.checkedIn', params: { ...names, remaining: balance.remaining, count: balance.remaining }, link: '/me/statement' }]);
      await audit(tx, actor, now, { action: 'lounge.walkin.recorded', targetType: 'lounge_booking', targetId: b!.id, detail: { loungeId: input.loungeId, userId: input.userId, companions: input.companions } });
      const [view] = await deskBookings(tx).where(eq(loungeBookings.id, b!.id));
      return ok({ booking: view!, balance });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'lounge_bookings.user_id')) return err('already_booked');
    throw error;
  }
}
