import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, loungeStaff, lounges } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { isUniqueViolation } from '../clubs/waitlist';
import type { DbOrTx } from '../db';
import { normalizeCode, randomCode } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { preparedFor } from '../lib/prepared';
import { err, ok, type Result } from '../lib/result';
import { startOfZonedDay, zonedParts } from '../lib/time';
import { notify } from '../notifications/service';
import { balanceFor, ensureGrant, type TierRow } from './entitlements';
import { memberTier } from '../members/tier';
import { BOOKING_DAYS_AHEAD, bookingRefusal, canChangeBooking, prebookCapacity, type Balance, type BookingRefusal } from './policy';
import { bookedPeopleBySlot, findSlot, type LoungeRow, type Slot } from './slots';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };
export type BookingRow = typeof loungeBookings.$inferSelect;

export interface BookingRequest {
  loungeId: number;
  slotStart: number;
  companions: number;
  flightNo: string | null;
}

export interface BookingCheck {
  lounge: LoungeRow;
  slot: Slot | null;
  tier: TierRow | null;
  year: number;
  balance: Balance;
  refusal: BookingRefusal | null;
}

/** Everything the booking rule needs, read inside the caller's transaction when it is about to write. */
async function checkBooking(db: DbOrTx, deps: Deps, actor: Actor, r: BookingRequest): Promise<BookingCheck | null> {
  const [lounge] = await db.select().from(lounges).where(eq(lounges.id, r.loungeId));
  if (!lounge) return null;
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const facts = await memberTier(db, actor.id);
  const slot = findSlot(lounge, r.slotStart, zone);
  const year = zonedParts(r.slotStart, zone).year;
  const balance = await balanceFor(db, actor.id, year, facts?.tier ?? null);
  const booked = slot ? (await bookedPeopleBySlot(db, lounge.id, slot.start, slot.end)).get(slot.start) ?? 0 : 0;
  const [existing] = await db
    .select({ id: loungeBookings.id })
    .from(loungeBookings)
    .where(and(eq(loungeBookings.userId, actor.id), eq(loungeBookings.loungeId, lounge.id), eq(loungeBookings.slotStart, r.slotStart), inArray(loungeBookings.status, ['booked', 'checked_in'])));
  const refusal = bookingRefusal({
    role: actor.role,
    disabled: facts?.disabled ?? true,
    now,
    slotStart: r.slotStart,
    slotExists: slot !== null,
    daysAhead: Math.floor((startOfZonedDay(r.slotStart, zone) - startOfZonedDay(now, zone)) / 86_400_000),
    maxDaysAhead: BOOKING_DAYS_AHEAD,
    remainingVisits: balance.remaining,
    companions: r.companions,
    companionsAllowed: facts?.tier?.companionsPerVisit ?? 0,
    bookedPeople: booked,
    slotCapacity: prebookCapacity(lounge.capacity, lounge.prebookSharePct),
    alreadyBooked: existing !== undefined,
  });
  return { lounge, slot, tier: facts?.tier ?? null, year, balance, refusal };
}

export type BookingError = BookingRefusal | 'not_found' | 'flight_invalid';

/** The confirmation step: what the visit will use ("1 of 8 visits this year + 1 companion"). Nothing is written. */
export async function previewBooking(deps: Deps, actor: Actor, r: BookingRequest): Promise<Result<BookingCheck, BookingError>> {
  const check = await checkBooking(deps.db, deps, actor, r);
  if (!check) return err('not_found');
  if (check.refusal) return err(check.refusal);
  return ok(check);
}

/**
 * Books a visit. The checks and the writes happen in one write transaction (BEGIN IMMEDIATE across processes,
 * one queue within a process), so neither the slot's pre-book capacity nor the member's allowance can be
 * overrun by simultaneous bookings. The visit is reserved in the ledger in the same transaction.
 */
