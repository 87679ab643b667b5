import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/policy';
import { DAY } from '../lib/clock';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { filterOptions, filterProblem, periodOf, type FilterError, type FilterOptions, type ReportFilters } from './report-filters';
import { localHour, localWeekday, offsetSegments } from './zone-sql';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

export interface LoungeSummary {
  loungeId: number;
  code: string;
  nameZh: string;
  nameEn: string;
  /** visits checked in (booked or walk-in) */
  visits: number;
  /** members and the companions who came */
  people: number;
  walkIns: number;
  noShows: number;
}

export interface LoungeHeatReport {
  filters: ReportFilters;
  options: FilterOptions;
  /** [weekday 0 = Monday … 6 = Sunday][local hour 0–23]: visits checked in during that hour */
  cells: number[][];
  /** per lounge in the filter, in lounge order */
  lounges: LoungeSummary[];
  totals: { visits: number; people: number; walkIns: number; noShows: number };
}

/**
 * Lounge use over whole months, across every lounge or one: visits by the local weekday and hour they were checked in
 * (a heat map), and per lounge the visits, people, walk-ins and no-shows. A visit belongs to the period of its slot
 * (the indexed column); its cell is the hour its guest was checked in. Tier: the member's tier now.
 */
export async function loungeHeatMap(deps: Deps, actor: Actor, filters: ReportFilters): Promise<Result<LoungeHeatReport, 'forbidden' | FilterError>> {
  if (actor.role !== 'admin') return err('forbidden');
  const options = await filterOptions(deps);
  const problem = filterProblem(filters, options);
  if (problem) return err(problem);
  const zone = deps.config.timeZone;
  const { start, end } = periodOf(filters, zone);
  const chosen = options.lounges.filter((l) => filters.lounge === null || l.id === filters.lounge);
  const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const empty = { filters, options, cells, lounges: [] as LoungeSummary[], totals: { visits: 0, people: 0, walkIns: 0, noShows: 0 } };
  if (chosen.length === 0) return ok(empty);
  // check-in may come up to 3 hours before a slot (and walk-ins after it): offsets a day either side of the period
  const segments = offsetSegments(start - DAY, end + DAY, zone);
  const at = sql`b.checked_in_at`;
  // `lounge_id IN (…)` lets SQLite seek the (lounge_id, slot_start, status) index once per lounge
  const where = sql`b.lounge_id IN (${sql.join(
    chosen.map((l) => sql`${l.id}`),
    sql`, `,
  )}) AND b.slot_start >= ${start} AND b.slot_start < ${end}${filters.tier === null ? sql`` : sql` AND b.user_id IN (SELECT id FROM users WHERE tier_code = ${filters.tier})`}`;
  const people = sql`1 + coalesce(b.companions_arrived, b.companions)`;
  const [cellRows, loungeRows] = await Promise.all([
    deps.db.all<{ weekday: number; hour: number; visits: number }>(sql`
      SELECT ${localWeekday(at, segments)} AS weekday, ${localHour(at, segments)} AS hour, count(*) AS visits
      FROM lounge_bookings b
      WHERE ${where} AND b.status IN ('checked_in', 'checked_out') AND b.checked_in_at IS NOT NULL
      GROUP BY 1, 2`),
    deps.db.all<{ lounge_id: number; visits: number; people: number; walk_ins: number; no_shows: number }>(sql`
      SELECT b.lounge_id AS lounge_id,
        sum(b.status IN ('checked_in', 'checked_out')) AS visits,
        sum(CASE WHEN b.status IN ('checked_in', 'checked_out') THEN ${people} ELSE 0 END) AS people,
        sum(b.status IN ('checked_in', 'checked_out') AND b.walk_in) AS walk_ins,
        sum(b.status = 'no_show') AS no_shows
      FROM lounge_bookings b
      WHERE ${where} AND b.status IN ('checked_in', 'checked_out', 'no_show')
      GROUP BY b.lounge_id`),
  ]);
  for (const r of cellRows) cells[Number(r.weekday) - 1]![Number(r.hour)]! += Number(r.visits);
  const byLounge = new Map(loungeRows.map((r) => [Number(r.lounge_id), r]));
  const lounges = chosen.map((l) => {
    const r = byLounge.get(l.id);
    return { loungeId: l.id, code: l.code, nameZh: l.nameZh, nameEn: l.nameEn, visits: Number(r?.visits ?? 0), people: Number(r?.people ?? 0), walkIns: Number(r?.walk_ins ?? 0), noShows: Number(r?.no_shows ?? 0) };
  });
  const totals = lounges.reduce((t, l) => ({ visits: t.visits + l.visits, people: t.people + l.people, walkIns: t.walkIns + l.walkIns, noShows: t.noShows + l.noShows }), empty.totals);
  return ok({ ...empty, cells, lounges, totals });
}
