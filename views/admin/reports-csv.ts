import { stringify } from 'csv-stringify/sync';
import type { AttendanceLine, AttendanceReport } from '../../src/admin/reports';
import type { LoungeHeatReport } from '../../src/admin/report-lounges';
import type { SatisfactionByPeriod, Score } from '../../src/admin/report-satisfaction';
import type { Locale, MessageKey, Translate } from '../../src/lib/i18n';
import { neutralizeFormula } from '../coordinator/roster-csv';

/**
 * The reports' numbers as CSV: UTF-8 with a byte-order mark (Excel then reads Chinese correctly), CRLF line ends,
 * headers in the admin's language, every cell that could start a spreadsheet formula neutralised. Months are
 * written "2026-12" (sortable); rates and averages exactly as the tables show them.
 */

interface Ctx {
  t: Translate;
  locale: Locale;
}

const pickName = (locale: Locale, zh: string | null, en: string | null) => (locale === 'zh' ? zh : en) ?? '';

function csv(rows: string[][]): string {
  return '\uFEFF' + stringify(rows.map((r) => r.map(neutralizeFormula)), { record_delimiter: 'windows' });
}

function attendanceCells(l: AttendanceLine): string[] {
  return [l.events === null ? '' : String(l.events), String(l.parties), String(l.seats), String(l.checkedInParties), String(l.checkedInSeats), String(l.endedParties), String(l.noShows), l.noShowRate ?? '', String(l.cancelled)];
}

/** One table: a line per month, then per club, then per tier, then the total — the same numbers as the page. */
export function attendanceCsv(report: AttendanceReport, { t, locale }: Ctx): string {
  const header = [
    t('admin.reports.col.breakdown'),
    t('admin.reports.col.group'),
    t('admin.reports.col.events'),
    t('admin.reports.col.parties'),
    t('admin.reports.col.seats'),
    t('admin.reports.col.checkedInParties'),
    t('admin.reports.col.checkedInSeats'),
    t('admin.reports.col.endedParties'),
    t('admin.reports.col.noShows'),
    t('admin.reports.col.noShowRatePct'),
    t('admin.reports.col.cancelled'),
  ];
  const month = t('admin.reports.col.month');
  const club = t('admin.reports.club');
  const tier = t('admin.reports.tier');
  return csv([
    header,
    ...report.months.map((m) => [month, m.month, ...attendanceCells(m)]),
    ...report.byClub.map((c) => [club, c.clubId === null ? t('admin.reports.programmeWide') : pickName(locale, c.nameZh, c.nameEn), ...attendanceCells(c)]),
    ...report.byTier.map((r) => [tier, r.code === null ? t('admin.reports.noTier') : pickName(locale, r.nameZh, r.nameEn), ...attendanceCells(r)]),
    [t('admin.reports.total'), '', ...attendanceCells(report.totals)],
  ]);
}

/** The heat map's table: a line per weekday (Monday first), a column per local hour, and the totals. */
export function loungeHeatCsv(report: LoungeHeatReport, { t }: Ctx): string {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
  const days = [1, 2, 3, 4, 5, 6, 7].map((d) => t(`admin.reports.weekday.${d}` as MessageKey));
  const columnTotals = hours.map((_, h) => report.cells.reduce((s, row) => s + row[h]!, 0));
  return csv([
    [t('admin.reports.col.weekday'), ...hours, t('admin.reports.total')],
    ...report.cells.map((row, d) => [days[d]!, ...row.map(String), String(row.reduce((a, b) => a + b, 0))]),
    [t('admin.reports.total'), ...columnTotals.map(String), String(columnTotals.reduce((a, b) => a + b, 0))],
  ]);
}

const scoreCells = (s: Score | null): string[] => (s === null ? ['', ''] : [String(s.count), s.average ?? '']);

/** By month (events, lounges, all), then by club, event and lounge. */
export function satisfactionCsv(report: SatisfactionByPeriod, { t, locale }: Ctx): string {
  const header = [
    t('admin.reports.col.breakdown'),
    t('admin.reports.col.group'),
    t('admin.reports.satisfaction.col.eventRatings'),
    t('admin.reports.satisfaction.col.eventAverage'),
    t('admin.reports.satisfaction.col.loungeRatings'),
    t('admin.reports.satisfaction.col.loungeAverage'),
    t('admin.reports.col.ratings'),
    t('admin.reports.col.average'),
  ];
  const month = t('admin.reports.col.month');
  const lounges = (s: Score) => (report.loungesIncluded ? scoreCells(s) : ['', '']);
  return csv([
    header,
    ...report.months.map((m) => [month, m.month, ...scoreCells(m.events), ...lounges(m.lounges), ...scoreCells(m.all)]),
    ...report.byClub.map((c) => [t('admin.reports.club'), c.id === null ? t('admin.reports.programmeWide') : pickName(locale, c.nameZh, c.nameEn), ...scoreCells(c), '', '', ...scoreCells(c)]),
    ...report.byEvent.map((e) => [t('admin.reports.col.event'), pickName(locale, e.nameZh, e.nameEn), ...scoreCells(e), '', '', ...scoreCells(e)]),
    ...report.byLounge.map((l) => [t('admin.reports.lounge'), pickName(locale, l.nameZh, l.nameEn), '', '', ...scoreCells(l), ...scoreCells(l)]),
    [t('admin.reports.total'), '', ...scoreCells(report.totals.events), ...lounges(report.totals.lounges), ...scoreCells(report.totals.all)],
  ]);
}