export async function createBooking(deps: Deps, actor: Actor, r: BookingRequest): Promise<Result<{ booking: BookingRow; lounge: LoungeRow; balance: Balance }, BookingError>> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const check = await checkBooking(tx, deps, actor, r);
      if (!check) return err('not_found');
      if (check.refusal) return err(check.refusal);
      const { lounge, slot, tier, year } = check;
      await ensureGrant(tx, actor.id, tier!, year, now);
      const [booking] = await tx
        .insert(loungeBookings)
        .values({ code: randomCode(8), loungeId: lounge.id, userId: actor.id, slotStart: slot!.start, slotEnd: slot!.end, year, companions: r.companions, flightNo: r.flightNo, status: 'booked', createdAt: now })
        .returning();
      const names = { loungeZh: lounge.nameZh, loungeEn: lounge.nameEn };
      await tx.insert(entitlementLedger).values({ userId: actor.id, year, at: now, type: 'reserve', reservedDelta: 1, bookingId: booking!.id, params: { ...names, slotStart: slot!.start, companions: r.companions } });
      await notify(tx, now, [{ userId: actor.id, kind: 'lounge.booked', params: { ...names, slotStart: slot!.start }, link: `/lounges/passes/${booking!.code}` }]);
      return ok({ booking: booking!, lounge, balance: await balanceFor(tx, actor.id, year, tier) });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'lounge_bookings.user_id')) return err('already_booked');
    throw error;
  }
}

async function ownBooking(db: DbOrTx, actor: Actor, code: string): Promise<BookingRow | undefined> {
  const [row] = await db.select().from(loungeBookings).where(and(eq(loungeBookings.code, normalizeCode(code)), eq(loungeBookings.userId, actor.id)));
  return row;
}

/** Cancels a booking in one step until its slot starts; the reserved visit is released at once. */
export async function cancelBooking(deps: Deps, actor: Actor, code: string): Promise<Result<{ booking: BookingRow; lounge: LoungeRow }, 'not_found' | 'started' | 'not_cancellable'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const booking = await ownBooking(tx, actor, code);
    if (!booking) return err('not_found');
    if (booking.status !== 'booked') return err('not_cancellable');
    if (!canChangeBooking(now, booking.slotStart)) return err('started');
    const [lounge] = await tx.select().from(lounges).where(eq(lounges.id, booking.loungeId));
    await tx.update(loungeBookings).set({ status: 'cancelled', cancelledAt: now }).where(and(eq(loungeBookings.id, booking.id), eq(loungeBookings.status, 'booked')));
    const names = { loungeZh: lounge!.nameZh, loungeEn: lounge!.nameEn };
    await tx.insert(entitlementLedger).values({ userId: actor.id, year: booking.year, at: now, type: 'release', reservedDelta: -1, bookingId: booking.id, params: { ...names, slotStart: booking.slotStart } });
    await notify(tx, now, [{ userId: actor.id, kind: 'lounge.cancelled', params: { ...names, slotStart: booking.slotStart }, link: '/me/statement' }]);
    return ok({ booking: { ...booking, status: 'cancelled', cancelledAt: now }, lounge: lounge! });
  });
}

/** Changes the companions of a booking (within the tier's limit and the slot's room) until the slot starts. */
export async function changeCompanions(deps: Deps, actor: Actor, code: string, companions: number): Promise<Result<BookingRow, 'not_found' | 'started' | 'not_changeable' | 'companions_over_limit' | 'slot_full'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const booking = await ownBooking(tx, actor, code);
    if (!booking) return err('not_found');
    if (booking.status !== 'booked') return err('not_changeable');
    if (!canChangeBooking(now, booking.slotStart)) return err('started');
    const facts = await memberTier(tx, actor.id);
    if (companions < 0 || companions > (facts?.tier?.companionsPerVisit ?? 0)) return err('companions_over_limit');
    const [lounge] = await tx.select().from(lounges).where(eq(lounges.id, booking.loungeId));
    const booked = (await bookedPeopleBySlot(tx, booking.loungeId, booking.slotStart, booking.slotEnd)).get(booking.slotStart) ?? 0;
    if (booked - booking.companions + companions > prebookCapacity(lounge!.capacity, lounge!.prebookSharePct)) return err('slot_full');
    const [row] = await tx.update(loungeBookings).set({ companions }).where(eq(loungeBookings.id, booking.id)).returning();
    return ok(row!);
  });
}

