import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { clubs, events, loungeBookings, lounges, ratings, registrations, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { isUniqueViolation } from '../clubs/waitlist';
import type { DbOrTx } from '../db';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { eventRatingRefusal, visitRatingRefusal, type RatingRefusal } from './policy';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
export type RatingRow = typeof ratings.$inferSelect;

/** What is being rated: one of the member's registrations or lounge bookings. */
export type RatingTargetRef = { registrationId: number } | { bookingId: number };

export interface RatingTarget {
  ref: RatingTargetRef;
  kind: 'event' | 'lounge';
  nameZh: string;
  nameEn: string;
  /** event start or slot start */
  at: number;
  eventId: number | null;
  clubId: number | null;
  loungeId: number | null;
  /** the score already given, if any */
  existing: number | null;
}

export type RatingError = 'forbidden' | 'not_found' | RatingRefusal;

async function loadTarget(db: DbOrTx, actor: Actor, ref: RatingTargetRef, now: number): Promise<Result<RatingTarget, RatingError>> {
  if (actor.role !== 'member') return err('forbidden');
  if ('registrationId' in ref) {
    const [row] = await db
      .select({ reg: registrations, event: events, score: ratings.score })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .leftJoin(ratings, eq(ratings.registrationId, registrations.id))
      .where(and(eq(registrations.id, ref.registrationId), eq(registrations.userId, actor.id)));
    if (!row) return err('not_found');
    const refusal = eventRatingRefusal({ status: row.reg.status, checkedInAt: row.reg.checkedInAt, endsAt: row.event.endsAt, now, alreadyRated: row.score !== null });
    const target: RatingTarget = { ref, kind: 'event', nameZh: row.event.titleZh, nameEn: row.event.titleEn, at: row.event.startsAt, eventId: row.event.id, clubId: row.event.clubId, loungeId: null, existing: row.score };
    return refusal ? err(refusal) : ok(target);
  }
  const [row] = await db
    .select({ booking: loungeBookings, lounge: { id: lounges.id, nameZh: lounges.nameZh, nameEn: lounges.nameEn }, score: ratings.score })
    .from(loungeBookings)
    .innerJoin(lounges, eq(lounges.id, loungeBookings.loungeId))
    .leftJoin(ratings, eq(ratings.bookingId, loungeBookings.id))
    .where(and(eq(loungeBookings.id, ref.bookingId), eq(loungeBookings.userId, actor.id)));
  if (!row) return err('not_found');
  const refusal = visitRatingRefusal({ status: row.booking.status, slotStart: row.booking.slotStart, now, alreadyRated: row.score !== null });
  const target: RatingTarget = { ref, kind: 'lounge', nameZh: row.lounge.nameZh, nameEn: row.lounge.nameEn, at: row.booking.slotStart, eventId: null, clubId: null, loungeId: row.lounge.id, existing: row.score };
  return refusal ? err(refusal) : ok(target);
}

/** The rating form's subject, if the member may rate it now (someone else's registration or booking: not_found). */
export async function ratingTarget(deps: Deps, actor: Actor, ref: RatingTargetRef): Promise<Result<RatingTarget, RatingError>> {
  return loadTarget(deps.db, actor, ref, deps.clock.now());
}

/** Records a 1–5 rating with an optional comment; one per registration or booking (a second one: already_rated). */
export async function submitRating(deps: Deps, actor: Actor, ref: RatingTargetRef, score: number, comment: string | null): Promise<Result<RatingRow, RatingError>> {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new RangeError(`rating score out of range: ${score}`);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const target = await loadTarget(tx, actor, ref, now);
      if (!target.ok) return target;
      const t = target.value;
      const [row] = await tx
        .insert(ratings)
        .values({
          userId: actor.id,
          subjectType: t.kind,
          registrationId: 'registrationId' in ref ? ref.registrationId : null,
          bookingId: 'bookingId' in ref ? ref.bookingId : null,
          eventId: t.eventId,
          clubId: t.clubId,
          loungeId: t.loungeId,
          score,
          comment,
          createdAt: now,
        })
        .returning();
      return ok(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'ratings.registration_id') || isUniqueViolation(error, 'ratings.booking_id')) return err('already_rated');
    throw error;
  }
}

