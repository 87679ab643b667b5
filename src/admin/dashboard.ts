import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { events, lounges, tiers, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { DUE_SOON_MS } from '../feedback/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { addZonedDays, startOfZonedDay } from '../lib/time';
import { occupancyAlert } from '../lounges/policy';
import { occupancyOf } from '../lounges/slots';
import { outboxHealth, type OutboxHealth } from '../notifications/outbox';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

export interface TodaysEvent {
  id: number;
  titleZh: string;
  titleEn: string;
  startsAt: number;
  endsAt: number;
  capacity: number;
  confirmedSeats: number;
  checkedInSeats: number;
}

export interface LoungeNow {
  id: number;
  nameZh: string;
  nameEn: string;
  inside: number;
  capacity: number;
  alert: 'full' | 'near' | null;
}

export interface AdminOverview {
  now: number;
  todaysEvents: TodaysEvent[];
  loungesNow: LoungeNow[];
  /** clubs with requests waiting for a decision, most first */
  pending: { total: number; clubs: Array<{ id: number; nameZh: string; nameEn: string; pending: number }> };
  /** tickets still owed a first reply: past their due time, and due within the next 6 hours */
  feedback: { overdue: number; dueSoon: number };
  outbox: OutboxHealth;
  membersByTier: Array<{ code: string; nameZh: string; nameEn: string; members: number }>;
  staff: { coordinators: number; loungeStaff: number; admins: number };
  disabledAccounts: number;
  clubs: number;
  lounges: number;
  upcomingEvents: number;
}

/**
 * The programme today, for admins: today's events with check-ins so far, each lounge's occupancy now, club requests
 * waiting, overdue feedback, outbox failures, and members by tier. A handful of aggregate queries, each over an index
 * (see the README's notes on the admin console).
 */
export async function getAdminOverview(deps: Deps, actor: Actor): Promise<Result<AdminOverview, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const today = startOfZonedDay(now, zone);
  const tomorrow = addZonedDays(today, 1, zone);
  const [tierRows, roleRows, pendingRows, eventRows, upcoming, loungeRows, [feedback], outbox] = await Promise.all([
    // one seek per tier into users_tier_idx; disabled members counted on the way
    deps.db
      .select({ code: tiers.code, nameZh: tiers.nameZh, nameEn: tiers.nameEn, members: sql<number>`count(${users.id}) - count(${users.disabledAt})`, disabled: sql<number>`count(${users.disabledAt})` })
      .from(tiers)
      .leftJoin(users, and(eq(users.tierCode, tiers.code), eq(users.role, 'member')))
      .groupBy(tiers.code)
      .orderBy(tiers.rank),
    // staff only: a range of users_role_idx (members are counted by tier above)
    deps.db
      .select({ role: users.role, n: count(), disabled: sql<number>`count(${users.disabledAt})` })
      .from(users)
      .where(inArray(users.role, ['coordinator', 'lounge_staff', 'admin']))
      .groupBy(users.role),
    // one seek per club into (club_id, status, queued_at); archived clubs have no pending requests left
    deps.db.all<{ id: number; name_zh: string; name_en: string; archived: number; pending: number }>(sql`
      SELECT c.id AS id, c.name_zh AS name_zh, c.name_en AS name_en, c.archived_at IS NOT NULL AS archived,
        (SELECT count(*) FROM club_memberships m WHERE m.club_id = c.id AND m.status = 'pending') AS pending
      FROM clubs c`),
    deps.db.all<{ id: number; title_zh: string; title_en: string; starts_at: number; ends_at: number; capacity: number; confirmed_seats: number; checked_in_seats: number }>(sql`
      SELECT e.id AS id, e.title_zh AS title_zh, e.title_en AS title_en, e.starts_at AS starts_at, e.ends_at AS ends_at, e.capacity AS capacity,
        coalesce(sum(r.seats), 0) AS confirmed_seats, coalesce(sum(r.checked_in_seats), 0) AS checked_in_seats
      FROM events e
      LEFT JOIN registrations r ON r.event_id = e.id AND r.status = 'confirmed'
      WHERE e.status = 'scheduled' AND e.starts_at >= ${today} AND e.starts_at < ${tomorrow}
      GROUP BY e.starts_at, e.id
      ORDER BY e.starts_at, e.id`),
    deps.db.select({ n: count() }).from(events).where(and(gte(events.startsAt, now), eq(events.status, 'scheduled'))),
    deps.db.select({ id: lounges.id, nameZh: lounges.nameZh, nameEn: lounges.nameEn, capacity: lounges.capacity }).from(lounges).orderBy(asc(lounges.id)),
    // the queue index (status, due_at): open tickets due before now + 6 h, split at now
    deps.db.all<{ overdue: number | null; due_soon: number | null }>(sql`
      SELECT sum(due_at < ${now}) AS overdue, sum(due_at >= ${now}) AS due_soon
      FROM feedback_tickets
      WHERE status = 'open' AND due_at <= ${now + DUE_SOON_MS} AND first_response_at IS NULL`),
    outboxHealth(deps),
  ]);
  const loungesNow = await Promise.all(
    loungeRows.map(async (l) => {
      const inside = await occupancyOf(deps.db, l.id);
      return { ...l, inside, alert: occupancyAlert(inside, l.capacity) };
    }),
  );
  const byRole = new Map(roleRows.map((r) => [r.role, r.n]));
  const pendingClubs = pendingRows
    .filter((r) => Number(r.pending) > 0)
    .map((r) => ({ id: Number(r.id), nameZh: r.name_zh, nameEn: r.name_en, pending: Number(r.pending) }))
    .sort((a, b) => b.pending - a.pending || a.id - b.id);
  return ok({
    now,
    todaysEvents: eventRows.map((r) => ({
      id: Number(r.id),
      titleZh: r.title_zh,
      titleEn: r.title_en,
      startsAt: Number(r.starts_at),
      endsAt: Number(r.ends_at),
      capacity: Number(r.capacity),
      confirmedSeats: Number(r.confirmed_seats),
      checkedInSeats: Number(r.checked_in_seats),
    })),
    loungesNow,
    pending: { total: pendingClubs.reduce((n, c) => n + c.pending, 0), clubs: pendingClubs },
    feedback: { overdue: Number(feedback?.overdue ?? 0), dueSoon: Number(feedback?.due_soon ?? 0) },
    outbox,
    membersByTier: tierRows.map(({ disabled: _d, ...r }) => ({ ...r, members: Number(r.members) })),
    staff: { coordinators: byRole.get('coordinator') ?? 0, loungeStaff: byRole.get('lounge_staff') ?? 0, admins: byRole.get('admin') ?? 0 },
    disabledAccounts: [...roleRows, ...tierRows].reduce((n, r) => n + Number(r.disabled ?? 0), 0),
    clubs: pendingRows.filter((r) => !Number(r.archived)).length,
    lounges: loungeRows.length,
    upcomingEvents: upcoming[0]?.n ?? 0,
  });
}