export interface Pass {
  booking: BookingRow;
  lounge: LoungeRow;
  holder: { name: string };
  balance: Balance;
  /** how many companions the holder's tier allows per visit */
  companionsAllowed: number;
  /** the holder may still change or cancel it (booked, and the slot has not started) */
  changeable: boolean;
}

/** A booking pass by its code: for the member, for staff of that lounge and for admins; anyone else gets not_found. */
export async function getPass(deps: Deps, actor: Actor, rawCode: string): Promise<Result<Pass, 'not_found'>> {
  const code = normalizeCode(rawCode);
  if (!/^[A-Z0-9]{8}$/.test(code)) return err('not_found');
  const [row] = await deps.db
    .select({ booking: loungeBookings, lounge: lounges, name: sql<string>`(SELECT name FROM users WHERE id = ${loungeBookings.userId})` })
    .from(loungeBookings)
    .innerJoin(lounges, eq(lounges.id, loungeBookings.loungeId))
    .where(eq(loungeBookings.code, code));
  if (!row) return err('not_found');
  let allowed = row.booking.userId === actor.id || actor.role === 'admin';
  if (!allowed && actor.role === 'lounge_staff') {
    allowed = (await deps.db.select().from(loungeStaff).where(and(eq(loungeStaff.loungeId, row.lounge.id), eq(loungeStaff.userId, actor.id)))).length > 0;
  }
  if (!allowed) return err('not_found');
  const facts = await memberTier(deps.db, row.booking.userId);
  return ok({
    booking: row.booking,
    lounge: row.lounge,
    holder: { name: row.name },
    balance: await balanceFor(deps.db, row.booking.userId, row.booking.year, facts?.tier ?? null),
    companionsAllowed: facts?.tier?.companionsPerVisit ?? 0,
    changeable: row.booking.status === 'booked' && canChangeBooking(deps.clock.now(), row.booking.slotStart),
  });
}

export interface MyBooking {
  booking: BookingRow;
  lounge: Pick<LoungeRow, 'id' | 'nameZh' | 'nameEn' | 'noShowPolicy'>;
}

export interface MyLounges {
  bookings: MyBooking[];
  year: number;
  balance: Balance;
}

/** The member's bookings (latest slot first) and what is left of this year's allowance, for the member hub. */
export async function myLounges(deps: Deps, actor: Actor): Promise<MyLounges> {
  const year = zonedParts(deps.clock.now(), deps.config.timeZone).year;
  const facts = await memberTier(deps.db, actor.id);
  const [bookings, balance] = await Promise.all([listMyBookings(deps, actor), balanceFor(deps.db, actor.id, year, facts?.tier ?? null)]);
  return { bookings, year, balance };
}

/** The member's bookings, latest slot first. */
export async function listMyBookings(deps: Pick<AppDeps, 'db'>, actor: Actor, limit = 50): Promise<MyBooking[]> {
  return myBookings(deps.db).all({ userId: actor.id, limit });
}

/** The hub and the lounge pages list them on every visit: built once per database handle (src/lib/prepared.ts). */
const myBookings = preparedFor((db: AppDeps['db']) =>
  db
    .select({ booking: loungeBookings, lounge: { id: lounges.id, nameZh: lounges.nameZh, nameEn: lounges.nameEn, noShowPolicy: lounges.noShowPolicy } })
    .from(loungeBookings)
    .innerJoin(lounges, eq(lounges.id, loungeBookings.loungeId))
    .where(eq(loungeBookings.userId, sql.placeholder('userId')))
    .orderBy(desc(loungeBookings.slotStart), desc(loungeBookings.id))
    .limit(sql.placeholder('limit'))
    .prepare(),
);
