import { and, eq, inArray, sql } from 'drizzle-orm';
import { clubMemberships, clubs } from '../../db/schema';
import type { DbOrTx } from '../db';
import { notify } from '../notifications/service';

/**
 * The places of a club, derived from rows (never a counter):
 *   taken  = active memberships,
 *   queue  = waitlisted memberships ordered by (queued_at, id).
 * Every change that takes or frees a place is one atomic write.
 */

export interface ClubCounts {
  active: number;
  pending: number;
  waitlisted: number;
}

export async function countsByClub(db: DbOrTx, clubIds?: number[]): Promise<Map<number, ClubCounts>> {
  const rows = await db
    .select({
      clubId: clubMemberships.clubId,
      active: sql<number>`sum(${clubMemberships.status} = 'active')`,
      pending: sql<number>`sum(${clubMemberships.status} = 'pending')`,
      waitlisted: sql<number>`sum(${clubMemberships.status} = 'waitlisted')`,
    })
    .from(clubMemberships)
    .where(
      clubIds
        ? and(inArray(clubMemberships.clubId, clubIds.length ? clubIds : [-1]), inArray(clubMemberships.status, ['active', 'pending', 'waitlisted']))
        : inArray(clubMemberships.status, ['active', 'pending', 'waitlisted']),
    )
    .groupBy(clubMemberships.clubId);
  return new Map(rows.map((r) => [r.clubId, { active: Number(r.active), pending: Number(r.pending), waitlisted: Number(r.waitlisted) }]));
}

export async function countsForClub(db: DbOrTx, clubId: number): Promise<ClubCounts> {
  return (await countsByClub(db, [clubId])).get(clubId) ?? { active: 0, pending: 0, waitlisted: 0 };
}

/** 1-based positions in their clubs' waitlists, for the given memberships that are waitlisted (one query). */
export async function waitlistPositions(db: DbOrTx, membershipIds: number[]): Promise<Map<number, number>> {
  if (membershipIds.length === 0) return new Map();
  const rows = await db.all<{ id: number; position: number }>(sql`
    SELECT m.id AS id, (
      SELECT count(*) FROM club_memberships w
      WHERE w.club_id = m.club_id AND w.status = 'waitlisted'
        AND (w.queued_at < m.queued_at OR (w.queued_at = m.queued_at AND w.id <= m.id))
    ) AS position
    FROM club_memberships m
    WHERE m.status = 'waitlisted' AND m.id IN (${sql.join(membershipIds.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rows.map((r) => [r.id, r.position]));
}

export async function waitlistPosition(db: DbOrTx, membershipId: number): Promise<number | null> {
  return (await waitlistPositions(db, [membershipId])).get(membershipId) ?? null;
}

/**
 * The queue time for someone joining the waitlist now: never ahead of anyone already waiting. Clocks of
 * different processes (or a request that waited for the write lock) could otherwise put a later arrival first;
 * ties are broken by id, which follows the order of the writes.
 */
export function backOfQueue(clubId: number, now: number) {
  return sql`max(${now}, coalesce((SELECT max(q.queued_at) FROM club_memberships q WHERE q.club_id = ${clubId} AND q.status = 'waitlisted'), 0))`;
}

/**
 * Takes a place or a spot in the queue in ONE statement: the count of active members and the insert happen
 * under the same write lock, so no number of simultaneous joins — in one process or several — can exceed
 * capacity. Nobody jumps the queue: while anyone is waitlisted, newcomers queue behind them.
 * Returns null when the club is archived or gone; throws a UNIQUE constraint error on a duplicate live membership.
 */
export async function insertMembership(
  db: DbOrTx,
  input: { clubId: number; userId: number; needsApproval: boolean; now: number },
): Promise<{ id: number; status: 'pending' | 'active' | 'waitlisted' } | null> {
  const { clubId, userId, needsApproval, now } = input;
  const rows = await db.all<{ id: number; status: 'pending' | 'active' | 'waitlisted' }>(sql`
    WITH decision AS (
      SELECT c.id AS club_id,
        CASE
          WHEN ${needsApproval ? 1 : 0} = 1 THEN 'pending'
          WHEN (SELECT count(*) FROM club_memberships a WHERE a.club_id = c.id AND a.status = 'active') < c.capacity
            AND NOT EXISTS (SELECT 1 FROM club_memberships w WHERE w.club_id = c.id AND w.status = 'waitlisted')
          THEN 'active'
          ELSE 'waitlisted'
        END AS status
      FROM clubs c WHERE c.id = ${clubId} AND c.archived_at IS NULL
    )
    INSERT INTO club_memberships (club_id, user_id, status, requested_at, queued_at, active_since, status_changed_at)
    SELECT club_id, ${userId}, status, ${now}, ${backOfQueue(clubId, now)}, CASE WHEN status = 'active' THEN ${now} END, ${now} FROM decision
    RETURNING id, status`);
  return rows[0] ?? null;
}

/**
 * Gives free places to the waitlist, earliest first, and tells the promoted members. Call it inside the
 * same transaction as whatever freed the places (a leave, a removal, a capacity increase).
 */
export async function promoteWaitlist(
  tx: DbOrTx,
  club: { id: number; nameZh: string; nameEn: string },
  now: number,
): Promise<Array<{ id: number; userId: number }>> {
  const promoted = await tx.all<{ id: number; user_id: number }>(sql`
    UPDATE club_memberships SET status = 'active', active_since = ${now}, status_changed_at = ${now}
    WHERE id IN (
      SELECT id FROM club_memberships
      WHERE club_id = ${club.id} AND status = 'waitlisted'
      ORDER BY queued_at, id
      LIMIT max(0,
        (SELECT capacity FROM clubs WHERE id = ${club.id})
        - (SELECT count(*) FROM club_memberships WHERE club_id = ${club.id} AND status = 'active'))
    )
    RETURNING id, user_id`);
  await notify(
    tx,
    now,
    promoted.map((p) => ({ userId: p.user_id, kind: 'club.promoted', params: { clubZh: club.nameZh, clubEn: club.nameEn }, link: `/clubs/${club.id}` })),
  );
  return promoted.map((p) => ({ id: p.id, userId: p.user_id }));
}

/** The club row, or undefined. */
export async function findClub(db: DbOrTx, clubId: number) {
  return (await db.select().from(clubs).where(eq(clubs.id, clubId)).limit(1))[0];
}

/** True if the error (or one it wraps) is a UNIQUE constraint failure, optionally on a given column or index. */
export function isUniqueViolation(error: unknown, on?: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof Error && /UNIQUE constraint failed/.test(e.message) && (!on || e.message.includes(on))) return true;
  }
  return false;
}
