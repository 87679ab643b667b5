import type { AttendanceLine, AttendanceReport } from '../../src/admin/reports';
import type { LoungeHeatReport } from '../../src/admin/report-lounges';
import type { SatisfactionByPeriod, Score } from '../../src/admin/report-satisfaction';
import type { Locale, MessageKey, Translate } from '../../src/lib/i18n';
import { numberOrNull, type CsvDates, type SheetColumn, type SheetTable, type SheetValue } from '../../src/lib/sheet';

/**
 * The reports' numbers as tables, for the CSV (UTF-8 with a byte-order mark, CRLF line ends, formulas neutralised) and
 * the .xlsx alike: headers in the admin's language, months written "2026-12" (sortable), counts as numbers, rates and
 * averages to one decimal exactly as the tables show them.
 */

interface Ctx {
  t: Translate;
  locale: Locale;
}

const pickName = (locale: Locale, zh: string | null, en: string | null) => (locale === 'zh' ? zh : en) ?? '';

// no date columns: months are labels of their rows
export const NO_DATES: CsvDates = { date: String, datetime: String };
const label = (header: string, width = 14): SheetColumn => ({ header, kind: 'text', width });
const count = (header: string): SheetColumn => ({ header, kind: 'number', width: 12 });
const decimal = (header: string): SheetColumn => ({ header, kind: 'number', width: 12, decimals: 1 });

function attendanceCells(l: AttendanceLine): SheetValue[] {
  return [l.events, l.parties, l.seats, l.checkedInParties, l.checkedInSeats, l.endedParties, l.noShows, numberOrNull(l.noShowRate), l.cancelled];
}

/** One table: a line per month, then per club, then per tier, then the total — the same numbers as the page. */
export function attendanceTable(report: AttendanceReport, { t, locale }: Ctx): SheetTable {
  const columns = [
    label(t('admin.reports.col.breakdown'), 10),
    label(t('admin.reports.col.group'), 24),
    count(t('admin.reports.col.events')),
    count(t('admin.reports.col.parties')),
    count(t('admin.reports.col.seats')),
    count(t('admin.reports.col.checkedInParties')),
    count(t('admin.reports.col.checkedInSeats')),
    count(t('admin.reports.col.endedParties')),
    count(t('admin.reports.col.noShows')),
    decimal(t('admin.reports.col.noShowRatePct')),
    count(t('admin.reports.col.cancelled')),
  ];
  const month = t('admin.reports.col.month');
  const club = t('admin.reports.club');
  const tier = t('admin.reports.tier');
  const rows: SheetValue[][] = [
    ...report.months.map((m) => [month, m.month, ...attendanceCells(m)]),
    ...report.byClub.map((c) => [club, c.clubId === null ? t('admin.reports.programmeWide') : pickName(locale, c.nameZh, c.nameEn), ...attendanceCells(c)]),
    ...report.byTier.map((r) => [tier, r.code === null ? t('admin.reports.noTier') : pickName(locale, r.nameZh, r.nameEn), ...attendanceCells(r)]),
    [t('admin.reports.total'), '', ...attendanceCells(report.totals)],
  ];
  return { name: t('admin.reports.tab.attendance'), columns, rows };
}

/** The heat map's table: a line per weekday (Monday first), a column per local hour, and the totals. */
export function loungeHeatTable(report: LoungeHeatReport, { t }: Ctx): SheetTable {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
  const days = [1, 2, 3, 4, 5, 6, 7].map((d) => t(`admin.reports.weekday.${d}` as MessageKey));
  const columnTotals = hours.map((_, h) => report.cells.reduce((s, row) => s + row[h]!, 0));
  return {
    name: t('admin.reports.tab.lounges'),
    columns: [label(t('admin.reports.col.weekday'), 10), ...hours.map((h) => ({ header: h, kind: 'number' as const, width: 6 })), count(t('admin.reports.total'))],
    rows: [
      ...report.cells.map((row, d) => [days[d]!, ...row, row.reduce((a, b) => a + b, 0)]),
      [t('admin.reports.total'), ...columnTotals, columnTotals.reduce((a, b) => a + b, 0)],
    ],
  };
}

const scoreCells = (s: Score | null): SheetValue[] => (s === null ? [null, null] : [s.count, numberOrNull(s.average)]);

/** By month (events, lounges, all), then by club, event and lounge. */
export function satisfactionTable(report: SatisfactionByPeriod, { t, locale }: Ctx): SheetTable {
  const columns = [
    label(t('admin.reports.col.breakdown'), 10),
    label(t('admin.reports.col.group'), 24),
    count(t('admin.reports.satisfaction.col.eventRatings')),
    decimal(t('admin.reports.satisfaction.col.eventAverage')),
    count(t('admin.reports.satisfaction.col.loungeRatings')),
    decimal(t('admin.reports.satisfaction.col.loungeAverage')),
    count(t('admin.reports.col.ratings')),
    decimal(t('admin.reports.col.average')),
  ];
  const month = t('admin.reports.col.month');
  const lounges = (s: Score) => (report.loungesIncluded ? scoreCells(s) : [null, null]);
  const rows: SheetValue[][] = [
    ...report.months.map((m) => [month, m.month, ...scoreCells(m.events), ...lounges(m.lounges), ...scoreCells(m.all)]),
    ...report.byClub.map((c) => [t('admin.reports.club'), c.id === null ? t('admin.reports.programmeWide') : pickName(locale, c.nameZh, c.nameEn), ...scoreCells(c), null, null, ...scoreCells(c)]),
    ...report.byEvent.map((e) => [t('admin.reports.col.event'), pickName(locale, e.nameZh, e.nameEn), ...scoreCells(e), null, null, ...scoreCells(e)]),
    ...report.byLounge.map((l) => [t('admin.reports.lounge'), pickName(locale, l.nameZh, l.nameEn), null, null, ...scoreCells(l), ...scoreCells(l)]),
    [t('admin.reports.total'), '', ...scoreCells(report.totals.events), ...lounges(report.totals.lounges), ...scoreCells(report.totals.all)],
  ];
  return { name: t('admin.reports.tab.satisfaction'), columns, rows };
}
