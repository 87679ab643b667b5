import { asc, eq, inArray, sql } from 'drizzle-orm';
import { LIVE_MEMBERSHIP, clubMemberships, clubs, tiers, type City, type ClubCategory } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../lib/audit';
import { randomCode } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { notify } from '../notifications/service';
import { capacityChangeAllowed } from './policy';
import type { ClubRow } from './service';
import { countsByClub, countsForClub, findClub, promoteWaitlist, type ClubCounts } from './waitlist';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ClubInput {
  nameZh: string;
  nameEn: string;
  category: ClubCategory;
  city: City;
  descriptionZh: string;
  descriptionEn: string;
  termsZh: string | null;
  termsEn: string | null;
  minTier: string | null;
  capacity: number;
  requiresApproval: boolean;
}

export type ClubEditError = 'forbidden' | 'not_found' | 'tier_unknown' | 'capacity_below_active';

async function tierExists(deps: Deps, code: string | null): Promise<boolean> {
  if (code === null) return true;
  return (await deps.db.select({ code: tiers.code }).from(tiers).where(eq(tiers.code, code))).length === 1;
}

/** Every club, archived ones included, with their counts: the admin's list. */
export async function listAllClubs(deps: Deps, actor: Actor): Promise<Result<Array<{ club: ClubRow; counts: ClubCounts }>, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const rows = await deps.db.select().from(clubs).orderBy(sql`${clubs.archivedAt} IS NOT NULL`, asc(clubs.id));
  const counts = await countsByClub(deps.db, rows.map((r) => r.id));
  return ok(rows.map((club) => ({ club, counts: counts.get(club.id) ?? { active: 0, pending: 0, waitlisted: 0 } })));
}

export async function createClub(deps: Deps, actor: Actor, input: ClubInput): Promise<Result<ClubRow, ClubEditError>> {
  if (actor.role !== 'admin') return err('forbidden');
  if (!(await tierExists(deps, input.minTier))) return err('tier_unknown');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [club] = await tx
      .insert(clubs)
      .values({ ...input, slug: `club-${randomCode(10).toLowerCase()}`, createdAt: now })
      .returning();
    await audit(tx, actor, now, { action: 'club.created', targetType: 'club', targetId: club!.id, detail: { nameZh: input.nameZh, capacity: input.capacity } });
    return ok(club!);
  });
}

/**
 * Edits a club. Capacity may go down only to the members already active (no one is pushed out by a number);
 * when it goes up, the waitlist is promoted in the same transaction.
 */
export async function updateClub(
  deps: Deps,
  actor: Actor,
  clubId: number,
  input: ClubInput,
): Promise<Result<{ club: ClubRow; promoted: number }, ClubEditError> | { ok: false; error: 'capacity_below_active'; active: number }> {
  if (actor.role !== 'admin') return err('forbidden');
  if (!(await tierExists(deps, input.minTier))) return err('tier_unknown');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await findClub(tx, clubId);
    if (!before) return err('not_found');
    const counts = await countsForClub(tx, clubId);
    if (!capacityChangeAllowed(input.capacity, counts.active)) return { ok: false as const, error: 'capacity_below_active' as const, active: counts.active };
    const [club] = await tx.update(clubs).set(input).where(eq(clubs.id, clubId)).returning();
    const promoted = input.capacity > before.capacity ? await promoteWaitlist(tx, club!, now) : [];
    const changed = Object.fromEntries(
      (Object.keys(input) as Array<keyof ClubInput>).filter((k) => before[k] !== input[k]).map((k) => [k, { from: before[k], to: input[k] }]),
    );
    await audit(tx, actor, now, { action: 'club.updated', targetType: 'club', targetId: clubId, detail: { changed, promoted: promoted.length } });
    return ok({ club: club!, promoted: promoted.length });
  });
}

/**
 * Closes a club: it disappears from the list, and every membership still live ends with the admin's reason,
 * which each member is told. Reopening makes the club visible again (memberships are not restored).
 */
export async function setClubArchived(
  deps: Deps,
  actor: Actor,
  clubId: number,
  archived: boolean,
  reason: string | null,
): Promise<Result<{ ended: number }, 'forbidden' | 'not_found' | 'reason_required'>> {
  if (actor.role !== 'admin') return err('forbidden');
  if (archived && !reason?.trim()) return err('reason_required');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const club = await findClub(tx, clubId);
    if (!club) return err('not_found');
    if ((club.archivedAt !== null) === archived) return ok({ ended: 0 }); // already so: nothing to do, nothing to record
    await tx.update(clubs).set({ archivedAt: archived ? now : null }).where(eq(clubs.id, clubId));
    let ended: Array<{ userId: number }> = [];
    if (archived) {
      ended = await tx
        .update(clubMemberships)
        .set({ status: 'closed', statusChangedAt: now, decidedBy: actor.id, reason })
        .where(sql`${clubMemberships.clubId} = ${clubId} AND ${inArray(clubMemberships.status, [...LIVE_MEMBERSHIP])}`)
        .returning({ userId: clubMemberships.userId });
      await notify(
        tx,
        now,
        ended.map((m) => ({ userId: m.userId, kind: 'club.closed' as const, params: { clubZh: club.nameZh, clubEn: club.nameEn, reason: reason ?? '' }, link: '/me' })),
      );
    }
    await audit(tx, actor, now, { action: archived ? 'club.archived' : 'club.reopened', targetType: 'club', targetId: clubId, detail: { ended: ended.length, ...(reason ? { reason } : {}) } });
    return ok({ ended: ended.length });
  });
}
