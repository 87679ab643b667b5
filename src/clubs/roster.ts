import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { LIVE_MEMBERSHIP, clubCoordinators, clubMemberships, clubs, tiers, users, type MembershipStatus } from '../../db/schema';
import { canManageClub, type Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import type { ClubRow } from './service';
import { countsByClub, countsForClub, findClub, waitlistPositions, type ClubCounts } from './waitlist';
import { escapeLike } from '../lib/name-search';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

async function coordinatedClubIds(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db.select({ clubId: clubCoordinators.clubId }).from(clubCoordinators).where(eq(clubCoordinators.userId, userId));
  return rows.map((r) => r.clubId);
}

/** The club, if the actor may manage it. A coordinator asking for someone else's club — existing or not — is refused. */
export async function managedClub(db: DbOrTx, actor: Actor, clubId: number): Promise<Result<ClubRow, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin' && actor.role !== 'coordinator') return err('forbidden');
  const ids = actor.role === 'coordinator' ? await coordinatedClubIds(db, actor.id) : [];
  if (!canManageClub(actor, ids, clubId)) return err('forbidden');
  const club = await findClub(db, clubId);
  return club ? ok(club) : err('not_found');
}

/** The clubs this actor runs with their counts: all open clubs for an admin, the assigned ones for a coordinator. */
export async function listManagedClubs(deps: Deps, actor: Actor): Promise<Result<Array<{ club: ClubRow; counts: ClubCounts }>, 'forbidden'>> {
  let rows: ClubRow[];
  if (actor.role === 'admin') rows = await deps.db.select().from(clubs).where(sql`${clubs.archivedAt} IS NULL`).orderBy(asc(clubs.id));
  else if (actor.role === 'coordinator') {
    const ids = await coordinatedClubIds(deps.db, actor.id);
    rows = ids.length ? await deps.db.select().from(clubs).where(and(inArray(clubs.id, ids), sql`${clubs.archivedAt} IS NULL`)).orderBy(asc(clubs.id)) : [];
  } else return err('forbidden');
  const counts = await countsByClub(deps.db, rows.map((r) => r.id));
  return ok(rows.map((club) => ({ club, counts: counts.get(club.id) ?? { active: 0, pending: 0, waitlisted: 0 } })));
}

export const ROSTER_STATUS_FILTERS = ['current', 'active', 'pending', 'waitlisted', 'former', 'all'] as const;
export type RosterStatusFilter = (typeof ROSTER_STATUS_FILTERS)[number];
export const ROSTER_SORTS = ['recent', 'name', 'tier', 'queue'] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];
export const ROSTER_PAGE_SIZE = 50;

export interface RosterQuery {
  q: string;
  status: RosterStatusFilter;
  tier: string | null;
  sort: RosterSort;
  page: number;
}

export interface RosterRow {
  membershipId: number;
  userId: number;
  name: string;
  phone: string;
  tierCode: string | null;
  tierNameZh: string | null;
  tierNameEn: string | null;
  status: MembershipStatus;
  requestedAt: number;
  activeSince: number | null;
  reason: string | null;
  position: number | null;
  /** this member at this club's events: confirmed registrations, attended (checked in), no-shows */
  eventsRegistered: number;
  eventsAttended: number;
  eventsNoShow: number;
}

const statusSets: Record<RosterStatusFilter, MembershipStatus[] | null> = {
  current: [...LIVE_MEMBERSHIP],
  active: ['active'],
  pending: ['pending'],
  waitlisted: ['waitlisted'],
  former: ['left', 'removed', 'declined', 'closed'],
  all: null,
};


function rosterWhere(clubId: number, query: Pick<RosterQuery, 'q' | 'status' | 'tier'>): SQL {
  const parts: SQL[] = [eq(clubMemberships.clubId, clubId)];
  const statuses = statusSets[query.status];
  if (statuses) parts.push(inArray(clubMemberships.status, statuses));
  if (query.tier) parts.push(eq(users.tierCode, query.tier));
  const q = query.q.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    parts.push(or(sql`${users.name} LIKE ${pattern} ESCAPE '\\'`, sql`${users.phone} LIKE ${pattern} ESCAPE '\\'`)!);
  }
  return and(...parts)!;
}

const rosterOrder: Record<RosterSort, SQL[]> = {
  recent: [sql`coalesce(${clubMemberships.activeSince}, ${clubMemberships.requestedAt}) DESC`, desc(clubMemberships.id)],
  name: [asc(users.name), asc(clubMemberships.id)],
  tier: [sql`${tiers.rank} DESC`, asc(users.name)],
  queue: [sql`${clubMemberships.status} != 'waitlisted'`, asc(clubMemberships.queuedAt), asc(clubMemberships.id)],
};

