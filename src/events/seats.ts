import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { events, registrations, type PartyChild } from '../../db/schema';
import type { DbOrTx } from '../db';
import { randomCode } from '../lib/codes';
import { notify } from '../notifications/service';
import { isUniqueViolation } from '../clubs/waitlist';
import { planPromotion } from './policy';

/**
 * Seats of an event, derived from rows (never a counter): confirmed seats are the sum of the `seats` of
 * confirmed registrations; the waitlist is the waitlisted registrations ordered by (queued_at, id).
 */
export interface SeatCounts {
  confirmedSeats: number;
  confirmed: number;
  waitlisted: number;
  waitlistedSeats: number;
  checkedInSeats: number;
}

const EMPTY: SeatCounts = { confirmedSeats: 0, confirmed: 0, waitlisted: 0, waitlistedSeats: 0, checkedInSeats: 0 };

export async function seatCountsByEvent(db: DbOrTx, eventIds: number[]): Promise<Map<number, SeatCounts>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({
      eventId: registrations.eventId,
      confirmedSeats: sql<number>`coalesce(sum(CASE WHEN ${registrations.status} = 'confirmed' THEN ${registrations.seats} END), 0)`,
      confirmed: sql<number>`sum(${registrations.status} = 'confirmed')`,
      waitlisted: sql<number>`sum(${registrations.status} = 'waitlisted')`,
      waitlistedSeats: sql<number>`coalesce(sum(CASE WHEN ${registrations.status} = 'waitlisted' THEN ${registrations.seats} END), 0)`,
      checkedInSeats: sql<number>`coalesce(sum(CASE WHEN ${registrations.status} = 'confirmed' THEN ${registrations.checkedInSeats} END), 0)`,
    })
    .from(registrations)
    .where(and(inArray(registrations.eventId, eventIds), inArray(registrations.status, ['confirmed', 'waitlisted'])))
    .groupBy(registrations.eventId);
  return new Map(
    rows.map((r) => [
      r.eventId,
      {
        confirmedSeats: Number(r.confirmedSeats),
        confirmed: Number(r.confirmed),
        waitlisted: Number(r.waitlisted),
        waitlistedSeats: Number(r.waitlistedSeats),
        checkedInSeats: Number(r.checkedInSeats),
      },
    ]),
  );
}

export async function seatCounts(db: DbOrTx, eventId: number): Promise<SeatCounts> {
  return (await seatCountsByEvent(db, [eventId])).get(eventId) ?? EMPTY;
}

