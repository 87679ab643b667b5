import { Hono, type Context } from 'hono';
import { CapacityPage } from '../../views/admin/capacity';
import { AttendanceReportPage } from '../../views/admin/reports';
import { attendanceTable, loungeHeatTable, NO_DATES, satisfactionTable } from '../../views/admin/reports-csv';
import { LoungeReportPage } from '../../views/admin/reports-lounges';
import { SatisfactionReportPage } from '../../views/admin/reports-satisfaction';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { translateProblems, type Problem } from '../lib/forms';
import { failWith } from '../lib/http-errors';
import { renderPage } from '../lib/render';
import type { SheetTable } from '../lib/sheet';
import { SHEET_FORMATS, sheetResponse, type SheetFormat } from '../lib/sheet-response';
import { buildUi } from '../lib/ui';
import { capacityOverview } from './capacity';
import { defaultReportFilters, parseReportFilters, reportChoices, type FilterError, type ReportFilters } from './report-filters';
import { loungeHeatMap } from './report-lounges';
import { satisfactionByMonth } from './report-satisfaction';
import { attendanceByMonth } from './reports';

const FILTER_PROBLEMS: Record<FilterError, [string, Problem]> = {
  unknown_club: ['club', { key: 'validation.invalid' }],
  unknown_tier: ['tier', { key: 'validation.invalid' }],
  unknown_lounge: ['lounge', { key: 'validation.invalid' }],
};

type Report = 'attendance' | 'lounges' | 'satisfaction';

/** Reports (attendance, lounge occupancy, satisfaction) with their CSV and .xlsx downloads, and the capacity overview. Admins only. */
export function adminReportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const path of ['/admin/capacity', '/admin/reports', '/admin/reports/*']) app.use(path, requireSection('admin'));

  app.get('/admin/capacity', async (c) => {
    const result = await capacityOverview(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <CapacityPage ui={buildUi(c, deps)} data={result.value} />);
  });

  /** The filters did not make sense: the same page, 422, with what was typed and why. */
  const filterProblemPage = async (c: Context<AppEnv>, report: Report, values: Record<string, string>, problems: Record<string, Problem>) => {
    const choices = await reportChoices(deps, actorOf(c));
    if (!choices.ok) failWith(choices.error);
    const ui = buildUi(c, deps);
    const problem = { options: choices.value, values, errors: translateProblems(ui.t, problems) };
    const page =
      report === 'attendance' ? <AttendanceReportPage ui={ui} report={null} problem={problem} /> : report === 'lounges' ? <LoungeReportPage ui={ui} report={null} problem={problem} /> : <SatisfactionReportPage ui={ui} report={null} problem={problem} />;
    return renderPage(c, page, 422);
  };

  /** The filters from the query string (defaults: the last 12 months, everything), or the 422 page. */
  const readFilters = async (c: Context<AppEnv>, report: Report): Promise<{ filters: ReportFilters; values: Record<string, string> } | Response> => {
    const parsed = parseReportFilters(new URL(c.req.url).searchParams, defaultReportFilters(deps.clock.now(), deps.config.timeZone));
    if (!parsed.ok) return filterProblemPage(c, report, parsed.values, parsed.errors);
    return parsed;
  };

  /** A service's refusal: 403, or a club, tier or lounge that does not exist (the form again, 422). */
  const refused = (c: Context<AppEnv>, report: Report, values: Record<string, string>, error: 'forbidden' | FilterError) => {
    if (error === 'forbidden') failWith('forbidden');
    const [field, problem] = FILTER_PROBLEMS[error];
    return filterProblemPage(c, report, values, { [field]: problem });
  };

  const sheet = (c: Context<AppEnv>, format: SheetFormat, table: SheetTable, name: string, filters: ReportFilters) =>
    sheetResponse(c, table, { format, filename: `${name}-${filters.from}-${filters.to}`, dates: NO_DATES, zone: deps.config.timeZone });

  for (const format of [null, ...SHEET_FORMATS]) {
    const path = (name: string, page: string) => (format ? `/admin/reports/${name}.${format}` : page);
    app.get(path('attendance', '/admin/reports'), async (c) => {
      const read = await readFilters(c, 'attendance');
      if (read instanceof Response) return read;
      const result = await attendanceByMonth(deps, actorOf(c), read.filters);
      if (!result.ok) return refused(c, 'attendance', read.values, result.error);
      const ui = buildUi(c, deps);
      return format ? sheet(c, format, attendanceTable(result.value, ui), 'attendance', read.filters) : renderPage(c, <AttendanceReportPage ui={ui} report={result.value} />);
    });

    app.get(path('lounges', '/admin/reports/lounges'), async (c) => {
      const read = await readFilters(c, 'lounges');
      if (read instanceof Response) return read;
      const result = await loungeHeatMap(deps, actorOf(c), read.filters);
      if (!result.ok) return refused(c, 'lounges', read.values, result.error);
      const ui = buildUi(c, deps);
      return format ? sheet(c, format, loungeHeatTable(result.value, ui), 'lounge-visits-by-hour', read.filters) : renderPage(c, <LoungeReportPage ui={ui} report={result.value} />);
    });

    app.get(path('satisfaction', '/admin/reports/satisfaction'), async (c) => {
      const read = await readFilters(c, 'satisfaction');
      if (read instanceof Response) return read;
      const result = await satisfactionByMonth(deps, actorOf(c), read.filters);
      if (!result.ok) return refused(c, 'satisfaction', read.values, result.error);
      const ui = buildUi(c, deps);
      return format ? sheet(c, format, satisfactionTable(result.value, ui), 'satisfaction', read.filters) : renderPage(c, <SatisfactionReportPage ui={ui} report={result.value} />);
    });
  }

  return app;
}