/** Counts of a member's registrations for this club's events, as correlated subqueries (indexed by user). */
function clubEventCount(clubId: number, condition: SQL) {
  return sql<number>`(SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event_id
    WHERE e.club_id = ${clubId} AND r.user_id = ${users.id} AND r.status = 'confirmed' AND ${condition})`;
}

async function selectRoster(db: DbOrTx, clubId: number, query: RosterQuery, limit: number | null): Promise<RosterRow[]> {
  const base = db
    .select({
      membershipId: clubMemberships.id,
      userId: users.id,
      name: users.name,
      phone: users.phone,
      tierCode: users.tierCode,
      tierNameZh: tiers.nameZh,
      tierNameEn: tiers.nameEn,
      status: clubMemberships.status,
      requestedAt: clubMemberships.requestedAt,
      activeSince: clubMemberships.activeSince,
      reason: clubMemberships.reason,
      eventsRegistered: clubEventCount(clubId, sql`1 = 1`),
      eventsAttended: clubEventCount(clubId, sql`r.checked_in_seats > 0`),
      eventsNoShow: clubEventCount(clubId, sql`r.no_show_at IS NOT NULL`),
    })
    .from(clubMemberships)
    .innerJoin(users, eq(users.id, clubMemberships.userId))
    .leftJoin(tiers, eq(tiers.code, users.tierCode))
    .where(rosterWhere(clubId, query))
    .orderBy(...rosterOrder[query.sort]);
  const rows = limit === null ? await base : await base.limit(limit).offset((query.page - 1) * limit);
  const positions = await waitlistPositions(db, rows.filter((r) => r.status === 'waitlisted').map((r) => r.membershipId));
  return rows.map((r) => ({ ...r, position: positions.get(r.membershipId) ?? null }));
}

export interface Roster {
  club: ClubRow;
  counts: ClubCounts;
  rows: RosterRow[];
  total: number;
  query: RosterQuery;
  pages: number;
  tiers: Array<{ code: string; nameZh: string; nameEn: string }>;
}

/** One page of a club's roster: searched, filtered, sorted; for the club's coordinators and admins only. */
export async function getRoster(deps: Deps, actor: Actor, clubId: number, query: RosterQuery): Promise<Result<Roster, 'forbidden' | 'not_found'>> {
  const club = await managedClub(deps.db, actor, clubId);
  if (!club.ok) return club;
  const [totalRow] = await deps.db
    .select({ n: count() })
    .from(clubMemberships)
    .innerJoin(users, eq(users.id, clubMemberships.userId))
    .where(rosterWhere(clubId, query));
  const total = totalRow?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / ROSTER_PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page), pages);
  const [rows, counts, tierRows] = await Promise.all([
    selectRoster(deps.db, clubId, { ...query, page }, ROSTER_PAGE_SIZE),
    countsForClub(deps.db, clubId),
    deps.db.select({ code: tiers.code, nameZh: tiers.nameZh, nameEn: tiers.nameEn }).from(tiers).orderBy(asc(tiers.rank)),
  ]);
  return ok({ club: club.value, counts, rows, total, query: { ...query, page }, pages, tiers: tierRows });
}

/** Every row matching the filters, for the CSV export; the export itself is recorded in the audit log. */
export async function exportRoster(deps: Deps, actor: Actor, clubId: number, query: RosterQuery, columns: string[]): Promise<Result<{ club: ClubRow; rows: RosterRow[] }, 'forbidden' | 'not_found'>> {
  const club = await managedClub(deps.db, actor, clubId);
  if (!club.ok) return club;
  const rows = await selectRoster(deps.db, clubId, query, null);
  await audit(deps.db, actor, deps.clock.now(), {
    action: 'club.roster.exported',
    targetType: 'club',
    targetId: clubId,
    detail: { rows: rows.length, columns, status: query.status, q: query.q || undefined, tier: query.tier ?? undefined },
  });
  return ok({ club: club.value, rows });
}

export async function membershipInClub(db: DbOrTx, clubId: number, membershipId: number) {
  const [row] = await db
    .select({ membership: clubMemberships, memberName: users.name })
    .from(clubMemberships)
    .innerJoin(users, eq(users.id, clubMemberships.userId))
    .where(and(eq(clubMemberships.id, membershipId), eq(clubMemberships.clubId, clubId)))
    .limit(1);
  return row;
}
