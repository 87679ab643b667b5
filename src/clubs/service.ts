import { and, asc, eq, gte, inArray, isNull } from 'drizzle-orm';
import { clubCoordinators, clubs, events, tiers, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { canManageClub } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { meetsTier, type TierRank } from '../members/policy';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export type ClubRow = typeof clubs.$inferSelect;

export interface ClubListItem {
  club: ClubRow;
  minTier: TierRank | null;
  /** for a member: whether their tier meets the club's minimum */
  eligible: boolean | null;
}

async function tierRanks(deps: Deps): Promise<Map<string, TierRank>> {
  const rows = await deps.db.select({ code: tiers.code, rank: tiers.rank, nameZh: tiers.nameZh, nameEn: tiers.nameEn }).from(tiers);
  return new Map(rows.map((r) => [r.code, r]));
}

/** Open (not archived) clubs, with the member's eligibility where the actor is a member. */
export async function listClubs(deps: Deps, actor: Actor & { tierCode?: string | null }): Promise<ClubListItem[]> {
  const [rows, ranks] = await Promise.all([
    deps.db.select().from(clubs).where(isNull(clubs.archivedAt)).orderBy(asc(clubs.city), asc(clubs.id)),
    tierRanks(deps),
  ]);
  const own = actor.role === 'member' && actor.tierCode ? ranks.get(actor.tierCode) ?? null : null;
  return rows.map((club) => {
    const minTier = club.minTier ? ranks.get(club.minTier) ?? null : null;
    return { club, minTier, eligible: actor.role === 'member' ? meetsTier(own, minTier) : null };
  });
}

async function coordinatedClubIds(deps: Deps, userId: number): Promise<number[]> {
  const rows = await deps.db.select({ clubId: clubCoordinators.clubId }).from(clubCoordinators).where(eq(clubCoordinators.userId, userId));
  return rows.map((r) => r.clubId);
}

/** The clubs this actor runs: all of them for an admin, the assigned ones for a coordinator. */
export async function listManagedClubs(deps: Deps, actor: Actor): Promise<Result<ClubRow[], 'forbidden'>> {
  if (actor.role === 'admin') return ok(await deps.db.select().from(clubs).where(isNull(clubs.archivedAt)).orderBy(asc(clubs.id)));
  if (actor.role !== 'coordinator') return err('forbidden');
  const ids = await coordinatedClubIds(deps, actor.id);
  if (ids.length === 0) return ok([]);
  return ok(await deps.db.select().from(clubs).where(inArray(clubs.id, ids)).orderBy(asc(clubs.id)));
}

export interface ManagedClub {
  club: ClubRow;
  coordinators: Array<{ name: string; phone: string }>;
  upcomingEvents: Array<typeof events.$inferSelect>;
}

/** One club as its coordinator (or an admin) sees it; anyone else is refused. */
export async function getManagedClub(deps: Deps, actor: Actor, clubId: number): Promise<Result<ManagedClub, 'forbidden' | 'not_found'>> {
  const ids = actor.role === 'coordinator' ? await coordinatedClubIds(deps, actor.id) : [];
  if (!canManageClub(actor, ids, clubId)) return err('forbidden');
  const club = (await deps.db.select().from(clubs).where(eq(clubs.id, clubId)).limit(1))[0];
  if (!club) return err('not_found');
  const [coordinators, upcomingEvents] = await Promise.all([
    deps.db
      .select({ name: users.name, phone: users.phone })
      .from(clubCoordinators)
      .innerJoin(users, eq(users.id, clubCoordinators.userId))
      .where(eq(clubCoordinators.clubId, clubId)),
    deps.db
      .select()
      .from(events)
      .where(and(eq(events.clubId, clubId), gte(events.endsAt, deps.clock.now())))
      .orderBy(asc(events.startsAt))
      .limit(20),
  ]);
  return ok({ club, coordinators, upcomingEvents });
}
