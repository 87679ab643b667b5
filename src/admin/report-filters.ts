import { asc, desc } from 'drizzle-orm';
import { z } from 'zod';
import { clubs, lounges, tiers } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { formatAverage } from '../feedback/policy';
import type { AppDeps } from '../lib/context';
import type { Problem } from '../lib/forms';
import { err, ok, type Result } from '../lib/result';
import { monthKey, monthRange } from '../lib/time';

/** What every report is narrowed by: a run of whole months (in the programme's zone), a club, a tier, a lounge. */
export interface ReportFilters {
  /** first and last month, inclusive: "2026-01" … "2026-12" */
  from: string;
  to: string;
  /** all clubs, programme-wide events only (no club), or one club */
  club: 'all' | 'none' | number;
  tier: string | null;
  lounge: number | null;
}

/** The longest period a report covers. */
export const MAX_REPORT_MONTHS = 36;
/** The default period: the last twelve months, this one included. */
export const DEFAULT_REPORT_MONTHS = 12;

/** "2026-03" moved by `by` months (pure calendar arithmetic; no zone involved). */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_REPORT_MONTHS; m = shiftMonth(m, 1)) out.push(m);
  return out;
}

export function defaultReportFilters(now: number, zone: string): ReportFilters {
  const to = monthKey(now, zone);
  return { from: shiftMonth(to, 1 - DEFAULT_REPORT_MONTHS), to, club: 'all', tier: null, lounge: null };
}

/** The instants bounding the period: from the first month's first midnight to the midnight after the last month. */
export function periodOf(filters: Pick<ReportFilters, 'from' | 'to'>, zone: string): { start: number; end: number } {
  return { start: monthRange(filters.from, zone)!.start, end: monthRange(filters.to, zone)!.end };
}

const month = z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'admin.reports.monthInvalid' });
const id = z.string().regex(/^[1-9]\d{0,9}$/, { error: 'validation.invalid' }).transform(Number);

const querySchema = z
  .object({
    from: month.optional(),
    to: month.optional(),
    club: z.union([z.literal(''), z.literal('all'), z.literal('none'), id], { error: 'validation.invalid' }).optional(),
    tier: z.string().regex(/^[a-z_]{0,32}$/, { error: 'validation.invalid' }).optional(),
    lounge: z.union([z.literal(''), id], { error: 'validation.invalid' }).optional(),
  })
  // other parameters (the language switch, anything a link adds) are left alone
  .strip();

export type ParsedFilters = { ok: true; filters: ReportFilters; values: Record<string, string> } | { ok: false; errors: Record<string, Problem>; values: Record<string, string> };

/** Reads the filters from a report's query string; a missing one takes its default. */
export function parseReportFilters(params: URLSearchParams, defaults: ReportFilters): ParsedFilters {
  const raw: Record<string, string> = {};
  for (const k of ['from', 'to', 'club', 'tier', 'lounge']) {
    const v = params.get(k);
    if (v !== null) raw[k] = v;
  }
  const values = { ...raw };
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, Problem> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '_form');
      errors[field] ??= { key: issue.message === 'admin.reports.monthInvalid' ? 'admin.reports.monthInvalid' : 'validation.invalid' };
    }
    return { ok: false, errors, values };
  }
  const q = parsed.data;
  const filters: ReportFilters = {
    from: q.from || defaults.from,
    to: q.to || defaults.to,
    club: q.club === undefined || q.club === '' || q.club === 'all' ? defaults.club : q.club,
    tier: q.tier ? q.tier : defaults.tier,
    lounge: q.lounge === undefined || q.lounge === '' ? defaults.lounge : q.lounge,
  };
  if (filters.from > filters.to) return { ok: false, errors: { to: { key: 'admin.reports.toBeforeFrom' } }, values };
  if (monthsBetween(filters.from, filters.to).length > MAX_REPORT_MONTHS) return { ok: false, errors: { from: { key: 'admin.reports.tooLong', params: { max: MAX_REPORT_MONTHS } } }, values };
  return { ok: true, filters, values };
}

/** The choices the filter form offers (closed clubs too: their past events still count). */
export interface FilterOptions {
  clubs: Array<{ id: number; nameZh: string; nameEn: string; archived: boolean }>;
  /** highest tier first */
  tiers: Array<{ code: string; nameZh: string; nameEn: string }>;
  lounges: Array<{ id: number; code: string; nameZh: string; nameEn: string }>;
}

export async function filterOptions(deps: Pick<AppDeps, 'db'>): Promise<FilterOptions> {
  const [clubRows, tierRows, loungeRows] = await Promise.all([
    deps.db.select({ id: clubs.id, nameZh: clubs.nameZh, nameEn: clubs.nameEn, archivedAt: clubs.archivedAt }).from(clubs).orderBy(asc(clubs.id)),
    deps.db.select({ code: tiers.code, nameZh: tiers.nameZh, nameEn: tiers.nameEn }).from(tiers).orderBy(desc(tiers.rank)),
    deps.db.select({ id: lounges.id, code: lounges.code, nameZh: lounges.nameZh, nameEn: lounges.nameEn }).from(lounges).orderBy(asc(lounges.id)),
  ]);
  return { clubs: clubRows.map(({ archivedAt, ...c }) => ({ ...c, archived: archivedAt !== null })), tiers: tierRows, lounges: loungeRows };
}

export type FilterError = 'unknown_club' | 'unknown_tier' | 'unknown_lounge';

/** A filter naming a club, tier or lounge that does not exist is refused rather than silently reporting nothing. */
export function filterProblem(filters: ReportFilters, options: FilterOptions): FilterError | null {
  if (typeof filters.club === 'number' && !options.clubs.some((c) => c.id === filters.club)) return 'unknown_club';
  if (filters.tier !== null && !options.tiers.some((t) => t.code === filters.tier)) return 'unknown_tier';
  if (filters.lounge !== null && !options.lounges.some((l) => l.id === filters.lounge)) return 'unknown_lounge';
  return null;
}

/** A rate as a percentage with one decimal ("12.5"), or null when there is nothing to divide by. */
export function percent(part: number, whole: number): string | null {
  if (whole <= 0) return null;
  return (Math.round((part / whole) * 1000) / 10).toFixed(1);
}

/** An average of scores with one decimal ("4.3"), or null when nothing was rated. */
export function averageOf(sum: number, count: number): string | null {
  return count > 0 ? formatAverage(sum / count) : null;
}

/** Just the filter choices, for showing the form again when the filters given were not understood. Admins only. */
export async function reportChoices(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<Result<FilterOptions, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  return ok(await filterOptions(deps));
}