/** 1-based waitlist positions of the given registrations that are waitlisted (one query). */
export async function registrationPositions(db: DbOrTx, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ id: number; position: number }>(sql`
    SELECT r.id AS id, (
      SELECT count(*) FROM registrations w
      WHERE w.event_id = r.event_id AND w.status = 'waitlisted'
        AND (w.queued_at < r.queued_at OR (w.queued_at = r.queued_at AND w.id <= r.id))
    ) AS position
    FROM registrations r
    WHERE r.status = 'waitlisted' AND r.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rows.map((r) => [r.id, r.position]));
}

/** Never ahead of anyone already waiting (see the clubs' waitlist for why). */
function backOfQueue(eventId: number, now: number) {
  return sql`max(${now}, coalesce((SELECT max(q.queued_at) FROM registrations q WHERE q.event_id = ${eventId} AND q.status = 'waitlisted'), 0))`;
}

export interface NewRegistration {
  eventId: number;
  userId: number;
  guests: number;
  children: PartyChild[];
  seats: number;
  now: number;
  /** a walk-in at the door: confirmed only if it fits, never waitlisted, and checked in at once */
  walkInBy?: number;
}

/**
 * Takes seats or a place in the queue in ONE statement. The sum of confirmed seats and the insert happen
 * under the same write lock, so no number of simultaneous registrations, in one process or several, can
 * overbook. A party that fits the free seats is confirmed (everyone still waiting is, by construction,
 * too big for them); otherwise it queues at the back. Returns null if the event is not open (cancelled or
 * gone) — or, for a walk-in, if the party does not fit. Throws a UNIQUE violation on a second live
 * registration of the same member (a double submit).
 */
export async function insertRegistration(db: DbOrTx, r: NewRegistration): Promise<{ id: number; code: string; status: 'confirmed' | 'waitlisted' } | null> {
  const children = JSON.stringify(r.children);
  for (let attempt = 0; ; attempt++) {
    const code = randomCode(8);
    try {
      const rows = await db.all<{ id: number; code: string; status: 'confirmed' | 'waitlisted' }>(sql`
        WITH decision AS (
          SELECT e.id AS event_id,
            CASE WHEN (SELECT coalesce(sum(c.seats), 0) FROM registrations c WHERE c.event_id = e.id AND c.status = 'confirmed') + ${r.seats} <= e.capacity
              THEN 'confirmed' ELSE 'waitlisted' END AS status
          FROM events e WHERE e.id = ${r.eventId} AND e.status = 'scheduled'
        )
        INSERT INTO registrations (code, event_id, user_id, status, guests, children, seats, created_at, queued_at, confirmed_at,
                                   checked_in_seats, checked_in_at, checked_in_by, walk_in)
        SELECT ${code}, event_id, ${r.userId}, status, ${r.guests}, ${children}, ${r.seats}, ${r.now}, ${backOfQueue(r.eventId, r.now)},
               CASE WHEN status = 'confirmed' THEN ${r.now} END,
               ${r.walkInBy ? r.seats : 0}, ${r.walkInBy ? r.now : null}, ${r.walkInBy ?? null}, ${r.walkInBy ? 1 : 0}
        FROM decision
        WHERE ${r.walkInBy ? 1 : 0} = 0 OR status = 'confirmed'
        RETURNING id, code, status`);
      return rows[0] ?? null;
    } catch (error) {
      // a clash of random ticket codes (one in ~10^11): draw another; a second live registration: let it through
      if (attempt < 3 && isUniqueViolation(error, 'registrations.code')) continue;
      throw error;
    }
  }
}

/**
 * Gives free seats to the waitlist, FIFO and party-size aware, and tells the promoted members. Call it in the
 * same transaction as whatever freed seats (a cancellation, a capacity increase).
 */
export async function promoteEventWaitlist(
  tx: DbOrTx,
  event: { id: number; titleZh: string; titleEn: string },
  now: number,
): Promise<Array<{ id: number; userId: number; code: string }>> {
  const [row] = await tx
    .select({
      capacity: events.capacity,
      taken: sql<number>`(SELECT coalesce(sum(seats), 0) FROM registrations WHERE event_id = ${event.id} AND status = 'confirmed')`,
    })
    .from(events)
    .where(and(eq(events.id, event.id), eq(events.status, 'scheduled')));
  if (!row) return [];
  const free = row.capacity - Number(row.taken);
  if (free <= 0) return [];
  const queue = await tx
    .select({ id: registrations.id, seats: registrations.seats, userId: registrations.userId, code: registrations.code })
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.queuedAt), asc(registrations.id));
  const chosen = new Set(planPromotion(queue, free));
  const promoted = queue.filter((q) => chosen.has(q.id));
  if (promoted.length === 0) return [];
  await tx
    .update(registrations)
    .set({ status: 'confirmed', confirmedAt: now })
    .where(and(inArray(registrations.id, [...chosen]), eq(registrations.status, 'waitlisted')));
  await notify(
    tx,
    now,
    promoted.map((p) => ({ userId: p.userId, kind: 'event.promoted', params: { eventZh: event.titleZh, eventEn: event.titleEn }, link: `/tickets/${p.code}` })),
  );
  return promoted.map((p) => ({ id: p.id, userId: p.userId, code: p.code }));
}
