import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { averageOf, filterOptions, filterProblem, monthsBetween, periodOf, type FilterError, type FilterOptions, type ReportFilters } from './report-filters';
import { localMonth, offsetSegments } from './zone-sql';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

export interface Score {
  count: number;
  /** "4.3", or null when nothing was rated */
  average: string | null;
}

export interface SatisfactionMonth {
  month: string;
  events: Score;
  lounges: Score;
  all: Score;
}

export interface SatisfactionByPeriod {
  filters: ReportFilters;
  options: FilterOptions;
  months: SatisfactionMonth[];
  totals: Omit<SatisfactionMonth, 'month'>;
  /** id null: programme-wide events */
  byClub: Array<Score & { id: number | null; nameZh: string | null; nameEn: string | null }>;
  byEvent: Array<Score & { id: number; nameZh: string; nameEn: string; startsAt: number; clubId: number | null }>;
  byLounge: Array<Score & { id: number; nameZh: string; nameEn: string }>;
  /** false when a club is chosen: lounge visits belong to no club */
  loungesIncluded: boolean;
}

type Agg = { n: number; total: number };
const score = (a: Agg | undefined): Score => ({ count: Number(a?.n ?? 0), average: averageOf(Number(a?.total ?? 0), Number(a?.n ?? 0)) });
const both = (a: Agg | undefined, b: Agg | undefined): Score => score({ n: Number(a?.n ?? 0) + Number(b?.n ?? 0), total: Number(a?.total ?? 0) + Number(b?.total ?? 0) });

/**
 * Members' 1–5 ratings over whole months: an event's ratings count in the month the event started, a lounge
 * visit's in the month of its slot (so this lines up with the attendance and lounge reports), by month, club, event
 * and lounge. Sums and counts come from SQL; averages are sum ÷ count, shown to one decimal as on /admin/satisfaction.
 */
export async function satisfactionByMonth(deps: Deps, actor: Actor, filters: ReportFilters): Promise<Result<SatisfactionByPeriod, 'forbidden' | FilterError>> {
  if (actor.role !== 'admin') return err('forbidden');
  const options = await filterOptions(deps);
  const problem = filterProblem({ ...filters, lounge: null }, options);
  if (problem) return err(problem);
  const zone = deps.config.timeZone;
  const { start, end } = periodOf(filters, zone);
  const segments = offsetSegments(start, end, zone);
  const tier = filters.tier === null ? sql`` : sql` AND r.user_id IN (SELECT id FROM users WHERE tier_code = ${filters.tier})`;
  const club = filters.club === 'all' ? sql`` : filters.club === 'none' ? sql` AND e.club_id IS NULL` : sql` AND e.club_id = ${filters.club}`;
  const fromEvents = sql`FROM events e JOIN ratings r ON r.event_id = e.id WHERE e.starts_at >= ${start} AND e.starts_at < ${end}${club}${tier}`;
  const loungesIncluded = filters.club === 'all' && options.lounges.length > 0;
  const loungeIds = sql.join(
    options.lounges.map((l) => sql`${l.id}`),
    sql`, `,
  );
  const fromVisits = sql`FROM lounge_bookings b JOIN ratings r ON r.booking_id = b.id WHERE b.lounge_id IN (${loungeIds}) AND b.slot_start >= ${start} AND b.slot_start < ${end}${tier}`;
  const agg = sql`count(r.id) AS n, sum(r.score) AS total`;
  const none = Promise.resolve([] as never[]);

  const [eventMonths, visitMonths, clubRows, eventRows, loungeRows] = await Promise.all([
    deps.db.all<Agg & { month: string }>(sql`SELECT ${localMonth(sql`e.starts_at`, segments)} AS month, ${agg} ${fromEvents} GROUP BY 1`),
    loungesIncluded ? deps.db.all<Agg & { month: string }>(sql`SELECT ${localMonth(sql`b.slot_start`, segments)} AS month, ${agg} ${fromVisits} GROUP BY 1`) : none,
    deps.db.all<Agg & { club_id: number | null }>(sql`SELECT e.club_id AS club_id, ${agg} ${fromEvents} GROUP BY +e.club_id`),
    deps.db.all<Agg & { id: number; title_zh: string; title_en: string; starts_at: number; club_id: number | null }>(
      sql`SELECT e.id AS id, e.title_zh AS title_zh, e.title_en AS title_en, e.starts_at AS starts_at, e.club_id AS club_id, ${agg} ${fromEvents} GROUP BY e.starts_at, e.id`,
    ),
    loungesIncluded ? deps.db.all<Agg & { lounge_id: number }>(sql`SELECT b.lounge_id AS lounge_id, ${agg} ${fromVisits} GROUP BY b.lounge_id`) : none,
  ]);

  const ev = new Map(eventMonths.map((r) => [r.month, r]));
  const lo = new Map(visitMonths.map((r) => [r.month, r]));
  const months = monthsBetween(filters.from, filters.to).map((m) => ({ month: m, events: score(ev.get(m)), lounges: score(lo.get(m)), all: both(ev.get(m), lo.get(m)) }));
  const sumOf = (rows: Agg[]): Agg => rows.reduce((s, r) => ({ n: s.n + Number(r.n), total: s.total + Number(r.total ?? 0) }), { n: 0, total: 0 });
  const evTotal = sumOf(eventMonths);
  const loTotal = sumOf(visitMonths);
  const byCount = <T extends Score & { id: number | null }>(a: T, b: T) => b.count - a.count || Number(b.average ?? 0) - Number(a.average ?? 0) || (a.id ?? 0) - (b.id ?? 0);
  const clubName = new Map(options.clubs.map((c) => [c.id, c]));
  return ok({
    filters,
    options,
    months,
    totals: { events: score(evTotal), lounges: score(loTotal), all: both(evTotal, loTotal) },
    byClub: clubRows
      .map((r) => {
        const id = r.club_id === null ? null : Number(r.club_id);
        const c = id === null ? undefined : clubName.get(id);
        return { id, nameZh: c?.nameZh ?? null, nameEn: c?.nameEn ?? null, ...score(r) };
      })
      .sort(byCount),
    byEvent: eventRows.map((r) => ({ id: Number(r.id), nameZh: r.title_zh, nameEn: r.title_en, startsAt: Number(r.starts_at), clubId: r.club_id === null ? null : Number(r.club_id), ...score(r) })).sort(byCount),
    byLounge: loungeRows
      .map((r) => {
        const l = options.lounges.find((x) => x.id === Number(r.lounge_id))!;
        return { id: l.id, nameZh: l.nameZh, nameEn: l.nameEn, ...score(r) };
      })
      .sort(byCount),
    loungesIncluded,
  });
}
