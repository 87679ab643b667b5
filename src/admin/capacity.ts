import { asc, sql } from 'drizzle-orm';
import { lounges } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { DAY } from '../lib/clock';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { startOfZonedDay } from '../lib/time';
import { occupancyAlert, prebookCapacity } from '../lounges/policy';
import { daySlots, occupancyOf, type SlotView } from '../lounges/slots';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

/** How far ahead the capacity overview looks at events. */
export const CAPACITY_EVENT_DAYS = 60;

export interface EventCapacity {
  id: number;
  titleZh: string;
  titleEn: string;
  startsAt: number;
  endsAt: number;
  clubZh: string | null;
  clubEn: string | null;
  capacity: number;
  /** seats held by confirmed registrations: also the lowest the capacity may be set to */
  confirmedSeats: number;
  waitlistParties: number;
  waitlistSeats: number;
}

export interface ClubCapacity {
  id: number;
  nameZh: string;
  nameEn: string;
  capacity: number;
  /** also the lowest the capacity may be set to */
  active: number;
  pending: number;
  waitlisted: number;
}

export interface LoungeCapacity {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  capacity: number;
  prebookSharePct: number;
  /** places per slot that may be pre-booked (capacity × share) */
  prebookPerSlot: number;
  inside: number;
  alert: 'full' | 'near' | null;
  /** today's slots with the people pre-booked into each */
  slots: SlotView[];
}

export interface CapacityOverview {
  now: number;
  today: number;
  until: number;
  events: EventCapacity[];
  clubs: ClubCapacity[];
  lounges: LoungeCapacity[];
}

/**
 * Every capacity in one place: upcoming events (from today, 60 days ahead) with confirmed seats and the waitlist,
 * open clubs with active, pending and waitlisted members, and each lounge's slots today against what may be
 * pre-booked. Three grouped queries over indexed ranges, plus a slot query and a live count per lounge.
 */
export async function capacityOverview(deps: Deps, actor: Actor): Promise<Result<CapacityOverview, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const today = startOfZonedDay(now, zone);
  const until = now + CAPACITY_EVENT_DAYS * DAY;
  const [eventRows, clubRows, loungeRows] = await Promise.all([
    deps.db.all<{ id: number; title_zh: string; title_en: string; starts_at: number; ends_at: number; capacity: number; club_zh: string | null; club_en: string | null; confirmed_seats: number; waitlist_parties: number; waitlist_seats: number }>(sql`
      SELECT e.id AS id, e.title_zh AS title_zh, e.title_en AS title_en, e.starts_at AS starts_at, e.ends_at AS ends_at, e.capacity AS capacity,
        c.name_zh AS club_zh, c.name_en AS club_en,
        coalesce(sum(CASE WHEN r.status = 'confirmed' THEN r.seats END), 0) AS confirmed_seats,
        count(CASE WHEN r.status = 'waitlisted' THEN 1 END) AS waitlist_parties,
        coalesce(sum(CASE WHEN r.status = 'waitlisted' THEN r.seats END), 0) AS waitlist_seats
      FROM events e
      LEFT JOIN clubs c ON c.id = e.club_id
      LEFT JOIN registrations r ON r.event_id = e.id AND r.status IN ('confirmed', 'waitlisted')
      WHERE e.status = 'scheduled' AND e.starts_at >= ${today} AND e.starts_at < ${until}
      -- grouped in the order of events_starts_idx, so the range is read from the index and nothing is sorted
      GROUP BY e.starts_at, e.id
      ORDER BY e.starts_at, e.id`),
    deps.db.all<{ id: number; name_zh: string; name_en: string; capacity: number; active: number; pending: number; waitlisted: number }>(sql`
      SELECT c.id AS id, c.name_zh AS name_zh, c.name_en AS name_en, c.capacity AS capacity,
        count(CASE WHEN m.status = 'active' THEN 1 END) AS active,
        count(CASE WHEN m.status = 'pending' THEN 1 END) AS pending,
        count(CASE WHEN m.status = 'waitlisted' THEN 1 END) AS waitlisted
      FROM clubs c
      LEFT JOIN club_memberships m ON m.club_id = c.id AND m.status IN ('active', 'pending', 'waitlisted')
      WHERE c.archived_at IS NULL
      GROUP BY c.id
      ORDER BY c.id`),
    deps.db.select().from(lounges).orderBy(asc(lounges.id)),
  ]);
  const loungeLines = await Promise.all(
    loungeRows.map(async (l) => {
      const [slots, inside] = await Promise.all([daySlots(deps.db, l, today, zone, now), occupancyOf(deps.db, l.id)]);
      return {
        id: l.id,
        code: l.code,
        nameZh: l.nameZh,
        nameEn: l.nameEn,
        capacity: l.capacity,
        prebookSharePct: l.prebookSharePct,
        prebookPerSlot: prebookCapacity(l.capacity, l.prebookSharePct),
        inside,
        alert: occupancyAlert(inside, l.capacity),
        slots,
      };
    }),
  );
  return ok({
    now,
    today,
    until,
    events: eventRows.map((r) => ({
      id: Number(r.id),
      titleZh: r.title_zh,
      titleEn: r.title_en,
      startsAt: Number(r.starts_at),
      endsAt: Number(r.ends_at),
      clubZh: r.club_zh,
      clubEn: r.club_en,
      capacity: Number(r.capacity),
      confirmedSeats: Number(r.confirmed_seats),
      waitlistParties: Number(r.waitlist_parties),
      waitlistSeats: Number(r.waitlist_seats),
    })),
    clubs: clubRows.map((r) => ({ id: Number(r.id), nameZh: r.name_zh, nameEn: r.name_en, capacity: Number(r.capacity), active: Number(r.active), pending: Number(r.pending), waitlisted: Number(r.waitlisted) })),
    lounges: loungeLines,
  });
}