/** The member's own scores by registration id and booking id, for the member hub ("★4" or a link to rate). */
export async function myRatingScores(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<{ registrations: Map<number, number>; bookings: Map<number, number> }> {
  const out = { registrations: new Map<number, number>(), bookings: new Map<number, number>() };
  if (actor.role !== 'member') return out;
  const rows = await deps.db.select({ registrationId: ratings.registrationId, bookingId: ratings.bookingId, score: ratings.score }).from(ratings).where(eq(ratings.userId, actor.id));
  for (const r of rows) {
    if (r.registrationId !== null) out.registrations.set(r.registrationId, r.score);
    if (r.bookingId !== null) out.bookings.set(r.bookingId, r.score);
  }
  return out;
}

export interface SatisfactionRow {
  id: number;
  nameZh: string;
  nameEn: string;
  count: number;
  average: number;
}

export interface SatisfactionReport {
  overall: { count: number; average: number | null };
  events: { count: number; average: number | null };
  lounges: { count: number; average: number | null };
  byClub: SatisfactionRow[];
  byEvent: SatisfactionRow[];
  byLounge: SatisfactionRow[];
}

const avgScore = sql<number>`avg(${ratings.score})`;
const countScore = sql<number>`count(${ratings.id})`;

/** Average satisfaction per club, event and lounge (most rated first), and overall. Admins only. */
export async function satisfactionReport(deps: Deps, actor: Actor): Promise<Result<SatisfactionReport, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const db = deps.db;
  const [totals, byClub, byEvent, byLounge] = await Promise.all([
    db.select({ kind: ratings.subjectType, count: countScore, average: avgScore }).from(ratings).groupBy(ratings.subjectType),
    db
      .select({ id: clubs.id, nameZh: clubs.nameZh, nameEn: clubs.nameEn, count: countScore, average: avgScore })
      .from(ratings)
      .innerJoin(clubs, eq(clubs.id, ratings.clubId))
      .where(isNotNull(ratings.clubId))
      .groupBy(clubs.id)
      .orderBy(desc(countScore), desc(avgScore), clubs.id),
    db
      .select({ id: events.id, nameZh: events.titleZh, nameEn: events.titleEn, count: countScore, average: avgScore })
      .from(ratings)
      .innerJoin(events, eq(events.id, ratings.eventId))
      .groupBy(events.id)
      .orderBy(desc(countScore), desc(avgScore), events.id),
    db
      .select({ id: lounges.id, nameZh: lounges.nameZh, nameEn: lounges.nameEn, count: countScore, average: avgScore })
      .from(ratings)
      .innerJoin(lounges, eq(lounges.id, ratings.loungeId))
      .groupBy(lounges.id)
      .orderBy(desc(countScore), desc(avgScore), lounges.id),
  ]);
  const part = (kind: 'event' | 'lounge') => {
    const row = totals.find((t) => t.kind === kind);
    return { count: Number(row?.count ?? 0), average: row ? Number(row.average) : null };
  };
  const ev = part('event');
  const lo = part('lounge');
  const count = ev.count + lo.count;
  const average = count ? ((ev.average ?? 0) * ev.count + (lo.average ?? 0) * lo.count) / count : null;
  const norm = (rows: SatisfactionRow[]) => rows.map((r) => ({ ...r, count: Number(r.count), average: Number(r.average) }));
  return ok({ overall: { count, average }, events: ev, lounges: lo, byClub: norm(byClub), byEvent: norm(byEvent), byLounge: norm(byLounge) });
}

export const SATISFACTION_SUBJECTS = ['clubs', 'events', 'lounges'] as const;
export type SatisfactionSubject = (typeof SATISFACTION_SUBJECTS)[number];

export interface SubjectRatings {
  subject: SatisfactionSubject;
  nameZh: string;
  nameEn: string;
  count: number;
  average: number | null;
  /** newest first; the member's name is shown to admins only */
  ratings: Array<{ score: number; comment: string | null; createdAt: number; memberName: string; eventZh: string | null; eventEn: string | null }>;
}

/** One club's, event's or lounge's ratings with their comments (newest 200). Admins only. */
export async function subjectRatings(deps: Deps, actor: Actor, subject: SatisfactionSubject, id: number): Promise<Result<SubjectRatings, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const db = deps.db;
  const named =
    subject === 'clubs'
      ? await db.select({ nameZh: clubs.nameZh, nameEn: clubs.nameEn }).from(clubs).where(eq(clubs.id, id))
      : subject === 'events'
        ? await db.select({ nameZh: events.titleZh, nameEn: events.titleEn }).from(events).where(eq(events.id, id))
        : await db.select({ nameZh: lounges.nameZh, nameEn: lounges.nameEn }).from(lounges).where(eq(lounges.id, id));
  const name = named[0];
  if (!name) return err('not_found');
  const column = subject === 'clubs' ? ratings.clubId : subject === 'events' ? ratings.eventId : ratings.loungeId;
  const rows = await db
    .select({ score: ratings.score, comment: ratings.comment, createdAt: ratings.createdAt, memberName: users.name, eventZh: events.titleZh, eventEn: events.titleEn })
    .from(ratings)
    .innerJoin(users, eq(users.id, ratings.userId))
    .leftJoin(events, eq(events.id, ratings.eventId))
    .where(eq(column, id))
    .orderBy(desc(ratings.createdAt), desc(ratings.id))
    .limit(200);
  const [agg] = await db.select({ count: countScore, average: avgScore }).from(ratings).where(eq(column, id));
  const count = Number(agg?.count ?? 0);
  return ok({ subject, ...name, count, average: count ? Number(agg!.average) : null, ratings: rows });
}
