import { and, asc, eq, gt, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { LIVE_MEMBERSHIP, clubCoordinators, clubMemberships, clubs, events, loungeBookings, loungeStaff, lounges, registrations, tiers, users, type MembershipStatus, type Role } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { zonedParts } from '../lib/time';
import { balanceFor } from '../lounges/entitlements';
import type { Balance } from '../lounges/policy';
import { activeSessionCount, type TierRow } from '../members/service';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

type ClubName = { id: number; nameZh: string; nameEn: string };
type LoungeName = { id: number; code: string; nameZh: string; nameEn: string };

export interface PersonDetail {
  person: {
    id: number;
    name: string;
    phone: string;
    role: Role;
    tierCode: string | null;
    locale: 'zh' | 'en';
    cardCode: string;
    disabledAt: number | null;
    createdAt: number;
    passwordChangedAt: number | null;
    mustChangePassword: boolean;
  };
  tier: TierRow | null;
  /** every tier, for the tier change */
  tiers: TierRow[];
  activeSessions: number;
  /** members: this year's lounge visits */
  year: number;
  balance: Balance | null;
  /** what stays booked: upcoming event registrations and waitlist places, lounge bookings */
  registrations: Array<{ id: number; eventId: number; titleZh: string; titleEn: string; startsAt: number; status: 'confirmed' | 'waitlisted'; seats: number }>;
  bookings: Array<{ id: number; code: string; loungeZh: string; loungeEn: string; slotStart: number; slotEnd: number; companions: number }>;
  /** live club memberships (active, requested, waitlisted) */
  memberships: Array<{ clubId: number; nameZh: string; nameEn: string; status: MembershipStatus }>;
  /** coordinators: their clubs, and the open clubs they could be given */
  coordinatedClubs: ClubName[];
  clubChoices: ClubName[];
  /** lounge staff: their lounges, and the others */
  staffedLounges: LoungeName[];
  loungeChoices: LoungeName[];
  /** the admin looking at their own account */
  isSelf: boolean;
}

/** Everything an admin sees on one person's page; for admins only. */
export async function getPersonDetail(deps: Deps, actor: Actor, userId: number): Promise<Result<PersonDetail, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const db = deps.db;
  const [person] = await db
    .select({
      id: users.id,
      name: users.name,
      phone: users.phone,
      role: users.role,
      tierCode: users.tierCode,
      locale: users.locale,
      cardCode: users.cardCode,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      passwordChangedAt: users.passwordChangedAt,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!person) return err('not_found');
  const now = deps.clock.now();
  const year = zonedParts(now, deps.config.timeZone).year;
  const allTiers = await db.select().from(tiers).orderBy(asc(tiers.rank));
  const tier = allTiers.find((t) => t.code === person.tierCode) ?? null;

  const [activeSessions, regs, bookings, memberships, coordinated, staffed] = await Promise.all([
    activeSessionCount(db, userId, now),
    db
      .select({ id: registrations.id, eventId: events.id, titleZh: events.titleZh, titleEn: events.titleEn, startsAt: events.startsAt, status: registrations.status, seats: registrations.seats })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(and(eq(registrations.userId, userId), inArray(registrations.status, ['confirmed', 'waitlisted']), eq(events.status, 'scheduled'), gt(events.startsAt, now)))
      .orderBy(asc(events.startsAt), asc(registrations.id)),
    db
      .select({ id: loungeBookings.id, code: loungeBookings.code, loungeZh: lounges.nameZh, loungeEn: lounges.nameEn, slotStart: loungeBookings.slotStart, slotEnd: loungeBookings.slotEnd, companions: loungeBookings.companions })
      .from(loungeBookings)
      .innerJoin(lounges, eq(lounges.id, loungeBookings.loungeId))
      .where(and(eq(loungeBookings.userId, userId), eq(loungeBookings.status, 'booked'), gt(loungeBookings.slotEnd, now)))
      .orderBy(asc(loungeBookings.slotStart), asc(loungeBookings.id)),
    db
      .select({ clubId: clubs.id, nameZh: clubs.nameZh, nameEn: clubs.nameEn, status: clubMemberships.status })
      .from(clubMemberships)
      .innerJoin(clubs, eq(clubs.id, clubMemberships.clubId))
      .where(and(eq(clubMemberships.userId, userId), inArray(clubMemberships.status, [...LIVE_MEMBERSHIP])))
      .orderBy(asc(clubs.id)),
    person.role === 'coordinator'
      ? db.select({ id: clubs.id, nameZh: clubs.nameZh, nameEn: clubs.nameEn }).from(clubCoordinators).innerJoin(clubs, eq(clubs.id, clubCoordinators.clubId)).where(eq(clubCoordinators.userId, userId)).orderBy(asc(clubs.id))
      : Promise.resolve([]),
    person.role === 'lounge_staff'
      ? db.select({ id: lounges.id, code: lounges.code, nameZh: lounges.nameZh, nameEn: lounges.nameEn }).from(loungeStaff).innerJoin(lounges, eq(lounges.id, loungeStaff.loungeId)).where(eq(loungeStaff.userId, userId)).orderBy(asc(lounges.id))
      : Promise.resolve([]),
  ]);

  const clubChoices =
    person.role === 'coordinator'
      ? await db
          .select({ id: clubs.id, nameZh: clubs.nameZh, nameEn: clubs.nameEn })
          .from(clubs)
          .where(and(isNull(clubs.archivedAt), coordinated.length ? notInArray(clubs.id, coordinated.map((c) => c.id)) : sql`1 = 1`))
          .orderBy(asc(clubs.id))
      : [];
  const loungeChoices =
    person.role === 'lounge_staff'
      ? await db
          .select({ id: lounges.id, code: lounges.code, nameZh: lounges.nameZh, nameEn: lounges.nameEn })
          .from(lounges)
          .where(staffed.length ? notInArray(lounges.id, staffed.map((l) => l.id)) : sql`1 = 1`)
          .orderBy(asc(lounges.id))
      : [];

  return ok({
    person,
    tier,
    tiers: allTiers,
    activeSessions,
    year,
    balance: person.role === 'member' ? await balanceFor(db, userId, year, tier) : null,
    registrations: regs.map((r) => ({ ...r, status: r.status as 'confirmed' | 'waitlisted' })),
    bookings,
    memberships,
    coordinatedClubs: coordinated,
    clubChoices,
    staffedLounges: staffed,
    loungeChoices,
    isSelf: actor.id === userId,
  });
}
