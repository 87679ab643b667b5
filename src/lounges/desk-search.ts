import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { loungeBookings, tiers, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { normalizeCode, parseScan } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { normalizePhone } from '../lib/phone';
import { ok, type Result } from '../lib/result';
import { addZonedDays, startOfZonedDay, zonedParts } from '../lib/time';
import { deskBookings, deskLounge, type DeskBooking } from './desk';
import { balancesFor } from './entitlements';
import { CHECK_IN_OPENS_BEFORE_MS, type Balance } from './policy';
import type { LoungeRow } from './slots';
import { nameContains } from '../lib/name-search';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

export interface DeskMember {
  userId: number;
  name: string;
  phone: string;
  /** The membership card number, shown so the desk can compare it with the card in front of them. */
  cardCode: string;
  tierNameZh: string | null;
  tierNameEn: string | null;
  companionsAllowed: number;
  balance: Balance;
  bookings: DeskBooking[];
}


/**
 * What a typed query can mean, each answerable from an index: digits are a phone number (whole, or its last four
 * digits through the expression index on them); anything else is part of a name (from the index of the characters in names). Card and
 * booking codes are matched exactly by the caller.
 */
function guestMatches(q: string, digits: string) {
  if (/^\d{11}$/.test(digits)) return [eq(users.phone, digits)];
  if (/^\d{4}$/.test(digits)) return [sql`substr(${users.phone}, -4) = ${digits}`];
  if (/^\d{5,10}$/.test(digits)) return [sql`substr(${users.phone}, -4) = ${digits.slice(-4)} AND ${users.phone} LIKE ${`%${digits}`}`];
  if (/^\d+$/.test(digits)) return [];
  return [nameContains(q)];
}

/**
 * Finds members at the desk by phone (or its last digits), name, membership-card code, booking code, or the
 * text of either QR code; with each member, their balance this year and today's bookings at this lounge.
 */
export async function deskSearch(deps: Deps, actor: Actor, loungeId: number, query: string): Promise<Result<{ lounge: LoungeRow; members: DeskMember[] }, 'forbidden' | 'not_found'>> {
  const lounge = await deskLounge(deps.db, actor, loungeId);
  if (!lounge.ok) return lounge;
  const q = parseScan(query).text;
  if (q.length < 2) return ok({ lounge: lounge.value, members: [] });
  const code = normalizeCode(q);
  const digits = normalizePhone(q);
  const byBooking = deps.db.select({ id: loungeBookings.userId }).from(loungeBookings).where(eq(loungeBookings.code, code));
  const found = await deps.db
    .select({ id: users.id, name: users.name, phone: users.phone, cardCode: users.cardCode, tierNameZh: tiers.nameZh, tierNameEn: tiers.nameEn, companionsAllowed: tiers.companionsPerVisit, visits: tiers.loungeVisitsPerYear })
    .from(users)
    .innerJoin(tiers, eq(tiers.code, users.tierCode))
    .where(
      and(
        // unary plus: the role is checked on the rows found, never used as the index to walk (all members)
        sql`+${users.role} = 'member'`,
        sql`${users.disabledAt} IS NULL`,
        or(...guestMatches(q, digits), eq(users.cardCode, code), inArray(users.id, byBooking)),
      ),
    )
    .orderBy(asc(users.name))
    .limit(10);
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const today = startOfZonedDay(now, zone);
  const year = zonedParts(now, zone).year;
  const ids = found.map((f) => f.id);
  // today's bookings, and early tomorrow's that can already be checked in (a 00:30 slot at 23:50)
  const until = Math.max(addZonedDays(today, 1, zone), now + CHECK_IN_OPENS_BEFORE_MS);
  const todays = ids.length
    ? await deskBookings(deps.db)
        .where(
          and(
            eq(loungeBookings.loungeId, loungeId),
            inArray(loungeBookings.userId, ids),
            or(and(gte(loungeBookings.slotStart, today), lt(loungeBookings.slotStart, until), inArray(loungeBookings.status, ['booked', 'checked_in', 'checked_out'])), eq(loungeBookings.status, 'checked_in')),
          ),
        )
        .orderBy(asc(loungeBookings.slotStart))
    : [];
  const balances = await balancesFor(deps.db, found.map((f) => ({ userId: f.id, tier: { loungeVisitsPerYear: f.visits } })), year);
  const members: DeskMember[] = found.map((f) => ({
    userId: f.id,
    name: f.name,
    phone: f.phone,
    cardCode: f.cardCode,
    tierNameZh: f.tierNameZh,
    tierNameEn: f.tierNameEn,
    companionsAllowed: f.companionsAllowed,
    balance: balances.get(f.id)!,
    bookings: todays.filter((b) => b.userId === f.id),
  }));
  return ok({ lounge: lounge.value, members });
}
