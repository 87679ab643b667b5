import { and, asc, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import { CITIES, CLUB_CATEGORIES, LIVE_MEMBERSHIP, clubCoordinators, clubMemberships, clubs, events, tiers, users, type City, type ClubCategory } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { meetsTier, type TierRank } from '../members/policy';
import { expectedJoinOutcome, joinNeedsApproval, joinRefusal, type ExpectedOutcome, type JoinRefusal } from './policy';
import { notify } from '../notifications/service';
import type { DbOrTx } from '../db';
import { countsByClub, countsForClub, findClub, insertMembership, isUniqueViolation, promoteWaitlist, waitlistPosition, waitlistPositions, type ClubCounts } from './waitlist';
import { memberTier } from '../members/tier';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
export type ClubRow = typeof clubs.$inferSelect;
export type MembershipRow = typeof clubMemberships.$inferSelect;

export interface OwnMembership {
  id: number;
  status: MembershipRow['status'];
  position: number | null;
  activeSince: number | null;
  reason: string | null;
  statusChangedAt: number;
}

export interface ClubListItem {
  club: ClubRow;
  minTier: TierRank | null;
  counts: ClubCounts;
  /** for a member: whether their tier meets the club's minimum, and their membership if any */
  eligible: boolean | null;
  own: OwnMembership | null;
}

export interface ClubFilters {
  city?: City | undefined;
  category?: ClubCategory | undefined;
}

export function parseClubFilters(query: { city?: string | undefined; category?: string | undefined }): ClubFilters {
  return {
    city: (CITIES as readonly string[]).includes(query.city ?? '') ? (query.city as City) : undefined,
    category: (CLUB_CATEGORIES as readonly string[]).includes(query.category ?? '') ? (query.category as ClubCategory) : undefined,
  };
}

async function tierMap(deps: Deps): Promise<Map<string, TierRank>> {
  const rows = await deps.db.select({ code: tiers.code, rank: tiers.rank, nameZh: tiers.nameZh, nameEn: tiers.nameEn }).from(tiers);
  return new Map(rows.map((r) => [r.code, r]));
}

async function memberFacts(deps: Deps, actor: Actor) {
  const person = await memberTier(deps.db, actor.id);
  return { tierCode: person?.tier?.code ?? null, disabled: person?.disabled ?? true };
}

/** The actor's latest membership per club (live ones first), with waitlist positions. */
async function ownMemberships(deps: Deps, userId: number, clubIds: number[]): Promise<Map<number, OwnMembership>> {
  if (clubIds.length === 0) return new Map();
  const rows = await deps.db
    .select()
    .from(clubMemberships)
    .where(and(eq(clubMemberships.userId, userId), inArray(clubMemberships.clubId, clubIds)))
    .orderBy(desc(clubMemberships.id));
  const isLive = (status: string) => (LIVE_MEMBERSHIP as readonly string[]).includes(status);
  const chosen = new Map<number, MembershipRow>();
  for (const m of rows) {
    const current = chosen.get(m.clubId);
    // the newest row wins, except that a live membership beats any older or newer ended one
    if (!current || (!isLive(current.status) && isLive(m.status))) chosen.set(m.clubId, m);
  }
  const positions = await waitlistPositions(deps.db, [...chosen.values()].filter((m) => m.status === 'waitlisted').map((m) => m.id));
  const out = new Map<number, OwnMembership>();
  for (const [clubId, m] of chosen) {
    out.set(clubId, {
      id: m.id,
      status: m.status,
      position: positions.get(m.id) ?? null,
      activeSince: m.activeSince,
      reason: m.reason,
      statusChangedAt: m.statusChangedAt,
    });
  }
  return out;
}

/** Open clubs, filtered by city and category, with places and (for a member) eligibility and own status. */
export async function listClubs(deps: Deps, actor: Actor, filters: ClubFilters = {}): Promise<ClubListItem[]> {
  const conditions = [isNull(clubs.archivedAt)];
  if (filters.city) conditions.push(eq(clubs.city, filters.city));
  if (filters.category) conditions.push(eq(clubs.category, filters.category));
  const rows = await deps.db.select().from(clubs).where(and(...conditions)).orderBy(asc(clubs.city), asc(clubs.id));
  return clubItems(deps, actor, rows);
}

async function clubItems(deps: Deps, actor: Actor, rows: ClubRow[]): Promise<ClubListItem[]> {
  const ids = rows.map((c) => c.id);
  const [ranks, counts] = await Promise.all([tierMap(deps), countsByClub(deps.db, ids)]);
  const isMember = actor.role === 'member';
  const facts = isMember ? await memberFacts(deps, actor) : null;
  const own = isMember ? await ownMemberships(deps, actor.id, ids) : new Map<number, OwnMembership>();
  const ownTier = facts?.tierCode ? ranks.get(facts.tierCode) ?? null : null;
  return rows.map((club) => {
    const minTier = club.minTier ? ranks.get(club.minTier) ?? null : null;
    return {
      club,
      minTier,
      counts: counts.get(club.id) ?? { active: 0, pending: 0, waitlisted: 0 },
      eligible: isMember ? meetsTier(ownTier, minTier) : null,
      own: own.get(club.id) ?? null,
    };
  });
}

export interface ClubPage extends ClubListItem {
  coordinators: Array<{ name: string; phone: string }>;
  upcomingEvents: Array<typeof events.$inferSelect>;
  /** for a member: why they could not join now, or null if they can */
  refusal: JoinRefusal | null;
  ownTier: TierRank | null;
}

export async function getClubPage(deps: Deps, actor: Actor, clubId: number): Promise<Result<ClubPage, 'not_found'>> {
  const club = await findClub(deps.db, clubId);
  if (!club || club.archivedAt !== null) return err('not_found');
  const [item] = await clubItems(deps, actor, [club]);
  const [coordinators, upcomingEvents] = await Promise.all([
    deps.db
      .select({ name: users.name, phone: users.phone })
      .from(clubCoordinators)
      .innerJoin(users, eq(users.id, clubCoordinators.userId))
      .where(and(eq(clubCoordinators.clubId, clubId), isNull(users.disabledAt))),
    deps.db
      .select()
      .from(events)
      .where(and(eq(events.clubId, clubId), eq(events.status, 'scheduled'), gte(events.endsAt, deps.clock.now())))
      .orderBy(asc(events.startsAt))
      .limit(10),
  ]);
  const check = actor.role === 'member' ? await joinCheck(deps, actor, club) : null;
  return ok({ ...item!, coordinators, upcomingEvents, refusal: check?.refusal ?? null, ownTier: check?.ownTier ?? null });
}

interface JoinCheck {
  refusal: JoinRefusal | null;
  needsApproval: boolean;
  previouslyRemoved: boolean;
  minTier: TierRank | null;
  ownTier: TierRank | null;
}

async function joinCheck(deps: Deps, actor: Actor, club: ClubRow): Promise<JoinCheck> {
  const [facts, ranks, history] = await Promise.all([
    memberFacts(deps, actor),
    tierMap(deps),
    deps.db
      .select({ status: clubMemberships.status })
      .from(clubMemberships)
      .where(and(eq(clubMemberships.clubId, club.id), eq(clubMemberships.userId, actor.id))),
  ]);
  const live = history.find((h) => (LIVE_MEMBERSHIP as readonly string[]).includes(h.status));
  const minTier = club.minTier ? ranks.get(club.minTier) ?? null : null;
  const ownTier = facts.tierCode ? ranks.get(facts.tierCode) ?? null : null;
  const previouslyRemoved = history.some((h) => h.status === 'removed');
  const refusal = joinRefusal({
    role: actor.role,
    disabled: facts.disabled,
    ownTier,
    minTier,
    archived: club.archivedAt !== null,
    liveStatus: (live?.status as 'pending' | 'active' | 'waitlisted' | undefined) ?? null,
  });
  return { refusal, needsApproval: joinNeedsApproval(club.requiresApproval, previouslyRemoved), previouslyRemoved, minTier, ownTier };
}

export interface JoinPreview {
  club: ClubRow;
  minTier: TierRank | null;
  ownTier: TierRank | null;
  previouslyRemoved: boolean;
  counts: ClubCounts;
  outcome: ExpectedOutcome;
}

/** What joining would mean, for the confirmation step; nothing is written. */
export async function previewJoin(
  deps: Deps,
  actor: Actor,
  clubId: number,
): Promise<Result<JoinPreview, 'not_found'> | { ok: false; error: JoinRefusal; club: ClubRow; minTier: TierRank | null; ownTier: TierRank | null }> {
  const club = await findClub(deps.db, clubId);
  if (!club) return err('not_found');
  const check = await joinCheck(deps, actor, club);
  if (check.refusal) return { ok: false, error: check.refusal, club, minTier: check.minTier, ownTier: check.ownTier };
  const counts = await countsForClub(deps.db, club.id);
  return ok({
    club,
    minTier: check.minTier,
    ownTier: check.ownTier,
    previouslyRemoved: check.previouslyRemoved,
    counts,
    outcome: expectedJoinOutcome(check.needsApproval, counts.active, counts.waitlisted, club.capacity),
  });
}

export type JoinResult = { status: 'pending' | 'active' | 'waitlisted'; position: number | null; club: ClubRow };

/** Joins (or asks to join) a club. The place is taken atomically; a repeated submit finds the existing membership. */
export async function joinClub(deps: Deps, actor: Actor, clubId: number): Promise<Result<JoinResult, JoinRefusal | 'not_found'>> {
  const club = await findClub(deps.db, clubId);
  if (!club) return err('not_found');
  const check = await joinCheck(deps, actor, club);
  if (check.refusal) return err(check.refusal);
  const now = deps.clock.now();
  let inserted: Awaited<ReturnType<typeof insertMembership>>;
  try {
    inserted = await deps.db.transaction(async (tx) => {
      const row = await insertMembership(tx, { clubId, userId: actor.id, needsApproval: check.needsApproval, now });
      if (row?.status === 'pending') await notifyCoordinatorsOfRequest(tx, club, actor.id, now);
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_member'); // a double click or a second tab
    throw error;
  }
  if (!inserted) return err('archived');
  const position = inserted.status === 'waitlisted' ? await waitlistPosition(deps.db, inserted.id) : null;
  return ok({ status: inserted.status, position, club });
}

async function notifyCoordinatorsOfRequest(tx: DbOrTx, club: ClubRow, userId: number, now: number) {
  const [member] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  const coordinators = await tx.select({ userId: clubCoordinators.userId }).from(clubCoordinators).where(eq(clubCoordinators.clubId, club.id));
  await notify(
    tx,
    now,
    coordinators.map((c) => ({
      userId: c.userId,
      kind: 'club.request' as const,
      params: { clubZh: club.nameZh, clubEn: club.nameEn, member: member?.name ?? '' },
      link: `/coordinator/clubs/${club.id}?status=pending`,
    })),
  );
}

/**
 * Leaves a club (or withdraws a request or a waitlist place) in one step, without a reason. A freed place
 * goes to the first waitlisted member in the same transaction.
 */
export async function leaveClub(deps: Deps, actor: Actor, clubId: number): Promise<Result<{ previous: 'pending' | 'active' | 'waitlisted'; club: ClubRow }, 'not_member' | 'not_found'>> {
  const club = await findClub(deps.db, clubId);
  if (!club) return err('not_found');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ id: clubMemberships.id, status: clubMemberships.status })
      .from(clubMemberships)
      .where(and(eq(clubMemberships.clubId, clubId), eq(clubMemberships.userId, actor.id), inArray(clubMemberships.status, [...LIVE_MEMBERSHIP])));
    if (!current) return err('not_member');
    await tx.update(clubMemberships).set({ status: 'left', statusChangedAt: now }).where(eq(clubMemberships.id, current.id));
    if (current.status === 'active') await promoteWaitlist(tx, club, now);
    return ok({ previous: current.status as 'pending' | 'active' | 'waitlisted', club });
  });
}

export interface MyMembership {
  club: ClubRow;
  membership: OwnMembership;
}

/** The member's clubs for /me: live memberships first, then recent removals and declines they should know about. */
export async function listMyMemberships(deps: Deps, actor: Actor): Promise<MyMembership[]> {
  const rows = await deps.db
    .select({ club: clubs, membershipId: clubMemberships.id })
    .from(clubMemberships)
    .innerJoin(clubs, eq(clubs.id, clubMemberships.clubId))
    .where(and(eq(clubMemberships.userId, actor.id), inArray(clubMemberships.status, ['pending', 'active', 'waitlisted', 'removed', 'declined', 'closed'])))
    .orderBy(desc(clubMemberships.id));
  const ids = [...new Set(rows.map((r) => r.club.id))];
  const own = await ownMemberships(deps, actor.id, ids);
  const byId = new Map(rows.map((r) => [r.club.id, r.club]));
  return ids.map((id) => ({ club: byId.get(id)!, membership: own.get(id)! })).filter((m) => m.membership);
}
