import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { filterOptions, filterProblem, monthsBetween, percent, periodOf, type FilterError, type FilterOptions, type ReportFilters } from './report-filters';
import { localMonth, offsetSegments } from './zone-sql';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

/**
 * Attendance at events, by the month the event starts in (programme zone), by club and by tier.
 * Counted over events that were not cancelled; a registration counts as it stands now:
 * - parties / seats: confirmed registrations and the seats they hold (walk-ins included);
 * - checked in: confirmed parties with someone checked in, and the people checked in;
 * - no-shows: confirmed parties of events that have ended with nobody checked in (what the no-show job marks);
 * - no-show rate: no-shows ÷ confirmed parties of ended events (events still to come do not dilute it);
 * - cancelled: registrations the member (or the door) cancelled.
 * Tier is the member's tier now (a registration does not record the tier at the time).
 */
export interface AttendanceLine {
  /** events held (not cancelled); null in the tier breakdown, where it has no meaning */
  events: number | null;
  parties: number;
  seats: number;
  checkedInParties: number;
  checkedInSeats: number;
  endedParties: number;
  noShows: number;
  /** "12.5" (per cent), or null with no ended parties */
  noShowRate: string | null;
  cancelled: number;
}

export interface AttendanceReport {
  filters: ReportFilters;
  options: FilterOptions;
  months: Array<AttendanceLine & { month: string }>;
  /** clubId null: programme-wide events */
  byClub: Array<AttendanceLine & { clubId: number | null; nameZh: string | null; nameEn: string | null }>;
  /** highest tier first; code null: registrations of accounts without a tier */
  byTier: Array<AttendanceLine & { code: string | null; nameZh: string | null; nameEn: string | null }>;
  totals: AttendanceLine;
}

interface Row {
  events: number;
  parties: number | null;
  seats: number | null;
  checked_in_parties: number | null;
  checked_in_seats: number | null;
  ended_parties: number | null;
  no_shows: number | null;
  cancelled: number | null;
}

function line(r: Row | undefined, withEvents: boolean): AttendanceLine {
  const n = (v: number | null | undefined) => Number(v ?? 0);
  const endedParties = n(r?.ended_parties);
  const noShows = n(r?.no_shows);
  return {
    events: withEvents ? n(r?.events) : null,
    parties: n(r?.parties),
    seats: n(r?.seats),
    checkedInParties: n(r?.checked_in_parties),
    checkedInSeats: n(r?.checked_in_seats),
    endedParties,
    noShows,
    noShowRate: percent(noShows, endedParties),
    cancelled: n(r?.cancelled),
  };
}

function sumLines(lines: AttendanceLine[]): AttendanceLine {
  const total = (k: 'events' | 'parties' | 'seats' | 'checkedInParties' | 'checkedInSeats' | 'endedParties' | 'noShows' | 'cancelled') => lines.reduce((s, l) => s + (l[k] ?? 0), 0);
  const endedParties = total('endedParties');
  const noShows = total('noShows');
  return { events: total('events'), parties: total('parties'), seats: total('seats'), checkedInParties: total('checkedInParties'), checkedInSeats: total('checkedInSeats'), endedParties, noShows, noShowRate: percent(noShows, endedParties), cancelled: total('cancelled') };
}

export async function attendanceByMonth(deps: Deps, actor: Actor, filters: ReportFilters): Promise<Result<AttendanceReport, 'forbidden' | FilterError>> {
  if (actor.role !== 'admin') return err('forbidden');
  const options = await filterOptions(deps);
  const problem = filterProblem(filters, options);
  if (problem) return err(problem);
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const { start, end } = periodOf(filters, zone);
  const month = localMonth(sql`e.starts_at`, offsetSegments(start, end, zone));

  const measures = sql`
    count(DISTINCT e.id) AS events,
    sum(r.status = 'confirmed') AS parties,
    sum(CASE WHEN r.status = 'confirmed' THEN r.seats ELSE 0 END) AS seats,
    sum(r.status = 'confirmed' AND r.checked_in_seats > 0) AS checked_in_parties,
    sum(CASE WHEN r.status = 'confirmed' THEN r.checked_in_seats ELSE 0 END) AS checked_in_seats,
    sum(r.status = 'confirmed' AND e.ends_at <= ${now}) AS ended_parties,
    sum(r.status = 'confirmed' AND e.ends_at <= ${now} AND r.checked_in_seats = 0) AS no_shows,
    sum(r.status = 'cancelled') AS cancelled`;
  const club = filters.club === 'all' ? sql`` : filters.club === 'none' ? sql` AND e.club_id IS NULL` : sql` AND e.club_id = ${filters.club}`;
  const where = sql`e.status = 'scheduled' AND e.starts_at >= ${start} AND e.starts_at < ${end}${club}`;
  const tierOfRegistration = filters.tier === null ? sql`` : sql` AND r.user_id IN (SELECT id FROM users WHERE tier_code = ${filters.tier})`;
  // events without registrations still count as held, hence the LEFT JOIN (the tier narrows the registrations only)
  const fromEvents = sql`FROM events e LEFT JOIN registrations r ON r.event_id = e.id${tierOfRegistration}`;
  const grouped = <K extends 'month' | 'club_id' | 'tier'>(key: SQL, name: K, from: SQL = fromEvents, extra: SQL = sql``) =>
    deps.db.all<Row & Record<K, string | number | null>>(sql`SELECT ${key} AS ${sql.identifier(name)}, ${measures} ${from} WHERE ${where}${extra} GROUP BY 1`);

  const [monthRows, clubRows, tierRows] = await Promise.all([
    grouped(month, 'month'),
    // `+e.club_id`: grouping must not tempt SQLite into reading all of events_club_idx instead of the period's range
    grouped(sql`+e.club_id`, 'club_id'),
    grouped(sql`u.tier_code`, 'tier', sql`FROM events e JOIN registrations r ON r.event_id = e.id JOIN users u ON u.id = r.user_id`, filters.tier === null ? sql`` : sql` AND u.tier_code = ${filters.tier}`),
  ]);

  const byMonth = new Map(monthRows.map((r) => [r.month as string, r]));
  const months = monthsBetween(filters.from, filters.to).map((m) => ({ month: m, ...line(byMonth.get(m), true) }));
  const clubName = new Map(options.clubs.map((c) => [c.id, c]));
  const byClub = clubRows
    .map((r) => {
      const id = r.club_id === null ? null : Number(r.club_id);
      const c = id === null ? undefined : clubName.get(id);
      return { clubId: id, nameZh: c?.nameZh ?? null, nameEn: c?.nameEn ?? null, ...line(r, true) };
    })
    .sort((a, b) => (a.clubId === null ? 1 : b.clubId === null ? -1 : b.parties - a.parties || a.clubId - b.clubId));
  const tierRank = new Map(options.tiers.map((t, i) => [t.code, i]));
  const byTier = tierRows
    .filter((r) => Number(r.parties ?? 0) + Number(r.cancelled ?? 0) > 0)
    .map((r) => {
      const code = r.tier === null ? null : String(r.tier);
      const t = code === null ? undefined : options.tiers.find((x) => x.code === code);
      return { code, nameZh: t?.nameZh ?? null, nameEn: t?.nameEn ?? null, ...line(r, false) };
    })
    .sort((a, b) => (tierRank.get(a.code ?? '') ?? 99) - (tierRank.get(b.code ?? '') ?? 99));
  return ok({ filters, options, months, byClub, byTier, totals: sumLines(months) });
}
